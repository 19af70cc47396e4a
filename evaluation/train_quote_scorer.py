"""Train the learned quote scorer (``tasks.lib.extract.quotes.learned``) on the tuning part of polnear-train.

Usage:
    uv run python -m evaluation.train_quote_scorer [--dev DIR] [--train DIR] [--dry-run]

Candidates are the quotations the rules leave unattributed (extracted with the scorer off); one is positive when
a gold quoted attribution covers it with character IoU >= 0.5 (the scorer's match). A logistic regression over
their features is fitted by full-batch gradient descent (no randomness: the same data give the same weights) on
the tuning part only, never the held-out fold (``evaluation.polnear.held_out``). The threshold is the one that
maximises quotes F1 when the candidates above it are added to the rules' output, and it and the L2 penalty are chosen
by 5-fold cross-validation inside the tuning part (parts by a hash of the file name; penalties within one quote of
the best F1 count as tied, and the strongest of them is taken); polnear-dev is a second check. Writes
``tasks/lib/extract/quotes/weights/quote_scorer.json`` and its manifest, unless ``--dry-run``. Parses come from
the cache of ``benchmarks/quotes_polnear.py`` (run it once first, or the model parses the texts here).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.quotes_polnear import folds, parsed  # noqa: E402
from evaluation import polnear as ev  # noqa: E402
from tasks.lib.extract.analyze import analyze_doc  # noqa: E402
from tasks.lib.extract.quotes import quote_weights  # noqa: E402
from tasks.lib.extract.quotes.cues import find_cues, quoted_tokens  # noqa: E402
from tasks.lib.extract.quotes.find import _paragraph_index  # noqa: E402
from tasks.lib.extract.quotes.learned import Candidate, candidates  # noqa: E402
from tasks.lib.extract.quotes.marks import find_quote_spans, typewriter_marks  # noqa: E402
from tasks.lib.extract.quotes.quote_weights import QuoteWeights  # noqa: E402
from tasks.lib.nlp.pipeline import load_pipeline  # noqa: E402

STEPS = 1000
RATE = 0.5
CV_PARTS = 5
L2_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
SPEAKER_FLOOR = 0.9575  # the issue asks >= 0.95 of matched quotes; 0.955 left dev at 0.9498, a margin for unseen folds


@dataclass
class FoldData:
    """A fold's candidates: features, whether each matches a gold quote, whether its speaker is right too (or the
    gold names none), whether the gold names a speaker, its cross-validation part; and the rules' own counts."""

    feats: list[list[str]] = field(default_factory=list)
    match: list[int] = field(default_factory=list)
    right: list[int] = field(default_factory=list)
    sourced: list[int] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)
    rules: dict = field(default_factory=lambda: dict.fromkeys(_COUNTS, 0))


_COUNTS = ("gold", "predicted", "matched", "speaker_total", "speaker_correct")


def _speaker_right(c: Candidate, g: ev.GoldQuote) -> bool:
    """The scorer's speaker test, on the speaker phrase (the entity is not resolved yet)."""
    sp = c.cue.speaker if c.cue is not None else None
    if sp is None:
        return False
    return bool(frozenset(range(sp.start_char, sp.end_char)) & g.source_chars) or bool(
        ev._capitalised(sp.text) & ev._capitalised(g.source_text))


def fold_candidates(nlp, pairs: list, label: str) -> FoldData:
    """The candidates of a fold (rules-only extraction) with their labels; parts by a hash of the file name."""
    texts = [txt.read_text(encoding="utf-8") for txt, _ in pairs]
    data = FoldData()
    quote_weights.set_enabled(False)
    try:
        for (txt, ann), doc in zip(pairs, parsed(nlp, texts, label)):
            analysis = analyze_doc(doc)
            gold = ev.gold_quotes(ann)
            counts = ev.score_document(gold, ev.predicted_quotes(doc.text, analysis))
            for k in _COUNTS:
                data.rules[k] += counts[k]
            marked = typewriter_marks(doc.text)
            spans = find_quote_spans(marked)
            quoted = quoted_tokens(doc, spans)
            part = int(hashlib.sha1(txt.stem.encode()).hexdigest(), 16) % CV_PARTS
            for c in candidates(doc, marked, spans, find_cues(doc, quoted), analysis.quotes, quoted,
                                _paragraph_index(doc.text)):
                chars = frozenset(range(c.span.start, c.span.end))
                g = max(gold, key=lambda x: ev._iou(chars, x.chars), default=None)
                hit = g is not None and ev._iou(chars, g.chars) >= ev.IOU_THRESHOLD
                data.feats.append(c.features)
                data.match.append(int(hit))
                data.sourced.append(int(hit and bool(g.source_chars)))
                data.right.append(int(hit and (not g.source_chars or _speaker_right(c, g))))
                data.parts.append(part)
    finally:
        quote_weights.set_enabled(True)
    return data


def fit(feats: list[list[str]], labels: list[int], l2: float) -> dict[str, float]:
    """Logistic regression weights by full-batch gradient descent with an L2 penalty (bias not penalised)."""
    names = sorted({f for fs in feats for f in fs})
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(feats), len(names)))
    for row, fs in enumerate(feats):
        for f in fs:
            x[row, index[f]] = 1.0
    y = np.asarray(labels, dtype=float)
    w = np.zeros(len(names))
    penalty = np.full(len(names), l2 / len(y))
    penalty[index["bias"]] = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        w -= RATE * (x.T @ (p - y) / len(y) + penalty * w)
    return {f: float(w[i]) for f, i in index.items()}


def probabilities(weights: dict[str, float], feats: list[list[str]]) -> np.ndarray:
    z = np.array([sum(weights.get(f, 0.0) for f in fs) for fs in feats])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def outcome(keep: np.ndarray, data: FoldData) -> tuple[float, float, int, int]:
    """Quotes F1 and speaker accuracy of the rules plus the ``keep`` candidates; accepted, and matched."""
    r = data.rules
    tp = int(np.asarray(data.match)[keep].sum())
    n = int(keep.sum())
    f1 = 2 * (r["matched"] + tp) / (r["predicted"] + n + r["gold"])
    sourced = np.asarray(data.sourced)[keep]
    right = (np.asarray(data.right)[keep] & sourced).sum()
    acc = (r["speaker_correct"] + int(right)) / (r["speaker_total"] + int(sourced.sum()))
    return f1, acc, n, tp


def best_thresholds(pq: np.ndarray, ps: np.ndarray, data: FoldData) -> tuple[float, float, float]:
    """The thresholds (quote, speaker) maximising quotes F1 while speaker accuracy stays >= SPEAKER_FLOOR."""
    best = (1.01, 1.01, outcome(np.zeros(len(pq), bool), data)[0])
    for tq in np.arange(0.2, 0.96, 0.05):
        for ts in np.arange(0.0, 0.8, 0.025):
            f1, acc, _, _ = outcome((pq >= tq) & (ps >= ts), data)
            if acc >= SPEAKER_FLOOR and f1 > best[2]:
                best = (float(tq), float(ts), f1)
    return best


def out_of_fold(data: FoldData, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's two probabilities from weights fitted on the other cross-validation parts."""
    pq, ps = np.zeros(len(data.match)), np.zeros(len(data.match))
    for k in range(CV_PARTS):
        train = [i for i, p in enumerate(data.parts) if p != k]
        test = [i for i, p in enumerate(data.parts) if p == k]
        feats = [data.feats[i] for i in train]
        wq, ws = fit(feats, [data.match[i] for i in train], l2), fit(feats, [data.right[i] for i in train], l2)
        pq[test] = probabilities(wq, [data.feats[i] for i in test])
        ps[test] = probabilities(ws, [data.feats[i] for i in test])
    return pq, ps


@dataclass(frozen=True)
class Choice:
    """One L2 penalty of the grid, its out-of-fold quotes F1 and the thresholds that reach it."""

    l2: float
    f1: float
    tq: float
    ts: float


def chosen(choices: list[Choice], one_quote: float) -> Choice:
    """The strongest penalty whose F1 is within ``one_quote`` (the F1 one matched quote is worth) of the best.

    A difference under one quote is no evidence: the simpler model wins the tie, so a rule change that moves a quote
    or two of the scorer's data does not swing the penalty, and every weight with it.
    """
    best = max(c.f1 for c in choices)
    return max((c for c in choices if c.f1 >= best - one_quote), key=lambda c: c.l2)


def report(label: str, keep: np.ndarray, data: FoldData) -> None:
    r = data.rules
    base = 2 * r["matched"] / (r["predicted"] + r["gold"])
    f1, acc, n, tp = outcome(keep, data)
    print(f"{label}: {len(data.match)} candidates, {sum(data.match)} match a gold quote, {sum(data.right)} with "
          f"the right speaker; accepted {n}, matching {tp}; quotes F1 {base:.4f} -> {f1:.4f}, speaker accuracy "
          f"{r['speaker_correct'] / r['speaker_total']:.4f} -> {acc:.4f} (estimates)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-dev")
    parser.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-train")
    parser.add_argument("--dry-run", action="store_true", help="report only, write no weights")
    args = parser.parse_args()
    nlp = load_pipeline()
    data = folds(args.dev, args.train)
    tune = fold_candidates(nlp, data["tune"], "tune")
    dev = fold_candidates(nlp, data["dev"], "dev")
    choices = []
    for l2 in L2_GRID:  # regularisation and thresholds by cross-validation inside the tuning part
        tq, ts, f1 = best_thresholds(*out_of_fold(tune, l2), tune)
        print(f"l2 {l2}: thresholds {tq:.3f} {ts:.3f}, tuning-part F1 (out of fold) {f1:.4f}")
        choices.append(Choice(l2, f1, tq, ts))
    pick = chosen(choices, one_quote=2 / (tune.rules["predicted"] + tune.rules["gold"]))  # F1 = 2TP / (P + G)
    w = QuoteWeights(fit(tune.feats, tune.match, pick.l2), fit(tune.feats, tune.right, pick.l2), pick.tq, pick.ts)
    pq, ps = out_of_fold(tune, pick.l2)
    report("tune (out of fold)", (pq >= pick.tq) & (ps >= pick.ts), tune)
    report("dev (second check)",
           (probabilities(w.quote, dev.feats) >= pick.tq) & (probabilities(w.speaker, dev.feats) >= pick.ts), dev)
    print(f"l2 {pick.l2}, thresholds {pick.tq:.3f} {pick.ts:.3f}; strongest features (quote, speaker):")
    for f, v in sorted(w.quote.items(), key=lambda kv: -abs(kv[1]))[:15]:
        print(f"  {v:+.2f} {w.speaker.get(f, 0.0):+.2f}  {f}")
    if not args.dry_run:
        quote_weights.save(w, quote_weights.WEIGHTS,
                           {"trained_on": "polnear-train minus the held-out fold", "l2": pick.l2, "threshold_from": "5-fold cross-validation on the tuning part", "steps": STEPS, "rate": RATE, "candidates": len(tune.match),
                            "positives": sum(tune.right)})


if __name__ == "__main__":
    main()
