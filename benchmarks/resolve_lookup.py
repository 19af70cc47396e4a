"""Entity look-ups against many known entities: what blocking keeps cheap (no model, no data files).

20,000 known people over 2,000 surnames (names made up, as in tests/lib/test_resolve.py), then a batch of 300
articles that each name one known person in full and again by surname alone. Prints the seconds to build the
resolver and to resolve the batch (it took under 5 s on this machine when the check was a test's time limit).
``--warehouse`` stores the known people (and their keys) in a DuckLake warehouse and resolves the batch as a run
does now: reading the entities its names' keys find, over the run's connection (the first batch opens it).

    uv run python benchmarks/resolve_lookup.py [--known 20000] [--articles 300] [--repeat 3] [--warehouse]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.lib.memory import entity_keys  # noqa: E402
from tasks.lib.memory.names import entity_id_for  # noqa: E402
from tasks.lib.memory.profile_index import EntityProfile  # noqa: E402
from tasks.lib.memory.resolve import ArticleEntities, Resolver  # noqa: E402
from tasks.lib.memory.state import EntityIndex  # noqa: E402
from tasks.lib.records import LocalEntity  # noqa: E402
from tasks.load import WarehouseEntities  # noqa: E402
from warehouse import store, tables  # noqa: E402


def letters(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out += "bcdfghjklmnpqrstvwxzaeiouy"[r]
    return out.capitalize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--known", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warehouse", action="store_true", help="read the known entities per batch from a warehouse")
    args = parser.parse_args()
    names = [f"{letters(i)}a {letters(i % 2000)}ov" for i in range(args.known)]
    known = [EntityProfile(entity_id_for(n, "PERSON"), n, "PERSON", [n]) for n in names]
    batch = [ArticleEntities(f"d{i}", [LocalEntity(0, names[i], "PERSON", [names[i]]),
                                       LocalEntity(1, names[i].split()[1], "PERSON", [names[i].split()[1]])], [])
             for i in range(min(args.articles, args.known))]
    if args.warehouse:
        return from_warehouse(known, batch, args.repeat)
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        resolver = Resolver(known)
        t1 = time.perf_counter()
        resolver.resolve(batch)
        t2 = time.perf_counter()
        print(f"{args.known:,} known, {len(batch)} articles: build {t1 - t0:.2f} s, resolve {t2 - t1:.2f} s "
              f"({1000 * (t2 - t1) / len(batch):.1f} ms an article)")


def from_warehouse(known: list[EntityProfile], batch: list[ArticleEntities], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, closing(store.connect(tmp)) as con:
        rows = [asdict(p) for p in known]
        store.append_rows(con, tables.ENTITIES, rows)
        store.append_rows(con, tables.ENTITY_KEYS, entity_keys.key_rows(rows))
        for _ in range(repeat):
            reader = WarehouseEntities(tmp)
            index = EntityIndex(reader=reader)
            articles = [(a.doc_id, a.entities, a.roles) for a in batch]
            t0 = time.perf_counter()
            reader.by_keys(["open the connection"])
            t1 = time.perf_counter()
            index.resolve(articles)
            t2 = time.perf_counter()
            reader.close()
            print(f"{len(known):,} known in the warehouse, {len(batch)} articles: connection {t1 - t0:.2f} s, "
                  f"read and resolve {t2 - t1:.2f} s, {len(index.resolver.profiles):,} profiles held")


if __name__ == "__main__":
    main()
