"""Quote extraction and speaker attribution on short articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.lib.extract import entities, roles
from tasks.lib.extract.quotes.find import extract_quotes
from tasks.lib.extract.quotes.lexicon import reporting_verbs
from tasks.lib.extract.quotes.marks import find_quote_spans, typewriter_marks
from tasks.lib.extract.quotes.speakers import title_gender

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _quotes(nlp, text):
    doc = nlp(text)
    ents, mentions = entities.extract_entities(doc)
    found = extract_quotes(doc, ents, mentions, roles.extract_roles(doc, ents, mentions))
    names = {e.key: e.canonical_name for e in ents}
    return doc, found, names


def _speaker_name(names, quote):
    """The resolved speaker's canonical name, without a leading "the" (entity naming may drop it)."""
    if quote.speaker_entity_key is None:
        return None
    name = names[quote.speaker_entity_key]
    return name[4:] if name.lower().startswith("the ") else name


# ---------------------------------------------------------------- quotation marks (no model)
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Taxes will rise," he said.', ["Taxes will rise,"]),
        ("“Taxes will rise,” he said.", ["Taxes will rise,"]),
        ('“One,” she said. “Two.”', ["One,", "Two."]),
        # Nested marks of the other style stay inside the outer quotation.
        ('He said: "I read the headline “Markets Fall” twice."', ["I read the headline “Markets Fall” twice."]),
        # A closing glyph typed as an opening one.
        ("She called it ”silly” and left.", ["silly"]),
        # Unbalanced: a dangling mark yields nothing and does not raise.
        ('He said "it', []),
        ('"', []),
        ("", []),
        # Markup left in the text: attribute values are not quotations.
        ('<tweet author="@hale" date="May 2">We will win.</tweet>', []),
    ],
)
def test_quote_marks_pair(text, expected):
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == expected


def test_typewriter_double_marks_pair_as_quotations():
    text = "''One,'' she said. ''It's two.''\nHe said ''no'' twice."
    marked = typewriter_marks(text)
    assert len(marked) == len(text)
    assert [text[s.start : s.end] for s in find_quote_spans(marked)] == ["One,", "It's two.", "no"]


def test_paragraph_opening_mark_opens_whatever_its_glyph():
    text = "” … and then the lights went out,” she wrote."
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == ["… and then the lights went out,"]


def test_quote_marks_multi_paragraph():
    text = "“The first part goes on here.\n\n“The second part ends it,” she said."
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["The first part goes on here.", "The second part ends it,"]
    assert spans[0].continues and spans[1].continued


def test_quoted_paragraphs_run_into_one_line_pair_as_one_quotation():
    # BBC copy joins a quotation's paragraphs on one line: the first is never closed, the next opens after it.
    text = '"It was a strange match," said Hewitt. "I started well, but he loosened up. "When he got back, I had to settle."'
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "It was a strange match,", "I started well, but he loosened up.", "When he got back, I had to settle."]
    assert spans[1].continues and spans[2].continued and spans[1].close_mark is None


def test_reporting_verbs_are_data():
    verbs = reporting_verbs()
    assert verbs["say"] == (None, False)
    assert verbs["point"] == ("out", False)
    assert verbs["call"][1] is True  # weak: only with quoted content


# ---------------------------------------------------------------- layouts with speakers
LAYOUTS = [
    # (article, index of the quote to check, kind, quote text, speaker text, speaker entity)
    (
        "Maria Lopez runs the city budget office. “We will not raise taxes this year,” Lopez said.",
        0, "direct", "We will not raise taxes this year,", "Lopez", "Maria Lopez",
    ),
    (
        "The mayor spoke on Tuesday. \"The bridge will reopen in May,\" said Daniel Okafor, the city engineer.",
        0, "direct", "The bridge will reopen in May,", "Daniel Okafor", "Daniel Okafor",
    ),
    (
        "Daniel Okafor said: \"The bridge will reopen in May, and tolls will stay the same.\"",
        0, "direct", "The bridge will reopen in May, and tolls will stay the same.", "Daniel Okafor", "Daniel Okafor",
    ),
    (
        "Ellen Marsh, a senator from Ohio, met voters in Dayton.\n\nShe told the crowd:\n\n“This election is about jobs and nothing else.”",
        0, "direct", "This election is about jobs and nothing else.", "She", "Ellen Marsh",
    ),
    (
        "Ellen Marsh visited the plant on Monday. “We lost four hundred jobs,” she said. “We will not lose more.”",
        1, "direct", "We will not lose more.", "she", "Ellen Marsh",
    ),
    (
        "Thomas Reed, the union leader, spoke after the vote.\n\n“The members have spoken clearly tonight.\n\n"
        "“Now the company has to listen to them,” Reed said.",
        0, "direct", "The members have spoken clearly tonight.", "Reed", "Thomas Reed",
    ),
    (
        "Anna Weber warned that the plan was “a recipe for disaster” for small farms.",
        0, "mixed", "that the plan was “a recipe for disaster” for small farms", "Anna Weber", "Anna Weber",
    ),
    (
        "Anna Weber said that the plan would hurt small farms.",
        0, "indirect", "that the plan would hurt small farms", "Anna Weber", "Anna Weber",
    ),
    (
        "Anna Weber told reporters that the plan would hurt small farms.",
        0, "indirect", "that the plan would hurt small farms", "Anna Weber", "Anna Weber",
    ),
    (
        "The plan would hurt small farms, according to Anna Weber.",
        0, "indirect", "The plan would hurt small farms", "Anna Weber", "Anna Weber",
    ),
    (
        "Peter Hall, the minister, rejected the offer. Hall responded by saying that the talks were over.",
        0, "indirect", "that the talks were over", "Hall", "Peter Hall",
    ),
    (
        "The State Department said the embassy would stay open.",
        0, "indirect", "the embassy would stay open", "The State Department", "State Department",
    ),
    (
        "“Sanctions remain in force,” the Treasury Department said in a statement.",
        0, "direct", "Sanctions remain in force,", "the Treasury Department", "Treasury Department",
    ),
    # A title and a name between the closing mark and the verb, a piece after the attribution.
    (
        "Storms hit the coast. “We will rebuild the pier,” Harbor police Chief Omar Tate said Monday. "
        "“Nobody will be left behind.”",
        1, "direct", "Nobody will be left behind.", "Harbor police Chief Omar Tate", "Omar Tate",
    ),
    (
        "“We are in full panic mode,” said Dana Wills, a county organizer.",
        0, "direct", "We are in full panic mode,", "Dana Wills", "Dana Wills",
    ),
    # A quote split by an attribution whose verb has an object.
    (
        "Ellen Marsh spoke on the radio. “Now that the vote is over,” she told the host, “we can finally rest.”",
        0, "direct", "Now that the vote is over,", "she", "Ellen Marsh",
    ),
    # Unusual cues carry quoted words in a preposition; circumstance after the mark is not quoted.
    (
        "Governor Lena Ortiz dismissed the audit as a “political stunt” during a visit to Albany.",
        0, "mixed", "the audit as a “political stunt”", "Governor Lena Ortiz", "Lena Ortiz",
    ),
    (
        "Senator Paul Grant likened the bill to “a wrecking ball” for rural hospitals.",
        0, "mixed", "the bill to “a wrecking ball” for rural hospitals", "Senator Paul Grant", "Paul Grant",
    ),
    # A quotation paragraph with no cue continues the previous paragraph's speaker.
    (
        "Mayor Ruth Lang opened the bridge.\n\n“We waited six years for this bridge,” Lang said.\n\n"
        "“Now we have to maintain it and keep the tolls low.”",
        1, "direct", "Now we have to maintain it and keep the tolls low.", "Lang", "Ruth Lang",
    ),
    # A quoted sentence right after an indirect attribution is the same speaker's.
    (
        "The plan may stall in the Senate, Adam Cole said. \"The other question is who will pay for it.\"",
        1, "direct", "The other question is who will pay for it.", "Adam Cole", "Adam Cole",
    ),
    # a title, then the name with no comma between: the name is in the speaker phrase
    (
        "Wales won in Cardiff. \"We are not there yet,\" said a proud coach Mike Ruddock.",
        0, "direct", "We are not there yet,", "a proud coach Mike Ruddock", "Mike Ruddock",
    ),
    # a description of someone already named (an age, a nationality, an epithet) speaks for that person
    (
        "Wayne Rooney scored twice for Manchester United on Saturday. \"I felt great out there,\" said the "
        "20-year-old.",
        0, "direct", "I felt great out there,", "the 20-year-old", "Wayne Rooney",
    ),
    (
        "Ronan O'Gara kicked 15 points in Dublin. \"We were lucky today,\" the Irishman said.",
        0, "direct", "We were lucky today,", "the Irishman", "Ronan O'Gara",
    ),
    (
        "Lindsay Davenport lost the final. Asked about a remark by chairman Tim Phillips, the American said: "
        "\"That is insulting.\"",
        0, "direct", "That is insulting.", "the American", "Lindsay Davenport",
    ),
    (
        "Jean Dupont won his first cap for France. \"It's incredible,\" the youngster said.",
        0, "direct", "It's incredible,", "the youngster", "Jean Dupont",
    ),
    # a participle between a comma and a colon, hung by the parse on the complement clause, is the main clause's
    (
        "Coach Peter Walsh believes a salary cap brings many benefits, explaining: \"It keeps the clubs honest.\"",
        0, "direct", "It keeps the clubs honest.", "Coach Peter Walsh", "Peter Walsh",
    ),
    # a title, then its holder's name between commas: the name is the speaker's entity
    (
        "Amanda Reed's uncle, Lewis Walsh, told reporters the sentence was too short.",
        0, "indirect", "the sentence was too short", "Amanda Reed's uncle", "Lewis Walsh",
    ),
    # a name inside the phrase names the speaker, though someone named earlier holds the same title
    (
        "The museum honours the murdered film director Theo Jansen. Museum director Sandra den Hamer said: \"The "
        "show reflects what happens around us.\"",
        0, "direct", "The show reflects what happens around us.", "Museum director Sandra den Hamer",
        "Sandra den Hamer",
    ),
    (
        "The festival honours the murdered film director Theo Jansen. Festival director Sandra den Berg said: \"The "
        "festival reflects what happens around us.\"",
        0, "direct", "The festival reflects what happens around us.", "Sandra den Berg", "Sandra den Berg",
    ),
    # "Ms Berry" outweighs "chairman" for her gender, so "she" finds her
    (
        "Union chairman Jan Berry said the plan was wrong.\n\n\"They should not be placed in danger,\" she said. "
        "Ms Berry has led the union since 2002.",
        1, "direct", "They should not be placed in danger,", "she", "Jan Berry",
    ),
    # an organisation's kind (party, newspaper, journal) is not a person's title, and a phrase that names its
    # referent is that entity or nobody, not the outlet or the holder of a title named before
    (
        "Vince Parker, the party's Treasury spokesman, criticised the plan on Monday. The Labour party said the "
        "Liberal Democrats needed to explain the cost.",
        0, "indirect", "the Liberal Democrats needed to explain the cost", "The Labour party", "Labour Party",
    ),
    (
        "The Times reported the deal on Monday. Le Monde newspaper said the talks had failed.",
        0, "indirect", "the talks had failed", "Le Monde newspaper", "Le Monde",
    ),
    (
        "Gloucester director Philippe Dubois praised the team. \"We wanted a second opinion,\" director of rugby "
        "Nigel Melville told the Gloucester Citizen.",
        0, "direct", "We wanted a second opinion,", "director of rugby Nigel Melville", "Nigel Melville",
    ),
    (
        "The figures were first published by the Financial Times. Online sales will double by 2008, said the "
        "journal Screen Digest.",
        0, "indirect", "Online sales will double by 2008", "the journal Screen Digest", "Screen Digest",
    ),
    # a spokesperson speaks for the organisation named with them
    (
        "Vodafone cut its prices on Monday. A Vodafone spokesman said the move was planned.",
        0, "indirect", "the move was planned", "A Vodafone spokesman", "Vodafone",
    ),
    (
        "The Treasury published the figures. A spokesman for the Treasury said growth was strong.",
        0, "indirect", "growth was strong", "A spokesman", "Treasury",
    ),
    # ... and with the closing comma left out, the parse gives two subjects: the name speaks
    (
        "The charity's head of research in Britain, Simon Wright said: \"We need more funds.\"",
        0, "direct", "We need more funds.", "Simon Wright", "Simon Wright",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text, index, kind, quote, speaker, entity", LAYOUTS)
def test_layouts(nlp, text, index, kind, quote, speaker, entity):
    doc, found, names = _quotes(nlp, text)
    q = found[index]
    assert (q.kind, q.text, q.speaker_text) == (kind, quote, speaker)
    assert q.text == doc.text[q.start_char : q.end_char]
    assert q.speaker_text == doc.text[q.speaker_start : q.speaker_end]
    assert _speaker_name(names, q) is not None and _speaker_name(names, q).lower() == entity.lower()


@pytest.mark.model
def test_a_number_ending_a_name_stays_in_the_speaker(nlp):
    _, found, _ = _quotes(nlp, "Radio 1 said the station was not trying to replace Peel.")
    assert [q.speaker_text for q in found] == ["Radio 1"]


@pytest.mark.model
@pytest.mark.parametrize("text, speaker", [
    ("The scandal forced the minister to admit he had lied.", "the minister"),  # the object says it
    ("The plan prompted some charities to say refugees would be at risk.", "some charities"),
    ("The mayor decided to say she would resign.", "The mayor"),  # no object: the subject's
    ("Critics used the hearing to say the budget was too small.", "Critics"),  # a purpose: the subject's
])
def test_infinitive_cue_after_an_object_is_the_objects(nlp, text, speaker):
    _, found, _ = _quotes(nlp, text)
    assert [q.speaker_text for q in found] == [speaker]


@pytest.mark.model
def test_split_quote_shares_cue_and_speaker(nlp):
    _, found, names = _quotes(nlp, "Ellen Marsh visited the plant. “We lost jobs,” she said. “We will not lose more.”")
    assert [q.text for q in found] == ["We lost jobs,", "We will not lose more."]
    assert found[0].cue_start == found[1].cue_start and found[0].cue == "said"
    assert {_speaker_name(names, q) for q in found} == {"Ellen Marsh"}


@pytest.mark.model
def test_participle_states_what_was_said(nlp):
    # The outer verb ("attacked") is not a second statement: only the saying is quoted.
    text = "Senator Paul Grant attacked the bill, saying it “would gut rural hospitals.”"
    _, found, names = _quotes(nlp, text)
    assert [(q.kind, q.text, q.cue) for q in found] == [("mixed", "it “would gut rural hospitals.”", "saying")]
    assert _speaker_name(names, found[0]) == "Paul Grant"


@pytest.mark.model
def test_too_early_to_say_is_not_a_statement(nlp):
    # "it was difficult to say ...": the infinitive has no speaker, so only Ms Ortiz's saying is quoted.
    text = "Analyst Rosa Ortiz said it was difficult to say how quickly prices would fall."
    _, found, names = _quotes(nlp, text)
    assert [(q.kind, q.cue, q.text) for q in found] == [
        ("indirect", "said", "it was difficult to say how quickly prices would fall")]
    assert _speaker_name(names, found[0]) == "Rosa Ortiz"


@pytest.mark.model
def test_pronoun_follows_gender(nlp):
    text = (
        "Mrs. Laura Chen met Mr. Victor Ames in Boston on Friday. Ames later left for New York.\n\n"
        "“The deal is done,” she said."
    )
    _, found, names = _quotes(nlp, text)
    assert [(q.speaker_text, _speaker_name(names, q)) for q in found] == [("she", "Laura Chen")]


@pytest.mark.model
def test_people_named_inside_a_quote_are_not_the_speaker(nlp):
    text = "Karen Holt chairs the committee. “George Miller has never answered our letters,” she said."
    _, found, names = _quotes(nlp, text)
    assert _speaker_name(names, found[0]) == "Karen Holt"


@pytest.mark.model
def test_nominal_speaker_resolves_through_title(nlp):
    text = (
        "The agreement was signed by Foreign Secretary Alan Price in Geneva. "
        "“This is a good day for both countries,” the secretary said."
    )
    _, found, names = _quotes(nlp, text)
    assert (found[0].speaker_text, _speaker_name(names, found[0])) == ("the secretary", "Alan Price")


@pytest.mark.model
def test_newspaper_resolves_to_the_outlet(nlp):
    text = "The Boston Globe published the letters on Sunday. The newspaper said the documents were authentic."
    _, found, names = _quotes(nlp, text)
    assert (found[0].speaker_text, _speaker_name(names, found[0])) == ("The newspaper", "Boston Globe")


@pytest.mark.model
def test_the_company_is_the_organisation_the_article_is_about(nlp):
    # Lessing Capital is the organisation named last before "the company"; Harwick Foods the one named most.
    text = ("Harwick Foods cut 2,000 jobs on Monday. Harwick Foods said sales had slowed. Its shares fell 4% after "
            "the investor Lessing Capital sold its stake. “We expect a better second half,” the company said. "
            "“Growth will return,” the central bank said.")
    _, found, names = _quotes(nlp, text)
    by_speaker = {q.speaker_text: _speaker_name(names, q) for q in found}
    assert by_speaker["the company"] == "Harwick Foods"
    assert by_speaker["the central bank"] is None  # another organisation than the article's subject


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker",
    [
        # No one to refer to: a speaker span but no entity, never a guess.
        ("“Prices will fall,” he said.", "he"),
        # An indefinite source is not resolved to whoever was named last.
        ("Maria Lopez left early. “Nobody trusts the figures,” a source said.", "a source"),
    ],
)
def test_no_evidence_no_entity(nlp, text, speaker):
    _, found, _ = _quotes(nlp, text)
    assert len(found) == 1 and found[0].kind == "direct"
    assert found[0].speaker_text == speaker and found[0].speaker_entity_key is None


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The film “Dark Water” opens in May across the country.",
        "Critics called the so-called “reform” a distraction from the budget.",
        "The senator's “listening tour” reached Ohio on Monday.",
    ],
)
def test_scare_quotes_and_titles_are_not_direct_quotes(nlp, text):
    _, found, _ = _quotes(nlp, text)
    assert [q for q in found if q.kind == "direct"] == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        # A mark that never closes: the reported clause, dangling mark included, as an indirect quote.
        ('He said "it never ends', [('"it never ends', "indirect", "He")]),
        # Marks that pair into nothing quotable yield nothing, and nothing raises.
        ('““ ” said he ”', []),
        ('A "b" c " d', []),
        ("“\n\n”", []),
    ],
)
def test_unbalanced_marks_never_raise(nlp, text, expected):
    _, found, _ = _quotes(nlp, text)
    assert [(q.text, q.kind, q.speaker_text) for q in found] == expected
    assert all(q.text == text[q.start_char : q.end_char] for q in found)


@pytest.mark.model
def test_byline_and_transcript_layouts(nlp):
    text = (
        "Readers wrote in.\n\n“The debate changed my mind about both of them.” ― Rosa Diaz\n\n"
        "MODERATOR: Will you accept the result?\n\nSMITH: Yes, I will accept it."
    )
    _, found, _ = _quotes(nlp, text)
    assert [(q.text, q.speaker_text) for q in found] == [
        ("The debate changed my mind about both of them.", "Rosa Diaz"),
        ("Will you accept the result?", "MODERATOR"),
        ("Yes, I will accept it.", "SMITH"),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "start, speaker",
    [("The continued insertion", "Palladino"), ("The Kremlin is standing", "Pompeo")],
)
def test_seed_quotes_have_the_right_speaker(nlp, start, speaker):
    for path in sorted(SEEDS.glob("*.txt")):
        _, found, names = _quotes(nlp, path.read_text(encoding="utf-8"))
        hits = [q for q in found if q.text.startswith(start)]
        if hits:
            assert hits[0].kind == "direct"
            assert speaker in (_speaker_name(names, hits[0]) or "")
            return
    pytest.fail(f"no quote starting {start!r} in seeds/")


def test_title_words_of_both_genders_give_none():
    # The words are a set: read in any order they must give one answer, or the speaker of "she said" changes
    # with the interpreter's hash seed.
    nouns = {"mother": "f", "son": "m", "chairwoman": "f", "spokesperson": None}
    assert title_gender({"mother", "church", "son"}, nouns) is None
    assert title_gender({"chairwoman", "spokesperson", "party"}, nouns) == "f"
    assert title_gender({"church", "fire"}, nouns) is None
