"""Quote attribution through the whole pipeline: `newsflow run` on PolNeAR texts, the `quotes` table read back.

Usage:
    uv run python benchmarks/quotes_pipeline.py [--dev ../shared/data/polnear-dev]
        [--train ../shared/data/polnear-train] [--folds dev held-out] [--keep DIR]

``benchmarks/quotes_polnear.py`` calls the extractor on each file's raw text; a user (and anyone judging the
product) runs `newsflow run` and reads the warehouse. Between the two stand the ingest and the cleaning (paragraph
breaks and spaces normalised, boilerplate and embedded posts taken out), so the texts parsed differ. This runs the
real flow on the folds' text files (one run, a temporary warehouse and Prefect home), reads `quotes` with SQL,
maps each piece's offsets from the stored text back to the file's text, and scores them with the same scorer
(``evaluation.polnear``: pieces merged by ``statement_id``, character IoU >= 0.5). Verb-cued attributions are not
scored here (the scorer reads their cues from a parse of the raw text). Prints P/R/F1 and speaker accuracy per fold.
The held-out fold is scored as a whole; its errors are never listed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline_io import OffsetMap, add_keep, link_inbox, rows_by_source, warehouse_for  # noqa: E402
from benchmarks.quotes_polnear import folds  # noqa: E402
from evaluation import polnear as ev  # noqa: E402

SQL = """
select d.source_uri, d.text as doc_text, q.statement_id, q.kind, q.start_char, q.end_char,
       q.speaker_start, q.speaker_end, e.canonical_name
from quotes q join documents d using (doc_id) left join entities e on e.entity_id = q.speaker_entity_id
order by d.source_uri, q.start_char
"""


def predicted(rows: list[dict], raw: str) -> list[ev.PredQuote]:
    """One document's stored pieces as the scorer's statements, on the raw text's offsets."""
    to_raw = OffsetMap(raw, rows[0]["doc_text"])
    clean = rows[0]["doc_text"]
    out = []
    for sid in dict.fromkeys(r["statement_id"] for r in rows):
        pieces = [r for r in rows if r["statement_id"] == sid]
        if not any(p["kind"] in ("direct", "mixed") or any(
                m in clean[max(0, p["start_char"] - 1):p["end_char"] + 1] for m in ev.QUOTE_MARKS) for p in pieces):
            continue
        first = pieces[0]
        speaker = (frozenset(range(to_raw(first["speaker_start"]), to_raw(first["speaker_end"])))
                   if first["speaker_start"] is not None else frozenset())
        chars = frozenset(c for p in pieces for c in range(to_raw(p["start_char"]), to_raw(p["end_char"])))
        out.append(ev.PredQuote(chars, speaker, first["canonical_name"], pieces))
    return out


def score(pairs: list[tuple[Path, Path]], by_source: dict[str, list[dict]]) -> dict:
    totals = dict.fromkeys(("gold", "predicted", "matched", "speaker_total", "speaker_correct"), 0)
    for txt, ann in pairs:
        rows = by_source.get(str(txt.resolve()), [])
        pred = predicted(rows, txt.read_text(encoding="utf-8")) if rows else []
        counts = ev.score_document(ev.gold_quotes(ann), pred)
        for k in totals:
            totals[k] += counts[k]
    p, r, f1 = ev._prf(totals["matched"], totals["predicted"], totals["gold"])
    acc = totals["speaker_correct"] / totals["speaker_total"] if totals["speaker_total"] else 0.0
    return {"documents": len(pairs), **totals, "precision": p, "recall": r, "f1": f1, "speaker_accuracy": acc}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-dev")
    parser.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-train")
    parser.add_argument("--folds", nargs="+", default=["dev", "held-out"], choices=["dev", "tune", "held-out"])
    add_keep(parser)
    args = parser.parse_args()
    chosen = {k: v for k, v in folds(args.dev, args.train).items() if k in args.folds}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        inbox = work / "inbox"
        for label, pairs in chosen.items():
            link_inbox(inbox / label, (txt for txt, _ in pairs))
        warehouse = warehouse_for(inbox, work)
        by_source = rows_by_source(warehouse, SQL)
    print("| fold (through `newsflow run`) | docs | quotes P | quotes R | quotes F1 | speaker acc. |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, pairs in chosen.items():
        r = score(pairs, by_source)
        print(f"| {label} | {r['documents']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
              f"{r['speaker_accuracy']:.3f} |")


if __name__ == "__main__":
    main()
