"""Same-story clustering: articles about one event, from any outlet, share a ``story_id``.

The work is split by concern:

* ``story_features``: each document reduced once to a small, persistable :class:`StoryDoc` (MinHash
  signature, distinctive keywords, resolved entity ids, the days it names, publication date);
* ``story_store``: placed documents' features in columns (:class:`StoryStore`, about 1 KB a document) with
  the corpus's document frequencies;
* ``story_cluster``: placing a batch: near-duplicates join first, then average-linkage agglomeration of the
  batch with the candidate stories' articles, so a new article meets a story's articles as in one batch
  (:class:`StoryParams`).

A new document joins an existing story or starts one; existing story ids never change and two existing stories
are never merged; the grouping of a batch does not depend on the order of its documents.
"""

from __future__ import annotations

import numpy as np

from tasks.lib.memory.story_cluster import StoryParams, vectors
from tasks.lib.memory.story_features import NUM_PERM, StoryDoc, day, features, keywords, signature
from tasks.lib.memory.story_store import StoryStore

__all__ = ["NUM_PERM", "StoryDoc", "StoryParams", "StoryStore", "assign", "day", "features", "keywords",
           "signature", "similarity"]


def similarity(a: StoryDoc, b: StoryDoc, params: StoryParams | None = None) -> tuple[float, float]:
    """Near-duplicate and content similarity of two documents, as clustering weighs them.

    Args:
        a, b: the documents' features.
        params: weights (defaults when None).

    Returns:
        (MinHash Jaccard estimate, cosine of their document vectors with these two as the whole corpus,
        rarity judged as in a corpus of ``StoryParams.reference_docs`` documents). Two single documents
        join one story when the cosine reaches ``StoryParams.link`` (and their dates are within the window).
    """
    p = params or StoryParams()
    dup = float(np.mean(np.asarray(a.minhash) == np.asarray(b.minhash))) if a.minhash else 0.0
    if min(a.n_shingles, b.n_shingles) < p.min_shingles:
        dup = 0.0
    store = StoryStore([a, b])
    x = vectors(store, np.arange(2), p)
    return dup, float((x[0] @ x[1].T).toarray()[0, 0])


def assign(new_docs: list[StoryDoc], existing_docs: list[StoryDoc],
           params: StoryParams | None = None) -> dict[str, str]:
    """Give every new document a story id: an existing story's, or a new one.

    Args:
        new_docs: features of the documents to place (their ``story_id`` is ignored).
        existing_docs: already placed documents, each with its ``story_id``. A long-lived caller keeps a
            :class:`StoryStore` instead.
        params: thresholds (defaults when None).

    Returns:
        ``{doc_id: story_id}`` for every new document. A new story is named after its earliest document
        (by ``published_at``, unknown dates last, then input order).
    """
    return StoryStore(d for d in existing_docs if d.story_id is not None).place(new_docs, params=params)
