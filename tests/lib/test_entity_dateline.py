"""The dateline's place as a mention: no model needed, the extraction is built by hand."""

from tasks.lib.extract.entity_dateline import add_dateline_place
from tasks.lib.records import Analysis, LocalEntity, Mention


def _article(*entities: LocalEntity) -> Analysis:
    mentions = [Mention(e.key, e.aliases[0], e.label, 10 * e.key, 10 * e.key + len(e.aliases[0])) for e in entities]
    return Analysis(entities=list(entities), mentions=mentions)


def test_the_dateline_joins_the_place_the_text_names():
    an = add_dateline_place(_article(LocalEntity(0, "Mike Pompeo", "PERSON", ["Mike Pompeo"]),
                                     LocalEntity(1, "Washington", "GPE", ["Washington"])), "WASHINGTON")
    assert len(an.entities) == 2
    last = an.mentions[-1]
    assert (last.entity_key, last.text, last.label, last.start_char, last.end_char, last.in_dateline) == (
        1, "WASHINGTON", "GPE", 0, 10, True)
    assert an.entities[1].aliases == ["Washington", "WASHINGTON"]


def test_a_dateline_place_the_text_does_not_name_is_a_new_place():
    # "Washington" here names a person (an ORG of the same name would be a club): neither is the place.
    an = add_dateline_place(_article(LocalEntity(0, "Denzel Washington", "PERSON", ["Denzel Washington"]),
                                     LocalEntity(1, "New York", "ORG", ["New York"])), "NEW YORK")
    place = an.entities[-1]
    assert (place.key, place.canonical_name, place.label, place.aliases) == (2, "New York", "GPE", ["NEW YORK"])
    assert [(m.entity_key, m.text, m.in_dateline) for m in an.mentions if m.in_dateline] == [(2, "NEW YORK", True)]


def test_several_places_and_none():
    an = add_dateline_place(_article(), "WASHINGTON/BEIJING")
    assert [(m.text, m.start_char, m.end_char) for m in an.mentions] == [("WASHINGTON", 0, 10), ("BEIJING", 11, 18)]
    assert [e.canonical_name for e in an.entities] == ["Washington", "Beijing"]
    assert add_dateline_place(_article(), None).mentions == []


def test_a_region_after_the_place_is_a_place_too():
    an = add_dateline_place(_article(), "SALEM, Ore.")
    assert [(m.text, m.start_char, m.end_char, m.in_dateline) for m in an.mentions] == [
        ("SALEM", 0, 5, True), ("Ore.", 7, 11, True)]
    assert [(e.canonical_name, e.label) for e in an.entities] == [("Salem", "GPE"), ("Ore.", "GPE")]


def test_the_date_a_dateline_states_is_no_place():
    an = add_dateline_place(_article(), "KYIV, Ukraine, Feb. 3")
    assert [(m.text, m.start_char, m.end_char) for m in an.mentions] == [("KYIV", 0, 4), ("Ukraine", 6, 13)]
