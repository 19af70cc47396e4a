"""The Prefect tasks called through ``.fn()`` on the hand-written articles in tests/fixtures/articles.

Each stage's output is built once per session from the stage before it, the way the flow chains them, so a
test of one task gets the real input of that task and no hand-made stand-in.
"""

from __future__ import annotations

import shutil

import pytest
from prefect.logging import disable_run_logger

from flows.settings import Settings
from tests.conftest import FIXTURES

MAX_BYTES = Settings().max_bytes


@pytest.fixture(autouse=True)
def _no_run_logger():
    """Tasks log through Prefect's run logger; outside a flow run it must be disabled."""
    with disable_run_logger():
        yield


@pytest.fixture(scope="session")
def article_dir(tmp_path_factory):
    target = tmp_path_factory.mktemp("task_inputs") / "articles"
    shutil.copytree(FIXTURES / "articles", target)
    return target


@pytest.fixture(scope="session")
def read(article_dir):
    """The ingest stage's result for the two fixture articles, on an empty warehouse."""
    from tasks.ingest import ingest_articles
    from warehouse import store
    from warehouse.held_reader import HeldReader

    warehouse = article_dir.parent / "empty-warehouse"
    store.connect(warehouse).close()  # a run creates its warehouse before reading
    with disable_run_logger():
        return ingest_articles.fn(sorted(article_dir.iterdir()), HeldReader(warehouse), {}, MAX_BYTES)


@pytest.fixture(scope="session")
def cleaned(read):
    from tasks.clean import clean_articles

    with disable_run_logger():
        return clean_articles.fn(read.raw, ["en"])


@pytest.fixture(scope="session")
def analyses(cleaned):
    from tasks.extract import extract_articles

    with disable_run_logger():
        return extract_articles.fn(cleaned.articles, Settings().spacy_model, 0)


@pytest.fixture(scope="session")
def empty_state(tmp_path_factory):
    """What a new warehouse holds: nothing."""
    from tasks.load import read_extract_state, read_state

    warehouse = tmp_path_factory.mktemp("empty_warehouse")
    with disable_run_logger():
        state = read_state.fn(warehouse)
        state.extract = read_extract_state.fn(warehouse)
        return state


@pytest.fixture(scope="session")
def rows(cleaned, analyses, empty_state):
    """Rows for every table, resolved against an empty warehouse, as the flow stages them."""
    from tasks.extract import resolve_articles

    with disable_run_logger():
        batch = resolve_articles.fn(cleaned.articles, analyses, empty_state.extract, "run-1", "test", [])
    batch["embeds"] = cleaned.embeds
    return batch


def by_source(table, name: str) -> dict:
    """The one row of ``table`` whose source_uri ends with ``name``."""
    (row,) = [r for r in table.to_pylist() if r["source_uri"].endswith(name)]
    return row
