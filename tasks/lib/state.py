"""What extraction remembers across batches and runs: known entities and story clusters.

Both indexes are loaded from the warehouse at the start of a run, updated batch by batch, and
their changes are written with the run's load. The matching logic itself lives in resolve.py
(entities) and stories.py (clustering); this module keeps the state around it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tasks.lib.records import LocalEntity, Role


def entity_id_for(canonical_name: str, label: str) -> str:
    """Deterministic id of a new entity: stable across runs and machines."""
    return "ent_" + hashlib.sha1(f"{label}|{canonical_name.casefold()}".encode()).hexdigest()[:16]


@dataclass
class EntityIndex:
    """Known entities by id, with the ids that changed during this run."""

    profiles: dict[str, dict] = field(default_factory=dict)  # entity_id -> entities row
    changed: set[str] = field(default_factory=set)

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> EntityIndex:
        return cls({r["entity_id"]: {**r, "aliases": list(r["aliases"] or [])} for r in rows})

    def resolve(self, articles: Sequence[tuple[str, list[LocalEntity], list[Role]]]) -> dict[tuple[str, int], str]:
        """Give every (doc_id, local key) its entity_id, adding new entities and aliases."""
        ids = {}
        for doc_id, ents, _roles in articles:
            for ent in ents:
                eid = entity_id_for(ent.canonical_name, ent.label)
                self._merge(eid, ent)
                ids[(doc_id, ent.key)] = eid
        return ids

    def _merge(self, eid: str, ent: LocalEntity) -> None:
        prof = self.profiles.get(eid)
        if prof is None:
            self.profiles[eid] = {"entity_id": eid, "canonical_name": ent.canonical_name, "label": ent.label,
                                  "aliases": sorted(set(ent.aliases) | {ent.canonical_name})}
            self.changed.add(eid)
            return
        new = set(ent.aliases) - set(prof["aliases"])
        if new:
            prof["aliases"] = sorted(set(prof["aliases"]) | new)
            self.changed.add(eid)

    def rows(self, ids: Iterable[str]) -> list[dict]:
        return [self.profiles[i] for i in sorted(set(ids))]

    def changed_rows(self) -> list[dict]:
        return self.rows(self.changed)


@dataclass
class StoryDoc:
    doc_id: str
    text: str
    published_at: datetime | None
    entity_ids: set[str]


@dataclass
class StoryIndex:
    """Story membership of known documents."""

    story_of: dict[str, str] = field(default_factory=dict)  # doc_id -> story_id

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> StoryIndex:
        return cls({r["doc_id"]: r["story_id"] for r in rows})

    def assign(self, docs: Sequence[StoryDoc]) -> dict[str, str]:
        """Each new document joins a story or starts its own (story_id = its doc_id)."""
        out = {}
        for d in docs:
            out[d.doc_id] = self.story_of.setdefault(d.doc_id, d.doc_id)
        return out
