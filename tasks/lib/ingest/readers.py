"""Reading one article file into raw records, never losing one.

Every input ends as either a ``RawArticle`` or a ``Rejected`` with a reason ``"<code>: <detail>"``.
Codes: ``missing``, ``unreadable``, ``empty``, ``binary``, ``too_large``, ``undecodable``,
``no_text``, ``invalid_json``. (``language`` and cleaning failures come from ``tasks.lib.clean``.)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tasks.lib.ingest.decoding import decode_bytes
from tasks.lib.ingest.discovery import SUFFIXES
from tasks.lib.ingest.json_records import article_from_record, read_json_document, read_jsonl
from tasks.lib.ingest.raw import PAYLOAD_CHARS, RawArticle, Rejected, has_letters, preview

JSON_FILE_FACTOR = 20  # a .json file holds many records, so it may be this many times max_bytes


def read_path(path: Path | str, *, max_bytes: int = 5_000_000) -> Iterator[RawArticle | Rejected]:
    """Read one file into raw articles, or rejections that say why.

    A ``.json`` file (one object, a list of objects, or an object holding such a list) and a
    ``.jsonl`` file (one object per line) give one result per record, with source_uri
    ``"<path>#<n>"`` (n counts records, or lines for JSONL, from 1). Never raises on bad content.

    Args:
        path: the file to read.
        max_bytes: largest accepted article; a JSONL line counts as one article, a whole
            ``.json`` file may be ``JSON_FILE_FACTOR`` times larger.

    Returns:
        An iterator of ``RawArticle`` and ``Rejected`` items.
    """
    path = Path(path)
    uri = str(path.absolute())
    fmt = SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        if fmt == "json" and path.suffix.lower() in (".jsonl", ".ndjson"):
            yield from read_jsonl(path, uri, max_bytes)
            return
        limit = max_bytes * JSON_FILE_FACTOR if fmt == "json" else max_bytes
        size = path.stat().st_size
        if size > limit:
            with path.open("rb") as fh:
                head = fh.read(PAYLOAD_CHARS)
            yield Rejected(uri, f"too_large: {size} bytes > limit {limit}", preview(head))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(uri, f"unreadable: {type(exc).__name__}: {exc.strerror or exc}")
        return
    if not data:
        yield Rejected(uri, "empty: file has 0 bytes")
        return
    decoded = decode_bytes(data, html=fmt == "html")
    if isinstance(decoded, Rejected):
        decoded.source_uri = uri
        yield decoded
        return
    if not decoded.strip():
        yield Rejected(uri, "empty: file has only whitespace", decoded[:PAYLOAD_CHARS])
        return
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "json":
        yield from read_json_document(decoded, uri, max_bytes)
    elif fmt == "md":
        meta, body = split_front_matter(decoded)
        yield article_from_record(meta, uri, digest, default_text=body, fmt="md")
    else:
        if not has_letters(decoded):
            yield Rejected(uri, "no_text: no letters in the file", decoded[:PAYLOAD_CHARS])
            return
        yield RawArticle(uri, digest, decoded, fmt)

# --- markdown front matter ------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML-style front matter (simple ``key: value`` lines) from a Markdown body.

    Returns:
        The front-matter fields (lower-case keys, unquoted values) and the remaining body.
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta: dict[str, Any] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[m.end():]
