"""Warehouse locations: a directory, or a PostgreSQL catalog with S3 data, named by a URL without credentials."""

from pathlib import Path

import pytest

from warehouse import location, store

URL = "postgres://news@db.example:6543/lake?data=s3://bucket/news/"


def test_a_directory_is_a_local_warehouse():
    wh = location.parse("some/dir")
    assert (wh.remote, wh.local_dir, wh.catalog) == (False, Path("some/dir"), None)


def test_a_url_names_the_catalog_the_data_and_a_local_place():
    wh = location.parse(URL)
    assert wh.catalog == "dbname=lake host=db.example port=6543 user=news"
    assert wh.data_path == "s3://bucket/news/"
    assert wh.local_dir == Path(".newsflow/db.example-6543-lake")
    assert location.parse(URL + "&local=/var/newsflow").local_dir == Path("/var/newsflow")
    assert location.parse("postgresql://db/lake?data=s3://b/p").catalog == "dbname=lake host=db port=5432"


@pytest.mark.parametrize("url, message", [
    ("postgres://news:hunter2@db/lake?data=s3://b/p", "PGPASSWORD"),
    ("postgres://news@db/lake", "data=s3://"),
    ("postgres://news@db/lake?data=/local/dir", "data=s3://"),
    ("postgres://news@db/lake?data=s3://b/p&sslmode=off", "unknown warehouse URL option(s): sslmode"),
])
def test_bad_urls_are_refused_with_the_reason(url, message):
    with pytest.raises(location.LocationError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        location.parse(url)
    assert "hunter2" not in str(caught.value)


def test_each_data_path_has_its_own_writer_lock():
    assert location.parse(URL).lock_key == location.parse(URL + "&local=/elsewhere").lock_key
    assert location.parse(URL).lock_key != location.parse(URL.replace("news/", "other/")).lock_key


def test_the_s3_secret_reads_the_environment_and_can_be_printed_without_keys(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s3cr3t'key")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")
    monkeypatch.delenv("AWS_REGION", raising=False)
    sql = location.s3_secret_sql()
    assert "KEY_ID 'AKIDEXAMPLE'" in sql and "SECRET 's3cr3t''key'" in sql and "REGION 'us-east-1'" in sql
    assert "ENDPOINT '127.0.0.1:9000'" in sql and "URL_STYLE 'path'" in sql and "USE_SSL false" in sql
    printable = location.s3_secret_sql(from_env_in_sql=True)
    assert "s3cr3t" not in printable and "AKIDEXAMPLE" not in printable
    assert "SECRET getenv('AWS_SECRET_ACCESS_KEY')" in printable


def test_a_remote_warehouse_attaches_with_the_registry_extensions(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    statements = store.attach_statements(URL, read_only=True, printable=True)
    loads = [s for s in statements if s.startswith("LOAD")]
    assert [Path(s.split("'")[1]).name for s in loads] == [
        "postgres_scanner.duckdb_extension", "httpfs.duckdb_extension", "ducklake.duckdb_extension"]
    assert ("ATTACH 'ducklake:postgres:dbname=lake host=db.example port=6543 user=news' AS lake "
            "(DATA_PATH 's3://bucket/news/', OVERRIDE_DATA_PATH true, READ_ONLY)") in statements


def test_only_a_writer_asks_the_catalog_server_to_probe_its_connection(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    writer = [s for s in store.attach_statements(URL) if s.startswith("ATTACH")][0]
    assert ("ATTACH 'ducklake:postgres:dbname=lake host=db.example port=6543 user=news options=''-c "
            "tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3''' AS lake") in writer
    reader = [s for s in store.attach_statements(URL, read_only=True) if s.startswith("ATTACH")][0]
    assert "options" not in reader


def test_scheduled_runs_get_the_warehouse_independent_of_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert location.absolute("wh") == str(tmp_path / "wh")
    absolute = location.parse(location.absolute(URL))
    assert absolute.local_dir == tmp_path / ".newsflow/db.example-6543-lake"
    assert (absolute.catalog, absolute.data_path) == (location.parse(URL).catalog, "s3://bucket/news/")
