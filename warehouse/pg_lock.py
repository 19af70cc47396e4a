"""The single-writer lock of a warehouse whose catalog is in PostgreSQL: a session advisory lock.

PostgreSQL holds it for as long as the session that took it lives, so a run killed on any machine releases it
when its connection drops (for a machine lost outright, see ``location.writer_conninfo``); no stale lock file is
left behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

POLL_SECONDS = 0.5


@contextmanager
def advisory_lock(conninfo: str, key: int, timeout: float, busy: Exception,
                  unreachable: type[Exception]) -> Iterator[psycopg.Connection]:
    """Hold advisory lock ``key`` on the server of ``conninfo``, waiting up to ``timeout`` seconds for it; yields
    the session that holds it.

    Raises:
        busy: another session held the lock for longer than ``timeout``.
        unreachable: the server cannot be reached.
    """
    try:
        pg = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise unreachable(f"cannot reach the warehouse catalog to take the writer lock: {exc}".strip()) from None
    try:
        deadline = time.monotonic() + timeout
        while not pg.execute("select pg_try_advisory_lock(%s)", [key]).fetchone()[0]:
            if time.monotonic() >= deadline:
                raise busy
            time.sleep(POLL_SECONDS)
        try:
            yield pg
        finally:
            pg.execute("select pg_advisory_unlock(%s)", [key])
    finally:
        pg.close()
