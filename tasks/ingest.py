"""Prefect tasks of the ingest stage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE

from tasks.lib import batches
from tasks.lib.ingest import discovery
from warehouse.tables import quarantine_row


@task(name="discover-sources", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["ingest"])
def discover_sources(paths: Sequence[str]) -> tuple[list[Path], list[dict], list[Path]]:
    """Expand the run's paths into article files; missing paths become quarantine rows; files of other
    extensions are returned apart, to be counted and logged."""
    found = discovery.discover_all(paths)
    return found.files, [quarantine_row("ingest", m.source_uri, m.reason) for m in found.missing], found.skipped


@task(name="ingest-articles", retries=2, retry_delay_seconds=[1, 5], cache_policy=NONE, tags=["ingest"],
      task_run_name="ingest-articles [{batch_label}]")
def ingest_articles(files: Sequence[Path], known: Mapping[str, str], owners: Mapping[str, str], max_bytes: int,
                    batch_label: str = "") -> batches.ReadResult:
    """Read a batch of files, skipping sources the warehouse already holds unchanged."""
    return batches.read_batch(files, known, max_bytes=max_bytes, owners=owners)
