"""CPU of a `newsflow run` by process and component, from a py-spy recording of the whole process tree.

    uv tool install py-spy    # not a project dependency: a profiler, installed beside it
    py-spy record --subprocesses -r 40 -f raw -o run.txt -- uv run newsflow run DIR --warehouse /tmp/wh
    uv run python benchmarks/cpu_by_component.py run.txt --rate 40

py-spy samples threads that are running (idle ones are left out), so samples / rate approximates CPU seconds on
a quiet machine; on a loaded one a thread waiting for a core still counts, so compare shares, not seconds. Each
stack goes to the first component whose pattern it contains (the lists below, in order).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

WORKER = [
    ("pipe newsflow_entity_rules", r"entity_rules\.py|tasks/lib/extract/entity_(missed|context|evidence|spans|name_labels)"),
    ("pipe newsflow_casing", r"tasks/lib/extract/entity_casing"),
    ("extract quotes", r"extract_quotes"),
    ("extract amounts", r"extract_amounts"),
    ("extract dates", r"extract_dates"),
    ("extract entities, roles", r"extract_entities|extract_roles|add_dateline_place"),
    ("imports, model load", r"_start_worker|load_pipeline|_find_and_load"),
    ("spaCy model (its pipes)", r"spacy/|thinc/"),
    ("pickling, queues", r"pickle|_process_worker|connection\.py|queues"),
]
FLOW = [
    ("imports", r"_find_and_load"),
    ("GX checks", r"great_expectations|expectations/"),
    ("cleaning: language", r"clean/language\.py|langid"),
    ("cleaning: the rest", r"clean_batch|clean_article"),
    ("reading files", r"read_batch|read_path"),
    ("entity resolution", r"memory/(resolve|names|profile_index)"),
    ("stories", r"memory/stor|story_"),
    ("extract state read", r"read_state|read_extract_state|memory/state\.py"),
    ("warehouse: staging, load", r"warehouse/|duckdb|load_warehouse"),
    ("model workers: pool, pickling", r"concurrent/futures/process|multiprocessing"),
    ("Prefect: engine, API client, logging", r"prefect/|httpx|httpcore|anyio|asyncio|logging"),
]


def classify(path: str, rate: float) -> dict[str, Counter]:
    seconds: dict[str, Counter] = defaultdict(Counter)
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            process = re.findall(r'process \d+:"([^"]*)', stack)[-1]  # the innermost process of the stack
            kind = ("model worker" if "spawn_main" in process else "Prefect API server" if "uvicorn" in process
                    else "resource tracker" if "resource_tracker" in process else "flow")
            rules = WORKER if kind == "model worker" else FLOW if kind == "flow" else []
            name = next((n for n, pattern in rules if re.search(pattern, stack)), "other")
            seconds[kind][name] += int(count) / rate
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", help="py-spy's raw (collapsed stacks) output")
    parser.add_argument("--rate", type=float, default=40, help="the sampling rate given to py-spy (-r)")
    args = parser.parse_args()
    seconds = classify(args.raw, args.rate)
    total = sum(sum(c.values()) for c in seconds.values())
    for kind, parts in sorted(seconds.items(), key=lambda kv: -sum(kv[1].values())):
        spent = sum(parts.values())
        print(f"{kind:40} {spent:7.1f} s  {spent / total:5.1%}")
        for name, s in parts.most_common():
            print(f"    {name:36} {s:7.1f} s  {s / total:5.1%}")


if __name__ == "__main__":
    main()
