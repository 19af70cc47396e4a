"""Two runs at once: the second fails fast with a clear message, or queues; readers see whole snapshots."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from tests.reliability import harness

pytestmark = [pytest.mark.flow, pytest.mark.model]


def test_concurrent_runs_and_readers(cli, corpus, reference, tmp_path, monkeypatch):
    from flows.cli import app
    from flows.news_pipeline import news_pipeline

    env, cwd = cli
    _, expected = reference
    expected_counts = {name: sum(rows.values()) for name, rows in expected.items()}
    wh = tmp_path / "wh"
    points = harness.KillPoints(wh)
    first = harness.start_run([corpus], wh, env, cwd=cwd, log=tmp_path / "first.log")
    try:
        # Wait until the first run holds the writer lock (its staging dir exists only under the lock).
        deadline = time.monotonic() + 300
        while not points.predicate("ingest")() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first.poll() is None, "the first run ended before the second could start"

        # A second run with the default NEWS_LOCK_TIMEOUT_SECONDS=0 fails at once, saying why.
        monkeypatch.delenv("NEWS_LOCK_TIMEOUT_SECONDS", raising=False)
        monkeypatch.chdir(cwd)
        started = time.monotonic()
        result = CliRunner().invoke(app, ["run", str(corpus), "--warehouse", str(wh)])
        assert result.exit_code == 1
        assert harness.LOCK_MESSAGE in result.output
        assert time.monotonic() - started < 60

        # A third run allowed to wait queues behind the first, then finds everything loaded.
        monkeypatch.setenv("NEWS_LOCK_TIMEOUT_SECONDS", "600")
        third = news_pipeline(paths=[str(corpus)], warehouse=str(wh), batch_size=harness.BATCH)
        assert first.wait(timeout=300) == 0
        assert third["status"] == "completed"
        assert third["docs_loaded"] == 0 and third["docs_skipped"] == expected_counts["documents"]
    finally:
        harness.kill(first)

    diff = harness.compare(harness.snapshot(wh), expected)
    assert diff.differences == 0, str(diff)
    assert harness.problems(wh) == []
    # The refused run left no trace; the queued one is recorded after the first.
    assert [r["docs_loaded"] for r in harness.rows(wh, "select docs_loaded from runs order by started_at")] \
        == [expected_counts["documents"], 0]
    assert harness.files_under(cwd) == set()


def test_readers_during_commits_see_whole_snapshots_and_do_not_break_the_writer(tmp_path):
    """Three readers poll while a writer commits load-like transactions (one document, three mentions)."""
    from warehouse import store

    wh = tmp_path / "wh"
    store.connect(wh).close()
    seen, errors, stop = [], [], threading.Event()

    def read_loop():
        # One statement, one snapshot (two separate statements may straddle a commit, as in any database).
        con = store.connect(wh, read_only=True)
        while not stop.is_set():
            try:
                seen.append(con.execute("select (select count(*) from documents), "
                                        "(select count(*) from mentions)").fetchone())
            except Exception as exc:  # noqa: BLE001 - any reader error is a finding
                errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")

    readers = [threading.Thread(target=read_loop, daemon=True) for _ in range(3)]
    for r in readers:
        r.start()
    try:
        writer = subprocess.run([sys.executable, "-m", "tests.reliability.commit_loop", str(wh), "8"],
                                cwd=harness.ROOT, capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        for r in readers:
            r.join()
    # Whole snapshots only: never a document without its three mentions.
    assert all(m == 3 * d for d, m in seen), [s for s in seen if s[1] != 3 * s[0]][:3]
    assert writer.returncode == 0, writer.stdout[-2000:]
    assert errors == [], errors[:3]
    assert harness.counts(wh)["documents"] == 8
