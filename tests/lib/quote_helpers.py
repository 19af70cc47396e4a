"""Shared by the quote tests: one short article's quote pieces grouped into statements."""

from __future__ import annotations

from tasks.lib.extract import entities, roles
from tasks.lib.extract.quotes.find import extract_quotes


def statement_groups(nlp, text):
    """(the article's entity key -> canonical name, [pieces of one statement] per statement in text order)."""
    doc = nlp(text)
    ents, mentions = entities.extract_entities(doc)
    found = extract_quotes(doc, ents, mentions, roles.extract_roles(doc, ents, mentions))
    groups: dict[int, list] = {}
    for q in found:
        groups.setdefault(q.statement_start, []).append(q)
    return {e.key: e.canonical_name for e in ents}, [pieces for _, pieces in sorted(groups.items())]
