"""Scheduled runs against a real local Prefect server, and readers during a load."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone

import pytest

from tests.conftest import FIXTURES, ROOT, query
from warehouse import store, tables

WAIT_S = 180  # bound on each wait for a scheduled run; a run takes ~30 s here, startup included


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


def loaded_by(warehouse, source):
    """The runs row of the run that loaded ``source``, once it is committed."""
    try:
        rows = query(warehouse, "select r.* from documents as d join runs as r using (run_id) where d.source_uri = ?",
                     [str(source)])
    except store.WarehouseError:  # not created yet
        return None
    return rows[0] if rows else None


@pytest.mark.flow
@pytest.mark.model
def test_served_deployment_loads_new_inbox_files_on_schedule(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, DeploymentFilter, \
        DeploymentFilterId, FlowRunFilter, FlowRunFilterStateType
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy, StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deployments import local_server, stop_process_group

    inbox, wh, home = tmp_path / "inbox", tmp_path / "wh", tmp_path / "prefect_home"
    inbox.mkdir()
    first, second = inbox / "city_budget.md", inbox / "harbor_strike.txt"
    shutil.copy(FIXTURES / "articles" / first.name, first)
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    # A throwaway server database; a run that finds the slot taken retries after 1 s, not 30.
    server_env = {"PREFECT_HOME": str(home), "PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS": "1"}

    with local_server(env=server_env, log=server_log) as api_url, \
            temporary_settings({PREFECT_API_URL: api_url}), open(serve_log, "wb") as out:
        serving = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--inbox", str(inbox), "--interval", "5",
             "--warehouse", str(wh)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, **server_env, "PREFECT_API_URL": api_url, "PREFECT_RUNNER_POLL_FREQUENCY": "1"})
        logs = (serve_log, server_log)
        try:
            wait_for(f"a scheduled run to load {first.name}", lambda: loaded_by(wh, first), WAIT_S, logs)
            shutil.copy(FIXTURES / "articles" / second.name, second)
            run = wait_for(f"a scheduled run to load {second.name}", lambda: loaded_by(wh, second), WAIT_S, logs)
            # The unchanged first article was skipped, not loaded again.
            assert (run["status"], run["docs_loaded"], run["docs_skipped"]) == ("completed", 1, 1)

            with get_client(sync_client=True) as client:
                flow_run_id = uuid.UUID(run["flow_run_id"])
                flow_run = wait_for("the flow run to complete", lambda: (
                    r if (r := client.read_flow_run(flow_run_id)).state_type == StateType.COMPLETED else None),
                    60, logs)
                assert flow_run.parameters == {"paths": [str(inbox)], "warehouse": str(wh)}
                assert "1 loaded, 1 unchanged, 0 quarantined" in flow_run.name

                artifacts = {a.key: a for a in client.read_artifacts(
                    artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))}
                assert {"run-summary", "quarantine"} <= set(artifacts)
                assert artifacts["run-summary"].type == "markdown"
                assert "| loaded | 1 |" in artifacts["run-summary"].data
                assert "| skipped (unchanged) | 1 |" in artifacts["run-summary"].data
                assert artifacts["quarantine"].type == "table"
                assert "nothing quarantined" in json.dumps(artifacts["quarantine"].data)

                deployment = client.read_deployment_by_name("news-pipeline/inbox")
                assert deployment.global_concurrency_limit.limit == 1
                assert deployment.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE
                assert deployment.parameters == {"paths": [str(inbox)], "warehouse": str(wh)}

                # Runs of the deployment never overlapped in time.
                finished = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
                    flow_run_filter=FlowRunFilter(state=dict(type=FlowRunFilterStateType(
                        any_=[StateType.COMPLETED, StateType.FAILED, StateType.CRASHED]))))
                spans = sorted((r.start_time, r.end_time) for r in finished)
                assert len(spans) >= 2
                assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:])), spans
                assert {r.state_type for r in finished} == {StateType.COMPLETED}
        finally:
            # Ctrl-C: the runner pauses the schedule and stops its flow runs; killed if it takes too long.
            if serving.poll() is None:
                os.killpg(serving.pid, signal.SIGINT)
                try:
                    serving.wait(20)
                except subprocess.TimeoutExpired:
                    pass
            stop_process_group(serving, grace=5)

    assert query(wh, "select count(*) as n from documents") == [{"n": 2}]


NOW = datetime(2026, 1, 5, tzinfo=timezone.utc)


def _run_row(run_id):
    return {"run_id": run_id, "started_at": NOW, "status": "completed", "docs_seen": 1, "docs_loaded": 1,
            "docs_replaced": 0, "docs_skipped": 0, "docs_quarantined": 0, "pipeline_version": "test"}


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


def test_readers_see_the_last_committed_snapshot_while_a_run_loads(tmp_path, monkeypatch):
    wh = tmp_path / "wh"
    writer = store.connect(wh)
    store.commit_run(writer, _stage(wh, "r1", "a" * 16, "Ana Lopez said so.", "ent_ana"), ["/inbox/a.txt"],
                     _run_row("r1"))
    before = {"runs": 1, "docs": "a" * 16, "mention_docs": "a" * 16, "entities": "Ana Lopez"}
    # Open before the load: a long-lived reader, and one inside a transaction that spans the commit.
    reader = store.connect(wh, read_only=True)
    in_txn = store.connect(wh, read_only=True)
    in_txn.execute("begin transaction")
    assert store.rows_as_dicts(in_txn.execute(SNAPSHOT)) == [before]
    seen = {}

    def read_mid_load(con):
        # Called inside the load transaction, after run 2 deleted the old version and inserted the new one.
        seen["writer"] = store.rows_as_dicts(con.execute(SNAPSHOT))[0]
        seen["reader"] = store.rows_as_dicts(reader.execute(SNAPSHOT))[0]
        seen["new_reader"] = query(wh, SNAPSHOT)[0]
        # Another process, as `newsflow sql` run by an analyst during a scheduled run.
        out = subprocess.run([sys.executable, "-m", "flows.cli", "sql", SNAPSHOT, "--warehouse", str(wh),
                              "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        seen["other_process"] = json.loads(out.stdout)[0] if out.returncode == 0 else out.stderr
        return []

    monkeypatch.setattr(store, "integrity_failures", read_mid_load)
    store.commit_run(writer, _stage(wh, "r2", "b" * 16, "Ben Okafor said no.", "ent_ben"), ["/inbox/a.txt"],
                     _run_row("r2"))

    after = {"runs": 2, "docs": "b" * 16, "mention_docs": "b" * 16, "entities": "Ben Okafor"}
    # Entities are not document-scoped: Ana stays in `entities`, but entity_mentions only counts current articles.
    assert seen["writer"] == after
    assert seen["reader"] == before
    assert seen["new_reader"] == before
    assert seen["other_process"] == before
    # Committed: new queries see the whole run; the open transaction keeps its snapshot until it ends.
    assert store.rows_as_dicts(reader.execute(SNAPSHOT)) == [after]
    assert store.rows_as_dicts(in_txn.execute(SNAPSHOT)) == [before]
    in_txn.execute("commit")
    assert store.rows_as_dicts(in_txn.execute(SNAPSHOT)) == [after]
