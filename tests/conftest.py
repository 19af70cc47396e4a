import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

# Hermetic, quiet Prefect and GX for every test process (before Prefect is imported).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    """The trained English pipeline, loaded once for the whole test session."""
    from tasks.lib.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """A throwaway Prefect API and database for the whole session (no user state touched)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect_home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def articles(tmp_path):
    """A fresh copy of the hand-written test articles, so tests may edit or add files."""
    target = tmp_path / "articles"
    shutil.copytree(FIXTURES / "articles", target)
    return target


def query(warehouse, sql, params=None):
    """Rows of a read-only query against a warehouse directory, as dicts."""
    from warehouse import store

    con = store.connect(warehouse, read_only=True)
    try:
        return store.rows_as_dicts(con.execute(sql, params or []))
    finally:
        con.close()


def run_row(run_id, *, docs=1, status="completed", started_at=datetime(2026, 1, 5, tzinfo=timezone.utc), **more):
    """A ``runs`` row for a hand-built warehouse: every document the run saw was loaded."""
    return {"run_id": run_id, "started_at": started_at, "status": status, "docs_seen": docs, "docs_loaded": docs,
            "docs_replaced": 0, "docs_skipped": 0, "docs_quarantined": 0, "pipeline_version": "test", **more}


def commit_rows(root, run, sources, rows):
    """Commit hand-written rows (``{Table: [row, ...]}``) into the warehouse at ``root`` as the run ``run``."""
    from warehouse import store

    con, staging = store.connect(root), store.Staging(root, run["run_id"])
    try:
        for table, table_rows in rows.items():
            staging.write(table, table_rows)
        store.commit_run(con, staging, sources, run)
    finally:
        con.close()
        staging.remove()
    return root


def scalar(warehouse, sql, params=None):
    return next(iter(query(warehouse, sql, params)[0].values()))


# Everything but bookkeeping that names the run.
COMPARED = {
    "documents": "select * exclude (run_id) from documents order by doc_id",
    "entities": "select entity_id, canonical_name, label, aliases from entities order by entity_id",
    "mentions": "select * from mentions order by doc_id, start_char",
    "roles": "select * from roles order by doc_id, entity_id, role",
    "quotes": "select * from quotes order by quote_id",
    "amounts": "select * from amounts order by doc_id, start_char",
    "dates": "select * from dates order by doc_id, start_char",
    "stories": "select * from stories order by doc_id",
}


def same_rows(warehouse, expected):
    """Assert two warehouses hold the same rows in every table, but for the ids of the runs that wrote them."""
    for table, sql in COMPARED.items():
        assert query(warehouse, sql) == query(expected, sql), table
