"""Fixtures shared by the reliability tests: a corpus, its clean-run reference warehouse, CLI subprocess settings."""

from __future__ import annotations

import pytest

from tests.reliability import harness


@pytest.fixture(scope="session")
def api_url(prefect_harness) -> str:
    """The session's throwaway Prefect API, handed to CLI subprocesses so they skip starting their own."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Good and bad article files (never modified: tests that edit files make their own copy)."""
    return harness.make_corpus(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="session")
def reference(prefect_harness, corpus, tmp_path_factory):
    """The warehouse of one clean run over ``corpus`` into a fresh directory, and its snapshot."""
    from flows.news_pipeline import news_pipeline

    wh = tmp_path_factory.mktemp("reference") / "wh"
    summary = news_pipeline(paths=[str(corpus)], warehouse=str(wh), batch_size=harness.BATCH)
    assert summary["status"] == "completed"
    return wh, harness.snapshot(wh)


@pytest.fixture
def cli(tmp_path, api_url):
    """Environment and working directory for `newsflow run` subprocesses (PREFECT_HOME in tmp_path)."""
    home, work = tmp_path / "prefect_home", tmp_path / "cwd"
    home.mkdir()
    work.mkdir()
    return harness.cli_env(home, api_url), work
