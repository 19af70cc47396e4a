"""Prefect tasks of the ingest stage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE

from tasks.lib import batches
from tasks.lib.ingest import discovery, readers
from warehouse import store
from warehouse.held_reader import HeldReader
from warehouse.tables import quarantine_row


@task(name="discover-sources", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["ingest"])
def discover_sources(paths: Sequence[str]) -> tuple[list[Path], list[dict], list[Path]]:
    """Expand the run's paths into article files; missing paths become quarantine rows; files of other
    extensions are returned apart, to be counted and logged."""
    found = discovery.discover_all(paths)
    return found.files, [quarantine_row("ingest", m.source_uri, m.reason) for m in found.missing], found.skipped


@task(name="ingest-articles", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["ingest"],
      task_run_name="ingest-articles [{batch_label}]")
def ingest_articles(files: Sequence[Path], warehouse: HeldReader, owners: Mapping[str, str], max_bytes: int,
                    batch_label: str = "", reprocess: bool = False) -> batches.ReadResult:
    """Read a batch of files, skipping sources the warehouse already holds unchanged and setting aside copies of
    content it or this run (``owners``: content_hash -> source_uri) already has.

    What the warehouse holds is looked up for this batch's sources and contents, not held for the whole archive
    (the run holds the writer lock: it cannot change meanwhile). ``reprocess`` reads unchanged sources again."""
    items = batches.read_files(files, max_bytes=max_bytes)
    records = [i for i in items if not isinstance(i, readers.Rejected)]
    with warehouse.connection() as con:
        held = store.known_sources(con, [r.source_uri for r in records], [r.content_hash for r in records])
    return batches.sort_records(items, held, owners, reprocess=reprocess)
