"""Prefect task of the extract stage."""

from __future__ import annotations

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from tasks.lib import batches
from tasks.lib.nlp import load_pipeline


@task(name="extract-articles", cache_policy=NONE, tags=["extract"], task_run_name="extract-articles [{batch_label}]")
def extract_articles(articles: pa.Table, state: batches.ExtractState, model: str, n_process: int, run_id: str,
                     pipeline_version: str, batch_label: str = "") -> dict[str, pa.Table]:
    """Entities, roles, quotes, amounts, dates and stories for a batch of cleaned articles."""
    return batches.extract_batch(load_pipeline(model), articles, state, n_process=n_process, run_id=run_id,
                                 pipeline_version=pipeline_version)
