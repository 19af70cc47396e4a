"""Prefect task that runs the Great Expectations gate between stages."""

from __future__ import annotations

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from expectations.gate import GateResult, gate


@task(name="validate", cache_policy=NONE, tags=["validate"], task_run_name="validate-{stage} [{batch_label}]")
def validate_stage(stage: str, batch: dict[str, pa.Table], batch_label: str = "") -> GateResult:
    """Check a stage's output with its suites; failing records are set aside, the rest go on."""
    return gate(stage, batch)
