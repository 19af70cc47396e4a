"""Crash safety: SIGKILL the real `newsflow run` in extract and in the middle of the load's commit.

After every kill the warehouse holds either nothing of the run or all of it (never half), and the
run that follows ends exactly where a clean run into a fresh warehouse does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from tests.reliability import harness


def _only_staging_left(problems: list[str]) -> list[str]:
    # A killed run cannot clean up its staging dir; the next run clears it (checked after that run).
    return [p for p in problems if not p.startswith("staging left behind")]


@pytest.mark.flow
@pytest.mark.model
def test_killed_runs_then_a_rerun_equal_a_clean_run(cli, corpus, reference, tmp_path):
    from flows.news_pipeline import news_pipeline

    env, cwd = cli
    _, expected = reference
    wh = tmp_path / "wh"
    empty = {name: 0 for name in expected}
    log = tmp_path / "runs.log"
    # extract: batch 1 staged, batch 2 being extracted. commit: the load transaction wrote its first Parquet file.
    for point in ("extract", "commit"):
        points = harness.KillPoints(wh)
        proc = harness.start_run([corpus], wh, env, cwd=cwd, log=log)
        outcome = harness.kill_when(proc, points.predicate(point), point=point)
        assert outcome.killed, f"the run ended (rc {outcome.returncode}) before reaching {point}:\n{log.read_text()[-3000:]}"
        # Atomic: the killed run left all of its rows or none.
        snap = harness.snapshot(wh)
        if any(snap.values()):
            assert not harness.compare(snap, expected).differences, f"half a run visible after a kill in {point}"
        else:
            assert {n: sum(c.values()) for n, c in snap.items()} == empty
        assert _only_staging_left(harness.problems(wh)) == []

    summary = news_pipeline(paths=[str(corpus)], warehouse=str(wh), batch_size=harness.BATCH)
    assert summary["status"] == "completed"
    diff = harness.compare(harness.snapshot(wh), expected)
    assert diff.differences == 0, str(diff)
    assert diff.rows_compared > 50
    assert harness.problems(wh) == []
    # Killed runs leave no runs row; the completed one does.
    assert [r["status"] for r in harness.rows(wh, "select status from runs")] == ["completed"]
    # Nothing was written outside the warehouse (the runs' working directory stays empty).
    assert harness.files_under(cwd) == set()


def _kill_a_load_mid_transaction(wh):
    """Commit one load-like transaction, then SIGKILL a second one after its inserts, before its commit."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.commit_loop", str(wh), "2", "--hang"],
                            cwd=harness.ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "READY"
    finally:
        harness.kill(proc)


def test_a_load_killed_before_its_commit_is_invisible(tmp_path):
    wh = tmp_path / "wh"
    _kill_a_load_mid_transaction(wh)
    assert harness.rows(wh, "select doc_id from documents") == [{"doc_id": "d0"}]
    assert harness.rows(wh, "select count(*) as n from mentions")[0]["n"] == 3
    assert harness.problems(wh) == []


@pytest.mark.flow
@pytest.mark.model
def test_the_next_run_removes_the_files_of_a_killed_load(prefect_harness, tmp_path):
    from flows.news_pipeline import news_pipeline

    wh, inbox = tmp_path / "wh", tmp_path / "in"
    inbox.mkdir()
    _kill_a_load_mid_transaction(wh)
    assert harness.unreferenced_data_files(wh)  # the killed transaction's files
    summary = news_pipeline(paths=[str(inbox)], warehouse=str(wh), batch_size=harness.BATCH)
    assert summary["status"] == "completed"
    assert harness.unreferenced_data_files(wh) == []



@pytest.mark.flow
def test_a_run_killed_alone_takes_its_temporary_prefect_server_with_it(tmp_path):
    """The OOM killer kills one process, the largest: the flow's. Prefect's temporary API server must not outlive
    it (it would keep ~270 MB and Prefect's database, stalling the next run)."""
    wh, work = tmp_path / "wh", tmp_path / "cwd"
    work.mkdir()
    env = harness.cli_env(tmp_path / "prefect_home")  # no API given: the run starts its own
    proc = harness.start_run([harness.SEEDS], wh, env, cwd=work)
    try:
        flow_started = harness.KillPoints(wh).predicate("ingest")
        deadline = time.monotonic() + 180
        while not flow_started() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        servers = [p for p in psutil.Process(proc.pid).children() if "uvicorn" in " ".join(p.cmdline())]
        assert len(servers) == 1, "the run is not using its own temporary API server"
        os.kill(proc.pid, signal.SIGKILL)  # this process alone, not its group
        proc.wait()
        gone, alive = psutil.wait_procs(servers, timeout=15)
        assert not alive, "Prefect's temporary API server outlived the killed run"
    finally:
        harness.kill(proc)  # whatever is left of its process group
