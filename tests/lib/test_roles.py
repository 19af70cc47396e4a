import pytest

from tasks.lib.entities import extract_entities
from tasks.lib.roles import extract_roles

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    "text, person, role, org",
    [
        ("Secretary of State Mike Pompeo flew to Brussels on Monday.", "Mike Pompeo", "Secretary of State", None),
        ("U.S. Secretary of State Mike Pompeo flew to Brussels on Monday.", "Mike Pompeo", "Secretary of State", "United States"),
        ("The plan was announced by State Department Spokesman Robert Palladino on Monday.", "Robert Palladino", "spokesman", "State Department"),
        ("The talks failed, said Robert Palladino, a State Department spokesman.", "Robert Palladino", "spokesman", "State Department"),
        ("On Friday Venezuela's Vice President Delcy Rodriguez visited Moscow.", "Delcy Rodriguez", "Vice President", "Venezuela"),
        ("Sen. Marco Rubio (R-FL) said the deployment was a threat.", "Marco Rubio", "Senator", None),
        ("It is a warning, said Jose Cardenas, who served on the National Security Council.", "Jose Cardenas", "member", "National Security Council"),
        ("The deal was signed by Ann Porter, chief executive of Apple, in Dublin.", "Ann Porter", "chief executive", "Apple"),
        ("He spoke with former President George W. Bush last week.", "George W. Bush", "former President", None),
        # a title right after a reporting verb
        ("Pompeo warned Foreign Minister Sergey Lavrov that the deployment would backfire.", "Sergey Lavrov", "Foreign Minister", None),
    ],
)
def test_role_patterns(nlp, text, person, role, org):
    doc = nlp(text)
    ents, mentions = extract_entities(doc)
    roles = extract_roles(doc, ents, mentions)
    got = [
        (ents[r.entity_key].canonical_name, r.role.lower(), ents[r.org_entity_key].canonical_name if r.org_entity_key is not None else None)
        for r in roles
    ]
    assert (person, role.lower(), org) in got, got


def test_role_offsets_cover_the_title(nlp):
    doc = nlp("Secretary of State Mike Pompeo flew to Brussels.")
    ents, mentions = extract_entities(doc)
    (role,) = extract_roles(doc, ents, mentions)
    assert doc.text[role.start_char : role.end_char] == "Secretary of State"


def test_no_role_without_a_title(nlp):
    doc = nlp("Mike Pompeo flew to Brussels, where it rained.")
    ents, mentions = extract_entities(doc)
    assert extract_roles(doc, ents, mentions) == []
