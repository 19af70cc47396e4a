"""Blocking keys: the name keys a known entity is found under, and the keys a new mention looks up.

One definition serves both the resolver's in-memory indexes (profile_index.py: one dict per kind) and the
warehouse's ``entity_keys`` table, from which a run reads, per batch, only the entities its mentions may resolve
to. ``lookup_keys`` must cover every key the resolver looks a mention up by (resolve.py): an entity it misses
would be invisible to the batch, so a run could give different ids than with every entity in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tasks.lib.extract import entity_labels
from tasks.lib.memory.names import (
    acronym,
    entity_id_for,
    looks_like_acronym,
    normalize_name,
    org_key,
    parse_person,
    place_aliases,
)
from tasks.lib.records import LocalEntity

# The resolver's indexes: name (label group, normalised name), token (a person's surname-ish token skeleton),
# given (a person's given name, surname initial), org (order-free organisation key), acronym (an organisation
# known by an acronym: its letters), initials (an organisation known by a full name: its initials).
KINDS = ("name", "token", "given", "org", "acronym", "initials")
GROUPS = tuple(entity_labels.GROUPS)
CACHED_NAMES = 16_384  # look-up keys of recent names: the common ones recur in every batch
_SUFFIX = re.compile(r"_\d+$")  # a namesake's id: the first one's id + _2, _3 ...


@lru_cache(maxsize=CACHED_NAMES)
def name_keys(label: str, name: str) -> tuple[tuple[str, object], ...]:
    """The (kind, key) index entries under which an entity of this label is found by one of its names."""
    group = entity_labels.group_of(label)
    norm = normalize_name(name)
    if not norm:
        return ()
    keys: list[tuple[str, object]] = [("name", (group, norm))]
    if group == "PLACE" and norm in place_aliases():
        keys.append(("name", (group, place_aliases()[norm])))
    if label == "PERSON":
        parsed = parse_person(name)
        if parsed:
            keys += [("token", tok) for tok in parsed.rest]
            if parsed.given:
                keys.append(("given", (parsed.given, parsed.surname[0])))
    elif label == "ORG":
        key = org_key(name)
        if key:
            keys.append(("org", key))
        if looks_like_acronym(name):
            keys.append(("acronym", norm.replace(" ", "")))
        elif acr := acronym(name):
            keys.append(("initials", acr))
    return tuple(keys)


def encode(kind: str, key: object) -> str:
    """One key as the warehouse stores it: ``kind|part|part``."""
    return "|".join([kind, *(key if isinstance(key, tuple) else (key,))])


def id_key(entity_id: str) -> str:
    """The key of an entity's id with any namesake suffix dropped: a new entity's id must not collide with it."""
    return encode("id", _SUFFIX.sub("", entity_id))


def stored_keys(entity_id: str, canonical_name: str, label: str, aliases: Iterable[str]) -> list[str]:
    """Every key an entity is stored under (sorted, distinct): its names' index entries and its id's key."""
    keys = {encode(kind, key) for name in [canonical_name, *aliases] for kind, key in name_keys(label, name)}
    keys.add(id_key(entity_id))
    return sorted(keys)


def key_rows(entities: Iterable[dict]) -> list[dict]:
    """``entity_keys`` rows for entity rows (dicts with entity_id, canonical_name, label, aliases)."""
    return [{"key": k, "entity_id": e["entity_id"]} for e in entities
            for k in stored_keys(e["entity_id"], e["canonical_name"], e["label"], e.get("aliases") or ())]


def lookup_keys(ent: LocalEntity) -> set[str]:
    """Every key the resolver may look a mention's entity up by (a superset does no harm: it only reads more).

    Its names under its own group (and, for the canonical name, every group: a PERSON the model mislabels may
    join the organisation of that name), a place's canonical alias, an organisation's order-free key, acronym
    and initials, a person's surname tokens and (given name, surname initial), and the id a new entity of this
    name would take.
    """
    keys = set(_canonical_lookup(ent.canonical_name, ent.label))
    for name in dict.fromkeys([ent.canonical_name, *ent.aliases]):
        keys |= _name_lookup(name, ent.label)
    return keys


_PERSON_KINDS = ("token", "given")  # looked up by the canonical name only
# A mention's organisation name is looked up among the other kind: an acronym (`IBM`) among organisations known by
# a full name (their initials), a full name among organisations known by an acronym (their letters).
_CROSS = {"acronym": "initials", "initials": "acronym"}


@lru_cache(maxsize=CACHED_NAMES)
def _canonical_lookup(name: str, label: str) -> frozenset[str]:
    """The keys only the canonical name is looked up by: every group's name, a person's tokens, the new id."""
    keys = {encode("name", (g, norm)) for g in GROUPS if (norm := normalize_name(name))}
    keys |= {encode(kind, key) for kind, key in name_keys(label, name) if kind in _PERSON_KINDS}
    keys.add(encode("id", entity_id_for(name, label)))
    return frozenset(keys)


@lru_cache(maxsize=CACHED_NAMES)
def _name_lookup(name: str, label: str) -> frozenset[str]:
    """The keys each of a mention's names is looked up by (resolve.Resolver._name_candidates): its own index
    entries but a person's tokens, with acronyms and initials crossed."""
    return frozenset(encode(_CROSS.get(kind, kind), key) for kind, key in name_keys(label, name)
                     if kind not in _PERSON_KINDS)
