"""An article is parsed paragraph by paragraph: no sentence runs over a line break, offsets stay the article's."""

from __future__ import annotations

import pytest

from tasks.lib.extract.analyze import analyze_texts
from tasks.lib.nlp import paragraphs

ARTICLE = (
    'The minister said: "What we need is a thorough inspection of the government\'s accounts."\n'
    "Mr Cable also accused the chancellor of ducking tough choices.\n"
    "The show's producers said the vote would run until Monday.\"\n"
    "Contestants Paul Burrell, Joe Pasquale and Fran Cosgrave were told by the hosts.\n"
    "Shares in the bank climbed by 2.7% and the broker added 5.3%.\n"
    "Combining SMFG, Japan's third-biggest lender, and Daiwa would create a giant."
)


@pytest.mark.parametrize(("text", "pieces"), [
    ("", [""]),
    ("One line.", ["One line."]),
    ("One.\nTwo.\n", ["One.\n", "Two.\n"]),
    ("One.\n\n  Two.", ["One.\n\n  ", "Two."]),  # blank lines and indentation stay with the paragraph before
])
def test_paragraphs_are_cut_after_each_line_break(text, pieces):
    assert paragraphs.paragraphs(text) == pieces


def test_no_sentence_runs_over_a_line_break_and_tokens_are_the_whole_parse(nlp):
    whole = nlp(ARTICLE)
    assert any("\n" in s.text.strip() for s in whole.sents)  # the model alone runs a closing mark into the next line
    doc = next(paragraphs.parse(nlp, [ARTICLE]))
    assert doc.text == ARTICLE
    assert [t.text for t in doc] == [t.text for t in whole]
    assert not [s.text for s in doc.sents if "\n" in s.text.strip()]
    assert [s.text.strip() for s in doc.sents][:2] == [
        'The minister said: "What we need is a thorough inspection of the government\'s accounts."',
        "Mr Cable also accused the chancellor of ducking tough choices.",
    ]


def test_a_paragraphs_first_word_is_read_as_its_start(nlp):
    (analysis,) = analyze_texts(nlp, [ARTICLE], n_process=0)
    names = {(m.text, m.label) for m in analysis.mentions}
    assert {("Paul Burrell", "PERSON"), ("Joe Pasquale", "PERSON")} <= names
    assert {m.text for m in analysis.mentions if m.label == "PERSON"} >= {"Cable"}
    assert not {text for text, _ in names if text.startswith(("Contestants", "Combining", "Mr Cable"))}
    assert all(ARTICLE[m.start_char:m.end_char] == m.text for m in analysis.mentions)  # offsets into the article
