"""Fine-tune the base model's ``ner`` on the tuning half of a CoNLL-2003 file (never the held-out half).

Usage:
    uv run python -m evaluation.train_ner CONLL_FILE BBC_DIR [--cv] [--epochs N] [--dropout D] [--out FILE]

``--cv`` chooses epochs and dropout by two-fold cross-validation inside the tuning half (newsflow's PER/ORG/LOC
F1 on the other part); without it the component is trained on the whole tuning half and written where
:mod:`tasks.lib.nlp.ner_weights` loads it. Nothing here runs at pipeline build: ``make run``/``make test`` only
read the committed bytes.

Gold is mapped onto the model's OntoNotes labels so that it learns CoNLL's names without forgetting the rest:
PER -> PERSON, ORG -> ORG, LOC -> the base model's GPE/LOC/FAC on the same span (else GPE), MISC -> the base
model's NORP/EVENT/... label on the same span (else missing). The base model's numeric entities (DATE, MONEY, ...)
are kept as pseudo-gold, its other non-CoNLL labels are missing, and BBC articles labelled by the base model are
rehearsed alongside so that amounts and dates, which read ``doc.ents``, keep working. Fixed seed, deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import random
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Adam

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.conll import ConllDoc, fold_of, raw_spans, read_conll, score, system_spans  # noqa: E402
from tasks.lib.nlp import ner_weights  # noqa: E402
from tasks.lib.nlp.pipeline import DEFAULT_MODEL, add_newsflow_pipes  # noqa: E402

SEED = 0
LEARN_RATE = 0.001  # spaCy's default Adam rate
NUMERIC = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
PLACE = {"GPE", "LOC", "FAC"}
MISC_LIKE = {"NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
# Base-model labels that CoNLL would have tagged when right (so unmatched ones are false positives: "O").
CONLL_LIKE = {"PERSON", "ORG", "NORP"} | PLACE
# BBC articles the amounts and dates benchmark scores are never rehearsed (their figures stay honest).
AMOUNTS_GOLD = ROOT / "benchmarks" / "data" / "amounts_dates_gold.jsonl"


def _base_label(base: dict[tuple[int, int], str], span: tuple[int, int], allowed: set[str]) -> str | None:
    label = base.get(span)
    return label if label in allowed else None


def conll_reference(nlp, doc: ConllDoc, base_doc: Doc) -> Doc:
    """The reference Doc for one CoNLL document: mapped gold, numeric pseudo-gold, missing where unsure."""
    ref = nlp.make_doc(doc.text)
    base = {(e.start_char, e.end_char): e.label_ for e in base_doc.ents}
    ents, missing, covered = [], [], []
    mapping = {"PER": lambda sp: "PERSON", "ORG": lambda sp: "ORG",
               "LOC": lambda sp: _base_label(base, sp, PLACE) or "GPE",
               "MISC": lambda sp: _base_label(base, sp, MISC_LIKE)}
    for s, e, typ in sorted(doc.gold | doc.other):
        covered.append((s, e))
        label = mapping.get(typ, lambda sp: None)((s, e))
        span = ref.char_span(s, e, label=label) if label else None
        (ents if span is not None else missing).append(span or ref.char_span(s, e, alignment_mode="expand"))
    for e in base_doc.ents:
        if any(s < e.end_char and e.start_char < t for s, t in covered):
            continue  # gold decides there
        span = ref.char_span(e.start_char, e.end_char, label=e.label_)
        if span is None:
            continue
        if e.label_ in NUMERIC:
            ents.append(span)
        elif e.label_ not in CONLL_LIKE:
            missing.append(span)
    ents, missing = _no_overlaps(ents), [m for m in missing if m is not None]
    taken = {i for sp in ents for i in range(sp.start, sp.end)}
    missing = [m for m in missing if not any(i in taken for i in range(m.start, m.end))]
    ref.set_ents(ents, missing=missing, default="outside")
    return ref


def _no_overlaps(spans):
    """Spans with the overlapping ones dropped (first, longest wins): gold never overlaps itself in CoNLL."""
    out, taken = [], set()
    for sp in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not any(i in taken for i in range(sp.start, sp.end)):
            out.append(sp)
            taken.update(range(sp.start, sp.end))
    return out


def rehearsal_texts(bbc_dir: Path, n: int) -> list[str]:
    """Every k-th BBC article (sorted paths; none the amounts and dates benchmark scores): n in all."""
    skip = {json.loads(line)["file"] for line in AMOUNTS_GOLD.read_text(encoding="utf-8").splitlines() if line}
    paths = [p for p in sorted(bbc_dir.glob("*/*.txt")) if f"bbc/{p.parent.name}/{p.name}" not in skip]
    step = max(1, len(paths) // n)
    return [p.read_text(encoding="utf-8", errors="replace").strip() for p in paths[::step][:n]]


def build_examples(nlp, docs: list[ConllDoc], rehearsal: list[str]) -> list[Example]:
    """Training examples: CoNLL documents (mapped gold) and rehearsal texts (the base model's own entities)."""
    with nlp.select_pipes(enable=["ner"]):
        base_docs = list(nlp.pipe([d.text for d in docs]))
        rehearsed = list(nlp.pipe(rehearsal))
    out = [Example(nlp.make_doc(d.text), conll_reference(nlp, d, b)) for d, b in zip(docs, base_docs, strict=True)]
    for doc in rehearsed:
        ref = nlp.make_doc(doc.text)
        ref.set_ents([ref.char_span(e.start_char, e.end_char, label=e.label_) for e in doc.ents], default="outside")
        out.append(Example(nlp.make_doc(doc.text), ref))
    return out


def train(nlp, examples: list[Example], epochs: int, dropout: float, on_epoch=None, lr: float = LEARN_RATE) -> None:
    """Update the pipeline's ``ner`` in place (its own tok2vec: tagger and parser are untouched)."""
    spacy.util.fix_random_seed(SEED)
    rng = random.Random(SEED)
    optimizer = Adam(lr)
    order = list(examples)
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(order, size=8):
            nlp.get_pipe("ner").update(batch, drop=dropout, sgd=optimizer, losses=losses)
        if on_epoch:
            on_epoch(epoch, losses)


def cv_part(doc: ConllDoc) -> int:
    """Two parts of the tuning half for cross-validation, by a salted hash of the headline (independent of fold_of)."""
    first = "cv:" + doc.text.split("\n", 1)[0]
    return int(hashlib.sha1(first.encode("utf-8")).hexdigest(), 16) % 2


def f1s(docs: list[ConllDoc], predicted) -> dict[str, float]:
    return {label: round(v["f1"], 4) for label, v in score([d.gold for d in docs], predicted).items()}


def cross_validate(nlp, tuning: list[ConllDoc], rehearsal: list[str], epochs: int, dropouts: list[float],
                   lr: float = LEARN_RATE) -> list[dict]:
    """Per dropout and epoch, newsflow's F1 on each part of the tuning half after training on the other part."""
    base = nlp.get_pipe("ner").to_bytes(exclude=["vocab"])
    results = []
    for dropout in dropouts:
        for part in (0, 1):
            train_docs = [d for d in tuning if cv_part(d) != part]
            test_docs = [d for d in tuning if cv_part(d) == part]
            nlp.get_pipe("ner").from_bytes(base, exclude=["vocab"])
            examples = build_examples(nlp, train_docs, rehearsal[part::2])
            texts = [d.text for d in test_docs]

            def report(epoch, losses, dropout=dropout, part=part, test_docs=test_docs, texts=texts):
                loss = round(float(losses.get("ner", 0.0)), 1)
                row = {"dropout": dropout, "part": part, "epoch": epoch, "loss": loss,
                       "system": f1s(test_docs, system_spans(nlp, texts)), "raw": f1s(test_docs, raw_spans(nlp, texts))}
                print(json.dumps(row), flush=True)
                results.append(row)

            report(0, {})
            train(nlp, examples, epochs, dropout, report, lr)
    nlp.get_pipe("ner").from_bytes(base, exclude=["vocab"])
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("conll", type=Path)
    ap.add_argument("bbc", type=Path)
    ap.add_argument("--cv", action="store_true", help="cross-validate inside the tuning half, write nothing")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--dropout", type=float, nargs="+", default=[0.3])
    ap.add_argument("--rehearsal", type=int, default=120, help="BBC articles rehearsed")
    ap.add_argument("--lr", type=float, default=LEARN_RATE, help="Adam learning rate")
    ap.add_argument("--out", type=Path, default=ner_weights.WEIGHTS)
    args = ap.parse_args(argv)
    nlp = add_newsflow_pipes(importlib.import_module(DEFAULT_MODEL).load())  # the base ner, not the committed one
    tuning = [d for d in read_conll(args.conll) if fold_of(d) == "tuning"]
    rehearsal = rehearsal_texts(args.bbc, args.rehearsal)
    if args.cv:
        cross_validate(nlp, tuning, rehearsal, args.epochs, args.dropout, args.lr)
        return 0
    examples = build_examples(nlp, tuning, rehearsal)
    train(nlp, examples, args.epochs, args.dropout[0], lambda e, lo: print(f"epoch {e} loss {lo.get('ner', 0):.1f}"),
          args.lr)
    ner_weights.save(nlp, args.out, {"epochs": args.epochs, "dropout": args.dropout[0], "lr": args.lr, "seed": SEED,
                                     "rehearsal": len(rehearsal), "trained_on": f"{args.conll.name}, tuning half"})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
