"""Error classes of quote attribution on PolNeAR: a table of misses and false positives, by class, with counts.

Usage:
    uv run python benchmarks/quotes_errors.py [--fold tune|dev] [--show CLASS] [--limit 20]

Only polnear-dev and the tuning part of polnear-train: the held-out fold (``evaluation.polnear.held_out``) is
refused, its errors are never listed. Uses the parse cache of ``benchmarks/quotes_polnear.py``; the analyses are
rerun (newsflow's own code), the scorer is ``evaluation.polnear``'s.

Classes of an unmatched gold quote: ``pieces not merged`` (our statements that overlap it would match as one),
``too short/long at start/end`` (one overlapping statement, its boundary off by more than 3 characters),
``taken by a neighbour`` (the statement matched another gold quote), ``missed: ...`` (nothing overlaps it:
by whether we found it unmarked, whether its content opens with a mark, and the cue's first word).
Classes of an unmatched prediction: ``no gold attribution`` (headline, no speaker, ...), ``gold unquoted
attribution``, ``extra piece of a matched statement`` and the extent classes seen from the gold side.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.quotes_polnear import folds, parsed  # noqa: E402
from evaluation import polnear as ev  # noqa: E402
from tasks.lib.extract.analyze import analyze_doc  # noqa: E402
from tasks.lib.nlp.pipeline import load_pipeline  # noqa: E402

SLACK = 3  # boundary differences up to this many characters are marks and punctuation


def _match(gold: list, pred: list) -> dict[int, int]:
    """gold index -> pred index, the scorer's one-to-one best-IoU matching."""
    pairs = sorted(((ev._iou(g.chars, p.chars), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
                   reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for iou, gi, pi in pairs:
        if iou < ev.IOU_THRESHOLD:
            break
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


def _extent(g: frozenset[int], p: frozenset[int]) -> str:
    gs, ge, ps, pe = min(g), max(g) + 1, min(p), max(p) + 1
    parts = []
    if ps - gs > SLACK:
        parts.append("short at start")
    elif gs - ps > SLACK:
        parts.append("long at start")
    if ge - pe > SLACK:
        parts.append("short at end")
    elif pe - ge > SLACK:
        parts.append("long at end")
    return "extent: " + (", ".join(parts) if parts else "gaps inside (pieces)")


def _cue_word(text: str, att: ev.Attribution) -> str:
    if not att.cue:
        return "(no cue)"
    a, b = att.cue[0]
    words = text[a:b].lower().split()
    return words[0] if words else "(no cue)"


def _missed(text: str, att: ev.Attribution, g: ev.GoldQuote, all_pred: list) -> str:
    if any(p.chars & g.chars for p in all_pred):
        return "missed: found unmarked (indirect)"
    opens = text[min(g.chars) : min(g.chars) + 1] in "\"“'"
    shape = "direct-shaped" if opens else "mixed-shaped"
    return f"missed: {shape}, cue '{_cue_word(text, att)}'"


def classify_gold(text: str, atts: list, gold: list, pred: list, all_pred: list, match: dict) -> list[tuple]:
    """(class, gold index) of every unmatched gold quote."""
    matched_p = set(match.values())
    out = []
    for gi, g in enumerate(gold):
        if gi in match or not g.chars:
            continue
        over = [pi for pi, p in enumerate(pred) if p.chars & g.chars]
        if not over:
            out.append((_missed(text, atts[gi], g, all_pred), gi))
            continue
        union = frozenset().union(*(pred[pi].chars for pi in over))
        if len(over) > 1 and ev._iou(g.chars, union) >= ev.IOU_THRESHOLD:
            out.append(("pieces not merged (gold spans several statements)", gi))
            continue
        best = max(over, key=lambda pi: ev._iou(g.chars, pred[pi].chars))
        if best in matched_p:
            out.append(("taken by a neighbour (statement matched another gold)", gi))
        else:
            out.append((_extent(g.chars, pred[best].chars), gi))
    return out


def classify_pred(text: str, all_atts: list, gold: list, pred: list, match: dict) -> list[tuple]:
    """(class, pred index) of every unmatched prediction."""
    matched_p = {pi: gi for gi, pi in match.items()}
    out = []
    for pi, p in enumerate(pred):
        if pi in matched_p:
            continue
        over = [gi for gi, g in enumerate(gold) if g.chars & p.chars]
        if over:
            cls = ("extra piece of a matched gold" if all(gi in match for gi in over)
                   else "extent (see gold side)")
        elif any(ev._chars(a.content) & p.chars for a in all_atts):
            cls = "gold unquoted attribution"
        else:
            first = p.pieces[0]
            where = "headline" if "\n" not in text[: first.start_char].strip() else "body"
            who = "with speaker" if first.speaker_start is not None else "no speaker"
            kinds = "+".join(sorted({q.kind for q in p.pieces}))
            cls = f"no gold attribution: {where}, {kinds}, {who}"
        out.append((cls, pi))
    return out


def analyse(nlp, pairs: list, label: str) -> list[dict]:
    """Per document: name, text, gold attributions and quotes, predicted quotes, the matching."""
    texts = [txt.read_text(encoding="utf-8") for txt, _ in pairs]
    out = []
    for (txt, ann), doc in zip(pairs, parsed(nlp, texts, label)):
        analysis = analyze_doc(doc)
        atts = ev.read_brat(ann)
        quoted = [a for a in atts if any(m in a.content_text for m in ev.QUOTE_MARKS)]
        gold = [ev._gold(a) for a in quoted]
        pred = ev.predicted_quotes(doc.text, analysis)
        names = {e.key: e for e in analysis.entities}
        all_pred = [ev._pred(p, names) for p in ev.statements(analysis)]
        match = _match(gold, pred)
        out.append({"name": txt.stem, "text": doc.text, "atts": atts, "quoted": quoted, "gold": gold,
                    "pred": pred, "all_pred": all_pred, "match": match})
    return out


def _snippet(text: str, chars: frozenset[int], pad: int = 60) -> str:
    a, b = min(chars), max(chars) + 1
    return (text[max(0, a - pad) : a] + "[[" + text[a:b] + "]]" + text[b : b + pad]).replace("\n", " / ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", choices=["tune", "dev"], default="tune")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-dev")
    parser.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "data" / "polnear-train")
    parser.add_argument("--show", help="print examples of classes starting with this")
    parser.add_argument("--limit", type=int, default=15)
    args = parser.parse_args()
    docs = analyse(load_pipeline(), folds(args.dev, args.train)[args.fold], args.fold)
    gold_cls: Counter = Counter()
    pred_cls: Counter = Counter()
    shown = 0
    for d in docs:
        gc = classify_gold(d["text"], d["quoted"], d["gold"], d["pred"], d["all_pred"], d["match"])
        pc = classify_pred(d["text"], d["atts"], d["gold"], d["pred"], d["match"])
        gold_cls.update(c for c, _ in gc)
        pred_cls.update(c for c, _ in pc)
        for c, i in gc + pc:
            if args.show and c.startswith(args.show) and shown < args.limit:
                shown += 1
                g_side = (c, i) in gc
                item = d["gold"][i] if g_side else d["pred"][i]
                print(f"--- {d['name']} {'GOLD' if g_side else 'PRED'} {c}\n{_snippet(d['text'], item.chars)}")
                near = [p for p in (d["pred"] if g_side else d["gold"]) if p.chars & item.chars]
                for n in near:
                    print(f"  vs {'PRED' if g_side else 'GOLD'}: {_snippet(d['text'], n.chars, 0)}")
    n_gold = sum(len(d["gold"]) for d in docs)
    n_pred = sum(len(d["pred"]) for d in docs)
    print(f"\n{args.fold}: {len(docs)} docs, gold {n_gold}, predicted {n_pred}")
    print(f"misses ({sum(gold_cls.values())}):")
    for c, n in gold_cls.most_common():
        print(f"  {n:4d}  {c}")
    print(f"false positives ({sum(pred_cls.values())}):")
    for c, n in pred_cls.most_common():
        print(f"  {n:4d}  {c}")


if __name__ == "__main__":
    main()
