"""Same-story clustering and entity resolution on the BBC corpus (2,225 articles, 5 categories).

Usage:
    uv run python benchmarks/stories_bbc.py [--data ../shared/data/bbc] [--chunk 300] [--no-entities]
        [--show 15] [--extract-limit N]

Prints the number of multi-article clusters, their sizes and category purity (share of clusters whose
articles all share one BBC category), for the whole corpus as one batch and again fed incrementally in
chunks, plus a sample of clusters (titles) to read. Entity overlap uses the real per-article extraction
(``tasks.lib.entities.extract_entities``), cached in benchmarks/out/ because parsing takes minutes on two
cores; ``--no-entities`` clusters on text alone. BBC gives no publication dates, so time proximity is not
exercised here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.lib import stories  # noqa: E402
from tasks.lib.records import LocalEntity  # noqa: E402
from tasks.lib.resolve import ArticleEntities, Resolver  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def load_bbc(data: Path) -> list[tuple[str, str, str]]:
    """(doc_id, category, text) for every article, in a fixed order."""
    rows = []
    for path in sorted(data.glob("*/*.txt")):
        text = path.read_bytes().decode("latin-1")
        rows.append((f"{path.parent.name}/{path.stem}", path.parent.name, text))
    return rows


def cached_entities(rows: list[tuple[str, str, str]], limit: int | None) -> dict[str, list[LocalEntity]]:
    """Per-article local entities from the real extractor, cached as JSON under benchmarks/out/."""
    cache = OUT / "bbc_entities.json"
    data: dict[str, list[dict]] = json.loads(cache.read_text()) if cache.exists() else {}
    todo = [r for r in rows if r[0] not in data][: limit if limit is not None else None]
    if todo:
        from tasks.lib.entities import extract_entities
        from tasks.lib.nlp import load_pipeline

        nlp = load_pipeline()
        t0 = time.perf_counter()
        for (doc_id, _, _), doc in zip(todo, nlp.pipe((r[2] for r in todo), batch_size=32)):
            ents, _ = extract_entities(doc)
            data[doc_id] = [e.__dict__ for e in ents]
        print(f"extracted entities of {len(todo)} articles in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        OUT.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data))
    return {k: [LocalEntity(**e) for e in v] for k, v in data.items()}


def report(name: str, assignment: dict[str, str], category: dict[str, str], titles: dict[str, str],
           show: int, seed: int = 0) -> None:
    clusters: dict[str, list[str]] = {}
    for doc_id, story in assignment.items():
        clusters.setdefault(story, []).append(doc_id)
    multi = [sorted(m) for m in clusters.values() if len(m) > 1]
    pure = sum(1 for m in multi if len({category[d] for d in m}) == 1)
    sizes = Counter(len(m) for m in multi)
    in_multi = sum(len(m) for m in multi)
    print(f"\n== {name}")
    print(f"stories: {len(clusters)}   multi-article clusters: {len(multi)}   articles in them: {in_multi}")
    print(f"cluster sizes: {dict(sorted(sizes.items()))}")
    print(f"category purity: {pure}/{len(multi)} = {pure / max(1, len(multi)):.3f}")
    for m in sorted(multi, key=len, reverse=True)[:2] if show else []:
        print(f"  -- largest ({len(m)}): " + " | ".join(titles[d][:40] for d in m[:10]))
    rng = random.Random(seed)
    for m in rng.sample(multi, min(show, len(multi))):
        print("  --")
        for d in m[:6]:
            print(f"   {d:22} {titles[d][:70]}")
        if len(m) > 6:
            print(f"   ... {len(m) - 6} more")


def _same_pairs(assignment: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for doc_id, story in assignment.items():
        groups.setdefault(story, []).append(doc_id)
    return {(a, b) for m in groups.values() for a in m for b in m if a < b}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "bbc")
    ap.add_argument("--chunk", type=int, default=300)
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--no-entities", action="store_true")
    ap.add_argument("--extract-limit", type=int, default=None, help="parse at most N uncached articles")
    args = ap.parse_args()

    rows = load_bbc(args.data)
    category = {d: c for d, c, _ in rows}
    titles = {d: t.strip().splitlines()[0] for d, _, t in rows}

    entity_ids: dict[str, list[str]] = {}
    if not args.no_entities:
        local = cached_entities(rows, args.extract_limit)
        t0 = time.perf_counter()
        batch = [ArticleEntities(d, local[d]) for d, _, _ in rows if d in local]
        res = Resolver().resolve(batch)
        for a in batch:
            entity_ids[a.doc_id] = list(dict.fromkeys(res.ids[(a.doc_id, e.key)] for e in a.entities))
        n_local = sum(len(a.entities) for a in batch)
        print(f"resolved {n_local} local entities of {len(batch)} articles into {len(res.profiles)} entities "
              f"in {time.perf_counter() - t0:.2f}s")
        multi = sorted((p for p in res.profiles if p.label == "PERSON" and p.doc_count > 1),
                       key=lambda p: -p.doc_count)
        for p in multi[:12]:
            print(f"   {p.doc_count:4} docs  {p.canonical_name!r:28} aliases={p.aliases[:6]}")

    t0 = time.perf_counter()
    docs = [stories.features(d, t, entity_ids.get(d, [])) for d, _, t in rows]
    t_feat = time.perf_counter() - t0
    t0 = time.perf_counter()
    whole = stories.assign(docs, [])
    t_assign = time.perf_counter() - t0
    print(f"features: {len(docs) / t_feat:.0f} docs/s   assign (one batch): {len(docs) / t_assign:.0f} docs/s")
    report("one batch", whole, category, titles, args.show)

    # Incremental: shuffled chunks, each assigned against everything assigned before.
    order = list(range(len(docs)))
    random.Random(1).shuffle(order)
    existing: list[stories.StoryDoc] = []
    incremental: dict[str, str] = {}
    t0 = time.perf_counter()
    for start in range(0, len(order), args.chunk):
        chunk = [docs[i] for i in order[start:start + args.chunk]]
        got = stories.assign(chunk, existing)
        for doc in chunk:
            doc.story_id = got[doc.doc_id]
        existing.extend(chunk)
        incremental.update(got)
    t_inc = time.perf_counter() - t0
    print(f"\nincremental in chunks of {args.chunk}: {len(docs) / t_inc:.0f} docs/s")
    report(f"incremental, shuffled chunks of {args.chunk}", incremental, category, titles, 0)
    pw, pi = _same_pairs(whole), _same_pairs(incremental)
    print(f"pairs clustered together: batch {len(pw)}, incremental {len(pi)}, both {len(pw & pi)}")
    for doc in docs:
        doc.story_id = None


if __name__ == "__main__":
    main()
