"""Finding article files on disk and reading them into raw records, never losing one.

Minimal first version; see issue 4 for the full reader.
"""

from __future__ import annotations

import glob
import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SUFFIXES = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "json"}


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


def discover(paths: Iterable[str]) -> tuple[list[Path], list[Rejected]]:
    """Expand files, directories (recursively) and globs into article files, sorted."""
    found: set[Path] = set()
    missing: list[Rejected] = []
    for raw in paths:
        matches = [Path(m) for m in glob.glob(raw, recursive=True)] if glob.has_magic(raw) else [Path(raw)]
        if not any(m.exists() for m in matches):
            missing.append(Rejected(str(Path(raw).absolute()), f"missing: no such file or directory: {raw}"))
            continue
        for m in matches:
            if m.is_dir():
                found.update(p for p in m.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            elif m.is_file():
                found.add(m)
    return sorted(p.resolve() for p in found), missing


def read_path(path: Path, *, max_bytes: int = 5_000_000) -> Iterator[RawArticle | Rejected]:
    """Read one file into one raw article (or a rejection with its reason)."""
    uri = str(path)
    data = path.read_bytes()
    if not data.strip():
        yield Rejected(uri, "empty: file has no content")
        return
    if len(data) > max_bytes:
        yield Rejected(uri, f"too_large: {len(data)} bytes > limit {max_bytes}")
        return
    if b"\x00" in data[:4096]:
        yield Rejected(uri, "binary: file contains NUL bytes", data[:200].hex())
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if _decodes(data, "cp1252") else None
    if text is None:
        yield Rejected(uri, "undecodable: not UTF-8 or cp1252", data[:200].hex())
        return
    fmt = SUFFIXES.get(path.suffix.lower(), "txt")
    yield RawArticle(uri, hashlib.sha256(data).hexdigest(), unicodedata.normalize("NFC", text), fmt)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
