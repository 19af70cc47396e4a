"""The DuckLake warehouse: opening it, creating its tables, and committing a run in one transaction.

Layout under the warehouse directory:
    catalog.sqlite   DuckLake catalog (snapshots, table metadata)
    data/            Parquet files, one folder per table
    staging/<run>/   a run's rows before its load commits (removed after)
    spill/           DuckDB's temporary files while a writer works beyond its memory limit
    .writer.lock     held by the one run that may write

A warehouse can also be a DuckLake catalog on PostgreSQL with its Parquet files on S3 (see location.py): the
catalog and data are then shared by every machine, the writer lock is a PostgreSQL advisory lock, and staging/,
spill/ and data_docs/ go to a local directory of the running machine.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import duckdb
import duckdb_extension_ducklake
import duckdb_extension_httpfs
import duckdb_extension_postgres_scanner
import duckdb_extension_sqlite_scanner
import pyarrow as pa
from filelock import FileLock, Timeout

from warehouse import location, tables
from warehouse.location import Warehouse
from warehouse.staging import Staging

LAKE = "lake"
SQL_DIR = Path(__file__).parent / "sql"
# A writer (the run's state reads and its load) works within this much memory and spills to disk beyond it.
# DuckDB's default, 80% of RAM, let a 50x load (111k documents, 2.5M mentions) add 0.9 GB to the run's process;
# with this and the row groups below it adds about 0.4 GB and takes the same 12 s (benchmarks/load_scale.py).
WRITER_MEMORY_LIMIT = "256MB"
# Rows per Parquet row group DuckLake writes (its default, 122,880, buffers a whole group of article texts).
ROW_GROUP_ROWS = 16_384


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or written as asked."""


class WarehouseBusy(WarehouseError):
    """Another run holds the writer lock."""


class IntegrityError(WarehouseError):
    """A batch-level check failed inside the load transaction; nothing was committed."""


def extension_paths(remote: bool = False) -> list[str]:
    """The DuckDB extension files shipped in the duckdb-extension-* wheels (nothing is downloaded)."""
    paths = []
    modules = ((duckdb_extension_postgres_scanner, "postgres_scanner"), (duckdb_extension_httpfs, "httpfs")) \
        if remote else ((duckdb_extension_sqlite_scanner, "sqlite_scanner"),)
    for module, name in (*modules, (duckdb_extension_ducklake, "ducklake")):
        found = sorted(Path(module.__file__).parent.glob(f"extensions/*/{name}.duckdb_extension"))
        if not found:
            raise WarehouseError(f"DuckDB extension {name} not found in {module.__name__}; reinstall with `uv sync`")
        paths.append(str(found[-1]))
    return paths


def attach_statements(where: Path | str | Warehouse, *, read_only: bool = False,
                      printable: bool = False) -> list[str]:
    """The SQL that opens the warehouse in any DuckDB session (also printed by `newsflow shell --print`).

    ``printable``: S3 keys are read with ``getenv`` by the statements (DuckDB CLI) rather than written in them.
    """
    wh = location.parse(where)
    if wh.remote:
        conninfo = wh.catalog if read_only else location.writer_conninfo(wh.catalog)
        catalog, data, secrets = f"postgres:{conninfo}", wh.data_path, [location.s3_secret_sql(
            from_env_in_sql=printable)]
    else:
        # The data path is always the directory beside the catalog, so a warehouse can be moved or restored.
        root = wh.local_dir.resolve()
        catalog, data, secrets = f"sqlite:{root / 'catalog.sqlite'}", f"{root / 'data'}/", []
    options = [f"DATA_PATH '{_sql_str(data)}'", "OVERRIDE_DATA_PATH true"]
    if read_only:
        options.append("READ_ONLY")
    else:
        # Keep every row in Parquet files (the durable copy), not inlined into the catalog.
        options.append("DATA_INLINING_ROW_LIMIT 0")
    return [
        *(f"LOAD '{_sql_str(p)}'" for p in extension_paths(wh.remote)),
        *secrets,
        f"ATTACH 'ducklake:{_sql_str(catalog)}' AS {LAKE} ({', '.join(options)})",
        f"USE {LAKE}",
    ]


def exists(where: Path | str | Warehouse) -> bool:
    """Whether the warehouse has been created (its catalog holds DuckLake's tables)."""
    wh = location.parse(where)
    if not wh.remote:
        return (wh.local_dir / "catalog.sqlite").exists()
    import psycopg

    try:
        with psycopg.connect(wh.catalog, connect_timeout=10) as pg:
            return pg.execute("select to_regclass('ducklake_metadata') is not null").fetchone()[0]
    except psycopg.Error as exc:
        raise WarehouseError(f"cannot reach the warehouse catalog {wh}: {exc}".strip()) from None


def connect(where: Path | str | Warehouse, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse at ``where`` (a directory or a URL); a writer creates it and its tables when missing.

    Raises:
        WarehouseError: a reader asked for a warehouse that does not exist, or its catalog or data can't be reached.
    """
    wh = location.parse(where)
    if read_only and not exists(wh):
        raise WarehouseError(f"no warehouse at {wh} (run `newsflow run` first, or pass --warehouse)")
    local = wh.local_dir.resolve()
    if not read_only:
        (local / ("spill" if wh.remote else "data")).mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for stmt in attach_statements(wh, read_only=read_only):
            con.execute(stmt)
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"cannot open the warehouse {wh}: {exc}") from None
    if not read_only:
        con.execute(f"set memory_limit = '{WRITER_MEMORY_LIMIT}'")
        con.execute(f"set temp_directory = '{_sql_str(str(local / 'spill'))}'")
        ensure_schema(con)
        if not wh.remote:
            # WAL: readers never make the load's commit fail ("database is locked"), nor it them.
            # The mode is stored in the catalog file, so setting it again costs nothing.
            with closing(sqlite3.connect(local / "catalog.sqlite")) as catalog:
                catalog.execute("pragma journal_mode=wal")
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and columns from tables.py, and (re)create the views in sql/ whose text changed.

    Every DDL statement is a DuckLake snapshot (a catalog write): a warehouse already current costs three
    catalog reads and no write, which is most of what a run with nothing new does.
    """
    row_group = con.execute("select value from ducklake_options(?) where option_name = 'parquet_row_group_size'",
                            [LAKE]).fetchall()
    if row_group != [(str(ROW_GROUP_ROWS),)]:
        con.execute(f"call {LAKE}.set_option('parquet_row_group_size', {ROW_GROUP_ROWS})")
    existing = {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_type = 'BASE TABLE'",
        [LAKE]).fetchall()}
    # One query for every table's columns: each catalog query is a round trip when the catalog is PostgreSQL.
    columns = con.execute("select table_name, list(column_name) from information_schema.columns "
                          "where table_catalog = ? group by 1", [LAKE]).fetchall()
    have_by_table = {name: set(cols) for name, cols in columns}
    for table in tables.ALL:
        if table.name not in existing:
            with _registered(con, "_empty", table.empty()):
                con.execute(f"create table {table.name} as select * from _empty")
            continue
        have = have_by_table.get(table.name, set())
        for field in table.schema:
            if field.name not in have:
                con.execute(f"alter table {table.name} add column {field.name} {_duck_type(con, field)}")
    _ensure_views(con)


def _ensure_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the views whose SQL file changed: each view's comment is the hash of the text it was made from."""
    stamps = dict(con.execute("select view_name, comment from duckdb_views() where database_name = ?",
                              [LAKE]).fetchall())
    for path in sorted(SQL_DIR.glob("*.sql")):
        text = path.read_text()
        stamp = f"newsflow {hashlib.sha256(text.encode()).hexdigest()[:16]}"
        if stamps.get(path.stem) != stamp:
            con.execute(f"create or replace view {path.stem} as {text}")
            con.execute(f"comment on view {path.stem} is '{stamp}'")


def query_sql(name: str) -> str:
    """A saved query from warehouse/sql/queries/<name>.sql, with ``{{other}}`` replaced by query ``other``."""
    text = (SQL_DIR / "queries" / f"{name}.sql").read_text()
    return _INCLUDE.sub(lambda m: _without_comments(query_sql(m.group(1))), text)


_INCLUDE = re.compile(r"\{\{(\w+)\}\}")


def _without_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


@contextmanager
def writer_lock(where: Path | str | Warehouse, timeout: float = 0) -> Iterator[None]:
    """Hold the warehouse's single-writer lock: a file lock, or a PostgreSQL advisory lock for a shared catalog.

    Raises:
        WarehouseBusy: another run is writing and did not finish within ``timeout`` seconds.
    """
    wh = location.parse(where)
    wh.local_dir.mkdir(parents=True, exist_ok=True)
    busy = WarehouseBusy(f"another newsflow run is writing to {wh}; wait for it to finish "
                         f"(or raise NEWS_LOCK_TIMEOUT_SECONDS to queue behind it)")
    if wh.remote:
        from warehouse.pg_lock import advisory_lock

        with advisory_lock(location.writer_conninfo(wh.catalog), wh.lock_key, timeout, busy, WarehouseError):
            yield
        return
    lock = FileLock(str(wh.local_dir / ".writer.lock"))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise busy from None
    try:
        yield
    finally:
        lock.release()


def known_sources(con: duckdb.DuckDBPyConnection, source_uris: Sequence[str] | None = None,
                  content_hashes: Sequence[str] = ()) -> dict[str, str]:
    """source_uri -> content_hash of what the warehouse already holds (documents and quarantine): every source, or
    (given ``source_uris``) these sources and the ones holding any of ``content_hashes``."""
    cursor = con.execute(query_sql("known_sources"), {
        "all": source_uris is None, "source_uris": list(source_uris or ()), "content_hashes": list(content_hashes)})
    known: dict[str, str] = {}
    while rows := cursor.fetchmany(STREAM_CHUNK):  # a chunk at a time: one list of every source costs ~0.2 KB each
        known.update(rows)
    return known


def current_docs(con: duckdb.DuckDBPyConnection, source_uris: list[str]) -> list[str]:
    """doc_ids of the versions the warehouse holds of these sources."""
    return [doc_id for (doc_id,) in con.execute(query_sql("current_docs"), {"source_uris": source_uris}).fetchall()]


def entity_support(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, set[str]]:
    """entity_id -> every doc_id referring to it, for the entities the given documents refer to."""
    rows = con.execute(query_sql("entity_support"), {"doc_ids": doc_ids}).fetchall()
    return {entity_id: set(docs) for entity_id, docs in rows}


def append_rows(con: duckdb.DuckDBPyConnection, table: tables.Table, rows: list[dict]) -> None:
    """Insert rows into a table in one transaction of their own (derived state, e.g. a backfill of entity_keys)."""
    with _registered(con, "_rows", table.from_rows(rows)):
        con.execute(f"insert into {table.name} by name select * from _rows")


def clean_up_after_crashes(where: Path | str | Warehouse) -> int:
    """Remove what runs that died before committing left behind (call holding the writer lock).

    Their staging and spill files are deleted, and so are Parquet files a killed load had written into data/
    but never committed: invisible to queries, they would otherwise pile up. Returns how many such files went.
    """
    local = location.parse(where).local_dir
    shutil.rmtree(local / "staging", ignore_errors=True)
    shutil.rmtree(local / "spill", ignore_errors=True)
    con = connect(where)
    try:
        return len(con.execute(f"call ducklake_delete_orphaned_files('{LAKE}', cleanup_all => true)").fetchall())
    finally:
        con.close()


def commit_run(
    con: duckdb.DuckDBPyConnection,
    staging: Staging,
    processed_sources: Sequence[str],
    run_row: Mapping,
) -> dict[str, int]:
    """Load a run's staged rows in one transaction, replacing earlier versions of its sources.

    Every document row of a processed source (one read again this run, not skipped as unchanged)
    is deleted first, with its rows in every document table and its quarantine rows, so a changed
    source leaves no trace of its old version. Entities are upserted. Batch-level integrity checks
    run inside the transaction; on failure it rolls back.

    Returns:
        Row counts inserted per table.

    Raises:
        IntegrityError: a batch-level check failed; nothing was committed.
    """
    processed = pa.table({"source_uri": pa.array(sorted(set(processed_sources)), pa.string())})
    counts: dict[str, int] = {}
    con.register("processed", processed)
    con.register("run", tables.RUNS.from_rows([dict(run_row)]))
    con.execute("begin transaction")
    try:
        con.execute("create temp table replaced as select doc_id from documents where source_uri in "
                    "(select source_uri from processed)")
        for table in tables.DOC_TABLES:
            con.execute(f"delete from {table.name} where doc_id in (select doc_id from replaced)")
        con.execute("delete from quarantine where source_uri in (select source_uri from processed)")
        entity_files = staging.files(tables.ENTITIES)
        if entity_files:
            for table in ("entities", "entity_keys"):  # an upserted entity's keys are staged with it
                con.execute(f"delete from {table} where entity_id in (select entity_id from read_parquet(?))",
                            [entity_files])
        for table in tables.ALL:
            files = staging.files(table)
            if files:
                counts[table.name] = con.execute(
                    f"insert into {table.name} by name select * from read_parquet(?)", [files]).fetchone()[0]
        con.execute("insert into runs by name select * from run")
        if con.execute("select count(*) from replaced").fetchone()[0]:
            # Entities seen only in replaced versions go; the others' article counts are recounted.
            con.execute(query_sql("entities_after_replace"))
            con.execute(query_sql("entity_keys_after_replace"))
            con.execute(query_sql("entity_doc_counts"))
        failures = integrity_failures(con)
        if failures:
            raise IntegrityError("; ".join(failures))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.execute("drop table if exists temp.replaced")
        con.unregister("processed")
        con.unregister("run")
    return counts


def integrity_failures(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Batch-level checks on the whole warehouse state (run inside the load transaction)."""
    failures = []
    for name, count in con.execute(query_sql("integrity_checks")).fetchall():
        if count:
            failures.append(f"{name}: {count} rows")
    return failures


def record_failed_run(con: duckdb.DuckDBPyConnection, staging: Staging | None, run_row: Mapping) -> None:
    """Commit only the failed run's own record (its runs row and data-quality results)."""
    dq_files = staging.files(tables.DQ_RESULTS) if staging is not None else []
    record_run(con, run_row, dq_files=dq_files)


def record_run(con: duckdb.DuckDBPyConnection, run_row: Mapping, dq_rows: Sequence[Mapping] = (),
               dq_files: Sequence[str] = ()) -> None:
    """Commit a run's own record alone, in one transaction: its runs row and its data-quality results (rows, or
    staged Parquet files). A failed run's record, or that of a run that found nothing new."""
    con.execute("begin transaction")
    try:
        if dq_files:
            con.execute("insert into dq_results by name select * from read_parquet(?)", [list(dq_files)])
        if dq_rows:
            with _registered(con, "dq", tables.DQ_RESULTS.from_rows(list(dq_rows))):
                con.execute("insert into dq_results by name select * from dq")
        with _registered(con, "run", tables.RUNS.from_rows([dict(run_row)])):
            con.execute("insert into runs by name select * from run")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def rows_as_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    return list(stream_dicts(cursor))


# Rows fetched at a time from a large result. A chunk of story features is ~9 KB a row as Python objects (128
# boxed MinHash ints): at 4,096 rows the transient chunks of a run's state reads raised its flow's memory by ~60 MB.
STREAM_CHUNK = 1024


def stream_dicts(cursor: duckdb.DuckDBPyConnection, chunk: int = STREAM_CHUNK) -> Iterator[dict]:
    """Rows as dicts, fetched a chunk at a time: a large result never sits in memory as Python objects at once."""
    cols = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(chunk):
        yield from (dict(zip(cols, row)) for row in rows)


def _duck_type(con: duckdb.DuckDBPyConnection, field: pa.Field) -> str:
    with _registered(con, "_field", pa.schema([field]).empty_table()):
        return con.execute(f"describe select {field.name} from _field").fetchone()[1]


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, data: pa.Table) -> Iterator[None]:
    """Expose an Arrow table to SQL under ``name`` for the duration of the block."""
    con.register(name, data)
    try:
        yield
    finally:
        con.unregister(name)


def _sql_str(value: str) -> str:
    return value.replace("'", "''")
