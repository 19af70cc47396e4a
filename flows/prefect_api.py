"""Prefect's temporary API for a `newsflow run` without a server: its settings, started early, stopped with us."""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Prefect's temporary API keeps its records in SQLite, which takes one writer at a time. Each task run's state
# changes reach it as events, and by default its recorder writes every event in a transaction of its own while
# the event persister, the log and artifact endpoints and the automation triggers write too: on a busy machine
# a writer then fails with "database is locked". Batched writes and no automation triggers (a temporary server
# has no automations) keep the writers few. A user's own server (PREFECT_API_URL) is not affected; any value set
# in the environment wins.
TEMPORARY_API_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "100",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "2",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": "200",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    # Prefect retries a failing API call 5 times over ~60 s; with its API gone, each of a run's remaining calls
    # would wait that long. Two retries (~6 s) still ride out a brief lock.
    "PREFECT_CLIENT_MAX_RETRIES": "2",
}


def apply_temporary_api_defaults() -> None:
    """Set the defaults above unless the user set them (before Prefect is imported)."""
    for key, value in TEMPORARY_API_DEFAULTS.items():
        os.environ.setdefault(key, value)


def start_temporary_api() -> TemporaryServer | None:
    """With no API configured, start Prefect's temporary API server and point this process at it; the caller
    waits for it (``wait_healthy``) once it has imported what it needs.

    Prefect would start the same server on first use (`SubprocessASGIServer`), but only after importing its whole
    server package into this process to reach that class: ~2 s of CPU on the way to the first batch, for code this
    process never runs. Here the server process starts first and boots while the flow imports.
    """
    from prefect.context import refresh_global_settings_context
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED, get_current_settings

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    global server
    server = _spawn_server(get_current_settings().to_environment_variables(exclude_unset=True))
    os.environ["PREFECT_API_URL"] = server.url  # for this process (refreshed below) and the run's children
    os.environ.setdefault("PREFECT_UI_URL", "")  # the temporary server serves no UI: no "View at" link to it
    refresh_global_settings_context()
    atexit.register(server.stop)
    _stop_with_this_process(server.process.pid)
    return server


@dataclass
class TemporaryServer:
    url: str  # the API's URL, http://127.0.0.1:PORT/api
    process: subprocess.Popen

    def wait_healthy(self, timeout: float | None = None) -> None:
        """Wait for the server [default: Prefect's PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS].

        Raises:
            RuntimeError: it exited first, or did not answer in time.
        """
        from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

        wait_healthy(self.url, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value() if timeout is None
                     else timeout, self.process)

    @staticmethod
    def flow_settings():
        """Settings for a flow run against this server: no heartbeats. They let a lasting server mark a run whose
        process died as crashed; this one dies with the process. Their thread also sleeps in whole seconds, and
        the run's end waits for it: up to 1 s of every run."""
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


server: TemporaryServer | None = None  # this process's temporary API, once started


def _spawn_server(settings_env: dict[str, str]) -> TemporaryServer:
    """Prefect's own temporary server command (prefect.server.api.server.SubprocessASGIServer), on a free port."""
    port = free_port()
    prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           **settings_env}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
         "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "error", "--lifespan", "on"], env=env)
    return TemporaryServer(f"http://127.0.0.1:{port}/api", process)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Wait until the Prefect API at ``url`` answers /health.

    Raises:
        RuntimeError: ``proc`` exited first, or ``timeout`` seconds passed.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with code {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:  # not listening yet, or an HTTP error while it starts
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the Prefect server at {url} was not healthy after {timeout:.0f} s")


# Polls this process; once it is gone, ends the server (a shell: ~1 MB, where Python would take ~10).
_WATCH = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill "$2" 2>/dev/null'


def _stop_with_this_process(server_pid: int) -> None:
    """End Prefect's temporary API server if this process is killed.

    `TemporaryServer.stop` ends it at exit, but a SIGKILL (the OOM killer picks the largest process: this one) leaves it running,
    holding ~270 MB and Prefect's database, which then stalls the next run with "database is locked" errors. The
    watcher stays in this process group, so a kill of the whole group takes it too; a normal exit stops it first.
    """
    if os.name != "posix":
        return
    try:
        watcher = subprocess.Popen(["sh", "-c", _WATCH, "newsflow-watch", str(os.getpid()), str(server_pid)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:  # no shell (a minimal container): the run goes on, as it did before the watcher
        return
    atexit.register(watcher.kill)  # runs before the server's stop (registered earlier): no kill of a reused pid
