"""What extraction remembers across batches and runs: known entities and story clusters.

Both are read from the warehouse when a run first has articles to resolve (entities: per batch, those stored under
its mentions' blocking keys; stories: the most recent documents, older ones by publication window on demand),
updated batch by batch, and their changes are written with the run's load. The matching logic lives in resolve.py (entities)
and stories.py (clustering); this module keeps the state around it and speaks in warehouse rows.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Protocol

import numpy as np

from tasks.lib.memory import entity_keys, resolve, stories
from tasks.lib.records import DateMention, LocalEntity, Role

ENTITY_FIELDS = ("entity_id", "canonical_name", "label", "aliases", "roles", "neighbours", "doc_count")


# A warehouse with at most this many entities is read whole at a run's start (~90 MB at most): one read costs less
# than a read per batch. Beyond it, the run reads per batch.
WHOLE_ENTITIES = 20_000
CACHED_ENTITIES = 5_000  # unchanged profiles a reader-backed index keeps between batches (least recently used go)


class EntityReader(Protocol):
    """Where a run reads known entities on demand: the warehouse (tasks/load.py), held for the run."""

    def by_keys(self, keys: list[str]) -> list[str]:
        """Ids of the entities stored under any of these keys (entity_keys.stored_keys)."""

    def by_ids(self, ids: list[str]) -> Iterable[dict]:
        """Entity rows (ENTITY_FIELDS) of these ids."""

    def naming(self, ids: list[str]) -> list[str]:
        """Ids of the entities whose neighbours name any of these."""


class EntityIndex:
    """Known entities, resolving each batch's article-local entities to stable entity ids.

    Holds either every known profile (given whole) or, with a ``reader``, only what the batches need: before
    each batch the entities stored under its mentions' blocking keys are read (entity_keys.lookup_keys covers
    every key the resolver looks up, so ids are the same as with the whole index), profiles this run created or
    changed stay until the load, and at most ``CACHED_ENTITIES`` unchanged ones are kept between batches.
    """

    def __init__(self, profiles: Iterable[resolve.EntityProfile] = (), reader: EntityReader | None = None):
        self._known = list(profiles)
        self._resolver: resolve.Resolver | None = None
        self.reader = reader
        self.changed: set[str] = set()  # rows to write: resolved this run, or neighbours pruned
        self._resolved: set[str] = set()  # ids this run's articles resolved to
        self._replaced: set[str] = set()  # doc_ids of the old versions this run replaces
        self._gone: set[str] = set()  # dropped with the versions they came from: never read back
        self._recent: OrderedDict[str, None] = OrderedDict()  # profiles read, least recently needed first

    @property
    def resolver(self) -> resolve.Resolver:
        # Built on first use: a run with nothing new to extract never pays for the indexes.
        if self._resolver is None:
            self._resolver, self._known = resolve.Resolver(self._known), []
        return self._resolver

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> EntityIndex:
        return cls(profile(r) for r in rows)

    def resolve(self, articles: Sequence[tuple[str, list[LocalEntity], list[Role]]]) -> dict[tuple[str, int], str]:
        """Give every (doc_id, local key) its entity_id, adding new entities and growing aliases."""
        if self.reader is not None:
            keys = {k for _, ents, _ in articles for e in ents for k in entity_keys.lookup_keys(e)}
            self._read(self.reader.by_keys(sorted(keys)))
        result = self.resolver.resolve([resolve.ArticleEntities(d, e, r) for d, e, r in articles])
        self._resolved.update(p.entity_id for p in result.profiles)
        self.changed.update(p.entity_id for p in result.profiles)
        return result.ids

    def _read(self, ids: Iterable[str]) -> None:
        """Hold the profiles of these ids (reading those not held), then evict the least recently needed."""
        ids = set(ids) - self._gone
        profiles = self.resolver.profiles
        self.resolver.add([profile(r) for r in self.reader.by_ids(sorted(ids - profiles.keys()))])
        for eid in ids:
            self._recent[eid] = None
            self._recent.move_to_end(eid)
        excess = len(self._recent) - CACHED_ENTITIES
        for eid in [e for e in itertools.islice(self._recent, max(excess, 0)) if e not in ids]:
            del self._recent[eid]
            if eid not in self.changed:  # a changed profile stays until the load writes it
                self.resolver.evict({eid})

    def forget(self, doc_ids: Iterable[str], support: Mapping[str, set[str]]) -> None:
        """Take back what old versions being replaced contributed, before their new versions resolve.

        Args:
            doc_ids: the replaced versions' doc_ids.
            support: for each entity those versions refer to, every warehouse doc_id that refers to it.

        An entity that only replaced versions refer to (and no article of this run) is dropped, so a
        new version resolves as it would in a fresh warehouse instead of inheriting the old entity;
        the others lose the replaced articles from their counts.
        """
        new = set(doc_ids) - self._replaced
        if not new:
            return
        self._replaced |= new
        if self.reader is not None:
            self._read(support)
        profiles = self.resolver.profiles
        gone = set()
        for eid, docs in support.items():
            if eid not in profiles:
                continue
            if docs <= self._replaced and eid not in self._resolved:
                gone.add(eid)
            else:
                profiles[eid].doc_count = max(0, profiles[eid].doc_count - len(docs & new))
                self.changed.add(eid)
        self.changed -= gone
        if self.reader is not None and gone:
            # Every stored profile naming a dropped entity is pruned (and written again): read them all.
            self._gone |= gone
            for eid in gone:
                self._recent.pop(eid, None)
            self._read(self.reader.naming(sorted(gone)))
        self.changed |= self.resolver.forget(gone)

    def rows(self, ids: Iterable[str]) -> list[dict]:
        ids = sorted(set(ids))
        if self.reader is not None:
            self._read(i for i in ids if i not in self.resolver.profiles)
        return [dict(vars(self.resolver.profiles[i])) for i in ids]  # shallow: rows are converted at once

    def changed_rows(self) -> list[dict]:
        return self.rows(self.changed) if self.changed else []

    def close(self) -> None:
        """Release the reader (its connection); what is held stays usable."""
        if self.reader is not None and hasattr(self.reader, "close"):
            self.reader.close()


def profile(row: Mapping) -> resolve.EntityProfile:
    """A resolver profile from an entity row (lists copied, NULLs left to the defaults)."""
    return resolve.EntityProfile(**{k: (list(row[k]) if isinstance(row[k], (list, tuple)) else row[k])
                                    for k in ENTITY_FIELDS if row.get(k) is not None})


RECENT_CANDIDATES = 20_000


@dataclass
class StoryDoc:
    doc_id: str
    text: str
    published_at: datetime | None
    entity_ids: set[str]
    title: str | None = None  # the headline: often the most telling words of a story
    dates: Sequence[DateMention] = ()  # the article's date mentions: the event's days


OlderReader = Callable[[datetime, datetime], Iterable[dict]]  # story_features rows published in [start, end)


@dataclass
class StoryIndex:
    """Story features of known documents; new documents join a story or start one.

    A run starts with the ``RECENT_CANDIDATES`` most recent documents; ``older`` (when given) reads the older
    ones a dated batch may join, by publication window, once per day, so memory follows the window rather than
    the warehouse.
    """

    store: stories.StoryStore = field(default_factory=stories.StoryStore)
    new_rows: list[dict] = field(default_factory=list)  # story_features rows of this run's documents
    params: stories.StoryParams = field(default_factory=stories.StoryParams)  # thresholds and time window
    older: OlderReader | None = None
    _read_days: set[int] = field(default_factory=set)  # day ordinals whose older documents were read
    _read_rows: list[int] = field(default_factory=list)  # rows read by window: older, whatever their position
    _forgotten: set[str] = field(default_factory=set)  # replaced versions: never read back

    @classmethod
    def from_rows(cls, rows: Iterable[dict], older: OlderReader | None = None) -> StoryIndex:
        return cls(stories.StoryStore(stories.StoryDoc(**r) for r in rows), older=older)

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Drop documents being replaced, so a new version never clusters with its own old one."""
        doc_ids = list(doc_ids)
        self._forgotten.update(doc_ids)
        self.store.forget(doc_ids)

    def candidates(self, new: Sequence[stories.StoryDoc]) -> np.ndarray:
        """Rows of the known documents a batch is compared with: the most recent ``RECENT_CANDIDATES`` whatever
        their date, and older ones published within the story window of the batch's dates. Bounds each batch's
        work on a large warehouse; what it gives up is linking a near-duplicate to an old, far-off original."""
        days = [stories.day(d.published_at).toordinal() for d in new if d.published_at is not None]
        window = int(self.params.window_days)
        if days:
            self._read_older(min(days) - window, max(days) + window)
        placed = self.store.placed_rows()
        by_window = np.isin(placed, np.asarray(self._read_rows, dtype=np.int64))
        recent, older = placed[~by_window][-RECENT_CANDIDATES:], placed[~by_window][:-RECENT_CANDIDATES]
        older = np.concatenate([older, placed[by_window]])
        if not len(older) or not days:
            return recent
        older_days = self.store.days(older)
        in_window = (older_days != 0) & (older_days >= min(days) - window) & (older_days <= max(days) + window)
        return np.concatenate([np.sort(older[in_window]), recent])

    def _read_older(self, first: int, last: int) -> None:
        """Read the older documents published on days first..last (ordinals) not read yet."""
        todo = [d for d in range(first, last + 1) if d not in self._read_days]
        if self.older is None or not todo:
            return
        self._read_days.update(todo)
        start, end = (datetime.combine(date.fromordinal(d), time(), timezone.utc)
                      for d in (min(todo), max(todo) + 1))
        docs = [stories.StoryDoc(**r) for r in self.older(start, end)
                if r["doc_id"] not in self.store and r["doc_id"] not in self._forgotten]
        self._read_rows.extend(range(len(self.store), len(self.store) + len(docs)))
        self.store.add(docs)

    def assign(self, docs: Sequence[StoryDoc]) -> dict[str, str]:
        """story_id for each document (an existing story's, or its own doc_id for a new story)."""
        feats = [stories.features(d.doc_id, f"{d.title}\n\n{d.text}" if d.title else d.text, d.entity_ids,
                                  d.published_at, event_dates=d.dates) for d in docs]
        story_of = self.store.place(feats, self.candidates(feats), self.params)
        for f in feats:
            f.story_id = story_of[f.doc_id]
        self.new_rows += [dict(vars(f)) for f in feats]  # shallow: asdict would deep-copy every signature
        return story_of
