"""Throughput of the ingest + clean stage (read, decode, clean, language check) on a corpus.

Usage: uv run python benchmarks/clean_throughput.py [PATH ...]   (default: ../shared/data/bbc)
Prints articles/s and MB/s; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.lib.clean.article import CleanError, clean_article  # noqa: E402
from tasks.lib.ingest.discovery import discover  # noqa: E402
from tasks.lib.ingest.raw import Rejected  # noqa: E402
from tasks.lib.ingest.readers import read_path  # noqa: E402


def main(paths: list[str]) -> None:
    files, missing = discover(paths)
    if not files:
        sys.exit(f"no article files under {paths}")
    # warm up imports and models so the figure measures steady-state work
    for item in read_path(files[0]):
        if not isinstance(item, Rejected):
            try:
                clean_article(item)
            except CleanError:
                pass
    outcomes: Counter[str] = Counter()
    n_bytes = 0
    titles = 0
    start = time.perf_counter()
    for path in files:
        n_bytes += path.stat().st_size
        for item in read_path(path):
            if isinstance(item, Rejected):
                outcomes["rejected:" + item.reason.split(":")[0]] += 1
                continue
            try:
                art = clean_article(item)
            except CleanError as exc:
                outcomes["quarantined:" + exc.reason.split(":")[0]] += 1
                continue
            outcomes["clean"] += 1
            titles += art.title is not None
    elapsed = time.perf_counter() - start
    n = sum(outcomes.values())
    print(f"files: {len(files)}  records: {n}  missing paths: {len(missing)}")
    print(f"outcomes: {dict(sorted(outcomes.items()))}  with title: {titles}")
    print(f"elapsed: {elapsed:.2f} s  throughput: {n / elapsed:.1f} articles/s  "
          f"{n_bytes / 1e6 / elapsed:.2f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1:] or [str(ROOT.parent / "shared" / "data" / "bbc")])
