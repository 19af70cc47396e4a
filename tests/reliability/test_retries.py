"""Transient failures in I/O tasks are retried and the run completes as if nothing happened.

The faults are real exceptions raised from the library's own file reading and from inside the load
transaction (after its inserts, before its commit); Prefect, DuckDB and GX run unmodified.
"""

from __future__ import annotations

import errno

import duckdb
import pytest

from tests.reliability import harness

pytestmark = [pytest.mark.flow, pytest.mark.model]


def _fail_once(monkeypatch, module, name, exc):
    real = getattr(module, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)
    return calls


def test_transient_read_and_commit_failures_are_retried(prefect_harness, corpus, reference, tmp_path, monkeypatch):
    from flows.news_pipeline import news_pipeline
    from tasks.lib.ingest import readers
    from warehouse import store

    # The first file read fails like a flaky network share; the ingest task (retries=2) reads the batch again.
    reads = _fail_once(monkeypatch, readers, "read_path", OSError(errno.EIO, "Input/output error (simulated)"))
    # The first commit fails inside the transaction, after every insert: it must roll back, and the retried
    # load (retries=1) must not find half of the first attempt.
    commits = _fail_once(monkeypatch, store, "integrity_failures", duckdb.IOException("disk I/O error (simulated)"))

    wh = tmp_path / "wh"
    summary = news_pipeline(paths=[str(corpus)], warehouse=str(wh), batch_size=harness.BATCH)

    assert summary["status"] == "completed"
    assert reads["n"] > 1 and commits["n"] == 2
    diff = harness.compare(harness.snapshot(wh), reference[1])
    assert diff.differences == 0, str(diff)
    assert harness.problems(wh) == []
    assert [r["status"] for r in harness.rows(wh, "select status from runs")] == ["completed"]
