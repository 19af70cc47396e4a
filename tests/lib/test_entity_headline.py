"""The headline's names as headline mentions: no model needed, the extraction is built by hand."""

from tasks.lib.extract.entity_headline import add_headline_mentions
from tasks.lib.records import Analysis, LocalEntity, Mention

TEXT = "Gordon Brown's former adviser Ed Balls said the Treasury would keep to its golden rule."


def _article(*entities: LocalEntity) -> Analysis:
    mentions = [Mention(e.key, e.aliases[0], e.label, TEXT.index(e.aliases[0]), TEXT.index(e.aliases[0])
                        + len(e.aliases[0])) for e in entities]
    return Analysis(entities=list(entities), mentions=mentions)


def _brown_and_balls() -> Analysis:
    return _article(LocalEntity(0, "Gordon Brown", "PERSON", ["Gordon Brown", "Brown"]),
                    LocalEntity(1, "Ed Balls", "PERSON", ["Ed Balls"]))


def test_a_name_the_text_gives_an_entity_is_a_mention_in_the_headline():
    title = "Brown ally Ed Balls rejects Budget spree"
    an = add_headline_mentions(_brown_and_balls(), title, TEXT)
    got = [(m.entity_key, m.text, m.label, m.start_char, m.end_char) for m in an.headline_mentions]
    assert got == [(0, "Brown", "PERSON", 0, 5), (1, "Ed Balls", "PERSON", 11, 19)]
    assert all(title[m.start_char:m.end_char] == m.text for m in an.headline_mentions)
    assert len(an.entities) == 2  # "Budget" is in no entity: the headline alone adds none


def test_the_longest_name_wins_and_a_shouted_headline_matches_in_any_case():
    an = add_headline_mentions(_brown_and_balls(), "GORDON BROWN'S GOLDEN RULE 'INTACT'", TEXT)
    assert [(m.entity_key, m.text, m.start_char) for m in an.headline_mentions] == [(0, "GORDON BROWN", 0)]


def test_a_name_inside_a_word_or_a_title_only_record_gives_no_mention():
    an = add_headline_mentions(_brown_and_balls(), "Browning Balls-up", TEXT)
    assert not [m for m in an.headline_mentions]
    # a headline feed's record: its text is its headline, already read by the model
    headline = "Ed Balls rejects Budget spree"
    an = add_headline_mentions(_brown_and_balls(), headline, headline)
    assert not [m for m in an.headline_mentions]
