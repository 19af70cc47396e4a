"""Prefect task that runs the Great Expectations gate between stages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NONE

if TYPE_CHECKING:
    from expectations.gate import GateResult

# Great Expectations is imported on first use, not with the flow: it takes seconds to import, and a
# run that finds nothing new (the scheduled case, most of the time) never validates a batch.


@task(name="validate", cache_policy=NONE, tags=["validate"], task_run_name="validate-{stage} [{batch_label}]")
def validate_stage(stage: str, batch: dict[str, pa.Table], batch_label: str = "") -> GateResult:
    """Check a stage's output with its suites; failing records are set aside, the rest go on."""
    from expectations.gate import gate

    return gate(stage, batch)


@task(name="build-data-docs", cache_policy=NONE, tags=["validate"])
def build_docs(site_dir: Path, run_id: str, reports: list[tuple[str, str, object]]) -> tuple[str | None, str | None]:
    """Write the run's Great Expectations Data Docs: (index path, None), or (None, why not). Never fails the run."""
    try:
        from expectations.data_docs import build_data_docs

        index = build_data_docs(site_dir, run_id, reports)
    except Exception as exc:  # documentation must not turn a good run red: a data-quality warning instead
        get_run_logger().warning("Could not build Data Docs: %s", exc)
        return None, f"{type(exc).__name__}: {exc}"
    get_run_logger().info("Data Docs: %s", index)
    return str(index), None
