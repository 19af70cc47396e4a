"""Reliability soak: SIGKILL the real pipeline at random points, then fuzz the ingest and clean stages.

Usage: uv run python benchmarks/soak.py [--kills 20] [--fuzz 1000] [--seed N] [--keep DIR]

Crash part: every trial runs `newsflow run` as a subprocess into a warehouse, kills it (SIGKILL, its
whole process group) at a random moment of ingest, extract, staging or the load's commit, sometimes
kills the next attempt too, then completes the run and compares every table (bookkeeping columns
aside) with a clean run into a fresh warehouse. One trial in three first loads the corpus, edits it
(a changed article, a fixed bad file) and kills the update run instead. After every kill the
warehouse must show all of the run or none of it.

Fuzz part: the hypothesis properties of tests/reliability/fuzz.py (random bytes, encodings, JSONL with
wrong types, nested/enormous HTML, hostile file names), ``--fuzz`` cases in all.

Prints the faults injected, runs completed, rows compared and differences found; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for key, value in {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "GX_ANALYTICS_ENABLED": "false",
                   "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180", "PREFECT_LOGGING_LEVEL": "WARNING"}.items():
    os.environ.setdefault(key, value)

from tests.reliability import harness  # noqa: E402

EDITS = {  # the update scenario: one article rewritten, one empty file given text
    "harbor_strike.txt": lambda text: text.replace("Maria Delgado", "Maria Delgado-Ruiz").replace(
        "4 percent", "6 percent") + "\nThe association said talks would resume on Monday.\n",
    "empty.txt": lambda text: "Council members in Riverton voted 7-2 on Monday to expand the bus network, "
                              "Mayor Ellen Park said.\n",
}


class Tally:
    def __init__(self):
        self.kills = self.kills_missed = self.runs_completed = self.rows_compared = self.differences = 0
        self.fuzz_cases = self.fuzz_failures = 0
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)
        print("  !", text, flush=True)


def _run(corpus: Path, wh: Path) -> dict:
    from flows.news_pipeline import news_pipeline

    summary = news_pipeline(paths=[str(corpus)], warehouse=str(wh), batch_size=harness.BATCH)
    assert summary["status"] == "completed", summary
    return summary


def _set_version(corpus: Path, originals: dict[str, bytes], version: int) -> None:
    for name, data in originals.items():
        (corpus / name).write_bytes(data)
    if version == 2:
        for name, edit in EDITS.items():
            path = corpus / name
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def _check(tally: Tally, label: str, wh: Path, expected: dict, *, allowed_before: dict | None = None) -> None:
    """Compare a warehouse with the expected snapshot (or, after a kill, with the state before the run)."""
    snap = harness.snapshot(wh)
    diff = harness.compare(snap, expected)
    if allowed_before is not None and diff.differences:
        before = harness.compare(snap, allowed_before)
        if not before.differences:
            tally.rows_compared += before.rows_compared
            return
        tally.differences += min(diff.differences, before.differences)
        tally.note(f"{label}: neither the state before the run nor after it\n{before}")
        return
    tally.rows_compared += diff.rows_compared
    if diff.differences:
        tally.differences += diff.differences
        tally.note(f"{label}: differs from a clean run\n{diff}")


@dataclass
class _Site:
    """Where the crash soak runs: the corpus and the environment the killed CLI runs get."""
    corpus: Path
    originals: dict[str, bytes]  # the edited files' first version
    n_batches: int
    env: dict[str, str]
    cwd: Path  # the CLI runs' working directory: must stay empty
    log: Path


def crash_soak(tally: Tally, work: Path, kills: int, rng: random.Random, api_url: str) -> None:
    corpus = harness.make_corpus(work / "corpus", seeds=True)
    home, cwd = work / "prefect_home", work / "cwd"
    home.mkdir()
    cwd.mkdir()
    site = _Site(corpus, {name: (corpus / name).read_bytes() for name in EDITS},
                 -(-len(list(corpus.iterdir())) // harness.BATCH), harness.cli_env(home, api_url), cwd,
                 work / "runs.log")
    expected_v1, expected_update = _references(tally, work, site)
    trial = 0
    while tally.kills < kills:
        trial += 1
        update = trial % 3 == 0
        wh = work / f"wh{trial:03d}"
        _set_version(corpus, site.originals, 1)
        before = {name: Counter() for name in expected_v1}
        if update:
            _run(corpus, wh)
            tally.runs_completed += 1
            before = harness.snapshot(wh)
            _set_version(corpus, site.originals, 2)
        expected = expected_update if update else expected_v1
        _kill_runs(tally, site, wh, rng, f"trial {trial} ({'update' if update else 'fresh'})", expected, before)
        _complete_trial(tally, site, wh, f"trial {trial}", expected)
    _set_version(corpus, site.originals, 1)


def _references(tally: Tally, work: Path, site: _Site) -> tuple[dict, dict]:
    """Clean runs: the first version's tables, and what an update run to the edited corpus must end as."""
    t = time.monotonic()
    ref1 = work / "ref1"
    _run(site.corpus, ref1)
    _set_version(site.corpus, site.originals, 2)
    _run(site.corpus, ref1)  # v1 then the update: what an update run must end as
    expected_update = harness.snapshot(ref1)
    ref2 = work / "ref2"
    _run(site.corpus, ref2)  # v2 from scratch
    expected_fresh_v2 = harness.snapshot(ref2)
    _set_version(site.corpus, site.originals, 1)
    ref0 = work / "ref0"
    _run(site.corpus, ref0)
    expected_v1 = harness.snapshot(ref0)
    tally.runs_completed += 4
    print(f"references built in {time.monotonic() - t:.0f}s", flush=True)
    _check(tally, "update run vs. fresh run of the edited corpus", ref1, expected_fresh_v2)
    return expected_v1, expected_update


def _kill_runs(tally: Tally, site: _Site, wh: Path, rng: random.Random, trial: str, expected: dict,
               before: dict) -> None:
    """One or two CLI runs killed at random points; after each the warehouse holds all of the run or none."""
    for attempt in range(rng.choice([1, 1, 2])):
        point, batches, delay = harness.random_kill_point(rng, site.n_batches)
        points = harness.KillPoints(wh)
        proc = harness.start_run([site.corpus], wh, site.env, cwd=site.cwd, log=site.log)
        outcome = harness.kill_when(proc, points.predicate(point, batches), point=point, delay_s=delay)
        label = f"{trial} kill {attempt + 1} at {point}" \
                f"{f' after {batches} batches' if point == 'extract' else ''} +{delay:.2f}s"
        if outcome.killed:
            tally.kills += 1
            print(f"{label}: killed {outcome.after_s:.1f}s after the point's wait began", flush=True)
        else:
            tally.kills_missed += 1
            tally.runs_completed += outcome.returncode == 0
            print(f"{label}: run ended first (rc {outcome.returncode})", flush=True)
        if (wh / "catalog.sqlite").exists():
            _check(tally, label, wh, expected, allowed_before=before)
            problems = [p for p in harness.problems(wh) if not p.startswith("staging left behind")]
            if problems:
                tally.differences += len(problems)
                tally.note(f"{label}: {problems}")
        if not outcome.killed:
            break


def _complete_trial(tally: Tally, site: _Site, wh: Path, trial: str, expected: dict) -> None:
    """Run to completion after the kills: the tables equal a clean run's, nothing is left outside the warehouse."""
    _run(site.corpus, wh)
    tally.runs_completed += 1
    _check(tally, f"{trial} after completion", wh, expected)
    problems = harness.problems(wh)
    if problems:
        tally.differences += len(problems)
        tally.note(f"{trial}: {problems}")
    orphans = harness.unreferenced_data_files(wh)
    if orphans:
        tally.note(f"{trial}: {len(orphans)} unreferenced Parquet files left in data/ by killed loads")
    if harness.files_under(site.cwd):
        tally.differences += 1
        tally.note(f"{trial}: files written outside the warehouse: {harness.files_under(site.cwd)}")
    shutil.rmtree(wh, ignore_errors=True)


def _property(strategy, check, count: list[int], cases: int, seed: int):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as seeded

    @seeded(seed)
    @settings(max_examples=cases, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def prop(args):
        count[0] += 1
        check(*args)

    return prop


def fuzz_soak(tally: Tally, cases: int, seed: int) -> None:
    from tests.reliability import fuzz

    per_property = max(1, -(-cases // len(fuzz.PROPERTIES)))  # at least ``cases`` in all
    for name, (strategy, check) in sorted(fuzz.PROPERTIES.items()):
        count = [0]
        t = time.monotonic()
        try:
            _property(strategy, check, count, per_property, seed)()
        except Exception as exc:  # hypothesis re-raises the shrunk failing case
            tally.fuzz_failures += 1
            tally.note(f"fuzz {name}: {type(exc).__name__}: {str(exc)[:2000]}\n"
                       + "".join(traceback.format_exception(exc)[-3:])[:2000])
        tally.fuzz_cases += count[0]
        print(f"fuzz {name}: {count[0]} cases in {time.monotonic() - t:.0f}s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="kills to land (0 skips the crash part)")
    parser.add_argument("--fuzz", type=int, default=1000, help="fuzz cases in all (0 skips the fuzz part)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    random.seed(seed)
    print(f"soak seed {seed}", flush=True)
    tally = Tally()
    started = time.monotonic()
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsflow-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.fuzz:
            fuzz_soak(tally, args.fuzz, seed)
        if args.kills:
            os.environ["PREFECT_HOME"] = str(work / "prefect_home_soak")
            from prefect.settings import PREFECT_API_URL
            from prefect.testing.utilities import prefect_test_harness

            with prefect_test_harness(server_startup_timeout=180):
                crash_soak(tally, work, args.kills, rng, PREFECT_API_URL.value())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nsoak finished in {time.monotonic() - started:.0f}s (seed {seed})")
    print(f"faults injected:    {tally.kills} kills ({tally.kills_missed} more runs ended before their kill point), "
          f"{tally.fuzz_cases} fuzz cases (shrinking of a failure included)")
    print(f"runs completed:     {tally.runs_completed}")
    print(f"rows compared:      {tally.rows_compared}")
    print(f"differences found:  {tally.differences} in warehouses, {tally.fuzz_failures} fuzz properties failed")
    for note in tally.notes:
        print("  -", note.splitlines()[0])
    return 1 if tally.differences or tally.fuzz_failures else 0


if __name__ == "__main__":
    sys.exit(main())
