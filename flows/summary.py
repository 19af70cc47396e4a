"""What a run reports about itself: the summary the flow returns, its ``runs`` row, and its drift judgement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from typing import TYPE_CHECKING

from expectations import drift

if TYPE_CHECKING:  # Prefect and the batch code are not imported by a run with nothing new (flows.nothing_new)
    from tasks.lib.batches import LoadCounts

PIPELINE_VERSION = version("newsflow")


@dataclass
class RunSummary:
    """The run's outcome: what the flow returns, the CLI prints and the run-summary artifact shows."""

    run_id: str
    status: str = "running"
    flow_run_id: str | None = None
    flow_run_name: str | None = None
    docs_seen: int = 0
    docs_loaded: int = 0
    docs_replaced: int = 0
    docs_skipped: int = 0
    docs_quarantined: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    dq_checked: int = 0
    dq_failed: int = 0
    message: str | None = None
    duration_s: float = 0.0
    words_loaded: int = 0
    stats: dict[str, float | None] = field(default_factory=dict)  # drift metrics
    drift_flags: list[str] = field(default_factory=list)
    files_left: int = 0  # files not read because the run reached max_new: the next run reads them
    files_skipped: int = 0  # files in the run's folders skipped for their extension
    docs_path: str | None = None  # the Data Docs index, once built
    docs_error: str | None = None  # why the Data Docs were not built (a data-quality warning)


def new_run_id(started: datetime) -> str:
    """A run's id: its start time, then 6 random hex digits."""
    return f"{started:%Y%m%dT%H%M%S}Z-{uuid.uuid4().hex[:6]}"


def check_drift(summary: RunSummary, counts: LoadCounts | None, history: list[dict]) -> list[dict]:
    """The run's drift metrics, and dq_results rows judging them against earlier runs (``counts`` None: nothing
    was loaded)."""
    words, quotes, attributed, per_doc = (counts.words, counts.quotes, counts.attributed, counts.entities_per_doc) \
        if counts is not None else (0, 0, 0, [])
    summary.words_loaded = words
    summary.stats = drift.run_stats(words=words, quotes=quotes, attributed=attributed,
                                    entity_mentions_per_doc=per_doc, docs_seen=summary.docs_seen,
                                    docs_quarantined=summary.docs_quarantined)
    checked_at = datetime.now(timezone.utc)
    rows = [{**r, "stage": "load", "checked_at": checked_at}
            for r in drift.drift_checks(summary.stats, history, docs_loaded=summary.docs_loaded)]
    summary.drift_flags = [r["expectation"].split(" ", 1)[0] for r in rows if not r["success"]]
    if summary.drift_flags:
        from prefect import get_run_logger

        get_run_logger().warning("Drift: %s outside the range of earlier runs (see `newsflow dq`)",
                                 ", ".join(summary.drift_flags))
    return rows


def run_row(summary: RunSummary, started: datetime, paths: list[str]) -> dict:
    """The run's row of the ``runs`` table, as it stands now."""
    finished = datetime.now(timezone.utc)
    # One duration for a run: the runs row's, which the printed summary, the artifact and the log repeat.
    summary.duration_s = round((finished - started).total_seconds(), 1)
    return {
        "run_id": summary.run_id, "flow_run_id": summary.flow_run_id, "flow_run_name": summary.flow_run_name,
        "started_at": started, "finished_at": finished, "status": summary.status,
        "sources": [str(p) for p in paths], "docs_seen": summary.docs_seen, "docs_loaded": summary.docs_loaded,
        "docs_replaced": summary.docs_replaced, "docs_skipped": summary.docs_skipped,
        "docs_quarantined": summary.docs_quarantined, "files_skipped": summary.files_skipped,
        "pipeline_version": PIPELINE_VERSION,
        "message": summary.message, "words_loaded": summary.words_loaded, **summary.stats,
        "drift_flags": summary.drift_flags,
    }
