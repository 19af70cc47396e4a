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
"""

from __future__ import annotations

import math
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
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


def _entity_cosine(ea: Sequence[str], eb: Sequence[str], idf: dict[str, float] | None) -> float:
    """Cosine of two entity sets, each entity weighted by its rarity among the documents compared."""
    w = (lambda e: idf.get(e, 1.0)) if idf else (lambda e: 1.0)  # noqa: E731
    sa, sb = set(ea), set(eb)
    shared = sum(w(e) ** 2 for e in sa & sb)
    if not shared:
        return 0.0
    return shared / math.sqrt(sum(w(e) ** 2 for e in sa) * sum(w(e) ** 2 for e in sb))


def _entity_idf(docs: Sequence[StoryDoc], reference_docs: int) -> dict[str, float]:
    # Smoothed idf; the corpus is taken to hold at least reference_docs documents so that in a tiny batch
    # shared entities still count as rare evidence.
    df: dict[str, int] = defaultdict(int)
    for d in docs:
        for e in set(d.entity_ids):
            df[e] += 1
    n = max(len(docs), reference_docs)
    return {e: math.log((n + 1) / (k + 1)) + 1.0 for e, k in df.items()}


def _combine(cos: float, ea: Sequence[str], eb: Sequence[str], p: StoryParams,
             idf: dict[str, float] | None = None, days: float | None = None) -> float:
    score = cos
    if ea and eb:  # with no entity evidence on one side, judge on text alone
        score = (1 - p.entity_weight) * cos + p.entity_weight * _entity_cosine(ea, eb, idf)
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
    return dup, _combine(cos, a.entity_ids, b.entity_ids, p, _entity_idf([a, b], p.reference_docs), days)


def _bands(minhash: Sequence[int]) -> list[tuple]:
    rows = NUM_PERM // BANDS
    return [(i, tuple(minhash[i * rows : (i + 1) * rows])) for i in range(BANDS)]


def _keyword_matrix(docs: list[StoryDoc]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for d in docs:
        for kw, w in zip(d.keywords, d.weights):
            indices.append(vocab.setdefault(kw, len(vocab)))
            data.append(w)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
        shape=(len(docs), max(1, len(vocab))),
    )


def _links(docs: list[StoryDoc], n_old: int, p: StoryParams, block: int = 1024) -> list[tuple[float, int, int]]:
    """Scored links (strength, i, j) with i < j and j new; near-duplicates score above 1."""
    # A pair can only reach the link threshold if its keyword cosine reaches this floor.
    floor = (p.link - p.time_weight - p.entity_weight) / (1 - p.entity_weight) if p.entity_weight < 1 else 0.0
    floor = max(0.0, min(floor, p.link))
    x = _keyword_matrix(docs)
    xt = x.T.tocsc()
    pairs: dict[tuple[int, int], float] = {}
    for lo in range(n_old, len(docs), block):
        prod = (x[lo : lo + block] @ xt).tocoo()
        for r, i, v in zip(prod.row.tolist(), prod.col.tolist(), prod.data.tolist()):
            j = lo + r
            if i < j and v >= floor:
                pairs[(i, j)] = v
    # Near-duplicate candidates from LSH bands of the MinHash signatures.
    buckets: dict[tuple, list[int]] = defaultdict(list)
    dup_pairs: set[tuple[int, int]] = set()
    for j, d in enumerate(docs):
        if d.n_shingles < p.min_shingles:
            continue
        for band in _bands(d.minhash):
            bucket = buckets[band]
            if j >= n_old:
                for i in bucket:
                    dup_pairs.add((i, j))
            bucket.append(j)
    mh = np.asarray([d.minhash for d in docs], dtype=np.uint64) if docs else np.zeros((0, NUM_PERM))

    idf = _entity_idf(docs, p.reference_docs)
    links = []
    for i, j in sorted(pairs.keys() | dup_pairs):
        a, b = docs[i], docs[j]
        dup = float(np.count_nonzero(mh[i] == mh[j])) / NUM_PERM if (i, j) in dup_pairs else 0.0
        score = 0.0
        cos = pairs.get((i, j), 0.0)
        days = _days_apart(a.published_at, b.published_at)
        long_enough = min(len(a.keywords), len(b.keywords)) >= p.min_keywords
        if cos and long_enough and (days is None or days <= p.window_days):
            score = _combine(cos, a.entity_ids, b.entity_ids, p, idf, days)
        strength = max(1.0 + dup if dup >= p.near_duplicate else 0.0, score if score >= p.link else 0.0)
        if strength > 0:
            links.append((strength, i, j))
    return links


def assign(
    new_docs: list[StoryDoc],
    existing_docs: list[StoryDoc],
    params: StoryParams | None = None,
) -> dict[str, str]:
    """Give every new document a story id: an existing story's, or a new one.

    Args:
        new_docs: features of the documents to place (their ``story_id`` is ignored).
        existing_docs: already placed documents, each with its ``story_id``. Pass only a recent window
            (e.g. the last ``window_days`` plus slack) to keep this fast on a large warehouse.
        params: thresholds (defaults when None).

    Returns:
        ``{doc_id: story_id}`` for every new document. A new story is named after its earliest document
        (by ``published_at``, unknown dates last, then input order).
    """
    p = params or StoryParams()
    existing = [d for d in existing_docs if d.story_id is not None]
    docs = existing + list(new_docs)
    n_old = len(existing)

    edges = _links(docs, n_old, p)
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))

    parent = list(range(len(docs)))
    anchor: list[str | None] = [d.story_id for d in existing] + [None] * len(new_docs)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Existing documents of one story start as one component.
    first_of_story: dict[str, int] = {}
    for i, d in enumerate(existing):
        root = first_of_story.setdefault(d.story_id, i)
        parent[find(i)] = find(root)
    for _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj or (anchor[ri] and anchor[rj]):
            continue  # never merge two existing stories
        parent[rj] = ri
        anchor[ri] = anchor[ri] or anchor[rj]

    def first_key(k: int) -> tuple:
        d = docs[k]
        pub_day = day(d.published_at) if d.published_at is not None else None
        return (pub_day is None, pub_day or date.min, k)

    members: dict[int, list[int]] = defaultdict(list)
    for k in range(n_old, len(docs)):
        members[find(k)].append(k)
    out: dict[str, str] = {}
    for root, ks in members.items():
        story = anchor[root] or docs[min(ks, key=first_key)].doc_id
        for k in ks:
            out[docs[k].doc_id] = story
    return out
