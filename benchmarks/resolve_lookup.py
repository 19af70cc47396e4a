"""Entity look-ups against many known entities: what blocking keeps cheap (no model, no data files).

20,000 known people over 2,000 surnames (names made up, as in tests/lib/test_resolve.py), then a batch of 300
articles that each name one known person in full and again by surname alone. Prints the seconds to build the
resolver and to resolve the batch (it took under 5 s on this machine when the check was a test's time limit).

    uv run python benchmarks/resolve_lookup.py [--known 20000] [--articles 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.lib.memory.names import entity_id_for  # noqa: E402
from tasks.lib.memory.profile_index import EntityProfile  # noqa: E402
from tasks.lib.memory.resolve import ArticleEntities, Resolver  # noqa: E402
from tasks.lib.records import LocalEntity  # noqa: E402


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
    args = parser.parse_args()
    names = [f"{letters(i)}a {letters(i % 2000)}ov" for i in range(args.known)]
    known = [EntityProfile(entity_id_for(n, "PERSON"), n, "PERSON", [n]) for n in names]
    batch = [ArticleEntities(f"d{i}", [LocalEntity(0, names[i], "PERSON", [names[i]]),
                                       LocalEntity(1, names[i].split()[1], "PERSON", [names[i].split()[1]])], [])
             for i in range(min(args.articles, args.known))]
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        resolver = Resolver(known)
        t1 = time.perf_counter()
        resolver.resolve(batch)
        t2 = time.perf_counter()
        print(f"{args.known:,} known, {len(batch)} articles: build {t1 - t0:.2f} s, resolve {t2 - t1:.2f} s "
              f"({1000 * (t2 - t1) / len(batch):.1f} ms an article)")


if __name__ == "__main__":
    main()
