"""Placing a batch of documents into stories: near-duplicates first, then average-linkage agglomeration in
which a new article is compared with each story as a whole.

Each document becomes one unit vector of three weighted blocks: its keywords (English rarity from
``story_features`` times rarity in the corpus seen so far), its resolved entity ids and the days it names
(both weighted by corpus rarity). A story is the sum of its members' vectors, so the similarity of two
clusters is the mean cosine of their members (average linkage): a new article must resemble what a story's
articles share, not just one of them, and two look-alike events (same kind of event, other people, place and
day) stay apart. Clusters are merged best pair first while their similarity clears ``StoryParams.link``;
new documents are taken in doc_id order, so the grouping does not depend on the order within a batch.

A batch is clustered together with the documents of the existing stories it may join (their latest
``seed_docs``), one item each (copies of one article are one item), so a new article meets a story's articles
as it would in one batch; items of two existing stories never merge, so story ids never change. A story of
three or more contributes only its core (its largest group when its items are clustered again on their own):
one that began mixed, when a small batch held a few articles of each of two look-alike events, then draws
only its main event.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from tasks.lib.memory.story_features import NUM_PERM, StoryDoc, day

BANDS = 32  # LSH bands of NUM_PERM // BANDS rows: pairs above ~0.45 Jaccard collide with high probability


@dataclass
class StoryParams:
    """Thresholds and weights of clustering (measured on the tuning half of ECB+: benchmarks/stories.py).

    Attributes:
        near_duplicate: MinHash Jaccard above which two texts are copies of one article (time ignored).
        link: average-linkage similarity (mean cosine of members) above which two clusters are one story.
        entity_weight: share of a document vector's squared norm given to its entity ids.
        day_weight: share given to the days it names.
        corpus_idf: exponent of the corpus-rarity factor on keyword weights (0: English rarity alone).
        window_days: clusters whose publication days are further apart never merge unless near-duplicates;
            undated articles cluster on content alone.
        min_shingles: texts with fewer shingles are too short to call near-duplicates.
        min_keywords: texts with fewer keywords are too short to join a story by content.
        reference_docs: corpus size assumed at least when weighting terms by rarity (small batches).
        story_candidates: existing stories each new document is compared with (its most similar ones).
        cohesion: two groups merge only if their mean cosine is at least this share of the mean cosine within
            the tighter of them: look-alike events resemble each other less than each resembles itself.
        link_pair: the threshold for two single documents (a pair is the weakest evidence of a story).
        cohesion_single: a single article joins a group only if its mean cosine with the group is at least this
            share of the group's own: a pair of copies or a tight group does not take in an article that only
            shares its topic (BBC: the other desk's article on UK broadband or Japanese cinema).
        seed_docs: a candidate story's latest documents that are clustered again, one by one, with a batch.
        max_items: beyond this many such documents (after copies are folded), the largest stories count as one.
    """

    near_duplicate: float = 0.5
    link: float = 0.15
    entity_weight: float = 0.3
    day_weight: float = 0.1
    corpus_idf: float = 1.0
    window_days: float = 7.0
    min_shingles: int = 20
    min_keywords: int = 4
    reference_docs: int = 1000
    story_candidates: int = 10
    cohesion: float = 0.5
    link_pair: float = 0.2
    cohesion_single: float = 0.3
    seed_docs: int = 30
    max_items: int = 3000


def _unit_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ m


def vectors(store, rows: np.ndarray, p: StoryParams) -> sparse.csr_matrix:
    """Unit document vectors (rows x [keywords | entities | days]) of ``rows`` of a ``StoryStore``."""
    n = max(store.n_alive, p.reference_docs)
    kw = store.keywords.matrix(rows) @ sparse.diags(store.keywords.idf(n) ** p.corpus_idf)
    blocks = [(kw, 1.0 - p.entity_weight - p.day_weight), (store.entities.matrix(rows), p.entity_weight),
              (store.event_days.matrix(rows), p.day_weight)]
    parts = [_unit_rows(m if m is kw else m @ sparse.diags(store_terms.idf(n))) * np.sqrt(max(w, 0.0))
             for (m, w), store_terms in zip(blocks, (store.keywords, store.entities, store.event_days))]
    return _unit_rows(sparse.hstack(parts, format="csr")).astype(np.float64).tocsr()


class _Clusters:
    """Clusters as sums of unit vectors, kept only through their Gram matrix: merging is O(clusters)."""

    def __init__(self, sums: sparse.csr_matrix, counts: np.ndarray, label: np.ndarray, days: np.ndarray,
                 eligible: np.ndarray, p: StoryParams):
        self.gram = (sums @ sums.T).toarray()
        self.count = counts.astype(np.float64)
        self.label = label.copy()  # the existing story of placed documents, -1 for a new one
        self.eligible = eligible.copy()
        self.lo, self.hi = days[:, 0].copy(), days[:, 1].copy()  # publication day range, 0 when undated
        self.parent = np.arange(len(label))
        self.p = p
        self.sim = self._rows(np.arange(len(label))) if len(label) else np.zeros((0, 0))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return int(x)

    def _row(self, i: int) -> np.ndarray:
        return self._rows(np.array([i]))[0]

    def _rows(self, idx: np.ndarray) -> np.ndarray:
        """Average-linkage similarity of clusters ``idx`` with every cluster, -inf where they may not merge."""
        n, ni = self.count, self.count[idx][:, None]
        rows = self.gram[idx] / (ni * n)
        cohesion = self._cohesion()
        tighter = np.maximum(cohesion, cohesion[idx][:, None])  # a single document's is 0
        lo_i, hi_i = self.lo[idx][:, None], self.hi[idx][:, None]
        gap = np.maximum(self.lo - hi_i, lo_i - self.hi)
        label, label_i = self.label, self.label[idx][:, None]
        banned = (((label >= 0) & (label_i >= 0) & (label != label_i)) | ~self.eligible | ~self.eligible[idx][:, None]
                  | (self.parent != np.arange(len(n)))
                  | ((self.lo > 0) & (lo_i > 0) & (gap > self.p.window_days))
                  | ((n >= 2) & (ni >= 2) & (rows < self.p.cohesion * tighter))
                  | (((n == 1) ^ (ni == 1)) & (rows < self.p.cohesion_single * tighter))
                  | ((n == 1) & (ni == 1) & (rows < self.p.link_pair)))
        rows[banned] = -np.inf
        rows[np.arange(len(idx)), idx] = -np.inf
        return rows

    def _cohesion(self) -> np.ndarray:
        """Mean cosine of two members of each cluster (0 for a single document)."""
        n = self.count
        return np.where(n >= 2, (np.diag(self.gram) - n) / np.maximum(n * (n - 1), 1.0), 0.0)

    def merge(self, i: int, j: int, copy: bool = False) -> int:
        """Fold cluster j into cluster i; returns the surviving root. A copy (near-duplicate) republished later
        does not stretch the story's time span."""
        self.label[i] = max(self.label[i], self.label[j])
        g = self.gram
        diag = g[i, i] + g[j, j] + 2 * g[i, j]
        g[i] += g[j]
        g[:, i] = g[i]
        g[i, i] = diag
        self.count[i] += self.count[j]
        self.eligible[i] |= self.eligible[j]
        if copy and self.lo[i] and self.lo[j]:  # the original's span stands
            if self.lo[j] < self.lo[i]:
                self.lo[i], self.hi[i] = self.lo[j], self.hi[j]
        elif self.lo[j] and self.lo[i]:
            self.lo[i], self.hi[i] = min(self.lo[i], self.lo[j]), max(self.hi[i], self.hi[j])
        elif self.lo[j]:
            self.lo[i], self.hi[i] = self.lo[j], self.hi[j]
        self.parent[j] = i
        self.sim[j] = -np.inf
        self.sim[:, j] = -np.inf
        self.sim[i] = self._row(i)
        self.sim[:, i] = self.sim[i]
        return i

    def agglomerate(self) -> None:
        """Merge the most similar pair while it clears the link threshold (each row's best kept up to date, so
        a merge costs O(clusters), not a scan of the whole matrix)."""
        if not self.sim.size:
            return
        best_col = np.argmax(self.sim, axis=1)
        best = self.sim[np.arange(len(best_col)), best_col]
        while True:
            i = int(np.argmax(best))
            j = int(best_col[i])
            if best[i] < self.p.link:
                return
            root, gone = self.merge(i, j), j  # the first keeps its place
            col = self.sim[:, root]
            stale = (best_col == root) | (best_col == gone)
            better = ~stale & (col > best)
            best_col[better], best[better] = root, col[better]
            for k in np.flatnonzero(stale).tolist() + [root]:
                best_col[k] = int(np.argmax(self.sim[k]))
                best[k] = self.sim[k, best_col[k]]
            best[gone] = -np.inf


def place(store, new_docs: Sequence[StoryDoc], candidates: np.ndarray | None, params: StoryParams | None):
    """Add ``new_docs`` to ``store`` and give each a story id (see ``StoryStore.place``)."""
    p = params or StoryParams()
    old = store.placed_rows() if candidates is None else np.asarray(candidates, dtype=np.int64)
    first = len(store)
    store.add(dataclasses.replace(d, story_id=None) for d in new_docs)
    arrival = {d.doc_id: k for k, d in enumerate(new_docs)}  # a new story is named by arrival, ties
    new = np.array(sorted(range(first, len(store)), key=store.doc_ids.__getitem__), dtype=np.int64)
    rows = np.concatenate([old, new])
    x = vectors(store, rows, p)
    stories = sorted({store.story_ids[r] for r in old.tolist()})
    story_index = {s: k for k, s in enumerate(stories)}
    story_of = np.array([story_index[store.story_ids[r]] for r in old.tolist()], dtype=np.int64)
    member = sparse.csr_matrix((np.ones(len(old)), (story_of, np.arange(len(old)))), shape=(len(stories), len(old)))
    sums, counts = member @ x[: len(old)], np.asarray(member.sum(axis=1)).ravel()
    dups = _near_duplicates(store, rows, len(old), p)
    kept = _candidate_stories(sums, counts, x[len(old):], p, {int(story_of[i]) for _, i, _ in dups if i < len(old)})
    originals = np.array(sorted({i for _, i, _ in dups if i < len(old)}), dtype=np.int64)
    seeds = np.union1d(_seed_positions(story_of, kept, p), originals)  # positions in old, then items:
    group = _seed_groups(store, old, seeds, story_of, p)  # copies of one story are one item
    member, counts, label, days = _items(store, old, new, seeds, group, story_of)
    y, n_items = member @ x, len(label) - len(new)
    eligible = np.concatenate([np.ones(n_items, bool), np.diff(store.keywords.matrix(new).indptr) >= p.min_keywords])
    eligible[:n_items] = _core(y[:n_items], counts[:n_items], label[:n_items], days[:n_items], p)
    eligible[group[np.isin(seeds, originals)]] = True  # a copy always finds its original
    clusters = _Clusters(y, counts, label, days, eligible, p)
    item_of = np.concatenate([group, np.arange(n_items, len(label))])
    position = dict(zip(np.concatenate([seeds, np.arange(len(old), len(rows))]).tolist(), item_of.tolist()))
    for _, i, j in dups:  # strongest first; a copy joins its original's story, never two stories
        ra, rb = clusters.find(position[i]), clusters.find(position[j])
        if ra != rb and (min(clusters.label[ra], clusters.label[rb]) < 0 or clusters.label[ra] == clusters.label[rb]):
            clusters.merge(ra, rb, copy=True)
    clusters.agglomerate()
    roots = [clusters.find(n_items + k) for k in range(len(new))]
    return _story_ids(store, new, roots, [stories[clusters.label[r]] if clusters.label[r] >= 0 else None
                                          for r in roots], arrival)


def _seed_positions(story_of: np.ndarray, kept: np.ndarray, p: StoryParams) -> np.ndarray:
    """Positions of the kept stories' documents (at most ``StoryParams.seed_docs`` latest of each)."""
    pos = np.flatnonzero(np.isin(story_of, kept))
    if not len(pos):
        return pos
    rank = np.zeros(len(pos), dtype=np.int64)  # 0 for a story's latest document, 1 for the one before...
    order = np.lexsort((-pos, story_of[pos]))
    first = np.r_[True, story_of[pos][order][1:] != story_of[pos][order][:-1]]
    starts = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    rank[order] = np.arange(len(order)) - starts
    return np.sort(pos[rank < p.seed_docs])


def _seed_groups(store, old: np.ndarray, seeds: np.ndarray, story_of: np.ndarray, p: StoryParams) -> np.ndarray:
    """Item number of each seed: near-duplicates of one story are one item (as copies join first in one batch,
    and a story republished by many outlets costs one row, not one per copy); beyond ``StoryParams.max_items``
    seeds, the largest stories are one item each."""
    parent = np.arange(len(seeds))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    mh, label = store.minhash(old[seeds]), story_of[seeds]
    long_enough = store.n_shingles(old[seeds]) >= p.min_shingles
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.r_[True, np.diff(label[order]) != 0, True])
    for lo, hi in zip(bounds[:-1], bounds[1:]):  # copies only within a story: compare its seeds pairwise
        docs = order[lo:hi][long_enough[order[lo:hi]]]
        if len(docs) < 2:
            continue
        same = (mh[docs][:, None, :] == mh[docs][None, :, :]).sum(axis=2) >= p.near_duplicate * NUM_PERM
        for i, j in zip(*np.nonzero(np.triu(same, 1))):
            parent[find(int(docs[i]))] = find(int(docs[j]))
    roots = np.array([find(a) for a in range(len(seeds))], dtype=np.int64)
    items = np.bincount(label[np.unique(roots)], minlength=label.max(initial=-1) + 1)  # items of each story
    for s in np.argsort(-items, kind="stable").tolist():  # collapse the largest stories until under budget
        if len(np.unique(roots)) <= p.max_items or items[s] <= 1:
            break
        roots[label == s] = np.flatnonzero(label == s)[0]
    return np.unique(roots, return_inverse=True)[1].astype(np.int64)


def _items(store, old: np.ndarray, new: np.ndarray, seeds: np.ndarray, group: np.ndarray, story_of: np.ndarray):
    """The units of a batch's clustering: the seeds' items (``group``), then each new document. Returns the
    (items x rows) membership matrix, their document counts, story labels (-1: new) and publication day ranges."""
    n_items = int(group.max(initial=-1)) + 1
    item_of = np.concatenate([group, np.arange(n_items, n_items + len(new))])
    cols = np.concatenate([seeds, np.arange(len(old), len(old) + len(new))])
    member = sparse.csr_matrix((np.ones(len(item_of)), (item_of, cols)),
                               shape=(n_items + len(new), len(old) + len(new)))
    label = -np.ones(n_items + len(new), dtype=np.int64)
    label[group] = story_of[seeds]
    days = store.days(np.concatenate([old[seeds], new])).astype(np.int64)
    lo, hi = np.full(len(label), np.iinfo(np.int64).max), np.zeros(len(label), dtype=np.int64)
    np.minimum.at(lo, item_of[days > 0], days[days > 0])
    np.maximum.at(hi, item_of, days)
    return member, np.bincount(item_of, minlength=len(label)), label, np.column_stack([np.where(hi > 0, lo, 0), hi])


def _core(y: sparse.csr_matrix, counts: np.ndarray, label: np.ndarray, days: np.ndarray, p: StoryParams) -> np.ndarray:
    """Which items make their story's core: its largest group (ties: the one holding its latest document) when
    the items of a story of three documents or more are clustered again on their own. A story that began mixed
    (two look-alike events met in a small batch) then draws only its main event; the other's documents keep the
    story's id but no longer pull new ones in."""
    core = np.ones(len(label), bool)
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.r_[True, np.diff(label[order]) != 0, True])
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        items = order[lo:hi]
        if len(items) < 2 or counts[items].sum() < 3:
            continue
        clusters = _Clusters(y[items], counts[items], label[items], days[items], np.ones(len(items), bool), p)
        clusters.agglomerate()
        roots = np.array([clusters.find(k) for k in range(len(items))], dtype=np.int64)
        size = np.bincount(roots, weights=counts[items], minlength=len(items))
        last = np.zeros(len(items), dtype=np.int64)
        np.maximum.at(last, roots, np.arange(len(items)))  # items follow their first document: the latest is last
        best = max(set(roots.tolist()), key=lambda r: (size[r], last[r]))
        core[items[roots != best]] = False
    return core


def _candidate_stories(sums: sparse.csr_matrix, counts: np.ndarray, x_new: sparse.csr_matrix, p: StoryParams,
                       must: set[int]) -> np.ndarray:
    """Existing stories worth comparing with: each new document's most similar ones above half the threshold."""
    if not sums.shape[0] or not x_new.shape[0]:
        return np.array(sorted(must), dtype=np.int64)
    sim = (x_new @ sums.T).tocsr() @ sparse.diags(1.0 / counts)  # sparse: most stories share no term
    keep = set(must)
    for r in range(sim.shape[0]):
        cols, vals = sim.indices[sim.indptr[r] : sim.indptr[r + 1]], sim.data[sim.indptr[r] : sim.indptr[r + 1]]
        best = np.argsort(-vals, kind="stable")[: p.story_candidates]
        keep.update(int(c) for c in cols[best][vals[best] >= p.link / 2])
    return np.array(sorted(keep), dtype=np.int64)


def _near_duplicates(store, rows: np.ndarray, n_old: int, p: StoryParams) -> list[tuple[float, int, int]]:
    """(Jaccard estimate, i, j) of near-duplicate positions in ``rows``, j new, strongest first."""
    mh = store.minhash(rows)
    pairs = _band_collisions(mh, store.n_shingles(rows) >= p.min_shingles, n_old)
    found = []
    for i, j in sorted(pairs):
        dup = float(np.count_nonzero(mh[i] == mh[j])) / NUM_PERM
        if dup >= p.near_duplicate:
            found.append((dup, i, j))
    return sorted(found, key=lambda e: (-e[0], e[1], e[2]))


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


def _story_ids(store, new: np.ndarray, roots: list[int], joined: list[str | None], arrival: dict[str, int]):
    """Record and return each new document's story: the existing story its cluster joined, or the doc_id of
    the new story's earliest document (by publication day, undated last, then arrival)."""
    members: dict[int, list[int]] = defaultdict(list)
    for row, root in zip(new.tolist(), roots):
        members[root].append(row)
    story_of_root = dict(zip(roots, joined))

    def first_key(row: int) -> tuple:
        pub = store.published[row]
        return (pub is None, day(pub) if pub is not None else date.min, arrival[store.doc_ids[row]])

    for root, group in members.items():
        story = story_of_root[root] or store.doc_ids[min(group, key=first_key)]
        for row in group:
            store.story_ids[row] = story
    return {store.doc_ids[r]: store.story_ids[r] for r in sorted(new.tolist(), key=lambda r: arrival[store.doc_ids[r]])}
