"""Same-story clustering scored with BCubed on ECB+ (topics 1-25), with a held-out half, and checked on BBC.

Usage:
    uv run python benchmarks/stories.py [--ecb ../shared/data/ecbplus-dev] [--bbc ../shared/data/bbc]
        [--no-bbc] [--orders 3]

ECB+ holds 46 stories (one event reported by several outlets), two look-alike events per topic. The topics are
split once by a hash of the topic number (:func:`held_out`): tune on the other half only, never look at the
held-out half's errors. Prints, for each half clustered on its own, BCubed precision/recall/F1 (per document,
averaged) and the number of stories made vs gold, and its F1 fed in 5 shuffled batches minus its F1 as one
batch (several orders); the same for the whole set (shuffled across batches, or in file order shuffled
within); and on BBC (categories, not stories: a precision check only) the number of multi-article stories
whose articles span more than one category, and how many of those are one story
told by two desks by a judgement made by hand (``benchmarks/data/bbc_cross_desk.txt``).

Documents go through what the pipeline does: its cleaning (``tasks.lib.clean``), the real extraction
(``tasks.lib.extract.analyze``) and entity resolution (``tasks.lib.memory.resolve``), then
``tasks.lib.memory.stories``. Parsing is slow on two cores, so each document's analysis (entities, roles, dates) is
cached under benchmarks/out/, keyed by a hash of the extraction code, lexicons and weights (``tasks/lib/``), and a
rerun with the same extraction only re-clusters.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.lib.memory import stories  # noqa: E402
from tasks.lib.memory.resolve import ArticleEntities, Resolver  # noqa: E402
from tasks.lib.records import DateMention, LocalEntity, Role  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DATA = ROOT.parent / "shared" / "data"
CROSS_DESK = ROOT / "benchmarks" / "data" / "bbc_cross_desk.txt"  # BBC stories judged to span two categories


@dataclasses.dataclass
class Article:
    doc_id: str
    gold: str  # ECB+ story, or BBC category
    title: str
    body: str


def held_out(topic: int) -> bool:
    """True for the ECB+ topics held out from tuning (about half; fixed once, never to be changed)."""
    return int(hashlib.sha1(f"topic-{topic}".encode()).hexdigest(), 16) % 2 == 0


def topic_of(doc_id: str) -> int:
    """ECB+ topic number of a document id such as ``10_1ecbplus``."""
    return int(doc_id.split("_", 1)[0])


def load_ecb(path: Path) -> list[Article]:
    rows = [json.loads(line) for line in (path / "stories.jsonl").read_text().splitlines() if line.strip()]
    return [cleaned(Article(r["id"], r["story"], (r.get("title") or "").strip(), (r.get("text") or "").strip()))
            for r in rows]


def load_bbc(path: Path) -> list[Article]:
    arts = []
    for p in sorted(path.glob("*/*.txt")):
        title, _, body = p.read_bytes().decode("latin-1").strip().partition("\n")
        arts.append(cleaned(Article(f"{p.parent.name}/{p.stem}", p.parent.name, title.strip(), body.strip())))
    return arts


def cleaned(a: Article) -> Article:
    """The article as the pipeline's clean step leaves it (datelines, bylines and boilerplate out; a headline-only
    record's text is its headline), so that tuning here sees what `newsflow run` clusters; as read if nothing is
    left."""
    from tasks.lib.clean.article import CleanError, clean_article
    from tasks.lib.ingest.raw import RawArticle

    try:
        art = clean_article(RawArticle(a.doc_id, "", a.body, "txt", title=a.title or None))
    except CleanError:
        return a
    return dataclasses.replace(a, title=art.title or a.title, body=art.text)


def bcubed(assignment: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 over the documents of ``assignment`` (per document, averaged)."""
    made, real = defaultdict(set), defaultdict(set)
    for d, s in assignment.items():
        made[s].add(d)
        real[gold[d]].add(d)
    p = r = 0.0
    for d, s in assignment.items():
        both = len(made[s] & real[gold[d]])
        p += both / len(made[s])
        r += both / len(real[gold[d]])
    n = max(1, len(assignment))
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# ------------------------------------------------------------------ analysis cache (parse once)

def _extraction_key() -> str:
    """A short hash of everything the analyses come from (tasks/lib code, lexicons, the ner weights), except the
    story clustering itself (``memory/story_*.py``: it reads the analyses, so tuning it never parses again)."""
    digest = hashlib.sha1()
    for path in sorted(p for p in (ROOT / "tasks" / "lib").rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and not (p.parent.name == "memory" and p.name.startswith("story_"))):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def analyses(name: str, arts: list[Article]) -> dict[str, dict]:
    """Per document: the extraction's entities, roles and dates, as JSON; parsed once per version of the
    extraction code and cached (a change to the extractors, lexicons or weights parses again)."""
    cache = OUT / f"stories_{name}_cleaned_analysis_{_extraction_key()}.json"
    data: dict[str, dict] = json.loads(cache.read_text()) if cache.exists() else {}
    todo = [a for a in arts if a.doc_id not in data]
    if todo:
        from tasks.lib.extract.analyze import analyze_texts
        from tasks.lib.nlp.pipeline import load_pipeline

        t0 = time.perf_counter()
        nlp = load_pipeline()
        for a, an in zip(todo, analyze_texts(nlp, [a.body or a.title for a in todo], n_process=0)):
            data[a.doc_id] = {"entities": [dataclasses.asdict(e) for e in an.entities],
                              "roles": [dataclasses.asdict(r) for r in an.roles],
                              "dates": [{**dataclasses.asdict(d), "value": d.value and d.value.isoformat(),
                                         "end_value": d.end_value and d.end_value.isoformat()}
                                        for d in an.dates]}
        print(f"parsed {len(todo)} {name} documents in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        OUT.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data))
    return data


def entity_ids(arts: list[Article], data: dict[str, dict]) -> dict[str, list[str]]:
    """Resolved entity ids of each document, resolving all of them as one batch (as one pipeline run would)."""
    batch = [ArticleEntities(a.doc_id, [LocalEntity(**e) for e in data[a.doc_id]["entities"]],
                             [Role(**r) for r in data[a.doc_id]["roles"]]) for a in arts]
    res = Resolver().resolve(batch)
    return {b.doc_id: list(dict.fromkeys(res.ids[(b.doc_id, e.key)] for e in b.entities)) for b in batch}


def date_mentions(data: dict) -> list[DateMention]:
    from datetime import date

    return [DateMention(**{**d, **{k: date.fromisoformat(d[k]) for k in ("value", "end_value") if d.get(k)}})
            for d in data["dates"]]


# ------------------------------------------------------------------ clustering and scoring

def story_docs(arts: list[Article], data: dict[str, dict] | None) -> list[stories.StoryDoc]:
    """Clustering features of each document, from its headline and body, entities and dates (no publication
    date: neither corpus has one); on text alone when ``data`` is None."""
    ids = entity_ids(arts, data) if data is not None else {}
    return [stories.features(a.doc_id, f"{a.title}\n\n{a.body}" if a.title else a.body, ids.get(a.doc_id, ()),
                             event_dates=date_mentions(data[a.doc_id]) if data is not None else ())
            for a in arts]


def cluster(docs: list[stories.StoryDoc], batches: int = 1, seed: int | None = None,
            params: stories.StoryParams | None = None, across: bool = True) -> dict[str, str]:
    """Place ``docs`` in ``batches`` batches. With a ``seed`` the documents are shuffled: all of them first
    (``across``: a story's articles then arrive in several batches), or only within each batch of the file
    order (ECB+ is sorted by topic, so each batch then holds whole stories)."""
    docs = [dataclasses.replace(d, story_id=None) for d in docs]
    if seed is not None and across:
        random.Random(seed).shuffle(docs)
    store, got = stories.StoryStore(), {}
    size = -(-len(docs) // batches)
    for lo in range(0, len(docs), size):
        batch = docs[lo:lo + size]
        if seed is not None and not across:
            random.Random(seed + lo).shuffle(batch)
        got.update(store.place(batch, params=params))
    return got


def score_line(name: str, got: dict[str, str], gold: dict[str, str]) -> str:
    p, r, f = bcubed(got, gold)
    made, real = len(set(got.values())), len({gold[d] for d in got})
    return f"{name:34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  stories {made:3} / {real}"


def ecb_report(arts: list[Article], docs: list[stories.StoryDoc], orders: int,
               params: stories.StoryParams | None = None) -> None:
    gold = {a.doc_id: a.gold for a in arts}
    print(f"ECB+: {len(arts)} documents, {len(set(gold.values()))} stories; "
          f"{sum(a.body == a.title for a in arts)} have a headline and no body (clustered on the headline, as "
          f"the pipeline does)")
    for name, keep in (("tuning half", False), ("held-out half", True)):
        half = [d for d in docs if held_out(topic_of(d.doc_id)) == keep]
        t0 = time.perf_counter()
        got = cluster(half, params=params)
        rate = len(half) / (time.perf_counter() - t0)
        print(score_line(f"{name} ({len(half)} docs, 1 batch)", got, gold) + f"   {rate:.0f} docs/s")
        print("  " + shuffled_line(half, gold, bcubed(got, gold)[2], orders, params))
    whole = cluster(docs, params=params)
    f_one = bcubed(whole, gold)[2]
    print(score_line("all, 1 batch", whole, gold))
    for across in (True, False):
        print(shuffled_line(docs, gold, f_one, orders, params, across))


def shuffled_line(docs: list[stories.StoryDoc], gold: dict[str, str], f_one: float, orders: int,
                  params: stories.StoryParams | None, across: bool = True) -> str:
    """F1 of ``docs`` fed in 5 batches minus ``f_one`` (their F1 as one batch), over ``orders`` seeds."""
    diffs = [bcubed(cluster(docs, batches=5, seed=seed, params=params, across=across), gold)[2] - f_one
             for seed in range(orders)]
    how = "all shuffled, then cut" if across else "file order, shuffled within"
    return (f"5 batches ({how}) minus 1 batch, F1 over {orders} orders: mean {sum(diffs) / len(diffs):+.3f}, "
            f"worst {min(diffs):+.3f} ({', '.join(f'{d:+.3f}' for d in diffs)})")


def bbc_report(arts: list[Article], docs: list[stories.StoryDoc], params: stories.StoryParams | None = None) -> None:
    got = cluster(docs, params=params)
    category = {a.doc_id: a.gold for a in arts}
    groups = defaultdict(list)
    for d, s in got.items():
        groups[s].append(d)
    multi = [m for m in groups.values() if len(m) > 1]
    mixed = [m for m in multi if len({category[d] for d in m}) > 1]
    sizes = Counter(len(m) for m in multi)
    judged = cross_desk_stories(CROSS_DESK)
    one_story = [m for m in mixed if _told_by_two_desks(m, category, judged)]
    print(f"BBC: {len(arts)} articles -> {len(groups)} stories, {len(multi)} with several articles "
          f"(sizes {dict(sorted(sizes.items()))}); stories that mix categories: {len(mixed)} "
          f"({len(one_story)} one story told by two desks, {len(mixed) - len(one_story)} two events joined)")


def cross_desk_stories(path: Path) -> list[set[str]]:
    """The BBC stories judged by hand to span two categories (``benchmarks/data/bbc_cross_desk.txt``)."""
    lines = (line.partition("#")[0].split() for line in path.read_text(encoding="utf-8").splitlines())
    return [set(ids) for ids in lines if ids]


def _told_by_two_desks(members: list[str], category: dict[str, str], judged: list[set[str]]) -> bool:
    """A mixed story whose articles outside its largest category all belong to one judged story, with an
    article of that category."""
    main = Counter(category[d] for d in members).most_common(1)[0][0]
    others = {d for d in members if category[d] != main}
    return any(others <= story and any(category[d] == main for d in story & set(members)) for story in judged)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ecb", type=Path, default=DATA / "ecbplus-dev")
    ap.add_argument("--bbc", type=Path, default=DATA / "bbc")
    ap.add_argument("--no-bbc", action="store_true")
    ap.add_argument("--bbc-text-only", action="store_true", help="BBC without parsing (no entities, no dates)")
    ap.add_argument("--orders", type=int, default=8, help="orders within the 5 batches to try")
    args = ap.parse_args()

    arts = load_ecb(args.ecb)
    t0 = time.perf_counter()
    docs = story_docs(arts, analyses("ecbplus", arts))
    print(f"features of {len(docs)} documents (resolution included): {time.perf_counter() - t0:.1f}s")
    ecb_report(arts, docs, args.orders)
    if not args.no_bbc:
        bbc = load_bbc(args.bbc)
        bbc_report(bbc, story_docs(bbc, None if args.bbc_text_only else analyses("bbc", bbc)))


if __name__ == "__main__":
    main()
