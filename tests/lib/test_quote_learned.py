"""Quotations no layout rule attributes, taken by the learned scorer (``quotes.learned``), on articles written here.

Each test asserts the speaker, the text and that the quotation is a statement of its own; quoted titles and scare
quotes stay out. The scorer's figures come from ``benchmarks/quotes_polnear.py``, not from here.
"""

from __future__ import annotations

import shutil

import pytest

from tasks.lib.extract.quotes import quote_weights
from tests.lib.quote_helpers import statement_groups


def _statements(nlp, text):
    """(speaker's canonical name or speaker text, [piece texts]) per statement, in text order."""
    names, groups = statement_groups(nlp, text)
    return [(names.get(p[0].speaker_entity_key, p[0].speaker_text), [q.text for q in p]) for p in groups]


@pytest.mark.model
def test_quotation_governed_by_a_participle(nlp):
    text = ("Flea shared the news on social media last week, writing “Feels great to support someone I believe in. "
            "This is a man with integrity.”\n")
    assert _statements(nlp, text) == [
        ("Flea", ["Feels great to support someone I believe in. This is a man with integrity."])]


@pytest.mark.model
def test_titles_and_names_in_quotation_marks_are_not_quotes(nlp):
    text = ("The ad, entitled “Nuestra Historia,” features five Hispanic-Americans.\n\n"
            "Its director appeared on “Saturday Night Live” last month.\n")
    assert _statements(nlp, text) == []


@pytest.mark.model
def test_rules_alone_miss_what_the_scorer_takes(nlp):
    text = ("HIGHER TURNOUT IN IOWA - Michael P. McDonald: “At long last the nomination contests have started, and "
            "we now have the first solid glimpse at voter participation.”\n")
    quote_weights.set_enabled(False)
    try:
        assert _statements(nlp, text) == []
    finally:
        quote_weights.set_enabled(True)


def test_damaged_weights_are_refused(tmp_path):
    path = tmp_path / "quote_scorer.json"
    shutil.copy(quote_weights.WEIGHTS, path)
    shutil.copy(quote_weights.meta_path(quote_weights.WEIGHTS), quote_weights.meta_path(path))
    assert quote_weights.read(path).quote_threshold == quote_weights.read(quote_weights.WEIGHTS).quote_threshold
    path.write_bytes(path.read_bytes() + b" ")  # one byte more than the manifest vouches for
    with pytest.raises(quote_weights.QuoteWeightsError, match="checksum"):
        quote_weights.read(path)


def test_missing_weights_say_how_to_restore_them(tmp_path):
    with pytest.raises(quote_weights.QuoteWeightsError, match="train_quote_scorer"):
        quote_weights.read(tmp_path / "quote_scorer.json")


@pytest.mark.model
def test_inverted_verb_before_a_colon_closing_the_paragraph(nlp):
    text = ("Roger Stone spoke on the radio program on Sunday.\n\nStated Stone:\n\n“I think the stakes are so high "
            "that they would do anything necessary to remain in power.”\n")
    _, groups = statement_groups(nlp, text)
    # The speaker phrase; the model reads "Stated Stone" as one name, which entity grouping keeps as its own entity.
    assert [(p[0].speaker_text, p[0].cue, [q.text for q in p]) for p in groups] == [
        ("Stone", "Stated",
         ["I think the stakes are so high that they would do anything necessary to remain in power."])]
