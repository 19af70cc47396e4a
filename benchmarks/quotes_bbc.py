"""Quotes on BBC News articles: a second domain beside PolNeAR's US political news, with gold written by hand.

Usage:
    uv run python benchmarks/quotes_bbc.py [--show] [--pipeline]

``benchmarks/data/quotes_bbc_gold.jsonl`` holds, for 14 BBC articles drawn at random (articles of under 2,600
characters with at least two quotations), every statement whose content holds a quotation mark: its pieces
(the quoted words, without the marks, as written in the file) and its speaker's name. A speaker's remarks joined
by an attribution (``"A," said X. "B."``) or running on within a paragraph (BBC files open each quoted paragraph
without closing the one before) are one statement; a new paragraph or a new cue (``X added``) starts another. The
gold was written from the articles before the extractor's output on them was read. Two folds: ``tuning``, 8
articles (seed 3301, 26 statements) whose errors were read, and ``held-out``, 6 more (seed 3302, 14 statements),
drawn and written after the one rule taken from the first, and never read for errors.

Each article is cleaned as the pipeline cleans it and analysed by newsflow's extraction; statements are scored
with PolNeAR's scorer (``evaluation.polnear``: character IoU >= 0.5, a speaker right when its resolved name shares
a capitalised word with the gold's). The sets are small: they check that the PolNeAR figures carry over to
British news, and each error moves F1 by 0.04-0.07. With ``--pipeline`` the 14 files go through `newsflow run` (one
run, a temporary warehouse and Prefect home) and the `quotes` table is scored against the stored text instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stories import Article, cleaned  # noqa: E402
from evaluation import polnear as ev  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "quotes_bbc_gold.jsonl"
DATA = ROOT.parent / "shared" / "data"


def gold_quotes(text: str, statements: list[dict]) -> list[ev.GoldQuote]:
    """The gold statements as character sets of ``text`` (each piece found after the one before)."""
    out = []
    for st in statements:
        chars: set[int] = set()
        pos = 0
        for piece in st["pieces"]:
            start = text.find(piece, pos)
            if start < 0:
                raise ValueError(f"gold piece not in the cleaned text: {piece[:60]!r}")
            chars.update(range(start, start + len(piece)))
            pos = start + len(piece)
        out.append(ev.GoldQuote(frozenset(chars), frozenset(), st["speaker"]))
    return out


def direct() -> Callable[[Path], tuple[str, list[ev.PredQuote]]]:
    """Each file's text as the pipeline cleans it and the extractor's statements on it, called directly."""
    from tasks.lib.extract.analyze import analyze_doc
    from tasks.lib.nlp import paragraphs
    from tasks.lib.nlp.pipeline import load_pipeline

    nlp = load_pipeline()

    def statements(path: Path) -> tuple[str, list[ev.PredQuote]]:
        title, _, body = path.read_bytes().decode("latin-1").strip().partition("\n")
        text = cleaned(Article(str(path), "", title.strip(), body.strip())).body
        return text, ev.predicted_quotes(text, analyze_doc(next(paragraphs.parse(nlp, [text]))))

    return statements


def through_pipeline(paths: list[Path], work: Path) -> Callable[[Path], tuple[str, list[ev.PredQuote]]]:
    """Each file's stored text and its `quotes` rows as statements, after one `newsflow run` over all of them."""
    from benchmarks.pipeline_io import link_inbox, rows_by_source, run_pipeline
    from benchmarks.quotes_pipeline import SQL, predicted

    link_inbox(work / "inbox", paths, name=lambda f: f"{f.parent.name}_{f.name}")
    warehouse = run_pipeline(work / "inbox", work)
    by_source = rows_by_source(warehouse, SQL)
    stored = rows_by_source(warehouse, "select d.source_uri, d.text from documents d")

    def statements(path: Path) -> tuple[str, list[ev.PredQuote]]:
        text = stored[str(path.resolve())][0]["text"]  # a file that did not load is an error here
        rows = by_source.get(str(path.resolve()), [])
        return text, predicted(rows, text) if rows else []

    return statements


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print each unmatched statement")
    ap.add_argument("--pipeline", action="store_true", help="score the `quotes` table of a `newsflow run`")
    args = ap.parse_args()
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    keys = ("gold", "predicted", "matched", "speaker_total", "speaker_correct")
    folds = {"tuning": dict.fromkeys(keys, 0), "held-out": dict.fromkeys(keys, 0)}
    with tempfile.TemporaryDirectory() as tmp:
        statements = (through_pipeline([DATA / r["file"] for r in rows], Path(tmp)) if args.pipeline else direct())
        for row in rows:
            totals = folds[row["fold"]]
            text, pred = statements(DATA / row["file"])
            scores = ev.score_document(gold_quotes(text, row["statements"]), pred)
            for key in keys:
                totals[key] += scores[key]
            if args.show and row["fold"] == "tuning":  # held-out errors are never shown
                for start in scores["unmatched_gold"]:
                    print(f"{row['file']} missed: {text[start:start + 90]!r}")
                for start in scores["unmatched_pred"]:
                    print(f"{row['file']} extra:  {text[start:start + 90]!r}")
    how = "through `newsflow run`" if args.pipeline else "called directly"
    for name, t in folds.items():
        p = t["matched"] / t["predicted"] if t["predicted"] else 0.0
        r = t["matched"] / t["gold"] if t["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = t["speaker_correct"] / t["speaker_total"] if t["speaker_total"] else 0.0
        print(f"BBC quotes {how}, {name:8} ({t['gold']:2} gold statements): P {p:.3f} R {r:.3f} F1 {f:.3f}, "
              f"speaker accuracy {acc:.3f} ({t['speaker_correct']}/{t['speaker_total']})")


if __name__ == "__main__":
    main()
