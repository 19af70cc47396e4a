"""Same-story clustering: articles about one event, from any outlet, share a ``story_id``.

Each document is reduced once to a small, persistable :class:`StoryDoc`:

* ``minhash``: a MinHash signature (datasketch) of word 4-gram shingles, for near-duplicate copies;
* ``keywords``/``weights``: its most distinctive words, weighted by in-article frequency times rarity in
  general English (wordfreq's Zipf scale), L2-normalised, so the cosine of two articles rewards shared
  names and topic words over shared common words, with no corpus statistics to keep;
* ``entity_ids`` from the cross-article resolver and ``published_at``.

:func:`assign` links documents whose signatures are near-duplicates, or whose keyword cosine plus entity
overlap clears a threshold within a time window, then merges links strongest first (Kruskal order). A new
document joins an existing story or starts one; existing story ids never change and two existing stories are
never merged. Because links are merged by score, not by arrival, the result for one batch does not depend
on the order of documents within it (apart from which document's id names a new story).

A long-lived caller keeps placed documents in a :class:`StoryStore` (columns, about 1 KB a document) and
places each batch against any subset of its rows, e.g. a recent window.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import numpy as np
from scipy import sparse
from datasketch import MinHash
from unidecode import unidecode
from wordfreq import zipf_frequency

NUM_PERM = 128
SCHEME = "affine32"  # pinned: persisted signatures stay comparable if datasketch changes its default
SHINGLE = 4  # words per shingle: long enough that unrelated texts share almost none
BANDS = 32  # LSH bands of NUM_PERM // BANDS rows: pairs above ~0.45 Jaccard collide with high probability
TOP_KEYWORDS = 30  # more dilutes the cosine of rewrites (measured on the seeds); fewer loses recall
RARITY_CEILING = 6.5  # Zipf value at or above which a word carries no weight ("the" 7.7, "said" 6.0)


@dataclass
class StoryParams:
    """Thresholds for :func:`assign` (defaults measured on the BBC corpus; see benchmarks/stories_bbc.py).

    Attributes:
        near_duplicate: MinHash Jaccard above which two texts are copies of one article (time ignored).
        link: combined score above which two articles report the same story.
        entity_weight: share of the combined score that comes from entity overlap (rarity-weighted
            cosine of the entity-id sets).
        window_days: articles further apart than this are never linked unless near-duplicates.
        time_weight: bonus for articles published close together, falling linearly from this at 0 days
            to 0 at ``window_days``; nothing when a date is unknown.
        min_shingles: texts with fewer shingles are too short to call near-duplicates.
        min_keywords: texts with fewer keywords are too short to call the same story by content.
        reference_docs: corpus size assumed at least when weighting entities by rarity (small batches).
    """

    near_duplicate: float = 0.5
    link: float = 0.5
    entity_weight: float = 0.3
    window_days: float = 7.0
    time_weight: float = 0.05
    min_shingles: int = 20
    min_keywords: int = 8
    reference_docs: int = 1000


@dataclass
class StoryDoc:
    """Per-document clustering state; persist it beside the document (all fields are plain lists/scalars).

    Attributes:
        doc_id: document id.
        minhash: NUM_PERM unsigned 32-bit MinHash values (fit a DuckDB ``UINTEGER[]`` or ``BIGINT[]``).
        keywords: distinctive lower-case words, strongest first.
        weights: their L2-normalised weights, same order.
        entity_ids: resolved entity ids seen in the article.
        published_at: publication date or time, None when unknown.
        story_id: the story it belongs to (set for existing documents, None for new ones).
        n_shingles: number of distinct shingles the signature was built from.
    """

    doc_id: str
    minhash: list[int]
    keywords: list[str]
    weights: list[float]
    entity_ids: list[str] = field(default_factory=list)
    published_at: date | datetime | None = None
    story_id: str | None = None
    n_shingles: int = 0


_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _words(text: str) -> list[str]:
    # Transliterate only non-ASCII letter runs (whole-text unidecode is the slow part); symbols become spaces.
    return _WORD.findall(_NON_ASCII.sub(_fold, text).lower())


def _fold(m: re.Match) -> str:
    return "".join(unidecode(c) if c.isalpha() else " " for c in m.group())


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _shingles(words: Sequence[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> list[int]:
    """MinHash signature of a text's word 4-gram shingles.

    Args:
        text: cleaned article body.

    Returns:
        NUM_PERM unsigned 32-bit integers (datasketch's affine32 scheme); the share of equal positions
        estimates the shingle Jaccard similarity.
    """
    return _signature(_shingles(_words(text)))


def _signature(shingles: set[bytes]) -> list[int]:
    # crc32 (C-speed) is enough as the input hash: datasketch mixes it with a murmur finaliser first.
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme=SCHEME, hashfunc=zlib.crc32)
    if shingles:
        m.update_batch(sorted(shingles))
    return [int(v) for v in m.hashvalues]


@lru_cache(maxsize=500_000)
def _rarity(word: str) -> float:
    if len(word) < 3 or any(c.isdigit() for c in word):  # numbers and amounts: not topic words
        return 0.0
    return max(0.0, RARITY_CEILING - zipf_frequency(word, "en"))


def keywords(text: str, k: int = TOP_KEYWORDS) -> tuple[list[str], list[float]]:
    """The words that best identify what a text is about.

    Args:
        text: cleaned article body.
        k: how many to keep.

    Returns:
        (words, weights): weight = (1 + ln tf) * rarity, L2-normalised over the kept words, strongest first.
    """
    return _keywords(_words(text), k)


def _keywords(words: Iterable[str], k: int) -> tuple[list[str], list[float]]:
    tf: dict[str, int] = defaultdict(int)
    for w in words:
        if w.endswith("'s"):
            w = w[:-2]
        tf[w] += 1
    scored = [(-(1.0 + math.log(n)) * _rarity(w), w) for w, n in tf.items()]
    top = sorted((s, w) for s, w in scored if s < 0)[:k]
    norm = math.sqrt(sum(s * s for s, _ in top)) or 1.0
    return [w for _, w in top], [round(-s / norm, 6) for s, _ in top]


def features(
    doc_id: str,
    text: str,
    entity_ids: Iterable[str] = (),
    published_at: date | datetime | None = None,
) -> StoryDoc:
    """Everything :func:`assign` needs about one document, computed once.

    Args:
        doc_id: document id.
        text: cleaned article body (include the headline if it is not in the body).
        entity_ids: resolved entity ids of the article (order irrelevant).
        published_at: publication date or time, None when unknown.

    Returns:
        A :class:`StoryDoc` with ``story_id`` None.
    """
    words = _words(text)
    shingles = _shingles(words)
    kw, wt = _keywords(words, TOP_KEYWORDS)
    return StoryDoc(
        doc_id=doc_id,
        minhash=_signature(shingles),
        keywords=kw,
        weights=wt,
        entity_ids=sorted(set(entity_ids)),
        published_at=published_at,
        n_shingles=len(shingles),
    )


def day(value: date | datetime) -> date:
    """The calendar day of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value


def _days_apart(a: date | datetime | None, b: date | datetime | None) -> float | None:
    if a is None or b is None:
        return None
    if isinstance(a, datetime) != isinstance(b, datetime):  # compare a date with a datetime by day
        a = a.date() if isinstance(a, datetime) else a
        b = b.date() if isinstance(b, datetime) else b
    if isinstance(a, datetime) and (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return abs((a - b).total_seconds()) / 86400.0


def _entity_cosine(ea: Sequence, eb: Sequence, weight: Callable[[object], float]) -> float:
    """Cosine of two entity sets, each entity weighted by its rarity among the documents compared."""
    sa, sb = set(ea), set(eb)
    shared = sum(weight(e) ** 2 for e in sa & sb)
    if not shared:
        return 0.0
    return shared / math.sqrt(sum(weight(e) ** 2 for e in sa) * sum(weight(e) ** 2 for e in sb))


def _idf(df: np.ndarray | int, n_docs: int, reference_docs: int) -> np.ndarray | float:
    # Smoothed idf; the corpus is taken to hold at least reference_docs documents so that in a tiny batch
    # shared entities still count as rare evidence.
    n = max(n_docs, reference_docs)
    return np.log((n + 1) / (np.asarray(df) + 1.0)) + 1.0


def _combine(cos: float, entity_cos: float | None, p: StoryParams, days: float | None = None) -> float:
    """Same-story score; ``entity_cos`` is None when one side has no entities (then text alone decides)."""
    score = cos if entity_cos is None else (1 - p.entity_weight) * cos + p.entity_weight * entity_cos
    if days is not None and p.window_days > 0:
        score += p.time_weight * max(0.0, 1.0 - days / p.window_days)
    return score


def similarity(a: StoryDoc, b: StoryDoc, params: StoryParams | None = None) -> tuple[float, float]:
    """Near-duplicate and same-story scores of two documents, as :func:`assign` computes them.

    Args:
        a, b: the documents' features.
        params: thresholds and weights (defaults when None).

    Returns:
        (MinHash Jaccard estimate, combined keyword-cosine/entity score); the second is 0 outside the
        time window. Entity rarity is judged as if these two were all the documents (see
        ``StoryParams.reference_docs``).
    """
    p = params or StoryParams()
    dup = sum(x == y for x, y in zip(a.minhash, b.minhash)) / max(1, len(a.minhash))
    if min(a.n_shingles, b.n_shingles) < p.min_shingles:
        dup = 0.0
    days = _days_apart(a.published_at, b.published_at)
    if days is not None and days > p.window_days:
        return dup, 0.0
    if min(len(a.keywords), len(b.keywords)) < p.min_keywords:
        return dup, 0.0
    wb = dict(zip(b.keywords, b.weights))
    cos = sum(w * wb.get(kw, 0.0) for kw, w in zip(a.keywords, a.weights))
    entity_cos = None
    if a.entity_ids and b.entity_ids:
        shared = set(a.entity_ids) & set(b.entity_ids)
        weight = {e: float(_idf(2 if e in shared else 1, 2, p.reference_docs))
                  for e in set(a.entity_ids) | set(b.entity_ids)}
        entity_cos = _entity_cosine(a.entity_ids, b.entity_ids, weight.__getitem__)
    return dup, _combine(cos, entity_cos, p, days)


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


class StoryStore:
    """Placed documents' clustering features in columns, about 1 KB a document.

    A run keeps every document it may compare a new one with; as Python objects (a :class:`StoryDoc`
    holds 128 boxed ints and 30 strings) that is ~8 KB a document, as columns (MinHash matrix, keyword and
    entity ids in CSR arrays over shared vocabularies) under 1 KB, and a batch is compared with any subset
    of rows without building anything per known document. Rows are only appended; a replaced document's
    row is marked dead.

    The MinHash matrix keeps the low 16 bits of each value (b-bit minwise hashing, Li & König 2010): half the
    memory, and two different values agree there once in 65,536 positions, so a near-duplicate estimate over
    128 positions moves by 1/128 for about one pair in 500 and a band of 4 positions still keys on 64 bits.
    """

    def __init__(self, docs: Iterable[StoryDoc] = ()):
        self.doc_ids: list[str] = []
        self.story_ids: list[str | None] = []
        self.published: list[date | datetime | None] = []
        self._row_of: dict[str, int] = {}  # doc_id -> row of its live version
        self._vocab: dict[str, int] = {}
        self._entity_vocab: dict[str, int] = {}
        self._alive = _Growing(np.bool_)
        self._day = _Growing(np.int32)  # date ordinal; 0 when unknown
        self._minhash = _Growing(np.uint16, NUM_PERM)
        self._n_shingles = _Growing(np.int32)
        self._kw_ptr, self._kw_idx, self._kw_w = _Growing(np.int64), _Growing(np.int32), _Growing(np.float32)
        self._ent_ptr, self._ent_idx = _Growing(np.int64), _Growing(np.int32)
        self._kw_ptr.extend([0])
        self._ent_ptr.extend([0])
        self.add(docs)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def add(self, docs: Iterable[StoryDoc], chunk: int = 4096) -> None:
        """Append documents (placed ones carry their ``story_id``), a chunk of arrays at a time."""
        docs = iter(docs)
        while batch := list(itertools.islice(docs, chunk)):
            self._add_chunk(batch)

    def _add_chunk(self, docs: list[StoryDoc]) -> None:
        kw_idx, kw_w, ent_idx, kw_ptr, ent_ptr = [], [], [], [], []
        kw_end, ent_end = self._kw_idx.size, self._ent_idx.size
        for d in docs:
            if d.doc_id in self._row_of:
                self._alive.values[self._row_of[d.doc_id]] = False
            self._row_of[d.doc_id] = len(self.doc_ids)
            self.doc_ids.append(d.doc_id)
            self.story_ids.append(d.story_id)
            self.published.append(d.published_at)
            entities = dict.fromkeys(d.entity_ids)
            kw_idx += [self._vocab.setdefault(w, len(self._vocab)) for w in d.keywords]
            kw_w += d.weights
            ent_idx += [self._entity_vocab.setdefault(e, len(self._entity_vocab)) for e in entities]
            kw_end, ent_end = kw_end + len(d.keywords), ent_end + len(entities)
            kw_ptr.append(kw_end)
            ent_ptr.append(ent_end)
        self._alive.extend(np.ones(len(docs), dtype=bool))
        self._day.extend([day(d.published_at).toordinal() if d.published_at is not None else 0 for d in docs])
        self._minhash.extend(np.asarray([d.minhash for d in docs], dtype=np.int64).astype(np.uint16))  # low bits
        self._n_shingles.extend([d.n_shingles for d in docs])
        self._kw_idx.extend(kw_idx)
        self._kw_w.extend(kw_w)
        self._kw_ptr.extend(kw_ptr)
        self._ent_idx.extend(ent_idx)
        self._ent_ptr.extend(ent_ptr)

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Mark documents dead (being replaced): they are never compared with again."""
        for doc_id in doc_ids:
            if (row := self._row_of.pop(doc_id, None)) is not None:
                self._alive.values[row] = False

    def placed_rows(self) -> np.ndarray:
        """Rows of live documents that have a story, oldest first."""
        placed = np.fromiter((s is not None for s in self.story_ids), dtype=bool, count=len(self))
        return np.flatnonzero(self._alive.values & placed)

    def days(self, rows: np.ndarray) -> np.ndarray:
        """Publication days (date ordinals; 0 when unknown) of the given rows."""
        return self._day.values[rows]

    def place(self, new_docs: Sequence[StoryDoc], candidates: np.ndarray | None = None,
              params: StoryParams | None = None) -> dict[str, str]:
        """Add new documents and give each a story id: an existing story's, or a new one.

        Args:
            new_docs: features of the documents to place (their ``story_id`` is ignored).
            candidates: rows of placed documents to compare them with, oldest first (default: all live ones).
            params: thresholds (defaults when None).

        Returns:
            ``{doc_id: story_id}`` for every new document (see :func:`assign`).
        """
        p = params or StoryParams()
        old = self.placed_rows() if candidates is None else np.asarray(candidates, dtype=np.int64)
        first = len(self)
        self.add(dataclasses.replace(d, story_id=None) for d in new_docs)
        rows = np.concatenate([old, np.arange(first, len(self))])
        story_of = self._cluster(rows, len(old), p)
        for r, story in zip(rows[len(old):].tolist(), story_of):
            self.story_ids[r] = story
        return {self.doc_ids[r]: self.story_ids[r] for r in rows[len(old):].tolist()}

    def _cluster(self, rows: np.ndarray, n_old: int, p: StoryParams) -> list[str]:
        """Story ids of rows[n_old:], merging links strongest first (Kruskal order)."""
        edges = self._links(rows, n_old, p)
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        parent = list(range(len(rows)))
        anchor: list[str | None] = [self.story_ids[r] for r in rows[:n_old].tolist()] + [None] * (len(rows) - n_old)

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        # Existing documents of one story start as one component.
        first_of_story: dict[str, int] = {}
        for i in range(n_old):
            root = first_of_story.setdefault(anchor[i], i)
            parent[find(i)] = find(root)
        for _, i, j in edges:
            ri, rj = find(i), find(j)
            if ri == rj or (anchor[ri] and anchor[rj]):
                continue  # never merge two existing stories
            parent[rj] = ri
            anchor[ri] = anchor[ri] or anchor[rj]

        def first_key(k: int) -> tuple:
            pub = self.published[rows[k]]
            pub_day = day(pub) if pub is not None else None
            return (pub_day is None, pub_day or date.min, k)

        members: dict[int, list[int]] = defaultdict(list)
        for k in range(n_old, len(rows)):
            members[find(k)].append(k)
        story_of = {}
        for root, ks in members.items():
            story = anchor[root] or self.doc_ids[rows[min(ks, key=first_key)]]
            story_of.update((k, story) for k in ks)
        return [story_of[k] for k in range(n_old, len(rows))]

    def _csr(self, ptr: _Growing, idx: _Growing, data: np.ndarray, width: int, rows: np.ndarray):
        return sparse.csr_matrix((data, idx.values, ptr.values), shape=(len(self), max(1, width)))[rows]

    def _keyword_rows(self, rows: np.ndarray) -> sparse.csr_matrix:
        """The rows' keyword weights (documents x vocabulary)."""
        return self._csr(self._kw_ptr, self._kw_idx, self._kw_w.values, len(self._vocab), rows)

    def _entity_rows(self, rows: np.ndarray) -> sparse.csr_matrix:
        """The rows' entities (documents x entity vocabulary, ones)."""
        ones = np.ones(self._ent_idx.size, dtype=np.float32)
        return self._csr(self._ent_ptr, self._ent_idx, ones, len(self._entity_vocab), rows)

    def _links(self, rows: np.ndarray, n_old: int, p: StoryParams,
               block: int = 1024) -> list[tuple[float, int, int]]:
        """Scored links (strength, i, j) between positions in ``rows``, i < j, j new; near-duplicates above 1."""
        m = len(rows)
        # A pair can only reach the link threshold if its keyword cosine reaches this floor.
        floor = (p.link - p.time_weight - p.entity_weight) / (1 - p.entity_weight) if p.entity_weight < 1 else 0.0
        floor = max(0.0, min(floor, p.link))
        x = self._keyword_rows(rows)
        xt = x.T.tocsc()
        pairs: dict[tuple[int, int], float] = {}
        for lo in range(n_old, m, block):
            prod = (x[lo : lo + block] @ xt).tocoo()
            for r, i, v in zip(prod.row.tolist(), prod.col.tolist(), prod.data.tolist()):
                j = lo + r
                if i < j and v >= floor:
                    pairs[(i, j)] = v

        mh = self._minhash.values[rows]
        dup_pairs = _band_collisions(mh, self._n_shingles.values[rows] >= p.min_shingles, n_old)

        ents = self._entity_rows(rows)
        idf = _idf(np.bincount(ents.indices, minlength=ents.shape[1]), m, p.reference_docs)
        n_keywords = np.diff(x.indptr)
        links = []
        for i, j in sorted(pairs.keys() | dup_pairs):
            dup = float(np.count_nonzero(mh[i] == mh[j])) / NUM_PERM if (i, j) in dup_pairs else 0.0
            score = 0.0
            cos = pairs.get((i, j), 0.0)
            days = _days_apart(self.published[rows[i]], self.published[rows[j]])
            long_enough = min(n_keywords[i], n_keywords[j]) >= p.min_keywords
            if cos and long_enough and (days is None or days <= p.window_days):
                ea = ents.indices[ents.indptr[i] : ents.indptr[i + 1]]
                eb = ents.indices[ents.indptr[j] : ents.indptr[j + 1]]
                entity_cos = _entity_cosine(ea.tolist(), eb.tolist(), idf.__getitem__) if len(ea) and len(eb) else None
                score = _combine(cos, entity_cos, p, days)
            strength = max(1.0 + dup if dup >= p.near_duplicate else 0.0, score if score >= p.link else 0.0)
            if strength > 0:
                links.append((strength, i, j))
        return links


def _band_collisions(mh: np.ndarray, eligible: np.ndarray, n_old: int) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, j >= n_old, both eligible, whose MinHash signatures agree on a whole LSH band."""
    r = NUM_PERM // BANDS
    keys = np.zeros((len(mh), BANDS), dtype=np.uint64)
    for c in range(r):  # a 64-bit hash of each band's r values (a rare collision only adds a pair to verify)
        keys = keys * np.uint64(0x100000001B3) ^ mh[:, c::r][:, :BANDS].astype(np.uint64)
    new = [j for j in range(n_old, len(mh)) if eligible[j]]
    pairs: set[tuple[int, int]] = set()
    for b in range(BANDS):
        of_key: dict[int, list[int]] = defaultdict(list)
        for j in new:
            of_key[int(keys[j, b])].append(j)
        hits = np.flatnonzero(np.isin(keys[:, b], np.fromiter(of_key, dtype=np.uint64, count=len(of_key))) & eligible)
        for i in hits.tolist():
            pairs.update((i, j) for j in of_key[int(keys[i, b])] if i < j)
    return pairs


def assign(
    new_docs: list[StoryDoc],
    existing_docs: list[StoryDoc],
    params: StoryParams | None = None,
) -> dict[str, str]:
    """Give every new document a story id: an existing story's, or a new one.

    Args:
        new_docs: features of the documents to place (their ``story_id`` is ignored).
        existing_docs: already placed documents, each with its ``story_id``. Pass only a recent window
            (e.g. the last ``window_days`` plus slack) to keep this fast on a large warehouse; a long-lived
            caller keeps a :class:`StoryStore` instead.
        params: thresholds (defaults when None).

    Returns:
        ``{doc_id: story_id}`` for every new document. A new story is named after its earliest document
        (by ``published_at``, unknown dates last, then input order).
    """
    return StoryStore(d for d in existing_docs if d.story_id is not None).place(new_docs, params=params)
