"""Where a warehouse lives: a local directory, or a DuckLake catalog on PostgreSQL with its data on S3.

A warehouse is named by a directory (``warehouse/``) or by a URL::

    postgres://USER@HOST:PORT/DB?data=s3://BUCKET/PREFIX[&local=DIR]

Credentials never appear in the URL (it is a flow parameter, kept by Prefect): the PostgreSQL password comes
from ``PGPASSWORD`` (or ``~/.pgpass``, read by libpq), the S3 keys from ``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY`` (and ``AWS_SESSION_TOKEN``, ``AWS_REGION``), an S3-compatible server's address from
``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL`` (path-style URLs then). ``local`` is the directory on the running
machine for what is never shared: a run's staging files, DuckDB's spill files and the Data Docs
(default ``.newsflow/HOST-PORT-DB``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

SCHEMES = ("postgres", "postgresql")
# A writer's sessions (the writer lock's, the load's) have the server probe their client with TCP keepalives: a
# machine lost outright (power, network) closes no connection, and without probes its sessions, with the lock and
# a half-done commit's row locks, would last the system's two hours; with these they end about a minute after it
# stops answering (first probe after 30 s of silence, then every 10 s, 3 unanswered probes).
WRITER_KEEPALIVES = "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3"


class LocationError(ValueError):
    """A warehouse URL that cannot be used as given."""


@dataclass(frozen=True)
class Warehouse:
    """A parsed warehouse location; ``local_dir`` always exists on the running machine."""

    local_dir: Path
    catalog: str | None = None  # libpq "key=value" string of the PostgreSQL catalog; None: local warehouse
    data_path: str | None = None  # s3://bucket/prefix/ of the Parquet files

    @property
    def remote(self) -> bool:
        return self.catalog is not None

    @property
    def lock_key(self) -> int:
        """The PostgreSQL advisory lock key of this warehouse's single writer (one per data path)."""
        return int.from_bytes(hashlib.sha1(f"newsflow:{self.data_path}".encode()).digest()[:8], "big", signed=True)

    def __str__(self) -> str:  # for messages: no credentials are ever part of it
        if not self.remote:
            return str(self.local_dir.resolve())
        return f"ducklake:postgres:{self.catalog} (data {self.data_path})"


def parse(spec: str | os.PathLike | Warehouse) -> Warehouse:
    """The warehouse named by a directory or a ``postgres://`` URL.

    Raises:
        LocationError: a URL with a password, without ``data=s3://...``, or with unknown options.
    """
    if isinstance(spec, Warehouse):
        return spec
    text = str(spec)
    if not re.match(r"(?i)^(postgres|postgresql)://", text):
        return Warehouse(local_dir=Path(spec))
    url = urlsplit(text)
    if url.password is not None:
        raise LocationError("put the PostgreSQL password in PGPASSWORD, not in the warehouse URL")
    query = parse_qs(url.query)
    if unknown := set(query) - {"data", "local"}:
        raise LocationError(f"unknown warehouse URL option(s): {', '.join(sorted(unknown))} (use data=, local=)")
    data = query.get("data", [""])[0]
    if not data.startswith("s3://") or len(data) <= len("s3://"):
        raise LocationError("a PostgreSQL warehouse needs its data place: ?data=s3://BUCKET/PREFIX")
    db = unquote(url.path.lstrip("/")) or "postgres"
    parts = {"dbname": db, "host": url.hostname or "localhost", "port": str(url.port or 5432)}
    if url.username:
        parts["user"] = unquote(url.username)
    catalog = " ".join(f"{key}={_libpq_value(value)}" for key, value in parts.items())
    default_local = Path(".newsflow") / re.sub(r"[^\w.-]", "_", f"{parts['host']}-{parts['port']}-{db}")
    local = Path(query["local"][0]) if "local" in query else default_local
    return Warehouse(local_dir=local, catalog=catalog, data_path=data.rstrip("/") + "/")


def writer_conninfo(catalog: str) -> str:
    """The libpq string of a writer's session to the catalog (``Warehouse.catalog``, with the keepalives)."""
    return f"{catalog} options={_libpq_value(WRITER_KEEPALIVES)}"


def absolute(spec: str | os.PathLike) -> str:
    """The same warehouse named independently of the working directory (for runs that start elsewhere)."""
    wh = parse(spec)
    if not wh.remote:
        return str(wh.local_dir.resolve())
    url = urlsplit(str(spec))
    query = urlencode({"data": wh.data_path.rstrip("/"), "local": str(wh.local_dir.resolve())}, safe="/:")
    return urlunsplit((url.scheme, url.netloc, url.path, query, ""))


def s3_secret_sql(*, from_env_in_sql: bool = False) -> str:
    """The CREATE SECRET statement for the S3 data, its values read from the environment now.

    With ``from_env_in_sql`` the statement reads them with ``getenv`` instead, so it can be printed (the DuckDB
    CLI has ``getenv``): no key is ever written out.
    """
    def value(name: str, default: str = "") -> str:
        if from_env_in_sql:
            return f"coalesce(getenv('{name}'), '{default}')" if default else f"getenv('{name}')"
        return "'" + os.environ.get(name, default).replace("'", "''") + "'"

    options = ["TYPE s3", f"KEY_ID {value('AWS_ACCESS_KEY_ID')}", f"SECRET {value('AWS_SECRET_ACCESS_KEY')}",
               f"REGION {value('AWS_REGION', 'us-east-1')}"]
    if os.environ.get("AWS_SESSION_TOKEN"):
        options.append(f"SESSION_TOKEN {value('AWS_SESSION_TOKEN')}")
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        # An S3-compatible server (MinIO, moto, ...): its host:port, path-style URLs, TLS as its scheme says.
        split = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
        options += [f"ENDPOINT '{split.netloc}'", "URL_STYLE 'path'",
                    f"USE_SSL {'true' if split.scheme == 'https' else 'false'}"]
    return f"CREATE OR REPLACE SECRET newsflow_s3 ({', '.join(options)})"


def _libpq_value(value: str) -> str:
    if value and not re.search(r"[\s'\\]", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
