"""Prefect tasks that read the warehouse's state and commit a run's load."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb
from prefect import task
from prefect.cache_policies import NONE

from warehouse import store, tables
from warehouse.held_reader import HeldReader
from warehouse.location import Warehouse

if TYPE_CHECKING:
    from tasks.lib.batches import ExtractState


@dataclass
class WarehouseState:
    drift_history: list[dict]  # recent runs' drift metrics, newest first
    extract: ExtractState | None = None  # known entities and stories (extend these): read_extract_state


@task(name="read-warehouse-state", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["load"])
def read_state(warehouse_dir: Warehouse) -> WarehouseState:
    """The history drift is judged against (sources held: per batch, at ingest; entities and stories:
    read_extract_state). Creates the warehouse when missing."""
    with closing(store.connect(warehouse_dir)) as con:
        return WarehouseState(drift_history=store.rows_as_dicts(con.execute(store.query_sql("drift_history"))))


@task(name="read-extract-state", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["load"])
def read_extract_state(warehouse_dir: Warehouse) -> ExtractState:
    """The known entities and stories new articles resolve against.

    Read when a run first has articles to resolve, not at its start: a run with nothing new neither reads them
    nor imports the code behind them (the run holds the writer lock: they cannot change meanwhile).
    """
    from tasks.lib.batches import ExtractState
    from tasks.lib.memory import state

    with closing(store.connect(warehouse_dir)) as con:
        add_missing_entity_keys(con)
        return ExtractState(
            read_entity_index(con, warehouse_dir),
            state.StoryIndex.from_rows(store.stream_dicts(con.execute(store.query_sql("story_features_recent"),
                                                                      [state.RECENT_CANDIDATES])),
                                 older=functools.partial(read_story_window, warehouse_dir)))


def read_entity_index(con: duckdb.DuckDBPyConnection, warehouse_dir: Warehouse):
    """Every known entity when there are at most ``state.WHOLE_ENTITIES`` (one read beats a read per batch), else
    an index that reads per batch the entities its mentions' keys name (the same ids either way)."""
    from tasks.lib.memory import state

    if con.execute(store.query_sql("entity_count")).fetchone()[0] <= state.WHOLE_ENTITIES:
        return state.EntityIndex.from_rows(store.stream_dicts(con.execute(store.query_sql("entity_rows"))))
    return state.EntityIndex(reader=WarehouseEntities(warehouse_dir))


KEY_BACKFILL_CHUNK = 50_000  # entities whose keys are computed and written at a time


def add_missing_entity_keys(con: duckdb.DuckDBPyConnection) -> int:
    """Store the keys of entities that have none (a warehouse written before ``entity_keys``); returns how many.

    Derived from the committed entities, so written at once, in their own transactions, under the run's lock. Each
    chunk's rows are read whole before its keys are written (a write ends the connection's pending result).
    """
    from tasks.lib.memory.entity_keys import key_rows

    ids = [eid for (eid,) in con.execute(store.query_sql("entities_without_keys")).fetchall()]
    for start in range(0, len(ids), KEY_BACKFILL_CHUNK):
        rows = store.rows_as_dicts(con.execute(store.query_sql("entity_rows_by_id"),
                                               {"ids": ids[start:start + KEY_BACKFILL_CHUNK]}))
        store.append_rows(con, tables.ENTITY_KEYS, key_rows(rows))
    return len(ids)


class WarehouseEntities:
    """The run's reader of known entities (state.EntityReader), over a connection held for the run
    (``HeldReader``) until ``close``."""

    def __init__(self, warehouse_dir: Warehouse) -> None:
        self._reader = HeldReader(warehouse_dir)

    def _query(self, name: str, params: dict) -> list[dict]:
        with self._reader.connection() as con:
            return store.rows_as_dicts(con.execute(store.query_sql(name), params))

    def by_keys(self, keys: list[str]) -> list[str]:
        return [r["entity_id"] for r in self._query("entity_ids_by_key", {"keys": keys})] if keys else []

    def by_ids(self, ids: list[str]) -> list[dict]:
        return self._query("entity_rows_by_id", {"ids": ids}) if ids else []

    def naming(self, ids: list[str]) -> list[str]:
        return [r["entity_id"] for r in self._query("entities_naming", {"ids": ids})] if ids else []

    def close(self) -> None:
        self._reader.close()


def read_story_window(warehouse_dir: Warehouse, start: datetime, end: datetime) -> list[dict]:
    """Story features of the documents published in [start, end): a dated batch's older candidates, read when
    the batch needs them (the run holds the writer lock: they cannot change meanwhile)."""
    with closing(store.connect(warehouse_dir)) as con:
        return store.rows_as_dicts(con.execute(store.query_sql("story_features_window"), [start, end]))


@task(name="read-replaced", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["load"])
def read_replaced(warehouse_dir: Warehouse, source_uris: list[str]) -> tuple[list[str], dict[str, set[str]]]:
    """The versions a batch's changed sources replace, and what they refer to: (doc_ids, entity support).

    Read per batch, for the few sources that changed, rather than held for every source of the warehouse
    (the run holds the writer lock: nothing changes meanwhile).
    """
    with closing(store.connect(warehouse_dir)) as con:
        doc_ids = store.current_docs(con, source_uris)
        return doc_ids, store.entity_support(con, doc_ids) if doc_ids else {}


@task(name="load-warehouse", retries=1, retry_delay_seconds=[5], cache_policy=NONE, tags=["load"])
def load_warehouse(warehouse_dir: Warehouse, staging: store.Staging, processed_sources: Sequence[str],
                   run_row: Mapping) -> dict[str, int]:
    """Commit the run's staged rows in one transaction; readers see the previous snapshot until then."""
    with closing(store.connect(warehouse_dir)) as con:
        return store.commit_run(con, staging, processed_sources, run_row)


@task(name="record-failed-run", cache_policy=NONE, tags=["load"])
def record_failed_run(warehouse_dir: Warehouse, staging: store.Staging | None, run_row: Mapping) -> None:
    """Keep the failed run's own record (runs and dq_results rows); its data is not committed."""
    with closing(store.connect(warehouse_dir)) as con:
        store.record_failed_run(con, staging, run_row)
