"""Placed documents' clustering features in columns (about 1 KB a document), and the corpus statistics.

A run keeps every document it may compare a new one with; as Python objects (a ``StoryDoc`` holds 128 boxed
ints and 30 strings) that is ~8 KB a document, as columns (MinHash matrix; keyword, entity and event-day ids in
CSR arrays over shared vocabularies) under 1 KB, and a batch is compared with any subset of rows without
building anything per known document. Rows are only appended; a replaced document's row is marked dead.

The MinHash matrix keeps the low 16 bits of each value (b-bit minwise hashing, Li & König 2010): half the
memory, and two different values agree there once in 65,536 positions, so a near-duplicate estimate over 128
positions moves by 1/128 for about one pair in 500 and a band of 4 positions still keys on 64 bits.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import numpy as np
from scipy import sparse

from tasks.lib.memory import story_cluster
from tasks.lib.memory.story_features import NUM_PERM, StoryDoc, day


class _Growing:
    """An append-only numpy array that grows by half when full (amortised O(1) appends, no per-batch copy)."""

    def __init__(self, dtype, width: int | None = None):
        self._data = np.empty((256, width) if width else 256, dtype=dtype)
        self.size = 0

    def extend(self, values) -> None:
        values = np.asarray(values, dtype=self._data.dtype)
        end = self.size + len(values)
        if end > len(self._data):
            grown = np.empty((max(end, len(self._data) * 3 // 2),) + self._data.shape[1:], self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : end] = values
        self.size = end

    @property
    def values(self) -> np.ndarray:
        return self._data[: self.size]


class Terms:
    """One kind of term (keywords, entity ids, event days) of every row, as CSR arrays over a vocabulary, with
    the number of live documents holding each term (its document frequency)."""

    def __init__(self, weighted: bool = False):
        self.vocab: dict = {}
        self._ptr, self._idx = _Growing(np.int64), _Growing(np.int32)
        self._w = _Growing(np.float32) if weighted else None
        self._ptr.extend([0])
        self._df = np.zeros(256, dtype=np.int64)

    def append(self, rows: Sequence[tuple[Sequence, Sequence[float] | None]]) -> None:
        """Add rows of (terms, weights or None); a term repeated within a row counts once."""
        idx, w, ptr, end = [], [], [], self._idx.size
        for terms, weights in rows:
            keep = dict(zip(terms, weights if weights is not None else itertools.repeat(1.0)))
            idx += [self.vocab.setdefault(t, len(self.vocab)) for t in keep]
            w += keep.values()
            end += len(keep)
            ptr.append(end)
        lo = self._idx.size
        self._idx.extend(idx)
        self._ptr.extend(ptr)
        if self._w is not None:
            self._w.extend(w)
        if len(self.vocab) > len(self._df):
            self._df = np.concatenate([self._df, np.zeros(len(self.vocab) * 3 // 2 - len(self._df), np.int64)])
        np.add.at(self._df, self._idx.values[lo:], 1)

    def retire(self, row: int) -> None:
        """Take a dead row out of the document frequencies."""
        np.subtract.at(self._df, self._idx.values[self._ptr.values[row] : self._ptr.values[row + 1]], 1)

    def matrix(self, rows: np.ndarray) -> sparse.csr_matrix:
        """The rows' terms (rows x vocabulary; stored weights, or ones)."""
        data = self._w.values if self._w is not None else np.ones(self._idx.size, dtype=np.float32)
        n = len(self._ptr.values) - 1
        return sparse.csr_matrix((data, self._idx.values, self._ptr.values), shape=(n, max(1, len(self.vocab))))[rows]

    def idf(self, n_docs: int) -> np.ndarray:
        """Smoothed inverse document frequency of every vocabulary term among ``n_docs`` documents."""
        return np.log((n_docs + 1) / (self._df[: max(1, len(self.vocab))] + 1.0)) + 1.0


class StoryStore:
    """Placed documents' features in columns; :meth:`place` clusters a batch against any subset of them."""

    def __init__(self, docs: Iterable[StoryDoc] = ()):
        self.doc_ids: list[str] = []
        self.story_ids: list[str | None] = []
        self.published: list[date | datetime | None] = []
        self._row_of: dict[str, int] = {}  # doc_id -> row of its live version
        self.keywords, self.entities, self.event_days = Terms(weighted=True), Terms(), Terms()
        self._alive = _Growing(np.bool_)
        self._day = _Growing(np.int32)  # date ordinal; 0 when unknown
        self._minhash = _Growing(np.uint16, NUM_PERM)
        self._n_shingles = _Growing(np.int32)
        self.add(docs)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._row_of

    @property
    def n_alive(self) -> int:
        return len(self._row_of)

    def add(self, docs: Iterable[StoryDoc], chunk: int = 1024) -> None:
        """Append documents (placed ones carry their ``story_id``), a chunk of arrays at a time."""
        docs = iter(docs)
        while batch := list(itertools.islice(docs, chunk)):
            self._add_chunk(batch)

    def _add_chunk(self, docs: list[StoryDoc]) -> None:
        for d in docs:
            self.forget([d.doc_id])
            self._row_of[d.doc_id] = len(self.doc_ids)
            self.doc_ids.append(d.doc_id)
            self.story_ids.append(d.story_id)
            self.published.append(d.published_at)
        self.keywords.append([(d.keywords, d.weights) for d in docs])
        self.entities.append([(d.entity_ids, None) for d in docs])
        self.event_days.append([([day(x).toordinal() for x in d.event_days or ()], None) for d in docs])
        self._alive.extend(np.ones(len(docs), dtype=bool))
        self._day.extend([day(d.published_at).toordinal() if d.published_at is not None else 0 for d in docs])
        self._minhash.extend(np.asarray([d.minhash for d in docs], dtype=np.int64).astype(np.uint16))  # low bits
        self._n_shingles.extend([d.n_shingles for d in docs])

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Mark documents dead (being replaced): they are never compared with again."""
        for doc_id in doc_ids:
            if (row := self._row_of.pop(doc_id, None)) is not None:
                self._alive.values[row] = False
                for terms in (self.keywords, self.entities, self.event_days):
                    terms.retire(row)

    def placed_rows(self) -> np.ndarray:
        """Rows of live documents that have a story, oldest first."""
        placed = np.fromiter((s is not None for s in self.story_ids), dtype=bool, count=len(self))
        return np.flatnonzero(self._alive.values & placed)

    def days(self, rows: np.ndarray) -> np.ndarray:
        """Publication days (date ordinals; 0 when unknown) of the given rows."""
        return self._day.values[rows]

    def minhash(self, rows: np.ndarray) -> np.ndarray:
        return self._minhash.values[rows]

    def n_shingles(self, rows: np.ndarray) -> np.ndarray:
        return self._n_shingles.values[rows]

    def place(self, new_docs: Sequence[StoryDoc], candidates: np.ndarray | None = None, params=None) -> dict[str, str]:
        """Add new documents and give each a story id: an existing story's, or a new one.

        Args:
            new_docs: features of the documents to place (their ``story_id`` is ignored).
            candidates: rows of placed documents to compare them with, oldest first (default: all live ones).
            params: ``StoryParams`` (defaults when None).

        Returns:
            ``{doc_id: story_id}`` for every new document (see ``tasks.lib.memory.stories.assign``).
        """
        return story_cluster.place(self, new_docs, candidates, params)
