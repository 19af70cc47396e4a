"""tasks/load.py: reading the warehouse's state, committing a run, and recording a failed one."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timezone

import pytest

from tasks.load import load_warehouse, read_extract_state, read_replaced, read_state, record_failed_run
from tests.conftest import query, run_row
from warehouse import store, tables

pytestmark = pytest.mark.model

STARTED = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)


def stage(warehouse, run_id: str, rows: dict) -> store.Staging:
    staging = store.Staging(warehouse, run_id)
    for name, table in rows.items():
        staging.write(tables.BY_NAME[name], table)
    return staging


def test_a_new_warehouse_holds_nothing(empty_state):
    assert empty_state.drift_history == []


def test_load_commits_the_run_and_the_next_state_knows_its_sources(tmp_path, rows, read):
    warehouse = tmp_path / "wh"
    uris = rows["documents"].column("source_uri").to_pylist()
    stats = {"quotes_per_1k_words": 40.0, "attributed_quote_share": 0.5, "entities_per_doc": 5.0,
             "quarantine_rate": 0.0}
    counts = load_warehouse.fn(warehouse, stage(warehouse, "run-1", rows), uris,
                               {**run_row("run-1", docs=2, started_at=STARTED, finished_at=STARTED), **stats})
    assert counts["documents"] == 2 and counts["mentions"] == rows["mentions"].num_rows
    assert query(warehouse, "select canonical_name from entities where canonical_name = 'Maria Delgado'") == [
        {"canonical_name": "Maria Delgado"}]
    (delgado,) = {m["entity_id"] for m in rows["mentions"].to_pylist() if m["text"] == "Maria Delgado"}
    state = read_state.fn(warehouse)
    with closing(store.connect(warehouse)) as con:
        assert store.known_sources(con) == {r["source_uri"]: r["content_hash"] for r in read.raw.to_pylist()}
    assert read_extract_state.fn(warehouse).entities.rows([delgado])[0]["canonical_name"] == "Maria Delgado"
    # The completed run is the history the next run's drift is judged against.
    assert state.drift_history == [{"quotes_per_1k_words": 40.0, "attributed_quote_share": 0.5,
                                    "entities_per_doc": 5.0, "quarantine_rate": 0.0}]
    # A changed source: the version it replaces, and the entities that version supports.
    strike = [u for u in uris if u.endswith("harbor_strike.txt")]
    doc_ids, support = read_replaced.fn(warehouse, strike)
    strike_doc = [r["doc_id"] for r in rows["documents"].to_pylist() if r["source_uri"] in strike]
    assert doc_ids == strike_doc
    assert support[delgado] == set(strike_doc)


def test_a_failed_run_keeps_only_its_own_record(tmp_path, rows):
    warehouse = tmp_path / "wh"
    staging = stage(warehouse, "run-bad", rows)
    staging.write(tables.DQ_RESULTS, [{"run_id": "run-bad", "suite": "mentions", "expectation": "entity_exists",
                                       "success": False, "severity": "batch", "stage": "extract",
                                       "checked_at": STARTED}])
    record_failed_run.fn(warehouse, staging, run_row("run-bad", docs=0, status="failed", started_at=STARTED, finished_at=STARTED))
    assert query(warehouse, "select run_id, status from runs") == [{"run_id": "run-bad", "status": "failed"}]
    assert query(warehouse, "select suite, success from dq_results") == [{"suite": "mentions", "success": False}]
    assert query(warehouse, "select count(*) as n from documents") == [{"n": 0}]
