"""The NER fine-tune's reference annotation: CoNLL gold mapped onto the model's labels without teaching it to forget."""

import spacy

from evaluation.conll import ConllDoc
from evaluation.train_ner import conll_reference

TEXT = "John Smith joined Leeds United in London on Friday .\nBritons and Tories cheered Acme ."


def _offsets(text, label):
    start = TEXT.index(text)
    return start, start + len(text), label


def _span(doc, text, label):
    return doc.char_span(*_offsets(text, label))


def _reference(base_ents):
    nlp = spacy.blank("en")
    gold = {_offsets("John Smith", "PER"), _offsets("Leeds United", "ORG"), _offsets("London", "LOC")}
    other = {_offsets("Britons", "MISC"), _offsets("Tories", "MISC")}
    base = nlp.make_doc(TEXT)
    base.set_ents([_span(base, t, label) for t, label in base_ents])
    ref = conll_reference(nlp, ConllDoc(TEXT, gold=gold, other=other), base)
    tags = {t.text: (t.ent_iob_ or "-") + (t.ent_type_ and "-" + t.ent_type_) for t in ref}
    return [(e.text, e.label_) for e in ref.ents], tags


def test_gold_mapped_numbers_kept_unsure_misc_left_missing():
    ents, tags = _reference([("John", "PERSON"), ("London", "LOC"), ("Friday", "DATE"), ("Britons", "NORP"),
                             ("Tories", "ORG"), ("Acme", "PERSON")])
    assert ents == [("John Smith", "PERSON"), ("Leeds United", "ORG"), ("London", "LOC"), ("Friday", "DATE"),
                    ("Britons", "NORP")]
    assert tags["Tories"] == "-"  # MISC the model calls ORG: no annotation rather than a wrong one
    assert tags["Acme"] == "O"  # a name CoNLL does not tag is no person
    assert tags["joined"] == "O"


def test_a_place_the_model_missed_is_a_gpe():
    ents, _ = _reference([("Friday", "DATE")])
    assert ("London", "GPE") in ents and ("Britons", "NORP") not in ents
