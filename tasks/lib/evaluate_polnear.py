"""Quote attribution scored against PolNeAR's brat annotations.

Layout: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_<annotator>.ann``; the first annotation
file (in name order) of each text is the gold one. Each brat event ``Attribution`` links a Content
span (possibly discontinuous), a Cue and usually a Source.

What is scored (the issue's definition):

- Gold quotes are attributions whose Content contains a double quotation mark.
- Predicted quotes run through the production code (``load_pipeline`` then ``analyze_doc`` on the
  raw text). Pieces sharing one cue (a quote split by its attribution, or run over paragraphs) are
  one prediction whose extent is the union of the pieces, as PolNeAR annotates them as one
  discontinuous Content. A prediction counts for precision when it is quotation-mark content:
  ``direct`` or ``mixed``, or any piece whose extent with one character either side holds a mark.
  Plain indirect quotes are not scored: PolNeAR's quoted-content subset says nothing about them.
- A prediction matches a gold quote when the character intersection-over-union of their extents
  is >= 0.5; matching is one-to-one, best IoU first.
- Speaker accuracy is over matched quotes whose gold attribution has a Source: correct when the
  predicted speaker span overlaps the Source span, or the resolved entity's canonical name shares
  a capitalised word with the Source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tasks.lib.records import Analysis, LocalEntity, Quote

QUOTE_MARKS = "\"“”„‟«»″"
IOU_THRESHOLD = 0.5


@dataclass
class GoldQuote:
    """One gold attribution with quoted content: its character sets and source text."""

    chars: frozenset[int]
    source_chars: frozenset[int]
    source_text: str | None


@dataclass
class PredQuote:
    chars: frozenset[int]
    speaker_chars: frozenset[int]
    speaker_name: str | None
    pieces: list[Quote] = field(default_factory=list)


def read_brat(path: Path) -> list[tuple[list[tuple[int, int]], str, list[tuple[int, int]] | None, str | None]]:
    """Attributions of one brat file as (content spans, content text, source spans, source text).

    Args:
        path: a PolNeAR ``.ann`` file.

    Returns:
        One tuple per Attribution event that has a Content; source spans and text are None when the
        event has no Source.
    """
    spans: dict[str, tuple[list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label_offsets = parts[1].split(" ", 1)
            if len(label_offsets) != 2:
                continue
            offs = []
            for piece in label_offsets[1].split(";"):
                a, b = piece.split()
                offs.append((int(a), int(b)))
            spans[parts[0]] = (offs, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E"):
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            events.append(args)
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        source = spans.get(ev.get("Source", ""))
        out.append((content[0], content[1], source[0] if source else None, source[1] if source else None))
    return out


def _chars(ranges: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in ranges for i in range(a, b))


def _iou(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _capitalised(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[A-Z][\w’'.-]*", text or "") if len(w) > 1}


def gold_quotes(ann: Path) -> list[GoldQuote]:
    """The gold attributions of one file whose content holds a quotation mark."""
    out = []
    for content, content_text, source, source_text in read_brat(ann):
        if any(m in content_text for m in QUOTE_MARKS):
            out.append(GoldQuote(_chars(content), _chars(source or []), source_text))
    return out


def predicted_quotes(text: str, analysis: Analysis) -> list[PredQuote]:
    """Group the extracted quotes by cue and keep those that are quotation-mark content."""
    names: dict[int, LocalEntity] = {e.key: e for e in analysis.entities}
    groups: dict[tuple, list[Quote]] = {}
    for q in analysis.quotes:
        key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("solo", q.start_char)
        groups.setdefault(key, []).append(q)
    out = []
    for pieces in groups.values():
        marked = any(
            q.kind in ("direct", "mixed")
            or any(m in text[max(0, q.start_char - 1) : q.end_char + 1] for m in QUOTE_MARKS)
            for q in pieces
        )
        if not marked:
            continue
        first = pieces[0]
        speaker = (
            frozenset(range(first.speaker_start, first.speaker_end)) if first.speaker_start is not None else frozenset()
        )
        ent = names.get(first.speaker_entity_key) if first.speaker_entity_key is not None else None
        chars = _chars([(q.start_char, q.end_char) for q in pieces])
        out.append(PredQuote(chars, speaker, ent.canonical_name if ent else None, pieces))
    return out


def score_document(gold: list[GoldQuote], pred: list[PredQuote]) -> dict:
    """Match predictions to gold quotes and count hits, as a dict of integer counts."""
    pairs = sorted(
        ((_iou(g.chars, p.chars), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = speaker_total = speaker_correct = 0
    for iou, gi, pi in pairs:
        if iou < IOU_THRESHOLD:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched += 1
        g, p = gold[gi], pred[pi]
        if g.source_text is None:
            continue
        speaker_total += 1
        if (p.speaker_chars & g.source_chars) or (_capitalised(p.speaker_name) & _capitalised(g.source_text)):
            speaker_correct += 1
    return {
        "gold": len(gold),
        "predicted": len(pred),
        "matched": matched,
        "speaker_total": speaker_total,
        "speaker_correct": speaker_correct,
        "unmatched_gold": sorted(min(g.chars) for gi, g in enumerate(gold) if gi not in used_g and g.chars),
        "unmatched_pred": sorted(min(p.chars) for pi, p in enumerate(pred) if pi not in used_p and p.chars),
    }


def pairs(directory: str | Path) -> list[tuple[Path, Path]]:
    """(text file, first annotation file) pairs of a PolNeAR directory, in name order."""
    root = Path(directory)
    anns: dict[str, list[Path]] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    out = []
    for txt in sorted((root / "text").glob("*.txt")):
        if txt.stem in anns:
            out.append((txt, anns[txt.stem][0]))
    return out


def evaluate(directory: str | Path, model: str | None = None) -> dict:
    """Score quote extraction and speaker attribution on a PolNeAR-format directory.

    Args:
        directory: holds ``text/*.txt`` and ``attributions/*.ann``.
        model: spaCy pipeline package name; the production default when None.

    Returns:
        A dict with ``documents``, ``gold``, ``predicted``, ``matched``, ``precision``, ``recall``,
        ``f1``, ``speaker_total``, ``speaker_correct``, ``speaker_accuracy`` and ``per_document``
        (file name with its counts and the start offsets of unmatched gold and predicted quotes).

    Raises:
        FileNotFoundError: the directory has no text with an annotation file.
    """
    from tasks.lib.analyze import analyze_doc
    from tasks.lib.nlp import load_pipeline

    docs = pairs(directory)
    if not docs:
        raise FileNotFoundError(f"no text/*.txt with attributions/*.ann found under {directory}")
    nlp = load_pipeline(model) if model else load_pipeline()
    totals = {"gold": 0, "predicted": 0, "matched": 0, "speaker_total": 0, "speaker_correct": 0}
    per_document = []
    texts = [txt.read_text(encoding="utf-8") for txt, _ in docs]
    for (txt, ann), text, doc in zip(docs, texts, nlp.pipe(texts)):
        counts = score_document(gold_quotes(ann), predicted_quotes(text, analyze_doc(doc)))
        for k in totals:
            totals[k] += counts[k]
        per_document.append({"name": txt.stem, **counts})
    p = totals["matched"] / totals["predicted"] if totals["predicted"] else 0.0
    r = totals["matched"] / totals["gold"] if totals["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = totals["speaker_correct"] / totals["speaker_total"] if totals["speaker_total"] else 0.0
    return {
        "documents": len(docs),
        **totals,
        "precision": p,
        "recall": r,
        "f1": f1,
        "speaker_accuracy": acc,
        "per_document": per_document,
    }


def format_report(result: dict) -> str:
    """A short plain-text report of an ``evaluate`` result."""
    return "\n".join(
        [
            f"PolNeAR quote attribution: {result['documents']} documents",
            f"  gold quotes (content with quotation marks): {result['gold']}",
            f"  predicted quotes (direct or mixed):         {result['predicted']}",
            f"  matched (character IoU >= {IOU_THRESHOLD}):              {result['matched']}",
            f"  quote precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}",
            f"  speaker accuracy {result['speaker_accuracy']:.3f} "
            f"({result['speaker_correct']}/{result['speaker_total']} matched quotes with a gold source)",
        ]
    )
