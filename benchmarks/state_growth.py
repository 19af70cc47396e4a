"""Flow-side cost as a warehouse grows: entity resolution and story clustering per batch, without the model.

Feeds the BBC articles, repeated ``--factor`` times with changed ids (as benchmarks/scale.py does), through the
run's cross-batch state (``tasks.lib.memory.state.EntityIndex`` and ``StoryIndex``) in batches of 250, using the
real per-article entities cached by benchmarks/stories.py. Prints, every ``--every`` batches, the
milliseconds per batch spent resolving and clustering, the process's resident memory and (``--memory``, slower)
the Python heap, so growth with the number of known documents shows directly (the model's cost is flat per
batch; this is what is not). The copies are generated batch by batch, so memory is the state's.

``--entities warehouse`` (the default) resolves as the flow does beyond ``state.WHOLE_ENTITIES`` known entities
(forced here whatever the size): runs of ``--run-docs`` documents, each reading per batch the entities its
mentions' keys name from a real DuckLake warehouse and committing its changed entities (and their keys) at its end. ``--entities memory`` holds every entity in one index (as runs did before
entity_keys), or with ``--warehouse-dir`` reads every entity of the warehouse at each run's start. A run is a
process of its own in the flow: to compare one run's memory against a small and a large warehouse, build them
with ``--warehouse-dir`` and run ``--factor 1`` against a copy of each, in a fresh process, both ways. ``--distinct`` gives each copy its own entities (every name word suffixed per copy), as an
archive that keeps meeting new names; without it the copies name the same entities. ``--ids FILE`` writes every
mention's entity id, to compare the two ways; ``--no-stories`` leaves clustering out (entity memory alone).

    uv run python benchmarks/state_growth.py [--factor 10] [--every 10] [--entities memory] [--distinct]
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import pstats
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stories import analyses, load_bbc  # noqa: E402

from tasks.lib.memory import entity_keys  # noqa: E402
from tasks.lib.memory.state import EntityIndex, StoryDoc, StoryIndex  # noqa: E402
from tasks.lib.records import LocalEntity  # noqa: E402
from tasks.load import WarehouseEntities, add_missing_entity_keys  # noqa: E402
from warehouse import store, tables  # noqa: E402

BATCH = 250
_WORD = re.compile(r"[A-Za-z]{2,}")


def suffix(k: int) -> str:
    out = ""
    for _ in range(3):
        k, r = divmod(k, 20)
        out += "bcdfghjklmnpqrstvwz"[r % 19]
    return out


def renamed(ent: LocalEntity, k: int) -> LocalEntity:
    """The entity as copy ``k`` names it: every word suffixed (upper case for an acronym's), so each copy's
    people and organisations are new ones with names of the same shape."""
    if k == 0:
        return ent
    tail = suffix(k)

    def name(n: str) -> str:
        return _WORD.sub(lambda m: m.group() + (tail.upper() if m.group().isupper() else tail), n)

    return replace(ent, canonical_name=name(ent.canonical_name), aliases=[name(a) for a in ent.aliases])


class WarehouseRuns:
    """Runs against a real warehouse: each starts with a reader-backed index and commits what it changed."""

    def __init__(self, root: Path, whole: bool = False) -> None:
        self.root, self.runs, self.whole = root, 0, whole
        store.connect(root).close()

    def start(self) -> EntityIndex:
        with closing(store.connect(self.root)) as con:
            add_missing_entity_keys(con)
            if self.whole:  # as runs did before entity_keys: every entity read at the start
                return EntityIndex.from_rows(store.stream_dicts(con.execute(store.query_sql("entity_rows"))))
        return EntityIndex(reader=WarehouseEntities(self.root))

    def commit(self, index: EntityIndex) -> float:
        t0 = time.perf_counter()
        run_id = f"r{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}"
        staging = store.Staging(self.root, run_id)
        changed = index.changed_rows()
        staging.write(tables.ENTITIES, changed)
        staging.write(tables.ENTITY_KEYS, entity_keys.key_rows(changed))
        index.close()
        now = datetime.now(timezone.utc)
        self.runs += 1
        with closing(store.connect(self.root)) as con:
            store.commit_run(con, staging, [], {"run_id": run_id, "started_at": now, "status": "completed",
                                                "docs_seen": 0, "docs_loaded": 0, "docs_replaced": 0,
                                                "docs_skipped": 0, "docs_quarantined": 0, "pipeline_version": "bench"})
        staging.remove()
        return time.perf_counter() - t0


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "bbc")
    ap.add_argument("--analysis", type=Path, help="a cached analysis JSON of benchmarks/stories.py (else its own)")
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--every", type=int, default=10, help="print every N batches")
    ap.add_argument("--entities", choices=("warehouse", "memory"), default="warehouse")
    ap.add_argument("--warehouse-dir", type=Path, help="runs against this warehouse, kept (default: a temporary one; "
                    "none for --entities memory: one index for everything)")
    ap.add_argument("--run-docs", type=int, default=25_000, help="documents per run against a warehouse")
    ap.add_argument("--distinct", action="store_true", help="each copy names its own entities")
    ap.add_argument("--no-stories", action="store_true", help="resolve entities only")
    ap.add_argument("--ids", type=Path, help="write every mention's entity id here (JSON)")
    ap.add_argument("--profile", action="store_true", help="cProfile the whole run and print the top functions")
    ap.add_argument("--memory", action="store_true", help="trace the Python heap (slower)")
    return ap.parse_args()


def make_corpus(args: argparse.Namespace) -> tuple[Iterator[tuple[str, str, list[LocalEntity]]], int]:
    """The copies' (doc_id, text, local entities), generated as consumed, and how many there are."""
    rows = load_bbc(args.data)
    data = json.loads(args.analysis.read_text()) if args.analysis else analyses("bbc", rows)
    local = {a.doc_id: [LocalEntity(**e) for e in data[a.doc_id]["entities"]] for a in rows}
    corpus = ((f"c{k}/{a.doc_id}", f"Edition {k}\n{a.title}\n{a.body}",
               [renamed(e, k) for e in local[a.doc_id]] if args.distinct else local[a.doc_id])
              for k in range(args.factor) for a in rows)
    return corpus, args.factor * len(rows)


def report(number: int, known: int, sums: tuple[float, float, int], last: tuple[float, float], held: int,
           heap: bool) -> None:
    t_res, t_sto, n = sums
    mb = tracemalloc.get_traced_memory()[0] / 2**20 if heap else float("nan")
    rss = psutil.Process().memory_info().rss / 2**20
    print(f"{number:>5} {known:>10} {1000 * t_res / n:>10.0f} {1000 * t_sto / n:>10.0f} {rss:>7.0f} {mb:>8.0f} "
          f"{held:>7}   (last: {1000 * last[0]:.0f} / {1000 * last[1]:.0f} ms)", flush=True)


def main() -> None:
    args = parse_args()
    corpus, total = make_corpus(args)
    tmp = tempfile.TemporaryDirectory(prefix="state_growth_")
    where = args.warehouse_dir or (Path(tmp.name) / "wh" if args.entities == "warehouse" else None)
    runs = WarehouseRuns(where, whole=args.entities == "memory") if where else None
    entities, story_index = (runs.start() if runs else EntityIndex()), StoryIndex()
    prof = cProfile.Profile() if args.profile else None
    if args.memory:
        tracemalloc.start()
    print(f"{'batch':>5} {'known docs':>10} {'resolve ms':>10} {'stories ms':>10} {'RSS MB':>7} {'heap MB':>8} "
          f"{'held':>7}")
    t_res = t_sto = t_commit = 0.0
    n_batches = 0
    all_ids: dict[str, str] = {}
    for number, lo in enumerate(range(0, total, BATCH), 1):
        batch = list(itertools.islice(corpus, BATCH))
        if prof:
            prof.enable()
        t0 = time.perf_counter()
        ids = entities.resolve([(d, ents, []) for d, _, ents in batch])
        held = entities.resolver.profiles  # what the batch resolved against (before a run's end starts anew)
        t1 = time.perf_counter()
        if not args.no_stories:
            story_index.assign([StoryDoc(d, text, None, {ids[(d, e.key)] for e in ents}) for d, text, ents in batch])
            story_index.new_rows = []
        t2 = time.perf_counter()
        if runs is None:
            entities.changed = set()
        elif (lo + BATCH) % args.run_docs < BATCH or lo + BATCH >= total:
            t_commit += runs.commit(entities)
            entities = runs.start() if lo + BATCH < total else entities
        if prof:
            prof.disable()
        if args.ids:
            all_ids.update({f"{d}#{k}": v for (d, k), v in ids.items()})
        t_res, t_sto, n_batches = t_res + t1 - t0, t_sto + t2 - t1, n_batches + 1
        if n_batches % args.every == 0 or lo + BATCH >= total:
            report(number, lo + len(batch), (t_res, t_sto, n_batches), (t1 - t0, t2 - t1), len(held), args.memory)
            t_res = t_sto = 0.0
            n_batches = 0
    if runs:
        print(f"{runs.runs} runs committed, {t_commit:.1f} s in their commits")
    if args.ids:
        args.ids.write_text(json.dumps(all_ids, sort_keys=True))
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
