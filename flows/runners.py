"""Where the CPU-heavy extract tasks run: in the flow's own threads, or on a Dask cluster."""

from __future__ import annotations

LOCAL_DASK_WORKERS = 2
KINDS = ("thread", "dask")


def check_spec(spec: str | None) -> tuple[str, str]:
    """A ``--task-runner`` value split into (kind, address), checked before anything is imported or started.

    Raises:
        ValueError: an unknown spec.
    """
    kind, _, address = (spec or "thread").partition("=")
    if kind not in KINDS:
        raise ValueError(f"unknown task runner {spec!r}: use thread, dask or dask=ADDRESS")
    return kind, address


def task_runner_for(spec: str | None):
    """The Prefect task runner and the number of batches to keep in flight for a ``--task-runner`` value.

    Args:
        spec: ``thread`` (default), ``dask`` (a local cluster of 2 worker processes) or ``dask=ADDRESS``
            (an existing scheduler, e.g. ``tcp://10.0.0.5:8786``).

    Raises:
        ValueError: an unknown spec.
    """
    kind, address = check_spec(spec)
    if kind == "thread":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=2), 1
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address), 2 * LOCAL_DASK_WORKERS
    # One thread per worker process: spaCy is CPU-bound, processes give real parallelism.
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": LOCAL_DASK_WORKERS, "threads_per_worker": 1,
                                            "processes": True, "dashboard_address": None})
    return runner, LOCAL_DASK_WORKERS
