"""A run with nothing new to read, recorded without Prefect: what `newsflow run` does first.

When every record under the run's paths is one the warehouse already holds with the same content hash, a flow
run would start Prefect's temporary API, read the files, find nothing to do and record that. Here the same
``runs`` row and drift rows are committed from the CLI's own process, over one warehouse connection, without
importing Prefect, spaCy or Great Expectations; the row's ``flow_run_id`` is empty, as no Prefect run was made.
Anything else goes to the flow, which decides as it always did: a new, changed or unreadable file (a set-aside
file is quarantined again by every run), a missing path, a warehouse not created yet, another writer at work.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from flows.summary import RunSummary, check_drift, new_run_id, run_row
from tasks.lib.ingest import discovery, readers
from tasks.lib.ingest.raw import RawArticle
from warehouse import location, store


@dataclass
class NothingNew:
    """A committed no-op run: its row as ``flows.outcome.summary_lines`` prints it, and what it skipped."""

    run: dict
    details: dict = field(default_factory=dict)  # rows per table, as the flow's summary gives them
    skipped_files: list[Path] = field(default_factory=list)  # files of other extensions, for the warning


def record_if_nothing_new(paths: Sequence[str], warehouse: str, max_bytes: int) -> NothingNew | None:
    """Commit a run that found nothing new and return it; ``None`` (nothing written) when the flow must run."""
    started = datetime.now(timezone.utc)
    wh = location.parse(warehouse)
    if not store.exists(wh):
        return None
    found = discovery.discover_all(paths)
    if found.missing:
        return None
    try:
        with store.writer_lock(wh, timeout=0), closing(store.connect(wh)) as con:
            unchanged = unchanged_records(found.files, store.known_sources(con), max_bytes)
            if unchanged is None:
                return None
            return _record(con, started, list(paths), unchanged, found.skipped)
    except store.WarehouseBusy:  # the flow waits for the lock (NEWS_LOCK_TIMEOUT_SECONDS) or says who holds it
        return None


def unchanged_records(files: Sequence[Path], known: dict[str, str], max_bytes: int) -> int | None:
    """How many records the files hold when every one is held unchanged (``known``: source_uri -> content
    hash); ``None`` at the first that is new, changed or set aside. The same test as the flow's ingest."""
    count = 0
    for path in files:
        for item in readers.read_path(path, max_bytes=max_bytes):
            if not isinstance(item, RawArticle) or known.get(item.source_uri) != item.content_hash:
                return None
            count += 1
    return count


def _record(con, started: datetime, paths: list[str], unchanged: int, skipped: list[Path]) -> NothingNew:
    """Judge drift as the flow does for a run that loads nothing, and commit the run's row and checks."""
    summary = RunSummary(run_id=new_run_id(started), status="completed", docs_seen=unchanged,
                         docs_skipped=unchanged, files_skipped=len(skipped))
    history = store.rows_as_dicts(con.execute(store.query_sql("drift_history")))
    dq = [{**r, "run_id": summary.run_id} for r in check_drift(summary, None, history)]
    row = run_row(summary, started, paths)
    store.record_run(con, row, dq_rows=dq)
    failed = sum(1 for r in dq if not r["success"])
    return NothingNew(run={**row, "duration_s": summary.duration_s, "languages": {}, "dq_checked": len(dq),
                           "dq_failed": failed},
                      details={"rows": {"dq_results": len(dq)}}, skipped_files=skipped)
