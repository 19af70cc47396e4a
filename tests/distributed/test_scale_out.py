"""Beyond one machine: a DuckLake warehouse on PostgreSQL + S3 and a Dask cluster of separate processes.

Every server is real and on 127.0.0.1 (see servers.py); each run here must give, table by table, the rows the
local run of the same articles gives (the ``local_run`` fixture). Batches of one file: four extraction tasks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, query, same_rows, scalar
from tests.distributed import catalog
from tests.distributed.conftest import BUCKET, worker_env
from tests.reliability.harness import kill, newsflow_exe
from warehouse import store

pytestmark = [pytest.mark.flow, pytest.mark.model]

TABLES = ("documents", "entities", "mentions", "roles", "quotes", "amounts", "dates", "embeds", "stories",
          "quarantine")


def counts(warehouse) -> dict[str, int]:
    return {t: scalar(warehouse, f"select count(*) from {t}") for t in TABLES}


def run(corpus, warehouse, task_runner: str | None = None) -> dict:
    from flows.news_pipeline import news_pipeline
    from flows.runners import task_runner_for

    runner, in_flight = task_runner_for(task_runner)
    return news_pipeline.with_options(task_runner=runner)(
        paths=[str(corpus)], warehouse=str(warehouse), batch_size=1, parallel_batches=in_flight)


@pytest.fixture(scope="module")
def loaded(remote, dask_cluster, corpus):
    """A PostgreSQL+S3 warehouse loaded by a run whose extraction ran on the Dask cluster."""
    url = remote.warehouse()
    first = run(corpus, url, f"dask={dask_cluster.address}")
    assert (first["status"], first["docs_loaded"]) == ("completed", 4)
    return url


def test_a_postgres_s3_run_on_a_dask_cluster_equals_a_local_run(loaded, local_run, remote, dask_cluster, corpus):
    same_rows(loaded, local_run)
    assert counts(loaded) == counts(local_run)
    # The Parquet files are in the bucket, none on this machine.
    name = loaded.split("?")[0].rsplit("/", 1)[-1]
    assert scalar(loaded, f"select count(*) from glob('s3://news/{name}/**/*.parquet')") >= 9
    assert not list((remote.local_root / name).rglob("*.parquet"))

    before = counts(loaded)
    again = run(corpus, loaded, f"dask={dask_cluster.address}")
    assert (again["docs_loaded"], again["docs_skipped"]) == (0, 4)
    assert counts(loaded) == before


def test_cli_commands_read_the_remote_warehouse_and_show_no_secret(loaded, remote, monkeypatch):
    from flows.cli import app

    cli = CliRunner()
    monkeypatch.setenv("NEWS_WAREHOUSE", loaded)  # as README "Scaling out" sets it for `sql` and `status`
    result = cli.invoke(app, ["sql", "select count(*) as n from documents", "--format", "json"])
    assert json.loads(result.stdout) == [{"n": 4}]
    first = json.loads(cli.invoke(app, ["status", "--format", "json"]).stdout)[-1]
    monkeypatch.delenv("NEWS_WAREHOUSE")
    assert first["docs_loaded"] == 4
    result = cli.invoke(app, ["dq", "--run", first["run_id"], "-w", loaded, "--format", "csv"])
    assert result.exit_code == 0 and "mentions" in result.stdout
    secret = os.environ["AWS_SECRET_ACCESS_KEY"]
    assert secret not in json.dumps(query(loaded, "select * from runs"), default=str)
    # The printed SQL attaches the warehouse in the DuckDB CLI, reading the keys from the environment.
    printed = cli.invoke(app, ["shell", "-w", loaded, "--print"]).stdout
    assert secret not in printed and "getenv('AWS_SECRET_ACCESS_KEY')" in printed
    shell = subprocess.run([sys.executable, "-m", "duckdb_cli", "-csv", "-noheader", "-c",
                            printed + "select count(*) from documents;"], capture_output=True, text=True, timeout=120)
    assert shell.stdout.strip().splitlines()[-1] == "4", shell.stderr
    # Data Docs have a local place when the warehouse is remote.
    name = loaded.split("?")[0].rsplit("/", 1)[-1]
    assert list((remote.local_root / name / "data_docs").rglob("*.html"))


def test_a_url_with_a_password_is_refused(remote):
    from flows.cli import app

    url = remote.warehouse().replace("postgres@", "postgres:hunter2@")
    result = CliRunner().invoke(app, ["status", "-w", url])
    assert result.exit_code == 2
    assert "PGPASSWORD" in result.output and "hunter2" not in result.output


def test_two_runs_from_two_processes_load_once(remote, corpus, local_run):
    """Two `newsflow run`s at once on one warehouse: the advisory lock makes one wait, then skip everything."""
    from warehouse import store

    url = remote.warehouse()
    env = {**worker_env(), "NEWS_LOCK_TIMEOUT_SECONDS": "600", "NEWS_BATCH_SIZE": "1"}
    command = [sys.executable, "-m", "flows.cli", "run", str(corpus), "--warehouse", url]
    runs = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=900)[0] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outputs
    loaded = sorted(int(o.split(" documents loaded")[0].rsplit(" ", 1)[-1]) for o in outputs)
    assert loaded == [0, 4]
    same_rows(url, local_run)
    assert counts(url) == counts(local_run)

    # A run that may not wait fails at once, saying why, while another process holds the lock.
    from flows.cli import app

    with store.writer_lock(url):
        busy = CliRunner().invoke(app, ["run", str(corpus), "-w", url])
    assert busy.exit_code == 1
    assert "another newsflow run is writing" in busy.output
    assert counts(url) == counts(local_run)


def test_a_writers_sessions_have_the_server_probe_their_client(remote):
    """A machine lost outright closes no connection: its sessions (the writer lock, a half-done commit's row locks)
    must end after unanswered keepalives, within about a minute, rather than the system's two hours."""
    from warehouse import location
    from warehouse.pg_lock import advisory_lock

    url = remote.warehouse()
    probes = {"tcp_keepalives_idle": "30", "tcp_keepalives_interval": "10", "tcp_keepalives_count": "3"}
    settings = "select name, setting from pg_settings where name like 'tcp_keepalives%'"
    wh = location.parse(url)
    with advisory_lock(location.writer_conninfo(wh.catalog), wh.lock_key, 0, RuntimeError("busy"), RuntimeError) as pg:
        assert catalog.advisory_locks(remote.pg_port, settle=0) == 1
        assert dict(pg.execute(settings).fetchall()) == probes
    assert catalog.advisory_locks(remote.pg_port) == 0
    con = store.connect(url)  # the load's connection: DuckLake's own PostgreSQL session for the catalog
    try:
        rows = con.execute(f"select * from postgres_query('__ducklake_metadata_{store.LAKE}', $${settings}$$)")
        assert dict(rows.fetchall()) == probes
    finally:
        con.close()


def test_a_killed_dask_worker_loses_and_duplicates_nothing(remote, dask_cluster, corpus, local_run):
    """A worker SIGKILLed while it extracts a batch: Dask runs that batch on the other worker."""
    from distributed import Client

    url, result = remote.warehouse(), {}
    flow = threading.Thread(target=lambda: result.update(run(corpus, url, f"dask={dask_cluster.address}")))
    flow.start()
    with Client(dask_cluster.address) as client:
        victim = _worker_busy_extracting(client, timeout=600)
        dask_cluster.kill_worker(int(victim.removeprefix("w")))
    flow.join(900)
    assert result["status"] == "completed" and result["docs_loaded"] == 4
    same_rows(url, local_run)
    assert counts(url) == counts(local_run)


def _worker_busy_extracting(client, timeout: float) -> str:
    """The name of the first worker seen running a task (an extraction: nothing else goes to the cluster)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = client.scheduler_info()["workers"]
        for address, tasks in client.processing().items():
            if tasks:  # sent to that worker: queued there or running, not finished
                return str(info[address]["name"])
        time.sleep(0.1)
    raise AssertionError("no task reached the Dask workers")


def test_a_run_killed_mid_load_then_a_rerun_equal_a_local_run(remote, dask_cluster, corpus, local_run, tmp_path,
                                                             monkeypatch):
    """`newsflow run` (the CLI, the warehouse from NEWS_WAREHOUSE) SIGKILLed while its load commits to PostgreSQL.

    Nothing of the killed run is visible, its advisory lock went with its connection, and the next run loads
    everything once, ending equal to a local run, with one honest row in ``runs``.
    """
    url = remote.warehouse()
    db = catalog.database(url)
    store.connect(url).close()  # the catalog's tables, so that the hold below can wait for the load's commit
    env = {**worker_env(), "NEWS_WAREHOUSE": url, "NEWS_BATCH_SIZE": "1"}
    log = tmp_path / "killed-run.log"
    with catalog.hold_load_commits(remote.pg_port, db) as hold, log.open("wb") as out:
        proc = subprocess.Popen([newsflow_exe(), "run", str(corpus), "--task-runner", f"dask={dask_cluster.address}"],
                                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            blocked = hold.wait_for_blocked_commit(lambda: proc.poll() is None, timeout=600)
            written = catalog.bucket_files(remote.endpoint, BUCKET, db)
        finally:
            kill(proc)  # the run and its process group, its commit still waiting
    assert blocked == "ducklake_data_file"
    assert len(written) >= 9, "the load had not written its tables' Parquet files"  # one file per table at least
    assert counts(url) == dict.fromkeys(TABLES, 0), log.read_text()[-3000:]
    assert scalar(url, "select count(*) from runs") == 0  # a killed run leaves no row
    assert catalog.advisory_locks(remote.pg_port) == 0

    monkeypatch.setenv("NEWS_LOCK_TIMEOUT_SECONDS", "0")  # a lock still held would fail the run at once
    rerun = run(corpus, url, f"dask={dask_cluster.address}")
    assert (rerun["status"], rerun["docs_loaded"], rerun["docs_skipped"]) == ("completed", 4, 0)
    same_rows(url, local_run)
    assert counts(url) == counts(local_run)
    assert [r["status"] for r in query(url, "select status from runs")] == ["completed"]
    # The killed load's files are gone from the bucket, and its staging files from this machine.
    assert catalog.bucket_files(remote.endpoint, BUCKET, db) <= catalog.catalog_files(remote.pg_port, db)
    assert not list((remote.local_root / db / "staging").glob("*"))


def test_an_edited_source_replaces_its_rows(loaded, dask_cluster, corpus):
    """Last: it edits the shared corpus. The old version's rows go from every table of the remote warehouse."""
    path = corpus / "harbor_strike.txt"
    old_id = scalar(loaded, "select doc_id from documents where source_uri = ?", [str(path)])
    path.write_text(path.read_text().replace("Maria Delgado", "Maria Delgado-Ruiz"))
    edited = run(corpus, loaded, f"dask={dask_cluster.address}")
    assert (edited["docs_loaded"], edited["docs_replaced"], edited["docs_skipped"]) == (1, 1, 3)
    assert scalar(loaded, "select count(*) from documents") == 4
    new_id = scalar(loaded, "select doc_id from documents where source_uri = ?", [str(path)])
    assert new_id != old_id
    for table in ("mentions", "quotes", "amounts", "dates", "stories", "roles"):
        assert scalar(loaded, f"select count(*) from {table} where doc_id = ?", [old_id]) == 0, table
    assert "Maria Delgado-Ruiz" in {r["text"] for r in query(loaded, "select text from mentions where doc_id = ?",
                                                             [new_id])}
