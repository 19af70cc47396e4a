"""Scale-out: the flow on a local Dask cluster of 2 workers loads exactly the rows of a local run."""

import pytest

from tests.conftest import SEEDS, same_rows

pytestmark = [pytest.mark.flow, pytest.mark.model]


def test_dask_run_equals_local_run(prefect_harness, tmp_path, articles):
    from flows.news_pipeline import news_pipeline
    from flows.runners import task_runner_for

    paths = [str(SEEDS), str(articles)]
    local = news_pipeline(paths=paths, warehouse=str(tmp_path / "local"), batch_size=1)
    runner, in_flight = task_runner_for("dask")
    dask = news_pipeline.with_options(task_runner=runner)(
        paths=paths, warehouse=str(tmp_path / "dask"), batch_size=1, parallel_batches=in_flight)
    assert local["docs_loaded"] == dask["docs_loaded"] == 4
    same_rows(tmp_path / "dask", tmp_path / "local")


def test_unknown_task_runner_is_refused():
    from flows.runners import task_runner_for

    with pytest.raises(ValueError, match="unknown task runner 'spark'"):
        task_runner_for("spark")
