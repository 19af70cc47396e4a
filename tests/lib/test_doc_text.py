"""A Doc's text read once stays the Doc's text."""

from __future__ import annotations

from tasks.lib.extract import amounts
from tasks.lib.nlp.doc_text import doc_text

TEXT = 'Shares in Magna fell 4% to $12.50 on Tuesday.\n"We will recover," said Anna Berg, its chief executive.\n'


def test_doc_text_is_the_text_the_doc_was_made_from(nlp):
    doc = nlp(TEXT)
    assert doc_text(doc) == TEXT
    with doc.retokenize() as retokenizer:  # merging tokens changes no character
        retokenizer.merge(doc[8:10])
    assert doc_text(doc) == doc.text == TEXT


def test_offsets_found_through_the_cached_text_match_the_doc(nlp):
    doc = nlp(TEXT)
    found = {(a.kind, a.value): TEXT[a.start_char:a.end_char] for a in amounts.extract_amounts(doc)}
    assert found[("money", 12.5)] == "$12.50"
    assert found[("percent", 4.0)] == "4%"
