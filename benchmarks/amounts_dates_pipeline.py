"""Amounts and dates through the whole pipeline: `newsflow run` on the gold sentences' articles, rows read back.

Usage:
    uv run python benchmarks/amounts_dates_pipeline.py [--keep DIR]

``benchmarks/amounts_dates.py`` parses each gold sentence alone and hands the extractor its article's publish date
(PolNeAR: the date in the file name; BBC: none). A user runs `newsflow run` on the articles and reads `amounts` and
`dates`, where the publish date is what ingest and cleaning found, the sentence is parsed in its article and its
offsets are into the cleaned text. This runs the real flow once on the 820 sentences' article files (their names
kept, a BBC file prefixed with its category), finds each sentence in its stored text, takes the rows inside it and
scores them with the same scorer, per fold; a headline's rows (``in_title``) count for the sentence that is the
headline, the dateline's date (``in_dateline``) for the sentence that opens with the dateline. A sentence the stored
article holds in neither scores no hits.
``--errors`` lists the tuning fold's misses (held-out errors are never shown).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.amounts_dates import GOLD, Pred, Score, _locate, held_out, score_amounts, score_dates  # noqa: E402
from benchmarks.pipeline_io import add_keep, link_inbox, rows_by_source, warehouse_for  # noqa: E402
from tasks.lib.ingest.decoding import normalize_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
_LEAD = re.compile(r"\s(?:—|–|-|_)\s")  # where a dateline ends
DOCS = "select d.source_uri, d.text, d.title, d.dateline, d.published_at from documents d"
AMOUNTS = """select d.source_uri, a.start_char, a.end_char, a.kind, a.value, a.unit, a.low, a.high, a.text,
    a.in_title, false as in_dateline
from amounts a join documents d using (doc_id)"""
DATES = """select d.source_uri, t.start_char, t.end_char, t.value, t.end_value, t.text, t.in_title, t.in_dateline
from dates t join documents d using (doc_id)"""


def link_name(file: str) -> str:
    """The article's name in the inbox: its own (PolNeAR's carries the publish date), BBC's with its category."""
    parts = file.split("/")
    return f"{parts[1]}_{parts[2]}" if parts[0] == "bbc" else parts[-1]


def link_articles(inbox: Path, gold: list[dict]) -> None:
    """The gold rows' article files, linked into ``inbox`` under ``link_name``."""
    link_inbox(inbox, sorted({DATA / row["file"] for row in gold}), name=lambda f: link_name(f.relative_to(DATA).as_posix()))


@contextmanager
def gold_run(gold: list[dict], keep: Path | None) -> Iterator[tuple[Path, dict[str, dict]]]:
    """One `newsflow run` on the gold rows' articles (or the run kept in ``keep``): its warehouse and the stored
    documents by source path, while the run's directory exists."""
    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        link_articles(work / "inbox", gold)
        warehouse = warehouse_for(work / "inbox", work)
        yield warehouse, {k: v[0] for k, v in rows_by_source(warehouse, DOCS).items()}


def place(row: dict, docs: dict[str, dict]) -> tuple[str, dict | None, int | None]:
    """A gold row's stored article (source path, document row) and where its sentence starts in the stored text.
    A file that is a copy of another was set aside as a duplicate: its sentence is in the article loaded first."""
    key = str((DATA / row["file"]).resolve())
    if key not in docs:
        key = next((k for k, d in docs.items() if find_sentence(d["text"], row["sentence"]) is not None), key)
    doc = docs.get(key)
    return key, doc, find_sentence(doc["text"], row["sentence"]) if doc else None


def find_sentence(text: str, sentence: str) -> int | None:
    """Where the sentence starts in the stored text, or None. The stored text may differ from the file's: white
    space, mended mojibake (``PeÃ±a`` -> ``Peña``) and, in a first sentence, the dateline taken out (``DES MOINES,
    Iowa — One ...``): the rest of such a sentence is found, and the start given as if the dateline were there."""
    sentence = normalize_text(sentence)
    for cut in [0, *(m.end() for m in _LEAD.finditer(sentence[:80]))]:
        m = re.search(r"\s+".join(re.escape(w) for w in sentence[cut:].split()), text)
        if m:
            return m.start() - cut
    return None


def inside(rows: list[dict], start: int, end: int, make) -> list[Pred]:
    """The text's rows within [start, end), as predictions on the sentence's offsets."""
    return [make(r, r["start_char"] - start, r["end_char"] - start) for r in rows
            if not r["in_title"] and not r["in_dateline"] and start <= r["start_char"] and r["end_char"] <= end]


def in_head(rows: list[dict], doc: dict | None, sentence: str, make) -> list[Pred]:
    """The rows of the headline and the dateline (offsets into ``documents.title`` and ``.dateline``) that the
    sentence holds, on the sentence's offsets: all the headline's when the sentence is the headline, the dateline's
    date when the sentence opens with the dateline (``WASHINGTON, June 10 (UPI) — ...``)."""
    if doc is None:
        return []
    words = " ".join(normalize_text(sentence).split())
    is_title = words == " ".join((doc["title"] or "").split())
    lead = _LEAD.search(sentence[:80])
    opens = lead and doc["dateline"] and words.upper().startswith(doc["dateline"].split(",")[0].upper())
    out = []
    for r in rows:
        if (r["in_title"] and is_title) or (r["in_dateline"] and opens):
            at = sentence.find(r["text"], 0, None if r["in_title"] else lead.start())
            if at >= 0:
                out.append(make(r, at, at + len(r["text"])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_keep(parser)
    parser.add_argument("--errors", action="store_true", help="list the tuning fold's misses")
    args = parser.parse_args()
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    with gold_run(gold, args.keep) as (warehouse, docs):
        amounts, dates = rows_by_source(warehouse, AMOUNTS), rows_by_source(warehouse, DATES)
    folds = {"tuning": (Score(), Score()), "held-out": (Score(), Score())}
    found = dated = 0
    placed: set[str] = set()
    for row in gold:
        _locate(row["sentence"], row["amounts"])
        _locate(row["sentence"], row["dates"])
        key, doc, start = place(row, docs)
        found += start is not None
        if start is not None:
            placed.add(row["id"])
        dated += bool(doc and doc["published_at"])
        end = (start or 0) + len(row["sentence"])
        am, dt = folds["held-out" if held_out(row["file"]) else "tuning"]
        for rows, make, score, scored in (
            (amounts.get(key, []), lambda r, s, e: Pred(s, e, r["kind"], r["value"], r["unit"], r["low"], r["high"]),
             score_amounts, am),
            (dates.get(key, []), lambda r, s, e: Pred(s, e, value=r["value"], end_value=r["end_value"]),
             score_dates, dt)):
            body = [] if start is None else inside(rows, start, end, make)
            score(row, body + in_head(rows, doc, row["sentence"], make), scored)
    print(f"{len(gold)} sentences: {found} found in their stored article, {dated} in an article with a publish date")
    for name, (am, dt) in folds.items():
        ap_, ar, af = am.prf()
        dp, dr, df = dt.prf()
        money = am.money_tp / am.money_gold if am.money_gold else 0.0
        print(f"{name:9} amounts P {ap_:.3f} R {ar:.3f} F1 {af:.3f} (gold {am.gold})  money R {money:.3f}  "
              f"dates P {dp:.3f} R {dr:.3f} F1 {df:.3f} (gold {dt.gold})")
    if args.errors:
        missing = [row["id"] for row in gold if not held_out(row["file"]) and row["id"] not in placed]
        print("tuning sentences not found:", " ".join(missing))
        for line in folds["tuning"][0].errors + folds["tuning"][1].errors:
            print(line)


if __name__ == "__main__":
    main()
