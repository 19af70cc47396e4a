"""Statements: which quote pieces belong together, on short articles written for these tests."""

from __future__ import annotations

import pytest

from tests.lib.quote_helpers import statement_groups

pytestmark = pytest.mark.model


def _statements(nlp, text):
    """(speaker's canonical name, [piece texts]) per statement, in text order; and the pieces' kinds."""
    names, groups = statement_groups(nlp, text)
    return [(names.get(p[0].speaker_entity_key), [q.text for q in p], p[0].kind) for p in groups]


def test_quote_split_by_its_attribution_is_one_statement(nlp):
    text = "Mayor Ruth Lang spoke on Monday.\n\n“We will win,” Lang said, “and soon.”\n"
    assert _statements(nlp, text) == [("Ruth Lang", ["We will win,", "and soon."], "direct")]


def test_split_by_attribution_then_a_new_sentence_is_still_one_statement(nlp):
    text = "Senator Paul Ortiz left the chamber.\n\n“It is over,” Ortiz said. “We lost the vote.”\n"
    assert _statements(nlp, text) == [("Paul Ortiz", ["It is over,", "We lost the vote."], "direct")]


def test_quote_over_paragraphs_is_one_statement(nlp):
    text = (
        "Governor Maria Diaz addressed the state on Tuesday.\n\n"
        "“The budget is balanced for the first time in a decade. We made hard choices.\n\n"
        "“Next year we will cut taxes for every family,” Diaz said.\n"
    )
    assert _statements(nlp, text) == [
        ("Maria Diaz", ["The budget is balanced for the first time in a decade. We made hard choices.",
                        "Next year we will cut taxes for every family,"], "direct"),
    ]


def test_quoted_paragraphs_run_into_one_line_are_one_statement(nlp):
    text = ('Ivo Minar lost the final.\n\n"For me, this was a big success," said Minar. "I was so nervous I could not '
            'sleep. "I wanted to play qualifying, but this is a main draw and I need the points."\n')
    assert _statements(nlp, text) == [
        ("Ivo Minar", ["For me, this was a big success,", "I was so nervous I could not sleep.",
                       "I wanted to play qualifying, but this is a main draw and I need the points."], "direct"),
    ]


def test_quoted_paragraphs_after_a_colon_lead_in_are_one_statement(nlp):
    text = (
        "Chancellor Olaf Brandt told parliament on Wednesday:\n\n"
        "“Our economy has grown for six quarters in a row.”\n\n"
        "“Unemployment is at its lowest level since 1990.”\n"
    )
    assert _statements(nlp, text) == [
        ("Olaf Brandt", ["Our economy has grown for six quarters in a row.",
                         "Unemployment is at its lowest level since 1990."], "direct"),
    ]


def test_two_attributions_of_one_speaker_are_two_statements(nlp):
    text = (
        "Coach Tom Reyes was pleased.\n\n"
        "“We played well,” Reyes said.\n\n"
        "The team won 3-0.\n\n"
        "“The fans deserve this,” Reyes added.\n"
    )
    assert _statements(nlp, text) == [
        ("Tom Reyes", ["We played well,"], "direct"),
        ("Tom Reyes", ["The fans deserve this,"], "direct"),
    ]


def test_a_title_quoted_in_the_attribution_does_not_split_the_statement(nlp):
    text = (
        "Senator Carla Munoz was asked about the vote.\n\n"
        "“It is nonsense,” Munoz said on NBC’s “Meet the Press.” “She knows the bill will fail.”\n"
    )
    assert _statements(nlp, text) == [
        ("Carla Munoz", ["It is nonsense,", "She knows the bill will fail."], "direct"),
    ]


def test_attribution_set_off_inside_the_sentence_it_reports(nlp):
    text = (
        "Senator Tim Ruiz spoke in Columbia on Monday.\n\n"
        "South Carolina, Ruiz said, was “where we have a chance to win.”\n\n"
        "If the vote fails, he said, Congress can still pass a simple bill.\n"
    )
    # Each sentence is one statement of two pieces, either side of its attribution.
    assert _statements(nlp, text) == [
        ("Tim Ruiz", ["South Carolina", "was “where we have a chance to win.”"], "mixed"),
        ("Tim Ruiz", ["If the vote fails", "Congress can still pass a simple bill"], "indirect"),
    ]
