"""Prefect task of the clean stage."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from tasks.lib import batches


@task(name="clean-articles", cache_policy=NONE, tags=["clean"], task_run_name="clean-articles [{batch_label}]")
def clean_articles(raw: pa.Table, languages: Sequence[str], batch_label: str = "") -> batches.CleanResult:
    """Clean raw records into article text, datelines, metadata and embedded posts."""
    return batches.clean_batch(raw, languages=languages)
