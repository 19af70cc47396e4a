"""What reading yields: a ``RawArticle``, or a ``Rejected`` input with its reason, and the small
helpers the format readers share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

PAYLOAD_CHARS = 2000  # enough of a rejected input to see what it was and retry it by hand


@dataclass
class RawArticle:
    source_uri: str  # the file's absolute path, or "path#N" for record N of a JSON/JSONL file
    content_hash: str  # sha256 hex of the record's raw content
    text: str  # decoded, NFC; for HTML the page source
    format: str  # txt | md | html | json
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    source: str | None = None  # outlet name, when the record says


@dataclass
class Rejected:
    source_uri: str
    reason: str  # "<code>: <detail>", e.g. "empty: file has 0 bytes"
    payload: str | None = None  # what was read (truncated), enough to retry


def preview(data: bytes) -> str:
    """The start of a rejected input's bytes as text, for its ``payload``."""
    return data[:PAYLOAD_CHARS].decode("utf-8", errors="replace")


def has_letters(text: str) -> bool:
    """True when ``text`` holds at least one letter (in any script)."""
    return any(ch.isalpha() for ch in text)


def pick(fields: Mapping[str, Any], names: Iterable[str]) -> Any:
    """The first of ``names`` that ``fields`` holds with a non-empty value, else ``None``."""
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}):
            return value
    return None
