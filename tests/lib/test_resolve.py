"""Cross-article entity resolution: variant spellings merge, namesakes stay apart, ids are stable."""

from __future__ import annotations

import pytest

from tasks.lib.memory.names import (
    EXACT,
    FOLDED,
    INITIAL,
    PARTIAL_MIDDLE,
    SURNAME_ONLY,
    VARIANT,
    entity_id_for,
    normalize_name,
    person_match,
)
from tasks.lib.memory.profile_index import EntityProfile
from tasks.lib.memory.resolve import ArticleEntities, Resolver, resolve
from tasks.lib.records import LocalEntity, Role


def ent(key: int, name: str, label: str = "PERSON", *aliases: str) -> LocalEntity:
    return LocalEntity(key=key, canonical_name=name, label=label, aliases=[name, *aliases])


def article(doc_id: str, *entities: LocalEntity, roles: list[Role] | None = None) -> ArticleEntities:
    return ArticleEntities(doc_id=doc_id, entities=list(entities), roles=roles or [])


@pytest.mark.parametrize(
    "a, b, strength",
    [
        ("Sergey Lavrov", "Sergei Lavrov", FOLDED),  # transliteration spellings fold together
        ("Juan Guaidó", "Juan Guaido", EXACT),  # accents are normalised away
        ("Dmitriy Peskov", "Dmitry Peskov", FOLDED),
        ("Alexei Navalny", "Aleksei Navalny", FOLDED),
        ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy", FOLDED),
        ("Bill Clinton", "William Clinton", VARIANT),  # nickname
        ("Mike Pompeo", "Michael Pompeo", VARIANT),
        ("Mohammed bin Salman", "Muhammad bin Salman", VARIANT),
        ("Lavrov", "Sergey Lavrov", SURNAME_ONLY),  # surname alone
        ("M. Pompeo", "Mike Pompeo", INITIAL),  # initial
        ("John F. Kennedy", "John Fitzgerald Kennedy", VARIANT),
        ("Nicolás Maduro", "Nicolas Maduro Moros", PARTIAL_MIDDLE),  # second surname
        ("Mr. Pompeo", "Mike Pompeo", SURNAME_ONLY),
    ],
)
def test_variant_person_names_may_match(a: str, b: str, strength: float) -> None:
    assert person_match(a, b) == strength
    assert person_match(b, a) == strength


@pytest.mark.parametrize(
    "a, b",
    [
        ("George W. Bush", "George H. W. Bush"),
        ("Hillary Clinton", "Bill Clinton"),
        ("Chelsea Clinton", "Hillary Clinton"),
        ("Ed Miliband", "David Miliband"),
        ("Sergey", "Sergey Lavrov"),  # a lone first name never matches
        ("Lavrov", "Peskov"),
        ("Martin Luther King Jr.", "Martin Luther King Sr."),
        ("Serena Williams", "Venus Williams"),
    ],
)
def test_conflicting_person_names_never_match(a: str, b: str) -> None:
    assert person_match(a, b) == 0
    assert person_match(b, a) == 0


def test_normalize_name_folds_diacritics_possessives_and_dots() -> None:
    assert normalize_name("Juan Guaidó's") == "juan guaido"
    assert normalize_name("U.S.") == "us"
    assert entity_id_for("Juan Guaidó", "PERSON") == entity_id_for("Juan Guaido", "PERSON")
    assert entity_id_for("Juan Guaido", "PERSON") != entity_id_for("Juan Guaido", "ORG")
    assert entity_id_for("Paris", "GPE") == entity_id_for("Paris", "LOC")


def two_outlets() -> list[ArticleEntities]:
    """The same phone call reported by two outlets with different spellings, plus a third article."""
    wire = article(
        "wire",
        ent(0, "Sergey Lavrov", "PERSON", "Lavrov"),
        ent(1, "Juan Guaidó", "PERSON", "Guaidó"),
        ent(2, "Department of State", "ORG"),
        ent(3, "United States", "GPE", "U.S."),
        ent(4, "Hillary Clinton", "PERSON", "Clinton"),
        roles=[Role(0, "Foreign Minister")],
    )
    blog = article(
        "blog",
        ent(0, "Sergei Lavrov", "PERSON"),
        ent(1, "Juan Guaido", "PERSON"),
        ent(2, "State Department", "ORG"),
        ent(3, "US", "GPE"),
        ent(4, "Bill Clinton", "PERSON"),
    )
    short = article("short", ent(0, "Lavrov", "PERSON"), ent(1, "America", "GPE"))
    return [wire, blog, short]


def test_variants_across_articles_share_one_id_and_namesakes_do_not() -> None:
    res = resolve(two_outlets(), [])
    ids = res.ids
    assert ids[("wire", 0)] == ids[("blog", 0)] == ids[("short", 0)]  # Sergey / Sergei / Lavrov
    assert ids[("wire", 1)] == ids[("blog", 1)]  # Guaidó / Guaido
    assert ids[("wire", 2)] == ids[("blog", 2)]  # Department of State / State Department
    assert ids[("wire", 3)] == ids[("blog", 3)] == ids[("short", 1)]  # United States / US / America
    assert ids[("wire", 4)] != ids[("blog", 4)]  # Hillary vs Bill Clinton
    lavrov = next(p for p in res.profiles if p.entity_id == ids[("wire", 0)])
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= set(lavrov.aliases)
    assert lavrov.roles == ["Foreign Minister"]
    assert lavrov.doc_count == 3
    assert len({ids[k] for k in ids}) == 6


def partition(ids: dict[tuple[str, int], str]) -> set[frozenset[tuple[str, int]]]:
    groups: dict[str, set[tuple[str, int]]] = {}
    for key, eid in ids.items():
        groups.setdefault(eid, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def test_batch_order_changes_neither_grouping_nor_repeat_results() -> None:
    forward = resolve(two_outlets(), []).ids
    backward = resolve(list(reversed(two_outlets())), []).ids
    assert partition(forward) == partition(backward)  # ids are named after whichever spelling came first
    assert resolve(two_outlets(), []).ids == forward


def test_ambiguous_surname_stays_apart_without_evidence_and_follows_it_with_evidence() -> None:
    first = resolve(two_outlets(), [])
    known = first.profiles
    hillary, bill = first.ids[("wire", 4)], first.ids[("blog", 4)]
    bare = resolve([article("bare", ent(0, "Clinton"))], known)
    assert bare.ids[("bare", 0)] not in {hillary, bill}
    # "Clinton" next to the people Hillary Clinton appeared with, and holding her role, is Hillary.
    known = [EntityProfile(**{**p.__dict__}) for p in known]
    for p in known:
        if p.entity_id == hillary:
            p.roles = ["Secretary of State"]
    with_context = article(
        "ctx",
        ent(0, "Clinton"),
        ent(1, "Sergey Lavrov"),
        ent(2, "Juan Guaido"),
        roles=[Role(0, "Secretary of State")],
    )
    assert resolve([with_context], known).ids[("ctx", 0)] == hillary


def test_every_unresolved_lone_surname_joins_one_entity() -> None:
    first = resolve(two_outlets(), [])
    bare = resolve([article("bare", ent(0, "Clinton"))], first.profiles)
    known = first.profiles + [p for p in bare.profiles if p.entity_id in bare.created]
    later = resolve([article("again", ent(0, "Clinton")), article("more", ent(0, "Clinton"), ent(1, "Lima", "GPE"))],
                    known)
    # Still neither Hillary nor Bill, and not a new "Clinton" each time (a 50x run had 200 "Smith" entities).
    assert later.ids[("again", 0)] == later.ids[("more", 0)] == bare.ids[("bare", 0)]
    assert later.created == [later.ids[("more", 1)]]
    assert next(p for p in later.profiles if p.entity_id == bare.ids[("bare", 0)]).doc_count == 3


def test_incremental_ids_are_stable_and_aliases_grow() -> None:
    first = resolve(two_outlets()[:1], [])
    lavrov_id = first.ids[("wire", 0)]
    snapshot = [EntityProfile(**{**p.__dict__, "aliases": list(p.aliases)}) for p in first.profiles]
    second = resolve([article("later", ent(0, "Sergei Lavrov"), ent(5, "Sergei Shoigu"))], first.profiles)
    assert second.ids[("later", 0)] == lavrov_id
    assert second.created == [second.ids[("later", 5)]]
    updated = next(p for p in second.profiles if p.entity_id == lavrov_id)
    assert updated.canonical_name == "Sergey Lavrov"
    assert "Sergei Lavrov" in updated.aliases
    # resolve() copies what it is given: the caller's known profiles are untouched
    assert [p.aliases for p in first.profiles] == [p.aliases for p in snapshot]


def test_surname_only_entity_learns_the_full_name_and_keeps_its_id() -> None:
    first = resolve([article("a", ent(0, "Palladino"))], [])
    pid = first.ids[("a", 0)]
    second = resolve([article("b", ent(0, "Robert Palladino"))], first.profiles)
    assert second.ids[("b", 0)] == pid
    assert second.profiles[0].canonical_name == "Robert Palladino"
    assert second.profiles[0].entity_id == pid


def test_entities_of_a_replaced_version_are_taken_back_before_the_new_version_resolves() -> None:
    from tasks.lib.memory.state import EntityIndex

    index = EntityIndex()
    old = index.resolve([("v1", [ent(0, "Maria Delgado"), ent(1, "Port of Oakland", "FAC")], []),
                         ("other", [ent(0, "Port of Oakland", "FAC")], [])])
    maria, port = old[("v1", 0)], old[("v1", 1)]
    index = EntityIndex(index.resolver.profiles.values())  # as loaded by the next run
    # v1 is replaced by v2, which renamed her: only v1 referred to Maria, "other" also refers to the port.
    index.forget(["v1"], {maria: {"v1"}, port: {"v1", "other"}})
    new = index.resolve([("v2", [ent(0, "Maria Delgado-Ruiz"), ent(1, "Port of Oakland", "FAC")], [])])

    assert new[("v2", 0)] == entity_id_for("Maria Delgado-Ruiz", "PERSON") != maria  # not the old entity
    assert maria not in index.resolver.profiles
    assert new[("v2", 1)] == port
    profile = index.resolver.profiles[port]
    assert profile.doc_count == 2  # "other" and v2; v1 no longer counts
    assert maria not in profile.neighbours and new[("v2", 0)] in profile.neighbours
    assert {r["entity_id"] for r in index.changed_rows()} == {port, new[("v2", 0)]}


def test_an_entity_this_run_already_resolved_to_is_not_taken_back() -> None:
    from tasks.lib.memory.state import EntityIndex

    index = EntityIndex()
    first = index.resolve([("v1", [ent(0, "Maria Delgado")], [])])
    index = EntityIndex(index.resolver.profiles.values())
    index.resolve([("new", [ent(0, "Maria Delgado")], [])])  # an earlier batch of this run mentions her
    index.forget(["v1"], {first[("v1", 0)]: {"v1"}})
    assert first[("v1", 0)] in index.resolver.profiles


def test_courtesy_titles_of_different_gender_do_not_merge() -> None:
    res = resolve(
        [
            article("a", ent(0, "Michael Howard", "PERSON", "Mr Howard")),
            article("b", ent(0, "Howard", "PERSON", "Mrs Howard")),
        ],
        [],
    )
    assert res.ids[("a", 0)] != res.ids[("b", 0)]
    res = resolve([article("a", ent(0, "Michael Howard", "PERSON", "Mr Howard")), article("b", ent(0, "Howard"))], [])
    assert res.ids[("a", 0)] == res.ids[("b", 0)]


def test_acronym_joins_the_organisation_and_labels_do_not_cross() -> None:
    res = resolve(
        [
            article("a", ent(0, "National Security Council", "ORG"), ent(1, "Ford", "ORG")),
            article("b", ent(0, "NSC", "ORG"), ent(1, "Ford", "PERSON")),
        ],
        [],
    )
    assert res.ids[("a", 0)] == res.ids[("b", 0)]
    assert res.ids[("a", 1)] != res.ids[("b", 1)]


def test_a_state_as_a_dateline_abbreviates_it_joins_the_state_and_los_angeles_stays_apart() -> None:
    res = resolve(
        [
            article("a", ent(0, "N.H.", "GPE"), ent(1, "Calif.", "GPE")),
            article("b", ent(0, "New Hampshire", "GPE"), ent(1, "California", "GPE"), ent(2, "LA", "GPE")),
            article("c", ent(0, "Louisiana", "GPE")),
        ],
        [],
    )
    assert res.ids[("a", 0)] == res.ids[("b", 0)]
    assert res.ids[("a", 1)] == res.ids[("b", 1)]
    assert res.ids[("b", 2)] != res.ids[("c", 0)]


def known_entity(name: str, label: str, docs: int) -> EntityProfile:
    return EntityProfile(entity_id_for(name, label), name, label, [name], doc_count=docs)


def test_a_name_the_model_calls_a_person_joins_the_organisation_most_articles_say_it_is() -> None:
    yukos, london = known_entity("Yukos", "ORG", 12), known_entity("London", "GPE", 40)
    anfield = known_entity("Anfield", "PERSON", 9)  # the model's usual mistake, not evidence
    city, club = known_entity("Newcastle", "GPE", 40), known_entity("Newcastle", "ORG", 2)
    gerald_ford, ford = known_entity("Gerald Ford", "PERSON", 2), known_entity("Ford", "ORG", 30)
    stub = known_entity("Yukos", "PERSON", 1)  # an earlier article's mislabelled Yukos
    known = [yukos, london, anfield, city, club, gerald_ford, ford, stub]
    res = resolve([
        article("a", ent(0, "Yukos", "PERSON"), ent(1, "London", "PERSON"), ent(2, "Anfield", "FAC")),
        article("b", ent(0, "Newcastle", "ORG"), ent(1, "Ford", "PERSON"), ent(2, "Lima", "PERSON")),
    ], known)
    assert res.ids[("a", 0)] == yukos.entity_id and res.ids[("a", 1)] == london.entity_id
    assert res.ids[("a", 2)] not in {anfield.entity_id, *(p.entity_id for p in known)}
    assert res.ids[("b", 0)] == club.entity_id  # a city and its club: two real things
    assert res.ids[("b", 1)] == gerald_ford.entity_id  # the surname of a known person, not the same name
    assert res.created == [res.ids[("a", 2)], res.ids[("b", 2)]]


def test_an_acronym_joins_its_full_name_but_two_full_names_with_the_same_initials_stay_apart() -> None:
    nsc, la = known_entity("National Security Council", "ORG", 3), known_entity("London Assembly", "ORG", 3)
    ba = EntityProfile("ent_ba", "British Airways", "ORG", ["British Airways", "BA"], doc_count=9)
    bt = known_entity("BT", "ORG", 4)  # known only by its acronym so far
    res = resolve([article("a", ent(0, "NSC", "ORG"), ent(1, "Los Angeles", "ORG"), ent(2, "Banda Aceh", "ORG")),
                   article("b", ent(0, "British Telecom", "ORG"))], [nsc, la, ba, bt])
    assert res.ids[("a", 0)] == nsc.entity_id
    assert res.ids[("a", 1)] not in {nsc.entity_id, la.entity_id}
    assert res.ids[("a", 2)] != ba.entity_id
    assert res.ids[("b", 0)] == bt.entity_id


def letters(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out += "bcdfghjklmnpqrstvwxzaeiouy"[r]
    return out.capitalize()


def test_deterministic_on_many_known_entities() -> None:
    # 20,000 known people over 2,000 surnames (its speed: benchmarks/resolve_lookup.py).
    names = [f"{letters(i)}a {letters(i % 2000)}ov" for i in range(20_000)]
    known = [EntityProfile(entity_id_for(n, "PERSON"), n, "PERSON", [n]) for n in names]
    batch = [article(f"d{i}", ent(0, names[i]), ent(1, names[i].split()[1])) for i in range(300)]
    res = Resolver(known).resolve(batch)
    assert res.ids[("d7", 0)] == known[7].entity_id
    assert res.ids[("d7", 1)] not in {p.entity_id for p in known}  # ten people share that surname
    assert res.ids == Resolver(known).resolve(batch).ids


@pytest.mark.model
def test_seed_articles_resolve_their_people_and_share_a_story(nlp) -> None:
    """The two seed articles report one phone call: same story, one entity per person across both."""
    from pathlib import Path

    from tasks.lib.extract.entities import extract_entities
    from tasks.lib.extract.roles import extract_roles
    from tasks.lib.memory import stories

    paths = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
    assert len(paths) == 2
    batch, texts = [], []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        ents, mentions = extract_entities(doc)
        batch.append(ArticleEntities(path.stem, ents, extract_roles(doc, ents, mentions)))
        texts.append(text)
    res = resolve(batch, [])
    people = {p.entity_id: p for p in res.profiles if p.label == "PERSON"}
    for surname in ("Lavrov", "Pompeo", "Maduro", "Palladino", "Guaido"):
        ids = {
            res.ids[(a.doc_id, e.key)]
            for a in batch
            for e in a.entities
            if e.label == "PERSON" and surname in e.canonical_name
        }
        assert len(ids) == 1, (surname, [people[i].canonical_name for i in ids])
        (eid,) = ids
        assert people[eid].doc_count == 2, surname
    docs = [
        stories.features(a.doc_id, t, [res.ids[(a.doc_id, e.key)] for e in a.entities])
        for a, t in zip(batch, texts)
    ]
    assert len(set(stories.assign(docs, []).values())) == 1


def test_a_role_agrees_with_a_more_specific_one_by_its_head_word() -> None:
    # Known as "Housing Secretary" in one article, a bare "Secretary Clinton" in another is that Clinton.
    first = resolve(two_outlets(), [])
    hillary = first.ids[("wire", 4)]
    known = [EntityProfile(**{**p.__dict__}) for p in first.profiles]
    next(p for p in known if p.entity_id == hillary).roles = ["Housing Secretary"]
    assert resolve([article("titled", ent(0, "Clinton"), roles=[Role(0, "Secretary")])], known).ids[("titled", 0)] \
        == hillary
    untitled = resolve([article("bare", ent(0, "Clinton"))], known).ids[("bare", 0)]
    assert untitled != hillary
