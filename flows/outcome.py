"""A run's outcome as the warehouse committed it: what the command line prints, and its exit code.

Prefect keeps its own record of a run (states, results, logs) in its API's database; that bookkeeping can fail
after the load committed (its SQLite database locked, an API call timing out). The warehouse's ``runs`` row is
written in the load's own transaction, so it is what a run's outcome is read from.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from warehouse import store

# Printed after a run that set records aside: a command the user can paste as it is.
QUARANTINE_HINT = 'uv run newsflow sql "select stage, source_uri, reason from quarantine"'


def committed_run(warehouse_dir: str | Path, flow_run_id: str | None, since: datetime) -> dict | None:
    """The ``runs`` row of the flow run ``flow_run_id`` (or, when Prefect lost its id, the latest run started
    since ``since``) with its data-quality counts and documents per language; ``None`` when nothing was recorded."""
    if not store.exists(warehouse_dir):
        return None
    con = store.connect(warehouse_dir, read_only=True)
    try:
        rows = store.rows_as_dicts(con.execute(store.query_sql("run_outcome"),
                                               {"flow_run_id": flow_run_id, "since": since}))
        if not rows:
            return None
        run = rows[0]
        run["languages"] = {r["language"]: r["documents"] for r in store.rows_as_dicts(
            con.execute(store.query_sql("run_languages"), [run["run_id"]]))}
        return run
    finally:
        con.close()


def summary_lines(run: dict, details: dict | None = None) -> list[str]:
    """The lines the command line prints for a committed run (rich markup).

    ``details`` is the flow's own summary when this process ran it (rows per table, files left at --max-new):
    facts the ``runs`` row does not hold, shown when known.
    """
    details = details or {}
    lines = [f"[bold green]Run {run['run_id']} completed[/] in {run['duration_s']:.1f}s: "
             f"{run['docs_loaded']} documents loaded ({run['docs_replaced']} replaced an earlier version), "
             f"{run['docs_skipped']} skipped unchanged, {run['docs_quarantined']} quarantined."]
    if run["languages"]:
        lines.append("Documents by language: " + ", ".join(f"{lang} {n}" for lang, n in run["languages"].items()))
    if run.get("files_skipped"):
        lines.append(f"Files skipped for their extension: {run['files_skipped']} (listed in the log).")
    if details.get("rows"):
        lines.append("Rows loaded: " + ", ".join(f"{t} {n}" for t, n in sorted(details["rows"].items())))
    lines.append(f"Data quality: {run['dq_checked'] - run['dq_failed']}/{run['dq_checked']} checks passed.")
    if details.get("docs_path"):
        lines.append(f"Data Docs: {details['docs_path']}")
    if details.get("docs_error"):
        lines.append(f"[yellow]Data quality warning: Data Docs not built: {details['docs_error']}[/]")
    if details.get("files_left"):
        lines.append(f"Stopped at --max-new: {details['files_left']} files not read yet; run again to continue.")
    if run["docs_quarantined"]:
        lines.append(f"See why: {QUARANTINE_HINT}")
    return lines
