"""Prefect's temporary API for a `newsflow run` without a server: its settings, started early, stopped with us."""

from __future__ import annotations

import atexit
import os
import subprocess
import threading

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


def start_temporary_api() -> threading.Thread | None:
    """With no API configured, Prefect starts a temporary one on first use and waits ~10 s for it. Starting it
    on a thread first (the server is a process of its own) lets the flow's imports use that wait."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return None
    from prefect.server.api.server import SubprocessASGIServer

    def start() -> None:
        server = SubprocessASGIServer()
        server.start()
        _stop_with_this_process(server.server_process.pid)

    thread = threading.Thread(target=start, daemon=True)
    thread.start()
    return thread


# Polls this process; once it is gone, ends the server (a shell: ~1 MB, where Python would take ~10).
_WATCH = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill "$2" 2>/dev/null'


def _stop_with_this_process(server_pid: int) -> None:
    """End Prefect's temporary API server if this process is killed.

    Prefect stops it at exit, but a SIGKILL (the OOM killer picks the largest process: this one) leaves it running,
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
    atexit.register(watcher.kill)  # runs before Prefect's own stop (registered earlier): no kill of a reused pid
