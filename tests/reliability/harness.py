"""Helpers for the reliability tests and benchmarks/soak.py: run the real CLI, kill it, compare warehouses.

Nothing here mocks Prefect, DuckDB or Great Expectations: runs are the `newsflow run` entry point in a
subprocess (its own session, so SIGKILL takes any child with it), and warehouses are compared through
read-only DuckLake connections.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"

# Columns that name or time the run that wrote a row: a re-run after a crash legitimately differs there.
BOOKKEEPING = {"run_id", "quarantined_at", "checked_at"}
# Tables that record runs rather than content: a killed run leaves no row there, a failed one does.
RUN_TABLES = {"runs", "dq_results"}
LOCK_MESSAGE = "another newsflow run is writing"
BATCH = 4  # documents per batch in the reliability runs: two batches over make_corpus()


# ---------------------------------------------------------------- corpus

BAD_FILES = {
    "empty.txt": b"",
    "blob.txt": bytes(range(256)) * 8,
    "digits.txt": b"1234 5678 -- 42\n",
    "broken.jsonl": b'{"title": "no body here"}\n{not json\n[1, 2]\n',
}


def make_corpus(target: Path, *, bad: bool = True, seeds: bool = False) -> Path:
    """A small corpus: the hand-written fixtures, the ingest fixtures, a few bad files (and the seeds).

    Eight files (ten with the seeds), so that with ``--batch-size 4`` a run has two or three
    batches and a kill can land in ingest, between batches of extract, or in the load.
    """
    target.mkdir(parents=True, exist_ok=True)
    for src in [*sorted((FIXTURES / "articles").iterdir()), *(sorted(SEEDS.iterdir()) if seeds else []),
                FIXTURES / "ingest" / "article.html", FIXTURES / "ingest" / "records.jsonl"]:
        shutil.copy(src, target / src.name)
    if bad:
        for name, data in BAD_FILES.items():
            (target / name).write_bytes(data)
    return target


# ---------------------------------------------------------------- running the CLI

def newsflow_exe() -> str:
    """The `newsflow` console script of the running venv (what `uv run newsflow` executes)."""
    exe = Path(sys.executable).parent / "newsflow"
    return str(exe) if exe.exists() else shutil.which("newsflow") or "newsflow"


def cli_env(prefect_home: Path, api_url: str | None = None, **news: str) -> dict[str, str]:
    """Environment for a CLI run: its own PREFECT_HOME, the given Prefect API (else an ephemeral one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWS_"))}
    env.update(PREFECT_HOME=str(prefect_home), DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
               GX_ANALYTICS_ENABLED="false", PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
               PYTHONPATH=str(ROOT))
    if api_url:
        env["PREFECT_API_URL"] = api_url
    env.update({f"NEWS_{k.upper()}": str(v) for k, v in news.items()})
    return env


def start_run(paths: Iterable[Path | str], warehouse: Path, env: dict[str, str], *, cwd: Path,
              batch_size: int = BATCH, log: Path | None = None) -> subprocess.Popen:
    """Start `newsflow run PATHS --warehouse WAREHOUSE` in its own process group."""
    cmd = [newsflow_exe(), "run", *map(str, paths), "--warehouse", str(warehouse), "--batch-size", str(batch_size)]
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT if log else out,
                                start_new_session=True)
    finally:
        if log:
            out.close()


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the run and everything it started (its process group), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


@dataclass
class KillOutcome:
    killed: bool  # False: the run ended before the kill point was reached
    point: str
    after_s: float
    returncode: int | None = None


def kill_when(proc: subprocess.Popen, reached: Callable[[], bool], *, point: str, delay_s: float = 0.0,
              timeout_s: float = 300.0, poll_s: float = 0.01) -> KillOutcome:
    """Poll ``reached`` and SIGKILL the run ``delay_s`` after it first holds (or time out and kill)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if proc.poll() is not None:
            return KillOutcome(False, point, time.monotonic() - started, proc.returncode)
        if reached():
            if delay_s:
                time.sleep(delay_s)
            if proc.poll() is not None:
                return KillOutcome(False, point, time.monotonic() - started, proc.returncode)
            kill(proc)
            return KillOutcome(True, point, time.monotonic() - started)
        time.sleep(poll_s)
    kill(proc)
    raise TimeoutError(f"kill point {point!r} not reached in {timeout_s}s")


# Kill points, as predicates over what the run has written under the warehouse directory.

def _staging_runs(warehouse: Path) -> list[Path]:
    try:
        return [p for p in (warehouse / "staging").iterdir() if p.is_dir()]
    except OSError:
        return []


def _data_files(warehouse: Path) -> set[str]:
    return {str(p) for p in (warehouse / "data").rglob("*.parquet")} if (warehouse / "data").exists() else set()


class KillPoints:
    """Named moments of one run, detected from the files it writes (call ``arm`` just before starting it)."""

    NAMES = ("start", "ingest", "extract", "staged", "commit")

    def __init__(self, warehouse: Path):
        self.warehouse = warehouse
        self.arm()

    def arm(self) -> None:
        self._old_staging = {p.name for p in _staging_runs(self.warehouse)}
        self._old_data = _data_files(self.warehouse)

    def _new_staging(self) -> Path | None:
        fresh = [p for p in _staging_runs(self.warehouse) if p.name not in self._old_staging]
        return fresh[0] if fresh else None

    def predicate(self, name: str, batches: int = 1) -> Callable[[], bool]:
        """start: at once; ingest: the run holds the lock and made its staging dir (reading state, ingest of
        batch 1); extract: ``batches`` batches staged, the next one in progress; staged: all rows staged,
        the load about to begin; commit: the load transaction has written its first Parquet file."""
        if name == "start":
            return lambda: True
        if name == "ingest":
            return lambda: self._new_staging() is not None
        if name == "extract":
            def extracted() -> bool:
                run = self._new_staging()
                return run is not None and len(list((run / "documents").glob("*.parquet"))) >= batches
            return extracted
        if name == "staged":
            def staged() -> bool:
                run = self._new_staging()
                return run is not None and (run / "dq_results").exists()
            return staged
        if name == "commit":
            return lambda: bool(_data_files(self.warehouse) - self._old_data)
        raise ValueError(name)


# ---------------------------------------------------------------- comparing warehouses

def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list):
        return sorted(_plain(v) for v in value) if all(isinstance(v, str) for v in value) else [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _connect(warehouse: Path):
    from warehouse import store

    return store.connect(warehouse, read_only=True)


def snapshot(warehouse: Path) -> dict[str, Counter]:
    """Every content table's rows (a multiset of JSON rows), without run bookkeeping columns."""
    from warehouse import tables

    con = _connect(warehouse)
    try:
        out = {}
        for table in tables.ALL:
            if table.name in RUN_TABLES:
                continue
            cols = [c for c in table.columns if c not in BOOKKEEPING]
            cur = con.execute(f"select {', '.join(cols)} from {table.name}")
            out[table.name] = Counter(json.dumps([_plain(v) for v in row], sort_keys=True, default=str)
                                      for row in cur.fetchall())
        return out
    finally:
        con.close()


@dataclass
class Diff:
    rows_compared: int = 0
    only_left: dict[str, list[str]] = field(default_factory=dict)
    only_right: dict[str, list[str]] = field(default_factory=dict)

    @property
    def differences(self) -> int:
        return sum(map(len, self.only_left.values())) + sum(map(len, self.only_right.values()))

    def __str__(self) -> str:
        lines = [f"{self.differences} differing rows of {self.rows_compared} compared"]
        for side, rows in (("only in actual", self.only_left), ("only in expected", self.only_right)):
            for name, rs in rows.items():
                lines += [f"  {side} {name}: {r[:300]}" for r in rs[:5]]
        return "\n".join(lines)


def compare(actual: dict[str, Counter], expected: dict[str, Counter]) -> Diff:
    """Multiset difference of two snapshots, per table."""
    diff = Diff()
    for name in sorted(set(actual) | set(expected)):
        a, e = actual.get(name, Counter()), expected.get(name, Counter())
        diff.rows_compared += max(sum(a.values()), sum(e.values()))
        if a - e:
            diff.only_left[name] = sorted((a - e).elements())
        if e - a:
            diff.only_right[name] = sorted((e - a).elements())
    return diff


def problems(warehouse: Path) -> list[str]:
    """Orphans, duplicates, half-committed leftovers: everything that must be empty in a sound warehouse."""
    from warehouse import store, tables

    found: list[str] = []
    con = _connect(warehouse)
    try:
        found += store.integrity_failures(con)
        for table in tables.ALL:
            if table.key:
                key = ", ".join(table.key)
                n = con.execute(f"select count(*) - count(distinct ({key})) from {table.name}").fetchone()[0]
                if n:
                    found.append(f"{table.name}: {n} duplicate keys ({key})")
        for table in tables.DOC_TABLES:
            n = con.execute(f"select count(*) from {table.name} where doc_id not in "
                            "(select doc_id from documents)").fetchone()[0]
            if n:
                found.append(f"{table.name}: {n} rows of documents not in documents")
        # A source's quarantine rows all come from the run that last read it.
        n = con.execute("select count(*) from (select source_uri from quarantine group by source_uri "
                        "having count(distinct run_id) > 1)").fetchone()[0]
        if n:
            found.append(f"quarantine: {n} sources with rows from several runs")
        n = con.execute("select count(*) from documents d join quarantine q using (source_uri) "
                        "where q.stage in ('ingest', 'clean')").fetchone()[0]
        if n:
            found.append(f"{n} sources both loaded and quarantined at ingest/clean")
        n = con.execute("select count(*) from runs where status not in ('completed', 'failed')").fetchone()[0]
        if n:
            found.append(f"runs: {n} rows neither completed nor failed")
    finally:
        con.close()
    leftovers = _staging_runs(warehouse)
    if leftovers:
        found.append(f"staging left behind: {[p.name for p in leftovers]}")
    return found


def unreferenced_data_files(warehouse: Path) -> list[str]:
    """Parquet files under data/ that the catalog does not know (written by a load that never committed).

    Files of earlier snapshots (rows since deleted or replaced, kept for time travel) are known, not orphans.
    """
    with closing(sqlite3.connect(f"file:{warehouse / 'catalog.sqlite'}?mode=ro", uri=True)) as catalog:
        known = {Path(path).name for (path,) in catalog.execute(
            "select path from ducklake_data_file union select path from ducklake_delete_file "
            "union select path from ducklake_files_scheduled_for_deletion")}
    return sorted(p for p in _data_files(warehouse) if Path(p).name not in known)


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[dict]:
    from warehouse import store

    con = _connect(warehouse)
    try:
        return store.rows_as_dicts(con.execute(sql, params or []))
    finally:
        con.close()


def counts(warehouse: Path) -> dict[str, int]:
    from warehouse import tables

    con = _connect(warehouse)
    try:
        return {t.name: con.execute(f"select count(*) from {t.name}").fetchone()[0] for t in tables.ALL}
    finally:
        con.close()


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")} if root.exists() else set()


def random_kill_point(rng: random.Random, n_batches: int) -> tuple[str, int, float]:
    """A random (point, batches staged, extra delay): a named moment plus up to 3 s of jitter."""
    point = rng.choice(KillPoints.NAMES)
    batches = rng.randint(1, max(1, n_batches - 1)) if point == "extract" else 1
    delay = rng.choice([0.0, rng.uniform(0, 0.5), rng.uniform(0, 3.0)])
    return point, batches, delay
