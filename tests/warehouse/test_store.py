"""DuckLake loads: one transaction per run, replacement of changed sources, rollback on broken integrity."""

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.conftest import run_row
from warehouse import store, tables


def doc(doc_id, uri, text="Ana Lopez spoke."):
    return {"doc_id": doc_id, "source_uri": uri, "content_hash": doc_id * 4, "text": text,
            "word_count": len(text.split()), "run_id": "r", "pipeline_version": "test"}


def stage(root, run_id, docs, mentions=(), entities=()):
    staging = store.Staging(root, run_id)
    staging.write(tables.DOCUMENTS, docs)
    staging.write(tables.MENTIONS, list(mentions))
    staging.write(tables.ENTITIES, list(entities))
    return staging


ANA = {"entity_id": "ent_ana", "canonical_name": "Ana Lopez", "label": "PERSON", "aliases": ["Ana Lopez"]}


def mention(doc_id, entity_id="ent_ana"):
    return {"doc_id": doc_id, "entity_id": entity_id, "text": "Ana Lopez", "label": "PERSON",
            "start_char": 0, "end_char": 9}


def count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def test_changed_source_replaces_old_rows_in_one_commit(tmp_path):
    con = store.connect(tmp_path)
    store.commit_run(con, stage(tmp_path, "r1", [doc("a" * 16, "/x.txt")], [mention("a" * 16)], [ANA]),
                     ["/x.txt"], run_row("r1"))
    store.commit_run(con, stage(tmp_path, "r2", [doc("b" * 16, "/x.txt", "Ana Lopez spoke again.")],
                                [mention("b" * 16)]), ["/x.txt"], run_row("r2"))
    assert con.execute("select doc_id from documents").fetchall() == [("b" * 16,)]
    assert con.execute("select doc_id from mentions").fetchall() == [("b" * 16,)]
    assert count(con, "entities") == 1
    assert count(con, "runs") == 2


def test_dangling_entity_rolls_back_the_whole_load(tmp_path):
    con = store.connect(tmp_path)
    staging = stage(tmp_path, "r1", [doc("a" * 16, "/x.txt")], [mention("a" * 16, "ent_nobody")])
    with pytest.raises(store.IntegrityError, match="mentions.entity_id references entities: 1"):
        store.commit_run(con, staging, ["/x.txt"], run_row("r1"))
    for table in ("documents", "mentions", "runs"):
        assert count(con, table) == 0


def test_a_dateline_mention_may_share_offsets_with_a_mention_in_the_text(tmp_path):
    # The dateline's offsets count in documents.dateline, the text's in documents.text: mentions are keyed on
    # (doc_id, in_dateline, start_char, end_char), as warehouse/tables.py says; a real duplicate still rolls back.
    con = store.connect(tmp_path)
    in_dateline = {**mention("a" * 16), "in_dateline": True}
    store.commit_run(con, stage(tmp_path, "r1", [doc("a" * 16, "/x.txt")], [mention("a" * 16), in_dateline], [ANA]),
                     ["/x.txt"], run_row("r1"))
    assert con.execute("select in_dateline from mentions order by in_dateline nulls first").fetchall() == [(None,), (True,)]
    staging = stage(tmp_path, "r2", [doc("b" * 16, "/y.txt")], [mention("b" * 16), mention("b" * 16)])
    with pytest.raises(store.IntegrityError, match=r"mentions \(doc_id, in_dateline, start_char, end_char\) unique: 1"):
        store.commit_run(con, staging, ["/y.txt"], run_row("r2"))


def test_reader_sees_last_commit_while_a_load_is_open(tmp_path):
    writer = store.connect(tmp_path)
    store.commit_run(writer, stage(tmp_path, "r1", [doc("a" * 16, "/x.txt")]), ["/x.txt"], run_row("r1"))
    writer.execute("begin transaction")
    writer.execute("delete from documents")
    reader = store.connect(tmp_path, read_only=True)
    assert count(reader, "documents") == 1
    writer.execute("rollback")


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    with store.writer_lock(tmp_path):
        with pytest.raises(store.WarehouseBusy, match="another newsflow run is writing"):
            with store.writer_lock(tmp_path, timeout=0):
                pass


def test_reader_of_missing_warehouse_gets_a_clear_error(tmp_path):
    with pytest.raises(store.WarehouseError, match="no warehouse at"):
        store.connect(tmp_path / "nowhere", read_only=True)


def test_moved_warehouse_opens_in_its_new_place(tmp_path):
    import shutil

    old = tmp_path / "old"
    con = store.connect(old)
    store.commit_run(con, stage(old, "r1", [doc("a" * 16, "/x.txt")], [mention("a" * 16)], [ANA]),
                     ["/x.txt"], run_row("r1"))
    con.close()
    shutil.move(old, tmp_path / "new")
    reader = store.connect(tmp_path / "new", read_only=True)
    assert reader.execute("select text from mentions").fetchall() == [("Ana Lopez",)]


def test_writer_bounds_its_memory_and_writes_small_row_groups(tmp_path):
    con = store.connect(tmp_path)
    reference = duckdb.connect()
    default = reference.execute("select current_setting('memory_limit')").fetchone()[0]
    reference.execute(f"set memory_limit = '{store.WRITER_MEMORY_LIMIT}'")
    bounded = reference.execute("select current_setting('memory_limit')").fetchone()[0]
    assert con.execute("select current_setting('memory_limit')").fetchone()[0] == bounded != default
    n = store.ROW_GROUP_ROWS + 100
    mentions = [{**mention("a" * 16), "start_char": i, "end_char": i + 9} for i in range(n)]
    store.commit_run(con, stage(tmp_path, "r1", [doc("a" * 16, "/x.txt")], mentions, [ANA]), ["/x.txt"], run_row("r1"))
    con.close()
    files = list((tmp_path / "data").rglob("mentions/*.parquet"))
    assert len(files) == 1
    meta = pq.ParquetFile(files[0]).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [store.ROW_GROUP_ROWS, 100]
    # Analysts' read-only sessions keep DuckDB's defaults.
    reader = store.connect(tmp_path, read_only=True)
    assert reader.execute("select current_setting('memory_limit')").fetchone()[0] == default


def test_writer_on_a_current_warehouse_changes_no_catalog_and_redoes_a_changed_view(tmp_path, monkeypatch):
    def snapshots(con):
        return con.execute("select count(*) from ducklake_snapshots('lake')").fetchone()[0]

    con = store.connect(tmp_path)
    created = snapshots(con)
    con.close()
    con = store.connect(tmp_path)
    assert snapshots(con) == created  # the schema is current: no DDL, no snapshot
    con.close()

    # A view file whose text changed is re-created on the next writer's connect, and only it.
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    for path in store.SQL_DIR.glob("*.sql"):
        (sql_dir / path.name).write_text(path.read_text())
    (sql_dir / "run_history.sql").write_text("select run_id, status from runs")
    monkeypatch.setattr(store, "SQL_DIR", sql_dir)
    con = store.connect(tmp_path)
    assert snapshots(con) == created + 2  # the view and its stamp
    assert [d[0] for d in con.execute("select * from run_history").description] == ["run_id", "status"]
    con.close()
