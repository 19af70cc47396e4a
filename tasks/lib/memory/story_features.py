"""What same-story clustering knows about one document, computed once and persisted: :class:`StoryDoc`.

* ``minhash``: a MinHash signature (datasketch) of word 4-gram shingles, for near-duplicate copies;
* ``keywords``/``weights``: its most distinctive words, weighted by in-article frequency times rarity in
  general English (wordfreq's Zipf scale), L2-normalised; rarity in the corpus seen so far is applied when
  clustering (``story_cluster.vectors``), as it changes while the corpus grows. American spellings count as their
  British form (breame's lexicon): outlets on both sides of the Atlantic report one event as a jewelry or a
  jewellery heist, at a rehab center or centre;
* ``entity_ids`` from the cross-article resolver, ``event_days`` (the days the article names, from the dates
  extractor: two look-alike events rarely share one) and ``published_at``.
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
from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS
from datasketch import MinHash
from unidecode import unidecode
from wordfreq import zipf_frequency

from tasks.lib.records import DateMention

NUM_PERM = 128
SCHEME = "affine32"  # pinned: persisted signatures stay comparable if datasketch changes its default
SHINGLE = 4  # words per shingle: long enough that unrelated texts share almost none
TOP_KEYWORDS = 30  # more dilutes the cosine of rewrites (measured on the seeds); fewer loses recall
RARITY_CEILING = 6.5  # Zipf value at or above which a word carries no weight ("the" 7.7, "said" 6.0)


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
        event_days: the calendar days the article names (resolved day-granularity dates), sorted.
    """

    doc_id: str
    minhash: list[int]
    keywords: list[str]
    weights: list[float]
    entity_ids: list[str] = field(default_factory=list)
    published_at: date | datetime | None = None
    story_id: str | None = None
    n_shingles: int = 0
    event_days: list[date] = field(default_factory=list)


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
    # A British form is as common as both spellings together ("centre" is rarer than "center" alone).
    forms = {word, BRITISH_ENGLISH_SPELLINGS.get(word, word)}
    return max(0.0, RARITY_CEILING - math.log10(sum(10 ** zipf_frequency(f, "en") for f in forms)))


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
        tf[AMERICAN_ENGLISH_SPELLINGS.get(w, w)] += 1
    scored = [(-(1.0 + math.log(n)) * _rarity(w), w) for w, n in tf.items()]
    top = sorted((s, w) for s, w in scored if s < 0)[:k]
    norm = math.sqrt(sum(s * s for s, _ in top)) or 1.0
    return [w for _, w in top], [round(-s / norm, 6) for s, _ in top]


def event_days(dates: Iterable[DateMention]) -> list[date]:
    """The distinct days an article names (resolved dates of day granularity), sorted."""
    return sorted({d.value for d in dates if d.value is not None and d.granularity == "day"})


def features(
    doc_id: str,
    text: str,
    entity_ids: Iterable[str] = (),
    published_at: date | datetime | None = None,
    event_dates: Iterable[DateMention] = (),
) -> StoryDoc:
    """Everything clustering needs about one document, computed once.

    Args:
        doc_id: document id.
        text: headline and cleaned article body.
        entity_ids: resolved entity ids of the article (order irrelevant).
        published_at: publication date or time, None when unknown.
        event_dates: the article's date mentions (``tasks.lib.extract.dates``).

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
        event_days=event_days(event_dates),
    )


def day(value: date | datetime) -> date:
    """The calendar day of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value
