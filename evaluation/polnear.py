"""Quote attribution scored against PolNeAR's brat annotations.

Layout: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_<annotator>.ann``; the first annotation
file (in name order) of each text is the gold one. Each brat event ``Attribution`` links a Content
span (possibly discontinuous), a Cue and usually a Source.

What is scored (the issue's definition):

- Gold quotes are attributions whose Content contains a double quotation mark (``''``, two apostrophes,
  included: the newswire archives type it so).
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
- Verb-cued attributions, direct or indirect: gold attributions whose Cue holds a verb of saying
  (``SAYING_VERBS``, lemmas from the parse), against predicted statements of any kind whose cue verb
  is one; matched on content extent the same way.

Predicted pieces form one statement by their ``statement_start`` (the warehouse's ``statement_id``).
``held_out`` fixes the fold of a training directory that no rule is written against.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from tasks.lib.records import Analysis, LocalEntity, Quote

# Double quotation marks, "''" included: two apostrophes are the double mark of the newswire archives
# (''...''), as the extractor reads them.
QUOTE_MARKS = ("\"", "“", "”", "„", "‟", "«", "»", "″", "''")
IOU_THRESHOLD = 0.5
# Verbs of saying, as lemmas: the scorer's own fixed definition, independent of the extractor's lexicon.
SAYING_VERBS = frozenset(
    "say tell add state claim argue warn insist explain announce write tweet ask note declare reply respond "
    "answer acknowledge admit allege assert suggest recall conclude predict promise vow pledge urge deny concede "
    "contend maintain remark comment complain confirm emphasize emphasise stress testify report repeat reiterate "
    "caution counter retort shout whisper boast quip joke".split()
)


def held_out(name: str) -> bool:
    """Whether a file (by its name without extension) is in the held-out fold: 20% by a hash of the name.

    Fixed once; rules are written against the other files only.
    """
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 5 == 0


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


@dataclass
class Attribution:
    """One brat Attribution event: content spans and text, source spans and text, cue spans."""

    content: list[tuple[int, int]]
    content_text: str
    source: list[tuple[int, int]] | None
    source_text: str | None
    cue: list[tuple[int, int]]


def read_brat(path: Path) -> list[Attribution]:
    """Attributions of one brat file, one per event that has a Content (its ``Content2``... arguments joined).

    Args:
        path: a PolNeAR ``.ann`` file.

    Returns:
        Source spans and text are None when the event has no Source; cue spans are empty when it has no Cue.
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
        # A statement resumed after its attribution (`"...," he said. "..."`) may be a second argument,
        # Content2, of the same event rather than a second fragment of one span.
        parts = [spans[ev[k]] for k in sorted(ev, key=_arg_order) if _CONTENT_ARG.fullmatch(k) and ev[k] in spans]
        if not parts:
            continue
        source = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        out.append(Attribution(sorted(o for offs, _ in parts for o in offs), " ".join(t for _, t in parts),
                               source[0] if source else None, source[1] if source else None, cue[0] if cue else []))
    return out


_CONTENT_ARG = re.compile(r"Content\d*")


def _arg_order(arg: str) -> tuple[str, int]:
    """``Content`` before ``Content2`` before ``Content10``."""
    m = re.fullmatch(r"(\D+)(\d*)", arg)
    return (m.group(1), int(m.group(2) or 1)) if m else (arg, 0)


def _chars(ranges: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in ranges for i in range(a, b))


def _iou(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _capitalised(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[A-Z][\w’'.-]*", text or "") if len(w) > 1}


def _gold(a: Attribution) -> GoldQuote:
    return GoldQuote(_chars(a.content), _chars(a.source or []), a.source_text)


def gold_quotes(ann: Path) -> list[GoldQuote]:
    """The gold attributions of one file whose content holds a quotation mark."""
    return [_gold(a) for a in read_brat(ann) if any(m in a.content_text for m in QUOTE_MARKS)]


def _saying(doc: Doc, start: int | None, end: int | None) -> bool:
    """Whether the characters ``start:end`` of the parsed text hold a verb of saying."""
    if start is None or end is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in SAYING_VERBS for t in span)


def gold_verb_cued(ann: Path, doc: Doc) -> list[GoldQuote]:
    """The gold attributions of one file (quoted or not) whose cue holds a verb of saying."""
    return [_gold(a) for a in read_brat(ann) if any(_saying(doc, s, e) for s, e in a.cue)]


def statements(analysis: Analysis) -> list[list[Quote]]:
    """The extracted quote pieces grouped into statements (by ``statement_start``, else by cue)."""
    groups: dict[object, list[Quote]] = {}
    for q in analysis.quotes:
        key = q.statement_start
        if key is None:
            key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("solo", q.start_char)
        groups.setdefault(key, []).append(q)
    return list(groups.values())


def _pred(pieces: list[Quote], names: dict[int, LocalEntity]) -> PredQuote:
    first = pieces[0]
    speaker = (
        frozenset(range(first.speaker_start, first.speaker_end)) if first.speaker_start is not None else frozenset()
    )
    ent = names.get(first.speaker_entity_key) if first.speaker_entity_key is not None else None
    chars = _chars([(q.start_char, q.end_char) for q in pieces])
    return PredQuote(chars, speaker, ent.canonical_name if ent else None, pieces)


def predicted_quotes(text: str, analysis: Analysis) -> list[PredQuote]:
    """The extracted statements that are quotation-mark content."""
    names: dict[int, LocalEntity] = {e.key: e for e in analysis.entities}
    out = []
    for pieces in statements(analysis):
        marked = any(
            q.kind in ("direct", "mixed")
            or any(m in text[max(0, q.start_char - 1) : q.end_char + 1] for m in QUOTE_MARKS)
            for q in pieces
        )
        if marked:
            out.append(_pred(pieces, names))
    return out


def predicted_verb_cued(doc: Doc, analysis: Analysis) -> list[PredQuote]:
    """The extracted statements of any kind whose cue is a verb of saying."""
    names: dict[int, LocalEntity] = {e.key: e for e in analysis.entities}
    return [
        _pred(pieces, names)
        for pieces in statements(analysis)
        if _saying(doc, pieces[0].cue_start, pieces[0].cue_end)
    ]


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


_COUNTS = ("gold", "predicted", "matched", "speaker_total", "speaker_correct")


def _prf(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate_docs(items: Iterable[tuple[str, Path, Doc, Analysis]]) -> dict:
    """Score analysed documents against their annotation files.

    Args:
        items: (name, annotation file, parsed doc, its analysis) per document.

    Returns:
        The ``evaluate`` dict.
    """
    totals = dict.fromkeys(_COUNTS, 0)
    verb = dict.fromkeys(_COUNTS, 0)
    per_document = []
    for name, ann, doc, analysis in items:
        counts = score_document(gold_quotes(ann), predicted_quotes(doc.text, analysis))
        verb_counts = score_document(gold_verb_cued(ann, doc), predicted_verb_cued(doc, analysis))
        for k in _COUNTS:
            totals[k] += counts[k]
            verb[k] += verb_counts[k]
        per_document.append({"name": name, **counts, "verb": verb_counts})
    p, r, f1 = _prf(totals["matched"], totals["predicted"], totals["gold"])
    vp, vr, vf1 = _prf(verb["matched"], verb["predicted"], verb["gold"])
    acc = totals["speaker_correct"] / totals["speaker_total"] if totals["speaker_total"] else 0.0
    return {
        "documents": len(per_document),
        **totals,
        "precision": p,
        "recall": r,
        "f1": f1,
        "speaker_accuracy": acc,
        "verb": {**verb, "precision": vp, "recall": vr, "f1": vf1},
        "per_document": per_document,
    }


def evaluate(directory: str | Path, model: str | None = None) -> dict:
    """Score quote extraction and speaker attribution on a PolNeAR-format directory.

    Args:
        directory: holds ``text/*.txt`` and ``attributions/*.ann``.
        model: spaCy pipeline package name; the production default when None.

    Returns:
        A dict with ``documents``, ``gold``, ``predicted``, ``matched``, ``precision``, ``recall``,
        ``f1``, ``speaker_total``, ``speaker_correct``, ``speaker_accuracy``, ``verb`` (the same
        counts and scores for verb-cued attributions) and ``per_document`` (file name with its counts
        and the start offsets of unmatched gold and predicted quotes).

    Raises:
        FileNotFoundError: the directory has no text with an annotation file.
    """
    from tasks.lib.extract.analyze import analyze_doc
    from tasks.lib.nlp import paragraphs
    from tasks.lib.nlp.pipeline import load_pipeline

    docs = pairs(directory)
    if not docs:
        raise FileNotFoundError(f"no text/*.txt with attributions/*.ann found under {directory}")
    nlp = load_pipeline(model) if model else load_pipeline()
    texts = [txt.read_text(encoding="utf-8") for txt, _ in docs]
    parsed = paragraphs.parse(nlp, texts)
    return evaluate_docs((txt.stem, ann, doc, analyze_doc(doc)) for (txt, ann), doc in zip(docs, parsed))


def format_report(result: dict) -> str:
    """A short plain-text report of an ``evaluate`` result."""
    v = result["verb"]
    return "\n".join(
        [
            f"PolNeAR quote attribution: {result['documents']} documents",
            f"  gold quotes (content with quotation marks): {result['gold']}",
            f"  predicted quotes (direct or mixed):         {result['predicted']}",
            f"  matched (character IoU >= {IOU_THRESHOLD}):              {result['matched']}",
            f"  quote precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}",
            f"  speaker accuracy {result['speaker_accuracy']:.3f} "
            f"({result['speaker_correct']}/{result['speaker_total']} matched quotes with a gold source)",
            f"  verb-cued attributions (direct or indirect): gold {v['gold']}, predicted {v['predicted']}, "
            f"matched {v['matched']}",
            f"  verb-cued precision {v['precision']:.3f}  recall {v['recall']:.3f}  F1 {v['f1']:.3f}",
        ]
    )
