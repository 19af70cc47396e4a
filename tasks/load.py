"""Prefect tasks that read the warehouse's state and commit a run's load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from prefect import task
from prefect.cache_policies import NONE

from tasks.lib.batches import ExtractState
from tasks.lib.state import EntityIndex, StoryIndex
from warehouse import store
from warehouse.location import Warehouse


@dataclass
class WarehouseState:
    known: dict[str, str]  # source_uri -> content_hash already held (skip these)
    extract: ExtractState  # known entities and stories (extend these)
    drift_history: list[dict]  # recent runs' drift metrics, newest first


@task(name="read-warehouse-state", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["load"])
def read_state(warehouse_dir: Warehouse) -> WarehouseState:
    """Sources already loaded, the known entities and stories, and the history drift is judged against."""
    con = store.connect(warehouse_dir)
    try:
        return WarehouseState(
            known=store.known_sources(con),
            extract=ExtractState(
                EntityIndex.from_rows(store.rows_as_dicts(con.execute(store.query_sql("entity_rows")))),
                StoryIndex.from_rows(store.stream_dicts(con.execute(store.query_sql("story_features"))))),
            drift_history=store.rows_as_dicts(con.execute(store.query_sql("drift_history"))),
        )
    finally:
        con.close()


@task(name="read-replaced", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["load"])
def read_replaced(warehouse_dir: Warehouse, source_uris: list[str]) -> tuple[list[str], dict[str, set[str]]]:
    """The versions a batch's changed sources replace, and what they refer to: (doc_ids, entity support).

    Read per batch, for the few sources that changed, rather than held for every source of the warehouse
    (the run holds the writer lock: nothing changes meanwhile).
    """
    con = store.connect(warehouse_dir)
    try:
        doc_ids = store.current_docs(con, source_uris)
        return doc_ids, store.entity_support(con, doc_ids) if doc_ids else {}
    finally:
        con.close()


@task(name="load-warehouse", retries=1, retry_delay_seconds=[5], cache_policy=NONE, tags=["load"])
def load_warehouse(warehouse_dir: Warehouse, staging: store.Staging, processed_sources: Sequence[str],
                   run_row: Mapping) -> dict[str, int]:
    """Commit the run's staged rows in one transaction; readers see the previous snapshot until then."""
    con = store.connect(warehouse_dir)
    try:
        return store.commit_run(con, staging, processed_sources, run_row)
    finally:
        con.close()


@task(name="record-failed-run", cache_policy=NONE, tags=["load"])
def record_failed_run(warehouse_dir: Warehouse, staging: store.Staging | None, run_row: Mapping) -> None:
    """Keep the failed run's own record (runs and dq_results rows); its data is not committed."""
    con = store.connect(warehouse_dir)
    try:
        store.record_failed_run(con, staging, run_row)
    finally:
        con.close()
