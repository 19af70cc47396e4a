"""The blocking indexes the resolver finds candidates in: known entity profiles by name keys.

A profile is indexed under its normalised name (and the canonical place of a place alias), a person under every
token after the first name and under (first name, surname initial), an organisation under its order-free key
and its acronym or initials. Looking a name up costs a few dict reads whatever the number of known entities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tasks.lib.extract import entity_labels
from tasks.lib.memory.names import acronym, looks_like_acronym, normalize_name, org_key, parse_person, place_aliases


@dataclass
class EntityProfile:
    """One row of the warehouse ``entities`` table plus the evidence used to resolve new mentions.

    Attributes:
        entity_id: stable id (never changes once issued).
        canonical_name: display name; a surname-only entity is upgraded to the first full name that joins it.
        label: PERSON, ORG, GPE, LOC, NORP, FAC, ...
        aliases: every surface form seen, first-seen order.
        roles: role strings seen with the entity (``Secretary of State``).
        neighbours: entity_ids that co-occurred with it in some article (capped at ``MAX_NEIGHBOURS``).
        doc_count: number of articles it was resolved in.
    """

    entity_id: str
    canonical_name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)
    doc_count: int = 0


class ProfileIndex:
    """Known entity profiles by id, and the blocking indexes over their names (the resolver's memory)."""

    def __init__(self, known: list[EntityProfile] | None = None) -> None:
        self.profiles: dict[str, EntityProfile] = {}
        self._by_token: dict[str, set[str]] = defaultdict(set)  # person: surname-ish token skeleton -> ids
        self._by_given_initial: dict[tuple[str, str], set[str]] = defaultdict(set)  # (given, surname[0])
        self._by_name: dict[tuple[str, str], set[str]] = defaultdict(set)  # (label group, normalised name)
        self._by_org_key: dict[str, set[str]] = defaultdict(set)
        self._by_acronym: dict[str, set[str]] = defaultdict(set)  # org known by an acronym: its letters
        self._by_initials: dict[str, set[str]] = defaultdict(set)  # org known by a full name: its initials
        for p in known or []:
            self._add(p)

    # -- indexing

    def _add(self, p: EntityProfile) -> None:
        self.profiles[p.entity_id] = p
        for name in [p.canonical_name, *p.aliases]:
            self._index_name(p, name)

    def _index_name(self, p: EntityProfile, name: str) -> None:
        for index, key in self._index_keys(p, name):
            index[key].add(p.entity_id)

    def _index_keys(self, p: EntityProfile, name: str) -> list[tuple[dict, object]]:
        """The blocking-index entries under which a profile is found by one of its names."""
        group = entity_labels.group_of(p.label)
        norm = normalize_name(name)
        if not norm:
            return []
        keys: list[tuple[dict, object]] = [(self._by_name, (group, norm))]
        if group == "PLACE" and norm in place_aliases():
            keys.append((self._by_name, (group, place_aliases()[norm])))
        if p.label == "PERSON":
            parsed = parse_person(name)
            if parsed:
                keys += [(self._by_token, tok) for tok in parsed.rest]
                if parsed.given:
                    keys.append((self._by_given_initial, (parsed.given, parsed.surname[0])))
        elif p.label == "ORG":
            key = org_key(name)
            if key:
                keys.append((self._by_org_key, key))
            if looks_like_acronym(name):
                keys.append((self._by_acronym, norm.replace(" ", "")))
            elif acr := acronym(name):
                keys.append((self._by_initials, acr))
        return keys

    def forget(self, entity_ids: set[str]) -> set[str]:
        """Drop entities (their only articles are being replaced); returns the ids of profiles whose
        neighbours named them, now pruned, so the caller can write those rows again."""
        for eid in entity_ids:
            p = self.profiles.pop(eid, None)
            if p is None:
                continue
            for name in [p.canonical_name, *p.aliases]:
                for index, key in self._index_keys(p, name):
                    if key in index:
                        index[key].discard(eid)
                        if not index[key]:
                            del index[key]
        pruned = set()
        for p in self.profiles.values():
            if not entity_ids.isdisjoint(p.neighbours):
                p.neighbours = [n for n in p.neighbours if n not in entity_ids]
                pruned.add(p.entity_id)
        return pruned
