"""Prefect tasks of the extract stage."""

from __future__ import annotations

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE

from tasks.lib import batches
from tasks.lib.records import Analysis


@task(name="extract-articles", cache_policy=NONE, tags=["extract"], task_run_name="extract-articles [{batch_label}]")
def extract_articles(articles: pa.Table, model: str, n_process: int, batch_label: str = "",
                     languages: tuple[str, ...] = ("en",)) -> list[Analysis]:
    """Entities, roles, quotes, amounts and dates of a batch of cleaned articles in ``languages`` (runs on any
    worker).

    The model is loaded in this process only for a batch parsed here (see ``parsing``), not for one the model
    workers parse.
    """
    return batches.analyze_batch(None, articles, model=model, n_process=n_process, languages=languages)


@task(name="resolve-articles", cache_policy=NONE, tags=["extract"], task_run_name="resolve-articles [{batch_label}]")
def resolve_articles(articles: pa.Table, analyses: list[Analysis], state: batches.ExtractState, run_id: str,
                     pipeline_version: str, replaced: list[str], support: dict[str, set[str]] | None = None,
                     batch_label: str = "") -> dict[str, pa.Table]:
    """Give the batch's entities their warehouse ids and its articles their stories; rows for every table."""
    return batches.build_rows(articles, analyses, state, run_id=run_id, pipeline_version=pipeline_version,
                              replaced=replaced, support=support)
