"""Scheduled runs: the news-pipeline flow served as a Prefect deployment that polls an inbox directory.

Every scheduled run gets the inbox as its `paths`; the flow skips sources whose content hash the warehouse
already holds, so a run loads only new or changed files. Two runs never write at once: the deployment has a
concurrency limit of one, enforced by the server (a run due while another loads waits in
`AwaitingConcurrencySlot`, or is cancelled with ``on_overlap="cancel"``), and the flow's writer lock still
guards against a manual `newsflow run` on the same warehouse (a scheduled run waits up to 10 minutes for it).

Prefect's ephemeral API (no PREFECT_API_URL) runs no scheduler, so runs of a schedule are never created
there. Without a configured API, `serve_inbox` therefore starts a private `prefect server start` on
127.0.0.1 for as long as it serves, on the same database the ephemeral API uses.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flows.settings import apply_prefect_defaults

apply_prefect_defaults()

from prefect import serve  # noqa: E402
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy  # noqa: E402
from prefect.deployments.runner import RunnerDeployment  # noqa: E402
from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: E402
from prefect.types.entrypoint import EntrypointType  # noqa: E402

from flows.news_pipeline import news_pipeline  # noqa: E402
from flows.prefect_api import free_port, wait_healthy  # noqa: E402
from warehouse import location  # noqa: E402

DEPLOYMENT_NAME = "inbox"
OVERLAP = {"queue": ConcurrencyLimitStrategy.ENQUEUE, "cancel": ConcurrencyLimitStrategy.CANCEL_NEW}
# A scheduled run that finds a manual `newsflow run` writing waits this long for the writer lock
# (NEWS_LOCK_TIMEOUT_SECONDS, when set, wins).
SCHEDULED_LOCK_TIMEOUT_S = 600
SERVER_START_TIMEOUT_S = 120.0


def build_deployment(inbox: Path, warehouse: Path | str, *, cron: str | None = None, interval: float | None = None,
                     on_overlap: str = "queue", name: str = DEPLOYMENT_NAME) -> RunnerDeployment:
    """The news-pipeline deployment that loads ``inbox`` into ``warehouse`` on a schedule.

    Args:
        inbox: Directory the scheduled runs read (made absolute: runs start in a temporary directory).
        warehouse: Warehouse directory or URL (warehouse/location.py) the runs load into.
        cron: Cron expression, e.g. ``*/15 * * * *``; exactly one of ``cron`` and ``interval``.
        interval: Seconds between runs.
        on_overlap: What a run due while another runs does: ``queue`` (wait for the slot) or ``cancel``.
        name: Deployment name; the full name is ``news-pipeline/<name>``.

    Returns:
        A deployment to pass to ``prefect.serve``.

    Raises:
        ValueError: not exactly one schedule, a bad interval or cron expression, or an unknown ``on_overlap``.
    """
    if (cron is None) == (interval is None):
        raise ValueError("give exactly one schedule: a cron expression or an interval in seconds")
    if interval is not None and interval <= 0:
        raise ValueError(f"the interval must be a positive number of seconds, not {interval}")
    if on_overlap not in OVERLAP:
        raise ValueError(f"on_overlap must be one of {sorted(OVERLAP)}, not {on_overlap!r}")
    inbox, warehouse = Path(inbox).resolve(), location.absolute(warehouse)
    try:
        return news_pipeline.to_deployment(
            name=name,
            cron=cron,
            interval=timedelta(seconds=interval) if interval is not None else None,
            parameters={"paths": [str(inbox)], "warehouse": str(warehouse)},
            concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=OVERLAP[on_overlap]),
            tags=["newsflow", "scheduled"],
            description=f"Load new or changed articles from {inbox} into the warehouse at {warehouse}.",
            # The package is installed, so runs import the flow by module, whatever their working directory.
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
    except ValueError as exc:  # pydantic's ValidationError for a bad cron expression
        detail = exc.errors()[0]["msg"].removeprefix("Value error, ") if hasattr(exc, "errors") else str(exc)
        raise ValueError(f"invalid schedule: {detail.strip()}") from None


def serve_inbox(inbox: Path, warehouse: Path | str, *, cron: str | None = None, interval: float | None = None,
                on_overlap: str = "queue", name: str = DEPLOYMENT_NAME, echo=print) -> None:
    """Serve the inbox deployment until interrupted; starts a private Prefect server when no API is configured.

    Args:
        inbox: Directory to poll; created when missing.
        warehouse: Warehouse directory or URL.
        cron: Cron schedule (see `build_deployment`).
        interval: Interval schedule in seconds.
        on_overlap: ``queue`` or ``cancel``.
        name: Deployment name.
        echo: Where to say which server is used.

    Raises:
        ValueError: a bad schedule (see `build_deployment`).
        RuntimeError: the private Prefect server did not start.
    """
    deployment = build_deployment(inbox, warehouse, cron=cron, interval=interval, on_overlap=on_overlap, name=name)
    Path(inbox).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NEWS_LOCK_TIMEOUT_SECONDS", str(SCHEDULED_LOCK_TIMEOUT_S))
    api_url = PREFECT_API_URL.value()
    if api_url:
        echo(f"Serving on the Prefect API at {api_url}")
        _serve(deployment)
        return
    echo("No PREFECT_API_URL set: the ephemeral API has no scheduler, so starting a private Prefect server "
         "on 127.0.0.1 ...")
    with local_server() as url:
        echo(f"Prefect UI at {url.removesuffix('/api')} (API {url}); it stops when this command stops.")
        # Flow runs are child processes: they inherit the environment, not this process's settings.
        os.environ["PREFECT_API_URL"] = url
        with temporary_settings({PREFECT_API_URL: url}):
            _serve(deployment)


class _HideSlotWaits(logging.Filter):
    """Drop the runner's line for a run told to wait for the deployment's slot (one per waiting run per poll)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "non-pending state 'SCHEDULED'" not in record.getMessage()


def _serve(deployment: RunnerDeployment) -> None:
    logging.getLogger("prefect.runner.state_proposer").addFilter(_HideSlotWaits())
    # No limit in this process: every due run asks the server for the deployment's one slot, so the
    # server queues or cancels it as the deployment says (a local limit would just leave it Late).
    serve(deployment)


@contextmanager
def local_server(port: int | None = None, *, env: dict[str, str] | None = None, log: Path | None = None,
                 timeout: float = SERVER_START_TIMEOUT_S) -> Iterator[str]:
    """Run ``prefect server start`` on 127.0.0.1 for the duration of the block.

    Args:
        port: Port to listen on [default: a free one].
        env: Extra environment for the server, e.g. PREFECT_HOME for a throwaway database.
        log: File for the server's output [default: discarded].
        timeout: Seconds to wait for /api/health.

    Yields:
        The API URL, e.g. ``http://127.0.0.1:4242/api``.

    Raises:
        RuntimeError: the server exited or was not healthy within ``timeout``.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/api"
    server_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    server_env.update(env or {})
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    # Its own session: a Ctrl-C on `newsflow serve` must not kill the server before the runner shuts down.
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=server_env, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_healthy(url, timeout, proc)
        yield url
    finally:
        stop_process_group(proc)
        if log:
            out.close()


def stop_process_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate a process started with ``start_new_session=True`` and its children; kill after ``grace`` s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass
