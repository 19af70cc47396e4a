"""Scheduled runs against a real local Prefect server, and readers during a load."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import FIXTURES, ROOT, query, run_row
from warehouse import store, tables

WAIT_S = 300  # bound on each wait for a scheduled run: ~30 s on an idle machine, minutes on a busy one


def wait_for(what, probe, deadline_s, logs=()):
    """Poll ``probe`` until it returns something truthy; fail with the logs' tails after ``deadline_s``."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(1)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"timed out after {deadline_s} s waiting for {what}\n{tails}")


@pytest.mark.parametrize("schedule, expected", [
    ({"interval": 300}, ("interval", 300.0)),
    ({"cron": "*/15 * * * *"}, ("cron", "*/15 * * * *")),
])
def test_deployment_points_at_the_inbox_with_one_schedule_and_one_slot(tmp_path, monkeypatch, schedule, expected):
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy

    from flows.deployments import build_deployment

    monkeypatch.chdir(tmp_path)
    deployment = build_deployment("inbox", "wh", **schedule)
    assert deployment.name == "inbox" and deployment.flow_name == "news-pipeline"
    # Absolute: served runs start in a temporary directory.
    assert deployment.parameters == {"paths": [str(tmp_path / "inbox")], "warehouse": str(tmp_path / "wh")}
    assert deployment.entrypoint == "flows.news_pipeline.news_pipeline"
    (only,) = deployment.schedules
    kind, value = expected
    assert (only.schedule.interval.total_seconds() if kind == "interval" else only.schedule.cron) == value
    assert deployment.concurrency_limit == 1
    assert deployment.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE
    assert build_deployment("inbox", "wh", on_overlap="cancel", **schedule).concurrency_options.collision_strategy \
        == ConcurrencyLimitStrategy.CANCEL_NEW


@pytest.mark.parametrize("args, message", [
    ([], "give exactly one schedule"),
    (["--interval", "60", "--cron", "0 * * * *"], "give exactly one schedule"),
    (["--interval", "0"], "must be a positive number of seconds"),
    (["--cron", "every day"], 'invalid schedule: Invalid cron string: "every day"'),
    (["--interval", "60", "--on-overlap", "drop"], "on_overlap must be one of ['cancel', 'queue']"),
])
def test_serve_rejects_a_bad_schedule_before_starting_anything(tmp_path, args, message):
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(app, ["serve", "--inbox", str(tmp_path / "inbox"), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "inbox").exists()


def deployment_runs(client, states):
    """Flow runs of the served deployment in the given states (none before it is registered)."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )

    return client.read_flow_runs(
        deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["inbox"])),
        flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=states))))


def completed_run_named(client, counts, logs):
    """The completed run whose name carries ``counts`` (the flow renames its run with them); fail on a failed run."""
    from prefect.client.schemas.objects import StateType

    for run in deployment_runs(client, [StateType.COMPLETED, StateType.FAILED, StateType.CRASHED]):
        if run.state_type != StateType.COMPLETED:
            tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists())
            pytest.fail(f"scheduled run {run.name} ended {run.state_type.value}: {run.state.message}\n{tails}")
        if counts in run.name:
            return run
    return None


@contextlib.contextmanager
def _serving(inbox, wh, env, log):
    """``newsflow serve`` on the inbox every 5 s, as a process of its own; stopped like Ctrl-C on exit."""
    from flows.deployments import stop_process_group

    with open(log, "wb") as out:
        serving = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--inbox", str(inbox), "--interval", "5",
             "--warehouse", str(wh)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, **env, "PREFECT_RUNNER_POLL_FREQUENCY": "2"})
        try:
            yield serving
        finally:
            # Ctrl-C: the runner pauses the schedule and stops its flow runs; killed if it takes too long.
            if serving.poll() is None:
                os.killpg(serving.pid, signal.SIGINT)
                try:
                    serving.wait(20)
                except subprocess.TimeoutExpired:
                    pass
            stop_process_group(serving, grace=5)


def _assert_run_artifacts(client, flow_run_id):
    """The run published its summary (1 loaded, 1 unchanged) and an empty quarantine table."""
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    artifacts = {a.key: a for a in client.read_artifacts(
        artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))}
    assert {"run-summary", "quarantine"} <= set(artifacts)
    assert artifacts["run-summary"].type == "markdown"
    assert "| loaded | 1 |" in artifacts["run-summary"].data
    assert "| skipped (unchanged) | 1 |" in artifacts["run-summary"].data
    assert artifacts["quarantine"].type == "table"
    assert "nothing quarantined" in json.dumps(artifacts["quarantine"].data)


@pytest.mark.flow
@pytest.mark.model
def test_served_deployment_loads_new_inbox_files_on_schedule(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy, StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deployments import local_server

    inbox, wh, home = tmp_path / "inbox", tmp_path / "wh", tmp_path / "prefect_home"
    inbox.mkdir()
    first, second = inbox / "city_budget.md", inbox / "harbor_strike.txt"
    shutil.copy(FIXTURES / "articles" / first.name, first)
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    logs = (serve_log, server_log)
    server_env = {"PREFECT_HOME": str(home)}  # a throwaway server database

    with local_server(env=server_env, log=server_log) as api_url, temporary_settings({PREFECT_API_URL: api_url}), \
            get_client(sync_client=True) as client, \
            _serving(inbox, wh, {**server_env, "PREFECT_API_URL": api_url}, serve_log):
        # Watched through the API only: the warehouse is read once the serving process has stopped.
        wait_for(f"a scheduled run to load {first.name}",
                 lambda: completed_run_named(client, ": 1 loaded, 0 unchanged", logs), WAIT_S, logs)
        shutil.copy(FIXTURES / "articles" / second.name, second)
        # The next run loads the new article and skips the unchanged one.
        run = wait_for(f"a scheduled run to load {second.name}",
                       lambda: completed_run_named(client, ": 1 loaded, 1 unchanged, 0 quarantined", logs),
                       WAIT_S, logs)
        assert run.parameters == {"paths": [str(inbox)], "warehouse": str(wh)}
        _assert_run_artifacts(client, run.id)

        deployment = client.read_deployment_by_name("news-pipeline/inbox")
        assert deployment.global_concurrency_limit.limit == 1
        assert deployment.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE
        # Runs of the deployment never overlapped in time.
        spans = sorted((r.start_time, r.end_time) for r in deployment_runs(client, [StateType.COMPLETED]))
        assert len(spans) >= 2
        assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:])), spans

    docs = query(wh, "select d.source_uri, r.flow_run_id, r.docs_loaded, r.docs_skipped "
                     "from documents as d join runs as r using (run_id) order by d.source_uri")
    assert [d["source_uri"] for d in docs] == [str(first), str(second)]
    assert (docs[1]["flow_run_id"], docs[1]["docs_loaded"], docs[1]["docs_skipped"]) == (str(run.id), 1, 1)


def _stage(root, run_id, doc_id, text, entity):
    staging = store.Staging(root, run_id)
    staging.write(tables.DOCUMENTS, [{"doc_id": doc_id, "source_uri": "/inbox/a.txt", "content_hash": doc_id,
                                      "text": text, "word_count": len(text.split()), "run_id": run_id,
                                      "pipeline_version": "test"}])
    staging.write(tables.ENTITIES, [{"entity_id": entity, "canonical_name": text.split(" said")[0],
                                     "label": "PERSON", "aliases": []}])
    staging.write(tables.MENTIONS, [{"doc_id": doc_id, "entity_id": entity, "text": text.split(" said")[0],
                                     "label": "PERSON", "start_char": 0, "end_char": len(text.split(" said")[0])}])
    return staging


SNAPSHOT = """select (select count(*) from runs) as runs, (select string_agg(doc_id) from documents) as docs,
                     (select string_agg(doc_id) from mentions) as mention_docs,
                     (select string_agg(entity) from entity_mentions) as entities"""


def _first_load(wh):
    writer = store.connect(wh)
    store.commit_run(writer, _stage(wh, "r1", "a" * 16, "Ana Lopez said so.", "ent_ana"), ["/inbox/a.txt"],
                     run_row("r1"))
    return writer


def _second_load(writer, wh):
    """Replace the article with a new version: new doc, mentions, entity and runs row, all in one commit."""
    store.commit_run(writer, _stage(wh, "r2", "b" * 16, "Ben Okafor said no.", "ent_ben"), ["/inbox/a.txt"],
                     run_row("r2"))


BEFORE = {"runs": 1, "docs": "a" * 16, "mention_docs": "a" * 16, "entities": "Ana Lopez"}
AFTER = {"runs": 2, "docs": "b" * 16, "mention_docs": "b" * 16, "entities": "Ben Okafor"}


def test_readers_see_the_last_committed_snapshot_while_a_run_loads(tmp_path, monkeypatch):
    wh = tmp_path / "wh"
    writer = _first_load(wh)
    reader = store.connect(wh, read_only=True)  # a long-lived reader, opened before the load
    assert store.rows_as_dicts(reader.execute(SNAPSHOT)) == [BEFORE]
    seen = {}

    def read_mid_load(con):
        # Called inside the load transaction, after the old version was deleted and the new one inserted.
        seen["writer"] = store.rows_as_dicts(con.execute(SNAPSHOT))[0]
        seen["reader"] = store.rows_as_dicts(reader.execute(SNAPSHOT))[0]
        seen["new_reader"] = query(wh, SNAPSHOT)[0]
        # Another process, as an analyst's `newsflow sql` during a scheduled run.
        out = subprocess.run([sys.executable, "-m", "flows.cli", "sql", SNAPSHOT, "--warehouse", str(wh),
                              "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        seen["other_process"] = json.loads(out.stdout)[0] if out.returncode == 0 else out.stderr
        return []

    monkeypatch.setattr(store, "integrity_failures", read_mid_load)
    _second_load(writer, wh)

    # Entities are not document-scoped (Ana stays in `entities`); entity_mentions counts current articles only.
    assert seen == {"writer": AFTER, "reader": BEFORE, "new_reader": BEFORE, "other_process": BEFORE}
    assert store.rows_as_dicts(reader.execute(SNAPSHOT)) == [AFTER]
    assert query(wh, SNAPSHOT) == [AFTER]


# In SQLite's default rollback-journal mode a reader's open transaction, or a reader query running at the
# moment of the commit, failed the load with "database is locked"; store.connect puts the catalog in WAL mode.
def test_a_reader_transaction_spanning_the_load_keeps_its_snapshot_and_does_not_block_it(tmp_path):
    wh = tmp_path / "wh"
    writer = _first_load(wh)
    reader = store.connect(wh, read_only=True)
    reader.execute("begin transaction")
    assert store.rows_as_dicts(reader.execute(SNAPSHOT)) == [BEFORE]
    _second_load(writer, wh)
    assert store.rows_as_dicts(reader.execute(SNAPSHOT)) == [BEFORE]
    reader.execute("commit")
    assert store.rows_as_dicts(reader.execute(SNAPSHOT)) == [AFTER]


def test_loads_commit_while_readers_query_continuously(tmp_path):
    wh = tmp_path / "wh"
    writer = _first_load(wh)
    stop, errors, snapshots = threading.Event(), [], []

    def read_until_stopped():
        con = store.connect(wh, read_only=True)
        while not stop.is_set():
            try:
                snapshots.append(con.execute("select count(*), min(run_id) from documents").fetchone())
            except Exception as exc:  # noqa: BLE001 (collected and asserted below)
                errors.append(str(exc))

    readers = [threading.Thread(target=read_until_stopped) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        for n in range(2, 6):
            store.commit_run(writer, _stage(wh, f"r{n}", f"{n:016d}", "Cy Diaz said yes.", "ent_cy"),
                             ["/inbox/a.txt"], run_row(f"r{n}"))
    finally:
        stop.set()
        for t in readers:
            t.join(10)
    assert errors == []
    # Every read saw exactly one version of the article, whichever run it came from.
    assert snapshots and {count for count, _ in snapshots} == {1}
    assert query(wh, "select run_id from documents") == [{"run_id": "r5"}]
