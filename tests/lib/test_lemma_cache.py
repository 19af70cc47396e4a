"""The lemmatizer on arrays gives every token the lemma spaCy's own lemmatizer gives it."""

from __future__ import annotations

import importlib

from tasks.lib.nlp.lemma_cache import cache_lemmatizer
from tasks.lib.nlp.pipeline import DEFAULT_MODEL

TEXTS = ["The ministers were meeting their counterparts; talks had broken down twice.",
         "She's gonna say the mice ran faster than the geese, and the talks went better.",
         "Shares fell 4% as investors sold, said analysts who had been buying."]


def test_lemmas_equal_the_plain_lemmatizer_s(nlp):
    assert type(nlp.get_pipe("lemmatizer")).__name__.startswith("Cached")
    plain = importlib.import_module(DEFAULT_MODEL).load()
    for _ in range(2):  # cold, then from the cache
        for ours, theirs in zip(nlp.pipe(TEXTS), plain.pipe(TEXTS), strict=True):
            assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    words = {t.text: t.lemma_ for t in nlp(TEXTS[1])}
    assert (words["mice"], words["ran"], words["talks"], words["gon"]) == ("mouse", "run", "talk", "go")


def test_only_a_rule_lemmatizer_that_does_not_overwrite_is_replaced():
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert cache_lemmatizer(blank) is False
    assert cache_lemmatizer(spacy.blank("en")) is False
