"""A run's rows, staged batch by batch as Parquet files under the warehouse's staging/<run>/ until its load."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import location
from warehouse.location import Warehouse
from warehouse.tables import Table


class Staging:
    """A run's rows, written batch by batch to Parquet until the load commits them."""

    def __init__(self, where: Path | str | Warehouse, run_id: str):
        self.dir = location.parse(where).local_dir / "staging" / run_id
        self.dir.mkdir(parents=True, exist_ok=True)
        self._parts: dict[str, int] = {}

    def write(self, table: Table, data: pa.Table | Sequence[Mapping]) -> int:
        """Append rows for ``table``; returns how many were written."""
        if not isinstance(data, pa.Table):
            data = table.from_rows(list(data))
        data = data.select(table.columns).cast(table.schema)
        if data.num_rows:
            part = self._parts.get(table.name, 0)
            self._parts[table.name] = part + 1
            (self.dir / table.name).mkdir(exist_ok=True)
            pq.write_table(data, self.dir / table.name / f"{part:05d}.parquet")
        return data.num_rows

    def files(self, table: Table) -> list[str]:
        return sorted(str(p) for p in (self.dir / table.name).glob("*.parquet"))

    def read(self, table: Table, columns: list[str] | None = None) -> pa.Table:
        files = self.files(table)
        if not files:
            return table.empty().select(columns) if columns else table.empty()
        return pa.concat_tables([pq.read_table(f, columns=columns) for f in files])

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
