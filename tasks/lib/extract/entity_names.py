"""What an article's own names say about a name: its surname, the people it names in full, whether it names a
person ("Trump" beside "Donald Trump", "Biden" beside "Joseph R. Biden Jr.").

Read by the entity rules that decide where a person's name begins and ends (``entities``, ``entity_title_case``);
``named`` is always each name the article's entity spans hold, with its label.
"""

from __future__ import annotations

from tasks.lib.extract import entity_gazetteer as gaz


def name_suffix(word: str) -> bool:
    """``word`` is a generational suffix ("Jr.", "Sr", "III")."""
    return word.lower().rstrip(".") in gaz.name_suffixes()


def name_parts(name: str) -> list[str]:
    """The words of a person's name without a generational suffix ("Joseph R. Biden Jr.": its surname is
    "Biden", as "Mr. Biden" says)."""
    parts = name.split()
    while len(parts) > 1 and name_suffix(parts[-1]):
        parts.pop()
    return parts


def person_surnames(named: dict[str, str], besides: str = "") -> frozenset[str]:
    """The surname of every person the article names, but the names that run on from ``besides`` ("Hillary
    Clinton Wins" is not another person beside "Hillary Clinton")."""
    return frozenset(name_parts(n)[-1] for n, label in named.items()
                     if label == "PERSON" and not (besides and n.startswith(besides + " ")))


def full_name_surnames(named: dict[str, str]) -> frozenset[str]:
    """Surnames of the people the article names in full, a given name first ("Hillary Clinton": "Clinton")."""
    return frozenset(parts[-1] for name, label in named.items()
                     if label == "PERSON" and len(parts := name_parts(name)) >= 2 and parts[0] in gaz.first_names())


def known_person(name: str, named: dict[str, str]) -> bool:
    """``name`` is a person the article names: a name of two words or more it gives a person, a given name before a
    surname it gives a person ("Sonia Sotomayor" beside "Justice Sonia Sotomayor" and "Sotomayor"), or alone the
    surname of someone it names in full ("Trump" beside "Donald Trump")."""
    parts = name.split()
    if len(parts) == 1:
        return name in full_name_surnames(named)
    return (named.get(name) == "PERSON"
            or len(parts) == 2 and parts[0] in gaz.first_names() and parts[1] in person_surnames(named))
