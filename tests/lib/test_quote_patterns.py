"""The quote layouts that fail on new articles, each on a short article written here.

Each test asserts the speaker, the text and the grouping into statements.
"""

from __future__ import annotations

import pytest

from tests.lib.quote_helpers import statement_groups

pytestmark = pytest.mark.model


def _statements(nlp, text):
    """(speaker's canonical name or speaker text, kind, [piece texts]) per statement, in text order."""
    names, groups = statement_groups(nlp, text)
    return [(names.get(p[0].speaker_entity_key, p[0].speaker_text), p[0].kind, [q.text for q in p]) for p in groups]


def test_colon_introduced_quote(nlp):
    text = "President Donald Trump spoke in Ohio.\n\nTrump said: “We will win, and we will win big.”\n"
    assert _statements(nlp, text) == [("Donald Trump", "direct", ["We will win, and we will win big."])]


def test_cue_after_a_second_sentence(nlp):
    text = (
        "Senator Amy Kline voted against the bill.\n\n"
        "“This bill hurts farmers. It will not pass again,” Kline said on Friday.\n"
    )
    assert _statements(nlp, text) == [
        ("Amy Kline", "direct", ["This bill hurts farmers. It will not pass again,"])]


def test_cue_after_a_long_speaker_clause(nlp):
    text = (
        "The port strike entered its third week.\n\n"
        "“Nobody wins a strike like this one,” Maria Santos, who has led the dockworkers’ union since 2012 "
        "and negotiated the last two contracts, said.\n"
    )
    [(speaker, kind, pieces)] = _statements(nlp, text)
    assert (speaker, kind, pieces) == ("Maria Santos", "direct", ["Nobody wins a strike like this one,"])


def test_partial_quote_inside_reported_speech(nlp):
    text = "Governor Ned Hale spoke in Albany.\n\nHale urged Congress to “act now” on the border.\n"
    [(speaker, kind, [content])] = _statements(nlp, text)
    assert (speaker, kind) == ("Ned Hale", "mixed")
    assert content.startswith("Congress to “act now”")


def test_quoted_paragraph_after_the_paragraph_naming_its_speaker(nlp):
    text = (
        "Mayor Lena Ortiz defended the budget on Monday.\n\n"
        "“Every dollar is accounted for,” Ortiz said.\n\n"
        "“We cut waste, not services. The audit shows it.”\n"
    )
    # One attribution for both paragraphs: one statement of two pieces.
    assert _statements(nlp, text) == [
        ("Lena Ortiz", "direct", ["Every dollar is accounted for,", "We cut waste, not services. The audit shows it."]),
    ]


def test_according_to(nlp):
    text = "Prices rose again in May.\n\nAccording to the Labor Department, inflation reached 4 percent last month.\n"
    [(speaker, kind, [content])] = _statements(nlp, text)
    assert "Labor Department" in speaker and kind == "indirect"
    assert content == "inflation reached 4 percent last month"


def test_nested_quotes_stay_inside_the_outer_quotation(nlp):
    text = (
        "Judge Alan Price ruled on Thursday.\n\n"
        "“The law says ‘shall,’ not ‘may,’ and that settles it,” Price wrote.\n"
    )
    assert _statements(nlp, text) == [
        ("Alan Price", "direct", ["The law says ‘shall,’ not ‘may,’ and that settles it,"])]


def test_single_quoted_quote(nlp):
    text = "Coach Tom Reyes was pleased.\n\n‘We played the best football of the season,’ Reyes said.\n"
    assert _statements(nlp, text) == [("Tom Reyes", "direct", ["We played the best football of the season,"])]


# ---------------------------------------------------------------- indirect speech
@pytest.mark.parametrize(
    "sentence, content",
    [
        # The complementizer stays in the content, as PolNeAR annotates it.
        ("Kline said that the bill would hurt farmers.", "that the bill would hurt farmers"),
        ("Kline said the bill would hurt farmers.", "the bill would hurt farmers"),
        ("Kline told reporters that the bill would hurt farmers.", "that the bill would hurt farmers"),
        ("Kline told reporters the bill would hurt farmers.", "the bill would hurt farmers"),
        ("Kline argued that the bill would hurt farmers.", "that the bill would hurt farmers"),
        ("Kline warned the bill would hurt farmers.", "the bill would hurt farmers"),
        ("Kline insisted that the bill would hurt farmers.", "that the bill would hurt farmers"),
        ("According to Kline, the bill would hurt farmers.", "the bill would hurt farmers"),
    ],
)
def test_indirect_speech(nlp, sentence, content):
    text = f"Senator Amy Kline spoke on Tuesday.\n\n{sentence}\n"
    assert _statements(nlp, text) == [("Amy Kline", "indirect", [content])]


def test_subject_set_off_by_an_aside(nlp):
    text = (
        "Voters went to the polls on Tuesday.\n\n"
        "Donald Trump, in Kentucky, said Tuesday that Marco Rubio was “a total lightweight.”\n"
    )
    [(speaker, kind, [content])] = _statements(nlp, text)
    assert (speaker, kind) == ("Donald Trump", "mixed")
    assert content.endswith("that Marco Rubio was “a total lightweight.”")


def test_as_x_said_reports_the_main_clause(nlp):
    text = (
        "The senator spoke on Monday.\n\n"
        "As Speaker Paul Ryan has pointed out, that is the “textbook definition” of racism.\n"
    )
    [(speaker, kind, [content])] = _statements(nlp, text)
    assert (speaker, kind, content) == ("Paul Ryan", "mixed", "that is the “textbook definition” of racism")


def test_colon_after_a_lead_in_without_a_reporting_verb(nlp):
    text = (
        "Hillary Clinton faced questions about her email server.\n\n"
        "Clinton has since apologized for what happened: “I should have used two accounts. I take responsibility.”\n"
    )
    assert _statements(nlp, text) == [
        ("Hillary Clinton", "direct", ["I should have used two accounts. I take responsibility."])]


def test_colon_lead_in_paragraph_without_a_reporting_verb(nlp):
    text = (
        "Senator Amy Kline issued the following statement:\n\n"
        "“Our prayers are with the victims of this attack.”\n\n"
        "Police said the attacker acted alone.\n"
    )
    assert _statements(nlp, text)[0] == ("Amy Kline", "direct", ["Our prayers are with the victims of this attack."])


def test_typewriter_double_marks(nlp):
    # Newswire archives type a double mark as two apostrophes: ''...''.
    text = (
        "Nega returned to Addis Ababa in May.\n\n"
        "''We are five right now,'' Nega said. ''Nobody here is afraid.''\n"
    )
    assert _statements(nlp, text) == [("Nega", "direct", ["We are five right now,", "Nobody here is afraid."])]


def test_quotation_ending_a_sentence_that_opens_unquoted_is_mixed(nlp):
    text = "Mayor Lucy Hart spoke on Monday.\n\nThis is a “raw time,” Hart said.\n"
    assert _statements(nlp, text) == [("Lucy Hart", "mixed", ["This is a “raw time,”"])]


def test_quote_in_a_headline(nlp):
    text = "Ryan calls Trump remark “racist,” but backs him\n\nHouse Speaker Paul Ryan spoke on Tuesday.\n"
    assert _statements(nlp, text) == [("Paul Ryan", "mixed", ["Trump remark “racist,”"])]


def test_quoted_post_and_its_embed_markup(nlp):
    # The post's text is quoted after "tweeted:"; the markup's attribute values are not quotations.
    text = (
        "Governor Ned Hale posted on Twitter.\n\n"
        "Hale tweeted: “We will not back down. Not now, not ever.”\n\n"
        "One voter tweeted:\n\n"
        '<tweet tweet-author="@farmvoter" tweet-date="March 11, 2016">Hale is right.</tweet>\n'
    )
    assert _statements(nlp, text) == [("Ned Hale", "direct", ["We will not back down. Not now, not ever."])]


def test_cue_after_a_relative_clause_set_off_by_commas(nlp):
    text = (
        "Senator Ellen Warren spoke in Boston.\n\n"
        "\"I don't believe in superdelegates. They ought not to sway the election,\" Warren, who has not "
        "endorsed a candidate in the race, told reporters in Boston.\n"
    )
    assert _statements(nlp, text) == [
        ("Ellen Warren", "direct", ["I don't believe in superdelegates. They ought not to sway the election,"])]



def test_reported_clause_runs_on_to_the_quotation_ending_its_sentence(nlp):
    text = (
        "Donald Trump spoke about his planes on Friday.\n\n"
        "Trump added that he could get by without owning a Boeing 757 but it was a \"great luxury to have.\"\n"
    )
    assert _statements(nlp, text) == [
        ("Donald Trump", "mixed", ['that he could get by without owning a Boeing 757 but it was a '
                                   '"great luxury to have."'])]


def test_a_mixed_quote_inside_another_statement_is_part_of_it(nlp):
    text = (
        "Governor Ned Hale spoke in Albany.\n\n"
        "Hale argued that the tax, which critics say is \"a gift to banks,\" should stay in place this year.\n"
    )
    assert _statements(nlp, text) == [
        ("Ned Hale", "mixed", ['that the tax, which critics say is "a gift to banks," should stay in place this year'])]


def test_that_clause_after_an_adjunct_of_the_cue(nlp):
    # The parse hangs "that ..." on "statement" / "meeting" as if relative; it is what was said.
    text = (
        "The city council met on Monday.\n\n"
        "Union director Anna Berg says in a statement that the mayor’s “reckless spending has crossed the line "
        "from waste to fraud.”\n\n"
        "Tom Reyes predicted at the most recent council meeting that Democrats will take “every seat” "
        "if Berg wins.\n"
    )
    assert _statements(nlp, text) == [
        ("Anna Berg", "mixed",
         ["that the mayor’s “reckless spending has crossed the line from waste to fraud.”"]),
        ("Tom Reyes", "mixed", ["that Democrats will take “every seat” if Berg wins"]),
    ]


def test_participle_on_an_issued_statement_speaks_for_the_issuer(nlp):
    text = (
        "Dockworkers walked out in Oakland.\n\n"
        "Later, the union issued a statement saying the vote “ignored every worker in the port.”\n"
    )
    assert _statements(nlp, text) == [
        ("the union", "mixed", ["the vote “ignored every worker in the port.”"])]


def test_a_second_that_clause_is_part_of_the_statement(nlp):
    # "said that X ... and that Y": the parse hangs the second clause on "said", beside the first.
    text = (
        "The council met on Monday.\n\n"
        "Mayor Ruth Lang said that the plan “would cost too much,” and that the council had not read the report.\n"
    )
    assert _statements(nlp, text) == [("Ruth Lang", "mixed", [
        "that the plan “would cost too much,” and that the council had not read the report"])]


def test_as_x_put_it(nlp):
    text = (
        "The budget talks collapsed on Friday.\n\n"
        "As Professor Karl Lund put it, “The city has run out of money and out of time.”\n"
    )
    assert _statements(nlp, text) == [
        ("Karl Lund", "direct", ["The city has run out of money and out of time."])]


def test_trailing_cue_followed_by_a_participle(nlp):
    # The participle is the speaker's next act: the quotation is still attributed by "said".
    text = (
        "The band is back in the studio.\n\n"
        "“We had written two dozen songs before we met our producer,” singer Anthony Kiedis said, "
        "mentioning the long-awaited album is “in the home stretch.”\n"
    )
    statements = _statements(nlp, text)
    assert statements[0] == (
        "Anthony Kiedis", "direct", ["We had written two dozen songs before we met our producer,"])


def test_less_common_verbs_of_saying(nlp):
    text = (
        "The debate turned sharp on Tuesday.\n\n"
        "“Jeb wants to be a tough guy tonight,” Governor Chris Lane shot back.\n\n"
        "Senator Mary Cole later elaborated: “We need a plan, not a slogan.”\n"
    )
    assert _statements(nlp, text) == [
        ("Chris Lane", "direct", ["Jeb wants to be a tough guy tonight,"]),
        ("Mary Cole", "direct", ["We need a plan, not a slogan."]),
    ]


def test_mixed_quote_runs_on_through_a_concessive_clause(nlp):
    # "despite ..." after the quoted words is still what was said, not the circumstances of saying it.
    text = (
        "The primary results came in late.\n\n"
        "Lt. Gov. Dan Patrick says Ted Cruz is “standing tall” despite losing the primary to Donald Trump.\n"
    )
    assert _statements(nlp, text) == [
        ("Dan Patrick", "mixed", ["Ted Cruz is “standing tall” despite losing the primary to Donald Trump"])]


def test_participle_after_a_mixed_quote_is_a_statement_of_its_own(nlp):
    text = (
        "Britain voted to leave on Thursday.\n\n"
        "Donald Trump hailed the vote to leave the European Union as “fantastic,” telling reporters in Scotland "
        "that the result was “a great thing.”\n"
    )
    statements = _statements(nlp, text)
    assert statements[0] == ("Donald Trump", "mixed", ["the vote to leave the European Union as “fantastic,”"])
    assert [s[2] for s in statements[1:]] == [["that the result was “a great thing.”"]]


def test_two_cues_claiming_one_clause_give_one_statement(nlp):
    # `as bad as she said, he said, ...`: both verbs take the clause after them; one clause is one statement
    # (two rows with the same offsets would share a quote_id and fail the run's uniqueness check).
    text = (
        "Officials met on Monday.\n\n"
        "And then, at the end of the day, Lopez was back to implying that Ortiz had lied about the vote - if the "
        "count was as bad as she said, he said, why hadn't she complained?\n"
    )
    statements = _statements(nlp, text)
    pieces = [piece for _, _, texts in statements for piece in texts]
    assert len(pieces) == len(set(pieces)) == 2
    assert pieces[0].startswith("And then, at the end of the day, Lopez was back to implying")
    assert pieces[1] == "why hadn't she complained"


def test_reported_clause_leading_into_a_quotation_is_one_mixed_statement(nlp):
    # The clause between the cue and the colon is said too: the statement starts there, not at the mark.
    text = (
        "The senator spoke on Monday.\n\n"
        "Senator Mark Hale adds that voters have two choices: “You either vote or you complain.”\n\n"
        "Governor Ann Ruiz told reporters on Friday: “We will not raise taxes.”\n"
    )
    assert _statements(nlp, text) == [
        ("Mark Hale", "mixed", ["that voters have two choices: “You either vote or you complain.”"]),
        ("Ann Ruiz", "direct", ["We will not raise taxes."]),
    ]


def test_quotation_opening_the_sentence_after_its_attribution_continues_the_statement(nlp):
    # The second quotation opens the next sentence and a few unquoted words close it: still the same statement.
    text = (
        "The campaign answered on Monday.\n\n"
        "\"He trusted her to run American diplomacy,\" Joel Benenson added. \"He listened to her in the "
        "Situation Room time after time, including on whether to go after\" Osama bin Laden.\n"
    )
    assert _statements(nlp, text) == [("Joel Benenson", "direct", [
        "He trusted her to run American diplomacy,",
        "He listened to her in the Situation Room time after time, including on whether to go after"])]


def test_second_object_after_a_quoted_one_is_part_of_the_statement(nlp):
    # The parse coordinates "his readiness" with the verb; it is a second thing questioned.
    text = (
        "The race tightened.\n\n"
        "Senator Ted Cruz questioned Trump's \"New York values\" and his readiness to be commander in chief.\n"
    )
    assert _statements(nlp, text) == [
        ("Ted Cruz", "mixed", ["Trump's \"New York values\" and his readiness to be commander in chief"])]


def test_mixed_quote_runs_on_to_a_second_quotation_joined_to_it(nlp):
    # "... in debt," and "struggled ...": the second quotation carries on the same reported clause.
    text = (
        "The campaign was tense.\n\n"
        "Senator Ann Cole said her family \"came out of the White House not only dead broke, but in debt,\" and "
        "\"struggled to piece together the resources for mortgages.\"\n"
    )
    assert _statements(nlp, text) == [("Ann Cole", "mixed", [
        "her family \"came out of the White House not only dead broke, but in debt,\" and "
        "\"struggled to piece together the resources for mortgages.\""])]


def test_participle_inside_a_reported_clause_speaks_for_its_speaker(nlp):
    # "saying" hangs on the clause's verb in the parse; it is still the senator saying it, and what follows it is
    # a statement. What comes before it is one too: the argument, up to the participle's comma.
    text = (
        "The debate went on.\n\n"
        "Senator Tom Hale argued that a database would keep people from coming into the country illegally, "
        "saying it's “all about management.”\n"
    )
    assert _statements(nlp, text) == [
        ("Tom Hale", "indirect", ["that a database would keep people from coming into the country illegally"]),
        ("Tom Hale", "mixed", ["it's “all about management.”"])]

def test_an_apposition_after_an_inverted_speaker_is_not_what_was_said(nlp):
    # The parse gives "said" no complement here; the words before the attribution are the statement, and the name
    # in apposition after "the company's chief executive" describes the speaker.
    text = ("In nearby Dover, the old paper mill is hanging on, but it is under heavy pressure from cheap imports, "
            "said the company's chief executive, Paul Kerrigan.\n")
    assert [(kind, pieces) for _, kind, pieces in _statements(nlp, text)] == [
        ("indirect", ["In nearby Dover, the old paper mill is hanging on, but it is under heavy pressure from cheap "
                      "imports"])]


@pytest.mark.parametrize(
    "text, speaker, pieces",
    [
        # a headline without a full stop runs into the first sentence: its noun is a second subject, far from the verb
        ("Contract row to drag on\n\nLeeds chairman Paul Caddick says he does not expect a quick end to the row over "
         "captain Kevin Sinfield's contract.\n",
         "Paul Caddick", ["he does not expect a quick end to the row over captain Kevin Sinfield's contract"]),
        # the reported sentence's subject is parsed as the verb's too: the name next to the verb speaks
        ("The hardest part of running a small bakery, said Ms Okafor, is the early start.\n",
         "Okafor", ["The hardest part of running a small bakery", "is the early start"]),
    ],
)
def test_of_two_subjects_the_one_next_to_the_verb_speaks(nlp, text, speaker, pieces):
    (name, _, got), = _statements(nlp, text)
    assert (name, got) == (speaker, pieces)


def test_an_op_ed_speaks_for_whoever_wrote_it(nlp):
    # "op-ed" is three tokens; read whole it is a thing a speaker issues, as "a statement saying ..." is.
    text = "Senator Jane Hollis wrote an op-ed saying the bill would fail.\n"
    assert _statements(nlp, text) == [("Jane Hollis", "indirect", ["the bill would fail"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cue the parse hangs on what was said is the speaker's next act: a statement of its own, and the speaker's
        ('Mark Dunn did say he found the plan "very clever" and called its cost "absurd."\n',
         [("Mark Dunn", "mixed", ['he found the plan "very clever"']),
          ("Mark Dunn", "mixed", ['its cost "absurd."'])]),
        ('Ms Okafor said her team had reached a "collective view" but admitted it was "not an easy issue".\n',
         [("Okafor", "mixed", ['her team had reached a "collective view"']),
          ("Okafor", "mixed", ['it was "not an easy issue"'])]),
        # one that shares the reported clause's modal is part of what was said
        ('Ms Okafor said the board would praise the plan and call it "a triumph".\n',
         [("Okafor", "mixed", ['the board would praise the plan and call it "a triumph"'])]),
    ],
)
def test_a_cue_coordinated_with_what_was_said_is_the_speakers_next_act(nlp, text, expected):
    assert _statements(nlp, text) == expected
