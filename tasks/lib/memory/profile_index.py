"""The blocking indexes the resolver finds candidates in: known entity profiles by name keys.

A profile is indexed under its normalised name (and the canonical place of a place alias), a person under every
token after the first name and under (first name, surname initial), an organisation under its order-free key
and its acronym or initials (entity_keys.py). Looking a name up costs a few dict reads whatever the number of known
entities. The index holds either every known entity or (state.EntityIndex with a reader) those read for the
batches so far: ``add`` and ``evict`` keep the indexes in step with what is held.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tasks.lib.memory import entity_keys


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
        # One dict per kind of key (entity_keys.KINDS): key -> ids of the profiles found under it.
        self._index: dict[str, dict] = {kind: defaultdict(set) for kind in entity_keys.KINDS}
        self._by_token: dict[str, set[str]] = self._index["token"]  # person: surname-ish token skeleton
        self._by_given_initial: dict[tuple[str, str], set[str]] = self._index["given"]  # (given, surname[0])
        self._by_name: dict[tuple[str, str], set[str]] = self._index["name"]  # (label group, normalised name)
        self._by_org_key: dict[str, set[str]] = self._index["org"]
        self._by_acronym: dict[str, set[str]] = self._index["acronym"]  # org known by an acronym: its letters
        self._by_initials: dict[str, set[str]] = self._index["initials"]  # org known by a full name: its initials
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
        return [(self._index[kind], key) for kind, key in entity_keys.name_keys(p.label, name)]

    def _unindex(self, p: EntityProfile) -> None:
        for name in [p.canonical_name, *p.aliases]:
            for index, key in self._index_keys(p, name):
                if key in index:
                    index[key].discard(p.entity_id)
                    if not index[key]:
                        del index[key]

    def add(self, profiles: list[EntityProfile]) -> None:
        """Index profiles read from the warehouse (those already held are kept as they are)."""
        for p in profiles:
            if p.entity_id not in self.profiles:
                self._add(p)

    def evict(self, entity_ids: set[str]) -> None:
        """Drop profiles from memory only (they are unchanged in the warehouse and may be read again)."""
        for eid in entity_ids:
            if (p := self.profiles.pop(eid, None)) is not None:
                self._unindex(p)

    def forget(self, entity_ids: set[str]) -> set[str]:
        """Drop entities (their only articles are being replaced); returns the ids of profiles whose
        neighbours named them, now pruned, so the caller can write those rows again."""
        for eid in entity_ids:
            p = self.profiles.pop(eid, None)
            if p is not None:
                self._unindex(p)
        pruned = set()
        for p in self.profiles.values():
            if not entity_ids.isdisjoint(p.neighbours):
                p.neighbours = [n for n in p.neighbours if n not in entity_ids]
                pruned.add(p.entity_id)
        return pruned
