import pytest

from tasks.lib.extract.entities import extract_entities
from tasks.lib.extract.roles import extract_roles

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
        ("Lt. Gov. Ralph Northam (D), who is running for governor, lined up behind him.", "Ralph Northam", "Lieutenant Governor", None),
        ("He would consider Rep. Don Beyer (D-Va.), a former lieutenant governor, for the seat.", "Don Beyer", "former lieutenant governor", None),
        ("It is a warning, said Jose Cardenas, who served on the National Security Council.", "Jose Cardenas", "member", "National Security Council"),
        ("The deal was signed by Ann Porter, chief executive of Apple, in Dublin.", "Ann Porter", "chief executive", "Apple"),
        ("He spoke with former President George W. Bush last week.", "George W. Bush", "former President", None),
        # a title right after a reporting verb
        ("Pompeo warned Foreign Minister Sergey Lavrov that the deployment would backfire.", "Sergey Lavrov", "Foreign Minister", None),
        # the portfolio or field compounded onto the title, and hyphened prefixes
        ("Housing Minister Keith Hill said the plan mimicked the government's.", "Keith Hill", "Housing Minister", None),
        ("First time actress Jane Okafor won the award on Sunday.", "Jane Okafor", "actress", None),
        ("Two time world champion Jane Okafor lost in Paris.", "Jane Okafor", "world champion", None),
        ("The recovery will continue, said economy minister Heizo Takenaka.", "Heizo Takenaka", "economy minister", None),
        ("The plan was defended by local government secretary Ann Wells.", "Ann Wells", "local government secretary", None),
        ("Arsenal vice-chairman David Dein has said the club may seek a listing.", "David Dein", "vice-chairman", None),
        ("The move was backed by ex-Home Secretary David Blunkett.", "David Blunkett", "former Home Secretary", None),
        ("Philip Shaw, chief economist at Investec Securities, said rates would stay.", "Philip Shaw", "chief economist", "Investec Securities"),
        ("Former Labour leader Neil Kinnock has been made a life peer.", "Neil Kinnock", "former leader", "Labour Party"),
        ("It was drafted with the help of Solicitor General Harriet Harman.", "Harriet Harman", "Solicitor General", None),
        ("Chelsea boss Jose Mourinho refused to comment.", "Jose Mourinho", "boss", "Chelsea"),
        # titles joined by "and" are both held, with the organisation before the first
        ("Microsoft chairman and founder Bill Gates spoke in Seattle.", "Bill Gates", "chairman", "Microsoft"),
        ("Microsoft chairman and founder Bill Gates spoke in Seattle.", "Bill Gates", "founder", "Microsoft"),
        ("John Smith, chairman and chief executive of Acme Corp, resigned.", "John Smith", "chairman", "Acme Corp"),
        ("John Smith, chairman and chief executive of Acme Corp, resigned.", "John Smith", "chief executive", "Acme Corp"),
        # the title of someone named after "to", "for", "of" is that person's, not the appositive's
        ("John Smith, a spokesman for Senator Rubio, declined to comment.", "John Smith", "spokesman", None),
        # a place where the person is does not confer the title
        ("The advice comes from Kevin McKinley, a financial adviser in Eau Claire, Wis.", "Kevin McKinley", "adviser", None),
        ("The talks failed, said Robert Palladino, a State Department spokesman in Washington.", "Robert Palladino", "spokesman", "State Department"),
        ("Jim Olsen, an analyst from Goldman Sachs, expects a rise.", "Jim Olsen", "analyst", "Goldman Sachs"),
        # an appositive ends at its verb: the organisation after "said" is not his
        ("Howard Archer, economist at Global Insight said the Bank of England may raise rates.", "Howard Archer", "economist", "Global Insight"),
        # occupations and positions before a name
        ("The try was disallowed by referee Paul Honiss after a long delay.", "Paul Honiss", "referee", None),
        ("The phrase was first used by columnist Sidney Skolsky in 1934.", "Sidney Skolsky", "columnist", None),
        ("Wasps flanker Johnny O'Connor replaces the injured Denis Leamy.", "Johnny O'Connor", "flanker", "Wasps"),
        ("Green Party candidate Jill Stein was removed from the debate site.", "Jill Stein", "candidate", "Green Party"),
        # what a name is said to be, or to have served as
        ("Mr. Holtz-Eakin served as director of the Congressional Budget Office.", "Holtz-Eakin", "director",
         "Congressional Budget Office"),
        ("Rudy Giuliani is the former mayor of New York City.", "Rudy Giuliani", "former mayor", "New York City"),
        ("David Blunkett has become a paid adviser to Indepen Consulting Limited.", "David Blunkett", "adviser",
         "Indepen Consulting Limited"),
        # the appositive set off before the name, and after it an age or the owner's possessive first
        ("The charity's director, Helen Marsh, said the appeal had raised twice as much.", "Helen Marsh", "director", None),
        ("Orbital Systems' chief executive, Ann Lee, said the launch would go ahead.", "Ann Lee", "chief executive",
         "Orbital Systems"),
        ("Tom Reyes, Vantage Media's editor, said the story would run.", "Tom Reyes", "editor", "Vantage Media"),
        ("Dana Whitfield, 41, a lawyer in Leeds, said the ruling was unfair.", "Dana Whitfield", "lawyer", None),
        # a title in capitals after the name (and not part of the name)
        ("The report was welcomed by Ruth Kelly MP, who chairs the committee.", "Ruth Kelly", "MP", None),
        ("Alan Pryce QC, for the council, said the rules were clear.", "Alan Pryce", "QC", None),
        # occupations beyond offices
        ("Maria Lopez, 34, a nurse, said the wards were full.", "Maria Lopez", "nurse", None),
        ("The question came from CBS moderator Jane Hollis.", "Jane Hollis", "moderator", "CBS"),
        # each name of a list a plural title introduces holds the title
        ("Other UK actors, including Ann Cole, Tom Reid and Jo Hart, also appeared.", "Tom Reid", "actor", None),
        ("Other UK actors, including Ann Cole, Tom Reid and Jo Hart, also appeared.", "Jo Hart", "actor", None),
        ("Rival candidates such as Maria Lopez attacked the plan.", "Maria Lopez", "candidate", None),
        # a hyphened title, which the tokenizer splits at its hyphen
        ("Leeds won after scrum-half Tom Ashby kicked three penalties.", "Tom Ashby", "scrum-half", None),
        ("The plan was backed by Director-General Mark Byford on Monday.", "Mark Byford", "Director-General", None),
        # a party (not a nationality) before the title confers it, also over the title's adjective
        ("Tory leader Michael Howard has dismissed the claims.", "Michael Howard", "Leader", "Tory"),
        ("The rally was run by Democratic strategist Hank Sheinkopf.", "Hank Sheinkopf", "strategist", "Democratic"),
        ("Republican presidential candidate Ted Marsh took to Twitter.", "Ted Marsh", "candidate", "Republican"),
        ("Russian journalist Anna Petrova said the vote was fair.", "Anna Petrova", "journalist", None),
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


@pytest.mark.parametrize("text, expected", [
    ("The plan is flawed, said John Smith, a former aide to President Bush, on Monday.",
     {("John Smith", "former aide"), ("Bush", "President")}),
    ("Mary Jones, the wife of Prime Minister Tony Blair, spoke at the launch.", {("Tony Blair", "Prime Minister")}),
])
def test_an_appositive_does_not_take_the_title_of_the_person_it_names(nlp, text, expected):
    doc = nlp(text)
    ents, mentions = extract_entities(doc)
    assert {(ents[r.entity_key].canonical_name, r.role) for r in extract_roles(doc, ents, mentions)} == expected


@pytest.mark.parametrize("text", [
    "Either Hillary Clinton or Donald Trump will be president in January.",  # a modal: not held
    "The senators cannot allow Hillary Clinton to become president.",  # an infinitive
    "Some had come to believe in Barack Obama being a founder of the group.",  # a gerund
    "John Smith is not the chairman of Acme Corp.",  # negated
    "Janie Hendrix, the guitarist's stepsister, said the family was pleased.",  # a possessor names someone else
    # a clause after the name, not an appositive: nothing sets it off
    "After Mary Smith, NASA's bad rep grows.",
    "For Mary Smith, NASA's chief problem remains money.",
])
def test_a_role_said_but_not_held_is_no_role(nlp, text):
    doc = nlp(text)
    ents, mentions = extract_entities(doc)
    assert extract_roles(doc, ents, mentions) == []
