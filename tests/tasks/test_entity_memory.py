"""tasks/load.py and memory/state.py: a run reads, per batch, only the known entities its mentions' blocking keys
name (entity_keys), and resolves exactly as with every entity in memory, on the real DuckLake warehouse (no model:
the articles' local entities are written for the tests)."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timezone

import pytest
from prefect.logging import disable_run_logger

from tasks import load
from tasks.lib.memory import entity_keys, state
from tasks.lib.records import LocalEntity
from tasks.load import read_extract_state, read_replaced
from warehouse import store, tables

UTC = timezone.utc


def ent(key: int, name: str, label: str = "PERSON", *aliases: str) -> LocalEntity:
    return LocalEntity(key, name, label, [name, *aliases])


# Runs of batches of articles: doc_id -> its local entities. The second run names the first run's people by
# surname, an organisation by its acronym and a place by another name, meets namesakes, and edits sources; the
# third drops an entity that a profile no batch reads names as a neighbour.
RUN1 = [
    {"a1": [ent(0, "Sergei Lavrov"), ent(1, "National Security Council", "ORG"), ent(2, "Maria Delgado")],
     "a2": [ent(0, "John Smith"), ent(1, "Jane Smith"), ent(2, "Mrs Howard"), ent(3, "Ann Cole")]},
    {"a3": [ent(0, "Lavrov"), ent(1, "Britain", "GPE"), ent(2, "Peter Ivanov")],
     "a4": [ent(0, "Mr Howard", "PERSON", "Howard"), ent(1, "Yukos", "ORG"), ent(2, "Tom Reed")],
     "c1": [ent(0, "Ann Cole"), ent(1, "Tom Reed")]},
    {f"y{i}": [ent(0, "Yukos", "ORG"), ent(1, "Peter Ivanov")] for i in range(5)},
]
RUN2 = [
    {"b1": [ent(0, "Lavrov"), ent(1, "NSC", "ORG"), ent(2, "Smith")],
     "b2": [ent(0, "Yukos"), ent(1, "Howard"), ent(2, "Sergey Lavrov")]},
    {"a1": [ent(0, "Sergei Lavrov"), ent(1, "Ana Ruiz")],  # a new version of a1: Maria Delgado edited out
     "b3": [ent(0, "Jane Smith"), ent(1, "Ivanov"), ent(2, "United Kingdom", "GPE")]},
    {"b4": [ent(0, "Maria Delgado"), ent(1, "Mrs Howard")],
     "c1": [ent(0, "Ann Cole")]},  # Tom Reed edited out: he stays (a4), Ann Cole keeps him as a neighbour
]
RUN3 = [{"a4": [ent(0, "Mr Howard")]}]  # Tom Reed's last article edited: he goes, and Ann Cole's list with him


def run(root, run_id: str, batches: list[dict], *, whole: bool) -> tuple[dict, int]:
    """One run as the flow does it, with the reader-backed index or (``whole``) every entity read at the start.

    Returns every mention's entity id, and the most profiles held at once.
    """
    with disable_run_logger(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(state, "WHOLE_ENTITIES", 10**9 if whole else -1)
        entities = read_extract_state.fn(root).entities
    assert (entities.reader is None) == whole
    staging, ids, held, sources = store.Staging(root, run_id), {}, 0, []
    for batch in batches:
        uris = [f"/in/{d}.txt" for d in batch]
        with disable_run_logger():
            replaced, support = read_replaced.fn(root, uris)
        entities.forget(replaced, support)
        got = entities.resolve([(d, ents, []) for d, ents in batch.items()])
        ids.update(got)
        held = max(held, len(entities.resolver.profiles))
        staging.write(tables.DOCUMENTS, [
            {"doc_id": f"{d}_{run_id}", "source_uri": u, "content_hash": f"{d}_{run_id}", "text": "x", "word_count": 1,
             "story_id": d, "run_id": run_id, "pipeline_version": "test"} for d, u in zip(batch, uris)])
        staging.write(tables.MENTIONS, [
            {"doc_id": f"{d}_{run_id}", "entity_id": got[(d, e.key)], "text": e.canonical_name, "label": e.label,
             "start_char": e.key, "end_char": e.key + 1} for d, ents in batch.items() for e in ents])
        sources += uris
    changed = entities.changed_rows()
    staging.write(tables.ENTITIES, changed)
    staging.write(tables.ENTITY_KEYS, entity_keys.key_rows(changed))
    entities.close()
    with closing(store.connect(root)) as con:
        store.commit_run(con, staging, sources,
                         {"run_id": run_id, "started_at": datetime(2026, 1, 5, tzinfo=UTC), "status": "completed",
                          "docs_seen": 1, "docs_loaded": 1, "docs_replaced": 0, "docs_skipped": 0,
                          "docs_quarantined": 0, "pipeline_version": "test"})
    return ids, held


def table(root, sql: str) -> list[tuple]:
    with closing(store.connect(root, read_only=True)) as con:
        return con.execute(sql).fetchall()


ENTITIES_SQL = "select entity_id, canonical_name, label, aliases, roles, neighbours, doc_count from entities order by 1"
KEYS_SQL = "select key, entity_id from entity_keys order by 1, 2"


def test_reading_entities_per_batch_gives_the_ids_of_the_whole_index(tmp_path, monkeypatch):
    monkeypatch.setattr(state, "CACHED_ENTITIES", 2)  # evict between batches: what was let go is read again
    by_batch, whole = tmp_path / "by_batch", tmp_path / "whole"
    first, _ = run(by_batch, "r1", RUN1, whole=False)
    second, _ = run(by_batch, "r2", RUN2, whole=False)
    third, held = run(by_batch, "r3", RUN3, whole=False)
    assert (first, second, third) == tuple(run(whole, f"r{i}", r, whole=True)[0]
                                           for i, r in enumerate((RUN1, RUN2, RUN3), 1))
    assert table(by_batch, ENTITIES_SQL) == table(whole, ENTITIES_SQL)
    neighbours = table(by_batch, "select neighbours from entities where canonical_name = 'Ann Cole'")
    assert first[("a4", 2)] not in neighbours[0][0]
    # What a user checks: the surname, the acronym and the other name of a country join the first run's entities ...
    assert second[("b1", 0)] == second[("b2", 2)] == first[("a1", 0)]
    assert second[("b1", 1)] == first[("a1", 1)]
    assert second[("b3", 2)] == first[("a3", 1)]
    # ... Maria Delgado, edited out of a1, her only article, is dropped, then a new entity again in b4 (with
    # the id her name gives).
    assert second[("b4", 0)] == first[("a1", 2)]
    assert table(by_batch, "select count(*) from entities where canonical_name = 'Maria Delgado'") == [(1,)]
    # The last run held a few of the known entities, and the key table describes exactly the stored entities.
    assert held < table(by_batch, "select count(*) from entities")[0][0]
    stored = [(r[0], r[1], r[2], r[3]) for r in table(by_batch, "select entity_id, canonical_name, label, aliases "
                                                                  "from entities")]
    expected = sorted((k["key"], k["entity_id"]) for k in entity_keys.key_rows(
        {"entity_id": e, "canonical_name": n, "label": lab, "aliases": a} for e, n, lab, a in stored))
    assert table(by_batch, KEYS_SQL) == expected


def test_a_small_warehouse_is_read_whole_and_a_large_one_per_batch(tmp_path, monkeypatch):
    root = tmp_path / "wh"
    run(root, "r1", RUN1[:1], whole=True)  # 7 entities
    with disable_run_logger():
        assert len(read_extract_state.fn(root).entities.resolver.profiles) == 7
        monkeypatch.setattr(state, "WHOLE_ENTITIES", 6)
        entities = read_extract_state.fn(root).entities
    assert entities.reader is not None and entities.resolver.profiles == {}


def test_a_warehouse_without_entity_keys_gets_them_before_its_next_run(tmp_path, monkeypatch):
    root = tmp_path / "wh"
    first, _ = run(root, "r1", RUN1, whole=False)
    keys = table(root, KEYS_SQL)
    with closing(store.connect(root)) as con:
        con.execute("delete from entity_keys")  # as written before the key table existed
    monkeypatch.setattr(load, "KEY_BACKFILL_CHUNK", 4)  # several chunks
    second, _ = run(root, "r2", RUN2[:1], whole=False)
    assert second[("b1", 0)] == first[("a1", 0)]  # "Lavrov" still finds Sergei Lavrov
    # Every entity the first run stored has its keys again (the second run rewrote those it changed).
    assert {e for _, e in keys} <= {e for _, e in table(root, KEYS_SQL)}
    assert {k for k in keys if k[1] == first[("a1", 0)]} <= set(table(root, KEYS_SQL))
