"""What a run shows in the Prefect UI: a summary artifact, a quarantine table, a run name with counts."""

from __future__ import annotations

from collections import Counter

# Set by an interactive caller (the CLI's progress bar); called with (files done, files in all).
progress_hook = None
# The last run's summary in this process: details for the CLI that the warehouse's runs row does not hold.
last_summary: dict | None = None


def hand_over(summary: dict) -> None:
    """Keep the run's summary for a caller in this process (the flow's result may not survive Prefect)."""
    global last_summary
    last_summary = summary


def progress(done: int, total: int) -> None:
    """Report how many of the run's files have been read; a no-op unless a caller listens."""
    if progress_hook is not None:
        progress_hook(done, total)


def summary_markdown(summary, dq_failed: list[dict]) -> str:
    """The run summary as markdown: outcome counts, rows per table, data-quality results and failures."""
    rate = 1 - summary.dq_failed / summary.dq_checked if summary.dq_checked else 1.0
    lines = [
        f"# news-pipeline run `{summary.run_id}`: {summary.status}",
        "",
        "| documents | count |", "|---|---:|",
        f"| seen | {summary.docs_seen} |", f"| loaded | {summary.docs_loaded} |",
        f"| of which replaced an earlier version | {summary.docs_replaced} |",
        f"| skipped (unchanged) | {summary.docs_skipped} |", f"| quarantined | {summary.docs_quarantined} |",
        f"| files skipped for their extension | {summary.files_skipped} |",
        "", f"Duration: {summary.duration_s:.1f} s", "",
    ]
    if summary.rows:
        lines += ["| table | rows loaded |", "|---|---:|", *(f"| {t} | {n} |" for t, n in sorted(summary.rows.items())),
                  ""]
    lines += [f"**Data quality:** {summary.dq_checked - summary.dq_failed}/{summary.dq_checked} checks passed "
              f"({rate:.1%})", ""]
    if getattr(summary, "docs_error", None):
        lines += [f"**Data quality warning:** Data Docs not built: {summary.docs_error}", ""]
    if getattr(summary, "drift_flags", None):
        lines += [f"**Drift alarm:** {', '.join(summary.drift_flags)} outside the range of earlier runs.", ""]
    if dq_failed:
        lines += ["| stage | suite | expectation | severity | failing rows |", "|---|---|---|---|---:|"]
        lines += [f"| {r['stage']} | {r['suite']} | `{r['expectation']}` | {r['severity']} | "
                  f"{r.get('unexpected_count') or ''} |" for r in dq_failed[:50]]
    if summary.message:
        lines += ["", f"**Failure:** {summary.message}"]
    return "\n".join(lines)


def publish(summary, quarantine: list[dict], dq_failed: list[dict]) -> None:
    """Attach the run's artifacts and put its counts in its name. Never fails the run."""
    # Imported here: the CLI's no-op path uses this module's other helpers without importing Prefect.
    from prefect import get_run_logger
    from prefect.artifacts import create_markdown_artifact, create_table_artifact
    from prefect.client.orchestration import get_client

    logger = get_run_logger()
    try:
        create_markdown_artifact(key="run-summary", markdown=summary_markdown(summary, dq_failed),
                                 description=f"newsflow run {summary.run_id}")
        create_table_artifact(
            key="quarantine",
            table=[{"stage": q["stage"], "source_uri": q["source_uri"], "reason": q["reason"][:300]}
                   for q in quarantine] or [{"stage": "", "source_uri": "", "reason": "nothing quarantined"}],
            description="Inputs and records set aside in this run, with reasons")
        by_stage = Counter(r["stage"] for r in dq_failed)
        logger.info("Data quality: %d checks, %d failed%s", summary.dq_checked, len(dq_failed),
                    "".join(f", {n} at {stage}" for stage, n in sorted(by_stage.items())))
        if summary.flow_run_id:
            name = (f"{summary.flow_run_name or 'news-pipeline'}: {summary.docs_loaded} loaded, "
                    f"{summary.docs_skipped} unchanged, {summary.docs_quarantined} quarantined")
            with get_client(sync_client=True) as client:
                client.update_flow_run(summary.flow_run_id, name=name)
            summary.flow_run_name = name
    except Exception as exc:  # reporting must never turn a good run red
        logger.warning("Could not publish run artifacts: %s", exc)


SKIPPED_LISTED = 50  # skipped files named in the log; the rest are counted by extension


def skipped_files_text(skipped) -> str:
    """One log line for the files a run skipped for their extension: counts per extension, then their paths."""
    by_ext = Counter(p.suffix.lower() or "(none)" for p in skipped)
    listed = ", ".join(str(p) for p in skipped[:SKIPPED_LISTED])
    more = f" and {len(skipped) - SKIPPED_LISTED} more" if len(skipped) > SKIPPED_LISTED else ""
    return (f"{len(skipped)} files for their extension (not an article format: "
            f"{', '.join(f'{n} {ext}' for ext, n in by_ext.most_common())}): {listed}{more}")
