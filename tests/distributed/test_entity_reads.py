"""Per-batch entity reads (entity_keys) on a DuckLake warehouse on PostgreSQL + S3: the same ids as every entity
in memory on a local warehouse, over the runs of tests/tasks/test_entity_memory.py (real servers, no model)."""

from __future__ import annotations

from tasks.lib.memory import state
from tests.conftest import query
from tests.tasks.test_entity_memory import ENTITIES_SQL, RUN1, RUN2, RUN3, run


def test_entities_read_per_batch_from_postgres_and_s3_resolve_as_the_whole_index(remote, tmp_path, monkeypatch):
    monkeypatch.setattr(state, "CACHED_ENTITIES", 2)
    url, local = remote.warehouse(), tmp_path / "whole"
    for i, batches in enumerate((RUN1, RUN2, RUN3), 1):
        assert run(url, f"r{i}", batches, whole=False)[0] == run(local, f"r{i}", batches, whole=True)[0]
    assert query(url, ENTITIES_SQL) == query(local, ENTITIES_SQL)
