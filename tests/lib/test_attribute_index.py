"""The model's attribute_ruler through the pattern index: the same matches and token attributes as its Matcher."""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler

from tasks.lib.nlp.attribute_index import IndexedMatcher, index_attribute_ruler

TEXT = ("We're gonna win, y'all. I ain't done nothin' yet, she told me. Let's go: there is a way.\n\n"
        "  It was given to it because the board, which met on Friday, did not agree.")


def test_the_pipeline_uses_the_index_and_finds_what_the_matcher_finds(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedMatcher)
    doc = nlp(TEXT)
    assert ruler.match(doc) == sorted(set(AttributeRuler.match(ruler, doc)))


def test_exceptions_reach_the_tokens(nlp):
    doc = nlp(TEXT)
    lemma = {t.text: t.lemma_ for t in doc}
    assert (lemma["gon"], lemma["na"]) == ("go", "to")  # a two-token pattern, each token its own lemma
    assert lemma["ai"] == "be"  # "ai" + "n't": a REGEX on the second token
    assert lemma["nothin'"] == "nothing"  # a REGEX on the only token
    assert str(doc[[t.text for t in doc].index("I")].morph) == "Case=Nom|Number=Sing|Person=1|PronType=Prs"
    assert [t.pos_ for t in doc if t.text == "not"] == ["PART"]
    assert [t.pos_ for t in doc if t.is_space] == ["SPACE"]


def test_a_pattern_the_index_cannot_reproduce_leaves_the_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert index_attribute_ruler(nlp) is False
    assert not isinstance(ruler.match, IndexedMatcher)
    assert [t.pos_ for t in nlp("very very good")] == ["ADV", "ADV", ""]
