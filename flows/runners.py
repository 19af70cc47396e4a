"""Where the CPU-heavy extract tasks run: in the flow's own threads, or on a Dask cluster."""

from __future__ import annotations

from prefect.task_runners import ThreadPoolTaskRunner

LOCAL_DASK_WORKERS = 2


def task_runner_for(spec: str | None):
    """The Prefect task runner and the number of batches to keep in flight for a ``--task-runner`` value.

    Args:
        spec: ``thread`` (default), ``dask`` (a local cluster of 2 worker processes) or ``dask=ADDRESS``
            (an existing scheduler, e.g. ``tcp://10.0.0.5:8786``).

    Raises:
        ValueError: an unknown spec.
    """
    kind, _, address = (spec or "thread").partition("=")
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=2), 1
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address), 2 * LOCAL_DASK_WORKERS
        # One thread per worker process: spaCy is CPU-bound, processes give real parallelism.
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": LOCAL_DASK_WORKERS, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
        return runner, LOCAL_DASK_WORKERS
    raise ValueError(f"unknown task runner {spec!r}: use thread, dask or dask=ADDRESS")
