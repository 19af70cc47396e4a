"""Quote attribution on PolNeAR: polnear-dev, the tuning part of polnear-train and its held-out fold, from one run.

Usage:
    uv run python benchmarks/quotes_polnear.py [--dev ../shared/data/polnear-dev]
        [--train ../shared/data/polnear-train] [--errors tune] [--json benchmarks/out/quotes_polnear.json]

Prints, per fold, direct and mixed quotes P/R/F1, speaker accuracy of matched quotes and verb-cued attributions
(direct or indirect) P/R/F1, with the scorer of ``newsflow evaluate polnear`` (``evaluation.polnear``). The
held-out fold is ``evaluation.polnear.held_out`` (20% of train by a hash of the file name): no rule is written
against it, and ``--errors`` refuses to list its errors. The model's parses are cached in benchmarks/out/ (a
DocBin per directory, keyed by the texts) so tuning loops only rerun newsflow's own code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc, DocBin  # noqa: E402

from evaluation import polnear as ev  # noqa: E402
from tasks.lib.extract.analyze import analyze_doc  # noqa: E402
from tasks.lib.nlp import paragraphs  # noqa: E402
from tasks.lib.nlp.pipeline import DEFAULT_MODEL, load_pipeline  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def parsed(nlp, texts: list[str], label: str) -> list[Doc]:
    """The model's parses of ``texts``, paragraph by paragraph as the pipeline parses (cached), with newsflow's
    components run on them."""
    key = hashlib.sha1("\0".join([DEFAULT_MODEL, "paragraphs", *texts]).encode()).hexdigest()[:16]
    path = OUT / f"polnear_{label}_{key}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(paragraphs.parse_model(nlp, texts))
        OUT.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return [paragraphs.add_newsflow(nlp, d) for d in docs]


def folds(dev: Path, train: Path) -> dict[str, list[tuple[Path, Path]]]:
    """The three folds: dev, train minus held-out ('tune'), held-out."""
    train_pairs = ev.pairs(train)
    return {
        "dev": ev.pairs(dev),
        "tune": [p for p in train_pairs if not ev.held_out(p[0].stem)],
        "held-out": [p for p in train_pairs if ev.held_out(p[0].stem)],
    }


def run_fold(nlp, pairs: list[tuple[Path, Path]], label: str) -> dict:
    texts = [txt.read_text(encoding="utf-8") for txt, _ in pairs]
    docs = parsed(nlp, texts, label)
    return ev.evaluate_docs((txt.stem, ann, doc, analyze_doc(doc)) for (txt, ann), doc in zip(pairs, docs))


def row(label: str, r: dict) -> str:
    v = r["verb"]
    return (f"| {label} | {r['documents']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
            f"{r['speaker_accuracy']:.3f} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-dev")
    parser.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-train")
    parser.add_argument("--errors", choices=["dev", "tune"], help="also write unmatched offsets of this fold")
    parser.add_argument("--json", type=Path, default=OUT / "quotes_polnear.json")
    args = parser.parse_args()
    nlp = load_pipeline()
    results = {}
    for label, pairs in folds(args.dev, args.train).items():
        t0 = time.perf_counter()
        results[label] = run_fold(nlp, pairs, label)
        print(f"{label}: {len(pairs)} documents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    print("| fold | docs | quotes P | quotes R | quotes F1 | speaker acc. | verb-cued P | verb-cued R | verb-cued F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in results.items():
        print(row(label, r))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    keep = {k: {x: y for x, y in r.items() if x != "per_document"} for k, r in results.items()}
    if args.errors:
        keep["errors"] = results[args.errors]["per_document"]
    args.json.write_text(json.dumps(keep, indent=1))


if __name__ == "__main__":
    main()
