"""Entities through the whole pipeline: `newsflow run` on CoNLL-2003 documents, the `mentions` table read back.

Usage:
    uv run python benchmarks/entities_pipeline.py [../shared/data/conll2003-dev/eng.testa] [--keep DIR]

``newsflow evaluate conll`` parses each document's rebuilt text directly; a user (and anyone judging the product)
runs `newsflow run` and reads the warehouse, where the cleaning has taken the dateline place into
``documents.dateline`` (its mention flagged ``in_dateline``; CoNLL's headlines end like a sentence, `` .``, and stay
in the text). This writes each document
as a text file (as ``evaluation.conll`` rebuilds it), runs the real flow once into a temporary warehouse, reads the
mentions with SQL, maps their offsets back to the file's text and scores exact PER/ORG/LOC spans with the same
scorer, per fixed half (``evaluation.conll.fold_of``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline_io import OffsetMap, add_keep, rows_by_source, warehouse_for  # noqa: E402
from evaluation import conll  # noqa: E402

SQL = """
select d.source_uri, d.text as doc_text, m.text, m.label, m.start_char, m.end_char, m.in_dateline
from mentions m join documents d using (doc_id)
order by d.source_uri, m.in_dateline, m.start_char
"""


def _dateline_spans(raw: str, rows: list[dict]) -> list[tuple[int, int, str]]:
    """The dateline mentions' spans in the raw text: each surface found in turn on the line the dateline opens
    (its spacing may have been normalised in ``documents.dateline``)."""
    if not rows:
        return []
    first = re.search(r"(?m)^\s*" + re.escape(rows[0]["text"]), raw)
    if not first:
        return []
    cursor, line_end, out = first.start(), raw.find("\n", first.start()), []
    for r in rows:
        at = raw.find(r["text"], cursor, line_end if line_end >= 0 else len(raw))
        if at >= 0:
            out.append((at, at + len(r["text"]), r["label"]))
            cursor = at + len(r["text"])
    return out


def predicted(rows: list[dict], raw: str) -> set[tuple[int, int, str]]:
    """One document's stored mentions as exact (start, end, label) spans on the raw text, folded to PER/ORG/LOC."""
    to_raw = OffsetMap(raw, rows[0]["doc_text"] or "")
    spans = _dateline_spans(raw, [r for r in rows if r["in_dateline"]])
    for r in rows:
        if not r["in_dateline"]:
            spans.append((to_raw(r["start_char"]), to_raw(r["end_char"] - 1) + 1, r["label"]))
    return conll.scored_spans(spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conll", type=Path, nargs="?",
                        default=ROOT.parent / "shared" / "data" / "conll2003-dev" / "eng.testa")
    add_keep(parser)
    args = parser.parse_args()
    docs = list(conll.read_conll(args.conll))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        inbox = work / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        files = [inbox / f"conll_{i:03d}.txt" for i in range(len(docs))]
        for f, d in zip(files, docs):
            if not f.exists():
                f.write_text(d.text + "\n", encoding="utf-8")
        warehouse = warehouse_for(inbox, work)
        by_source = rows_by_source(warehouse, SQL)
        pred = []
        for f, d in zip(files, docs):
            rows = by_source.get(str(f.resolve()), [])
            pred.append(predicted(rows, f.read_text(encoding="utf-8")) if rows else set())
    loaded = sum(str(f.resolve()) in by_source for f in files)
    print(f"{len(docs)} documents, {loaded} with mentions in the warehouse")
    print("| half (through `newsflow run`) | label | P | R | F1 |")
    print("|---|---|---:|---:|---:|")
    for fold in conll.FOLDS:
        pairs = [(d.gold, p) for d, p in zip(docs, pred) if conll.fold_of(d) == fold]
        scores = conll.score([g for g, _ in pairs], [p for _, p in pairs])
        for label in (*conll.EVAL_LABELS, "ALL"):
            s = scores[label]
            print(f"| {fold} | {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")


if __name__ == "__main__":
    main()
