"""Flow-side cost as a warehouse grows: entity resolution and story clustering per batch, without the model.

Feeds the BBC articles, repeated ``--factor`` times with changed ids (as benchmarks/scale.py does), through the
run's cross-batch state (``tasks.lib.memory.state.EntityIndex`` and ``StoryIndex``) in batches of 250, using the
real per-article entities cached by benchmarks/stories.py. Prints, every ``--every`` batches, the
milliseconds per batch spent resolving and clustering, the process's resident memory and (``--memory``, slower)
the Python heap, so growth with the number of known documents shows directly (the model's cost is flat per
batch; this is what is not). The copies are generated batch by batch, so memory is the state's.

    uv run python benchmarks/state_growth.py [--factor 10] [--every 10] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import sys
import time
import tracemalloc
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stories import analyses, load_bbc  # noqa: E402

from tasks.lib.memory.state import EntityIndex, StoryDoc, StoryIndex  # noqa: E402
from tasks.lib.records import LocalEntity  # noqa: E402

BATCH = 250


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "bbc")
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--every", type=int, default=10, help="print every N batches")
    ap.add_argument("--profile", action="store_true", help="cProfile the whole run and print the top functions")
    ap.add_argument("--memory", action="store_true", help="trace the Python heap (slower)")
    args = ap.parse_args()

    rows = load_bbc(args.data)
    data = analyses("bbc", rows)
    local = {a.doc_id: [LocalEntity(**e) for e in data[a.doc_id]["entities"]] for a in rows}
    corpus = ((f"c{k}/{a.doc_id}", f"Edition {k}\n{a.title}\n{a.body}", local[a.doc_id])
              for k in range(args.factor) for a in rows)
    total = args.factor * len(rows)
    entities, story_index = EntityIndex(), StoryIndex()
    prof = cProfile.Profile() if args.profile else None
    if args.memory:
        tracemalloc.start()
    print(f"{'batch':>5} {'known docs':>10} {'resolve ms':>10} {'stories ms':>10} {'RSS MB':>7} {'heap MB':>8}")
    t_res = t_sto = 0.0
    n_batches = 0
    for number, lo in enumerate(range(0, total, BATCH), 1):
        batch = list(itertools.islice(corpus, BATCH))
        if prof:
            prof.enable()
        t0 = time.perf_counter()
        ids = entities.resolve([(d, ents, []) for d, _, ents in batch])
        t1 = time.perf_counter()
        story_index.assign([StoryDoc(d, text, None, {ids[(d, e.key)] for e in ents}) for d, text, ents in batch])
        story_index.new_rows = []
        entities.changed = set()
        t2 = time.perf_counter()
        if prof:
            prof.disable()
        t_res, t_sto, n_batches = t_res + t1 - t0, t_sto + t2 - t1, n_batches + 1
        if n_batches % args.every == 0 or lo + BATCH >= total:
            heap = tracemalloc.get_traced_memory()[0] / 2**20 if args.memory else float("nan")
            rss = psutil.Process().memory_info().rss / 2**20
            print(f"{number:>5} {lo + len(batch):>10} {1000 * t_res / n_batches:>10.0f} "
                  f"{1000 * t_sto / n_batches:>10.0f} {rss:>7.0f} {heap:>8.0f}   (last: {1000 * (t1 - t0):.0f} / "
                  f"{1000 * (t2 - t1):.0f} ms)", flush=True)
            t_res = t_sto = 0.0
            n_batches = 0
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
