"""Looking into a PostgreSQL+S3 warehouse from the outside: its catalog tables, its bucket, its locks.

``hold_load_commits`` gives the crash test a deterministic kill point inside a load: it holds a SHARE lock on
DuckLake's ``ducklake_data_file`` table, which only a commit that adds data files writes to (a load; the views a
writer re-creates on connect add none). Reads (ACCESS SHARE) pass; the load's commit waits, its Parquet files
already written to S3, until the lock is released.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

import psycopg

HOST = "127.0.0.1"


def database(url: str) -> str:
    """The catalog database named by a warehouse URL."""
    return url.split("?")[0].rsplit("/", 1)[-1]


def connect(port: int, db: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(f"host={HOST} port={port} user=postgres dbname={db}", **kwargs)


class LoadCommitHold:
    def __init__(self, pg: psycopg.Connection, port: int, db: str):
        self.pg, self.port, self.db = pg, port, db

    def wait_for_blocked_commit(self, alive, timeout: float) -> str:
        """Wait until a session of the warehouse's database waits for a lock; returns the table it waits for.

        ``alive()`` False (the run ended first) fails at once.
        """
        deadline = time.monotonic() + timeout
        with connect(self.port, self.db, autocommit=True) as watcher:
            while time.monotonic() < deadline:
                assert alive(), "the run ended before its load committed"
                row = watcher.execute(
                    "select l.relation::regclass::text from pg_locks l join pg_stat_activity a using (pid) "
                    "where not l.granted and l.relation is not null and a.datname = %s", [self.db]).fetchone()
                if row:
                    return row[0]
                time.sleep(0.1)
        raise AssertionError(f"no load reached its commit within {timeout}s")


@contextmanager
def hold_load_commits(port: int, db: str) -> Iterator[LoadCommitHold]:
    """Make every load's commit into database ``db`` wait while the block runs (the catalog must exist)."""
    with connect(port, db) as pg:
        pg.execute("lock table ducklake_data_file in share mode")
        try:
            yield LoadCommitHold(pg, port, db)
        finally:
            pg.rollback()


def advisory_locks(port: int, settle: float = 10) -> int:
    """Advisory locks held on the server (a PostgreSQL warehouse's writer lock is one), once none is left or
    ``settle`` seconds passed: a killed client's session ends when its server process sees the socket closed."""
    deadline = time.monotonic() + settle
    with connect(port, "postgres", autocommit=True) as pg:
        while True:
            held = pg.execute("select count(*) from pg_locks where locktype = 'advisory' and granted").fetchone()[0]
            if not held or time.monotonic() >= deadline:
                return held
            time.sleep(0.2)


def bucket_files(endpoint: str, bucket: str, prefix: str) -> set[str]:
    """Names of the Parquet files under ``prefix`` in the bucket."""
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    names = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix.rstrip("/") + "/"):
        names |= {PurePosixPath(o["Key"]).name for o in page.get("Contents", []) if o["Key"].endswith(".parquet")}
    return names


def catalog_files(port: int, db: str) -> set[str]:
    """Names of every Parquet file the DuckLake catalog knows (live, deleted rows' and scheduled for deletion)."""
    with connect(port, db) as pg:
        rows = pg.execute("select path from ducklake_data_file union select path from ducklake_delete_file "
                          "union select path from ducklake_files_scheduled_for_deletion").fetchall()
    return {PurePosixPath(path).name for (path,) in rows}
