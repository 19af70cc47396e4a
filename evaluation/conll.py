"""Span-level NER evaluation on CoNLL-2003-format data: newsflow's pipeline next to the raw model.

Each document is rebuilt from the token file (tokens joined by spaces, sentences by newlines), parsed
with the production pipeline and scored on exact PER/ORG/LOC spans. The raw model's ``doc.ents``
(newsflow's components switched off) are scored on the same text for comparison.

The documents fall in two fixed halves by a hash of their first line (:func:`fold_of`): rules are written
against the ``tuning`` half only; the ``held_out`` half measures how well they generalise.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tasks.lib.extract.entities import extract_entities
from tasks.lib.extract.entity_labels import ORG_LABELS, PERSON_LABELS, PLACE_LABELS
from tasks.lib.nlp import paragraphs
from tasks.lib.nlp.pipeline import NEWSFLOW_PIPES, load_pipeline

EVAL_LABELS = ("PER", "ORG", "LOC")
# spaCy's OntoNotes labels folded onto CoNLL's; NORP, MISC-like and numeric labels are not scored.
LABEL_MAP = {
    **{label: "PER" for label in PERSON_LABELS},
    **{label: "ORG" for label in ORG_LABELS},
    **{label: "LOC" for label in PLACE_LABELS},
}


@dataclass
class ConllDoc:
    """One document rebuilt from CoNLL tokens, with its gold spans as character offsets."""

    text: str
    gold: set[tuple[int, int, str]] = field(default_factory=set)
    n_tokens: int = 0
    # Gold spans of the types not scored (MISC): the NER fine-tune (evaluation/train_ner.py) reads them.
    other: set[tuple[int, int, str]] = field(default_factory=set)


FOLDS = ("tuning", "held_out")


def fold_of(doc: ConllDoc) -> str:
    """The fixed half a document belongs to: ``held_out`` or ``tuning``, by a hash of its first line.

    The first line is the document's headline, so the split does not move when documents are added,
    removed or reordered, and a document repeated in the file stays in one half.

    Args:
        doc: a document from :func:`read_conll`.

    Returns:
        ``"held_out"`` when the SHA-1 of the first line is odd, else ``"tuning"``.
    """
    first = doc.text.split("\n", 1)[0]
    return FOLDS[int(hashlib.sha1(first.encode("utf-8")).hexdigest(), 16) % 2]


def _tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, type) from IOB1 or IOB2 tags."""
    spans: list[tuple[int, int, str]] = []
    start, cur = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        # IOB1 starts a span with I- unless it continues the same type; B- always starts one.
        begins = prefix == "B" or (prefix == "I" and typ != cur)
        if cur is not None and (prefix == "O" or begins):
            spans.append((start, i, cur))
            start, cur = None, None
        if begins:
            start, cur = i, typ
    return spans


def read_conll(path: str | Path) -> Iterator[ConllDoc]:
    """Yield the documents of a CoNLL-2003 file (``-DOCSTART-`` lines separate documents).

    Args:
        path: a file with one ``token POS chunk NER`` line per token and blank lines between sentences.

    Returns:
        An iterator of ConllDoc with the text rebuilt and gold PER/ORG/LOC spans in character offsets.

    Raises:
        ValueError: a token line without an NER column.
    """
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def build() -> ConllDoc | None:
        if current:
            sentences.append(list(current))
            current.clear()
        if not sentences:
            return None
        lines, gold, other, pos, n = [], set(), set(), 0, 0
        for sent in sentences:
            offsets = []
            for tok, _ in sent:
                offsets.append((pos, pos + len(tok)))
                pos += len(tok) + 1  # the space or the newline after it
            for s, e, typ in _tag_spans([t for _, t in sent]):
                (gold if typ in EVAL_LABELS else other).add((offsets[s][0], offsets[e - 1][1], typ))
            lines.append(" ".join(tok for tok, _ in sent))
            n += len(sent)
        sentences.clear()
        return ConllDoc(text="\n".join(lines), gold=gold, n_tokens=n, other=other)

    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if line.startswith("-DOCSTART-"):
                doc = build()
                if doc:
                    yield doc
                continue
            if not line:
                if current:
                    sentences.append(list(current))
                    current.clear()
                continue
            cols = line.split()
            if len(cols) < 2:
                raise ValueError(f"{path}:{lineno}: expected 'token ... NER', got {line!r}")
            current.append((cols[0], cols[-1]))
    doc = build()
    if doc:
        yield doc


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def score(gold: Iterable[set], predicted: Iterable[set]) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per label and micro-averaged ("ALL").

    Args:
        gold: per document, a set of (start_char, end_char, label) spans.
        predicted: per document, the predicted spans in the same form.

    Returns:
        ``{label: {"precision", "recall", "f1", "tp", "fp", "fn"}}`` for PER, ORG, LOC and ALL.
    """
    counts = {label: Counts() for label in (*EVAL_LABELS, "ALL")}
    for g, p in zip(gold, predicted, strict=True):
        for label in EVAL_LABELS:
            gl = {s for s in g if s[2] == label}
            pl = {s for s in p if s[2] == label}
            c = counts[label]
            c.tp += len(gl & pl)
            c.fp += len(pl - gl)
            c.fn += len(gl - pl)
    for label in EVAL_LABELS:
        for attr in ("tp", "fp", "fn"):
            setattr(counts["ALL"], attr, getattr(counts["ALL"], attr) + getattr(counts[label], attr))
    return {label: c.scores() for label, c in counts.items()}


def scored_spans(spans: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """(start, end, spaCy label) spans as the scored ones: labels folded onto PER/ORG/LOC, the others left out."""
    return {(s, e, LABEL_MAP[label]) for s, e, label in spans if label in LABEL_MAP}


def _by_fold(docs: list[ConllDoc], predicted: list[set]) -> dict[str, dict]:
    """:func:`score` over all documents and over each fixed half."""
    out = {"all": score([d.gold for d in docs], predicted)}
    for fold in FOLDS:
        pairs = [(d.gold, p) for d, p in zip(docs, predicted, strict=True) if fold_of(d) == fold]
        out[fold] = score([g for g, _ in pairs], [p for _, p in pairs])
    return out


def system_spans(nlp, texts: list[str]) -> list[set[tuple[int, int, str]]]:
    """Per text, newsflow's PER/ORG/LOC mentions (the production pipeline and entity extraction)."""
    out = []
    for doc in paragraphs.parse(nlp, texts):
        _, mentions = extract_entities(doc)
        out.append(scored_spans((m.start_char, m.end_char, m.label) for m in mentions))
    return out


def raw_spans(nlp, texts: list[str], batch_size: int = 32) -> list[set[tuple[int, int, str]]]:
    """Per text, the model's own ``doc.ents`` folded onto PER/ORG/LOC (newsflow's components off)."""
    ours = [p for p in nlp.pipe_names if p in NEWSFLOW_PIPES]
    with nlp.select_pipes(disable=ours):
        return [scored_spans((e.start_char, e.end_char, e.label_) for e in doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size)]


def evaluate(path: str | Path, model: str | None = None, batch_size: int = 32) -> dict:
    """Score newsflow's entities and the raw model's ``doc.ents`` on a CoNLL-2003 file, per half.

    Args:
        path: the CoNLL-2003-format file.
        model: the spaCy pipeline package (default: the project's pipeline).
        batch_size: documents per ``nlp.pipe`` batch of the raw model (the system parses as the pipeline does).

    Returns:
        ``{"model", "documents": {"all", "tuning", "held_out"}, "tokens", "system", "raw", "seconds":
        {"system", "raw"}}`` where ``system`` and ``raw`` map ``all``, ``tuning`` and ``held_out`` to
        :func:`score` results.
    """
    nlp = load_pipeline(model) if model else load_pipeline()
    docs = list(read_conll(path))
    texts = [d.text for d in docs]

    t0 = time.perf_counter()
    system = system_spans(nlp, texts)
    t_system = time.perf_counter() - t0
    t0 = time.perf_counter()
    raw = raw_spans(nlp, texts, batch_size)
    t_raw = time.perf_counter() - t0

    sizes = Counter(fold_of(d) for d in docs)
    return {
        "model": nlp.meta.get("name", "") + " " + nlp.meta.get("version", ""),
        "documents": {"all": len(docs), **{f: sizes[f] for f in FOLDS}},
        "tokens": sum(d.n_tokens for d in docs),
        "system": _by_fold(docs, system),
        "raw": _by_fold(docs, raw),
        "seconds": {"system": t_system, "raw": t_raw},
    }


def format_report(result: dict) -> str:
    """Plain-text tables of precision, recall and F1 per label and half, newsflow next to the raw model.

    Args:
        result: the dict :func:`evaluate` returns.

    Returns:
        One table per half (tuning, held-out, all documents), then document counts and timings.
    """
    rows = []
    for fold in (*FOLDS, "all"):
        n = result["documents"][fold]
        rows.append(f"{fold} ({n} documents)")
        rows.append(f"{'label':<6} {'system P':>9} {'R':>6} {'F1':>6}   {'raw P':>6} {'R':>6} {'F1':>6}")
        for label in (*EVAL_LABELS, "ALL"):
            s, r = result["system"][fold][label], result["raw"][fold][label]
            rows.append(
                f"{label:<6} {s['precision']:>9.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}   "
                f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}"
            )
        rows.append("")
    sec = result["seconds"]
    rows.append(
        f"model {result['model']}: {result['documents']['all']} documents, {result['tokens']} tokens; "
        f"system {sec['system']:.1f}s, raw model {sec['raw']:.1f}s"
    )
    return "\n".join(rows)
