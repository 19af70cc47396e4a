"""The exit code of `newsflow run` tells what the warehouse committed, whatever happens to Prefect's bookkeeping."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ROOT, SEEDS, query

HERE = Path(__file__).parent


def test_a_committed_run_whose_prefect_api_dies_after_the_load_exits_0(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)  # the CLI's own temporary API, which the hook kills
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(HERE / "bookkeeping_fails.py"), "run", str(SEEDS),
                           "--warehouse", str(tmp_path / "wh")], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=900)
    runs = query(tmp_path / "wh", "select run_id, status, docs_loaded, docs_quarantined from runs")
    assert done.returncode == 0, done.stderr[-3000:]
    assert [(r["status"], r["docs_loaded"], r["docs_quarantined"]) for r in runs] == [("completed", 2, 0)]
    assert f"Run {runs[0]['run_id']} completed" in done.stdout
    assert "2 documents loaded" in done.stdout and "Documents by language: en 2" in done.stdout
    assert "Prefect's bookkeeping failed after the load committed" in done.stderr
    print(f"bookkeeping-failure run took {time.monotonic() - started:.0f}s")


def test_a_missing_path_is_an_error_before_any_work(tmp_path):
    result = CliRunner().invoke(app, ["run", str(SEEDS), str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 2
    assert "No such file or directory" in result.output and "nope" in result.output
    assert not (tmp_path / "wh").exists()  # nothing was run, not even a warehouse created
