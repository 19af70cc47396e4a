"""Scale-out: the flow on a local Dask cluster of 2 workers loads exactly the rows of a local run."""

import pytest

from tests.conftest import SEEDS, query

pytestmark = [pytest.mark.flow, pytest.mark.model]

# Everything but bookkeeping that names the run.
COMPARED = {
    "documents": "select * exclude (run_id) from documents order by doc_id",
    "entities": "select entity_id, canonical_name, label, aliases from entities order by entity_id",
    "mentions": "select * from mentions order by doc_id, start_char",
    "roles": "select * from roles order by doc_id, entity_id, role",
    "quotes": "select * from quotes order by quote_id",
    "amounts": "select * from amounts order by doc_id, start_char",
    "dates": "select * from dates order by doc_id, start_char",
    "stories": "select * from stories order by doc_id",
}


def test_dask_run_equals_local_run(prefect_harness, tmp_path, articles):
    from flows.news_pipeline import news_pipeline
    from flows.runners import task_runner_for

    paths = [str(SEEDS), str(articles)]
    local = news_pipeline(paths=paths, warehouse=str(tmp_path / "local"), batch_size=1)
    runner, in_flight = task_runner_for("dask")
    dask = news_pipeline.with_options(task_runner=runner)(
        paths=paths, warehouse=str(tmp_path / "dask"), batch_size=1, parallel_batches=in_flight)
    assert local["docs_loaded"] == dask["docs_loaded"] == 4
    for table, sql in COMPARED.items():
        assert query(tmp_path / "dask", sql) == query(tmp_path / "local", sql), table


def test_unknown_task_runner_is_refused():
    from flows.runners import task_runner_for

    with pytest.raises(ValueError, match="unknown task runner 'spark'"):
        task_runner_for("spark")
