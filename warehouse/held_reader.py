"""A run's read-only connection to its warehouse, held across batches."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse import store
from warehouse.location import Warehouse


class HeldReader:
    """One read-only connection to a warehouse, opened when first needed and held until ``close``: opening one costs
    ~0.4 s, and a run reads once a batch. For a run holding the writer lock: what it reads cannot change meanwhile."""

    def __init__(self, where: Path | str | Warehouse) -> None:
        self.where = where
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()  # batches may run in different threads, one at a time

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._con is None:
                self._con = store.connect(self.where, read_only=True)
            yield self._con

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
