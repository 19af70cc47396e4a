"""Finding article files on disk and reading them into raw records, never losing one.

Every input ends as either a ``RawArticle`` or a ``Rejected`` with a reason ``"<code>: <detail>"``.
Codes: ``missing``, ``unreadable``, ``empty``, ``binary``, ``too_large``, ``undecodable``,
``no_text``, ``invalid_json``. (``language`` and cleaning failures come from ``tasks.lib.clean.text``.)
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".json": "json", ".jsonl": "json", ".ndjson": "json"}
PAYLOAD_CHARS = 2000  # enough of a rejected input to see what it was and retry it by hand
JSON_FILE_FACTOR = 20  # a .json file holds many records, so it may be this many times max_bytes


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


@dataclass
class Discovered:
    files: list[Path]  # article files, resolved, sorted, de-duplicated
    missing: list[Rejected]  # one per path or pattern that matched nothing
    skipped: list[Path]  # files found in folders or by patterns whose extension is not an article's


def discover(paths: Iterable[str]) -> tuple[list[Path], list[Rejected]]:
    """Expand files, directories and globs into article files: ``discover_all`` without the skipped files."""
    found = discover_all(paths)
    return found.files, found.missing


def discover_all(paths: Iterable[str]) -> Discovered:
    """Expand files, directories (recursively) and globs into article files.

    Files named explicitly are kept whatever their suffix; inside directories, and among a pattern's
    matches, only the known article suffixes (``SUFFIXES``) are collected, and the others are
    listed as skipped. Hidden files and directories are passed over.

    Args:
        paths: file paths, directory paths or glob patterns (``**`` recurses).
    """
    found: set[Path] = set()
    skipped: set[Path] = set()
    missing: list[Rejected] = []
    for raw in paths:
        raw = os.path.expanduser(str(raw))
        matches = [Path(m) for m in glob.glob(raw, recursive=True)] if glob.has_magic(raw) else [Path(raw)]
        matches = [m for m in matches if _exists(m)]
        if not matches:
            missing.append(Rejected(str(Path(raw).absolute()), f"missing: no such file or directory: {raw}"))
            continue
        for m in matches:
            if m.is_dir():
                for path in _walk(m):
                    (found if path.suffix.lower() in SUFFIXES else skipped).add(path)
            elif glob.has_magic(raw) and m.suffix.lower() not in SUFFIXES:
                skipped.add(m)  # a pattern like "data/*" should not pull in stray non-article files
            else:
                found.add(m)
    files = sorted({p.resolve() for p in found})
    return Discovered(files, missing, sorted({p.resolve() for p in skipped} - set(files)))


def missing_paths(paths: Iterable[str]) -> list[str]:
    """The paths or patterns that name nothing on disk (checked before a run does any work)."""
    out = []
    for raw in paths:
        path = os.path.expanduser(str(raw))
        if glob.has_magic(path):
            if not any(_exists(Path(m)) for m in glob.iglob(path, recursive=True)):
                out.append(str(raw))
        elif not _exists(Path(path)):
            out.append(str(raw))
    return out


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except OSError:
        return False


def _walk(root: Path) -> Iterator[Path]:
    # os.walk ignores unreadable directories instead of raising, unlike Path.rglob on some versions
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath) / name


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
            yield from _read_jsonl(path, uri, max_bytes)
            return
        limit = max_bytes * JSON_FILE_FACTOR if fmt == "json" else max_bytes
        size = path.stat().st_size
        if size > limit:
            with path.open("rb") as fh:
                head = fh.read(PAYLOAD_CHARS)
            yield Rejected(uri, f"too_large: {size} bytes > limit {limit}", _preview(head))
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
        yield from _read_json_document(decoded, uri, max_bytes)
    elif fmt == "md":
        meta, body = split_front_matter(decoded)
        yield _article_from_record(meta, uri, digest, default_text=body, fmt="md")
    else:
        if not _has_letters(decoded):
            yield Rejected(uri, "no_text: no letters in the file", decoded[:PAYLOAD_CHARS])
            return
        yield RawArticle(uri, digest, decoded, fmt)


# --- decoding -------------------------------------------------------------------------------

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
# Signatures of common binary formats that are sometimes saved with a text suffix.
_MAGIC = [(b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x1f\x8b", "gzip"), (b"\x89PNG", "PNG"),
          (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"\x7fELF", "ELF"), (b"\xd0\xcf\x11\xe0", "OLE/Word"),
          (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"), (b"7z\xbc\xaf", "7z"), (b"Rar!", "RAR")]
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.I)
# UTF-8 text that went through cp1252/latin-1 once too often ("â€™", "Ã©").
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\u00e2\u20ac")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, *, html: bool = False) -> str | Rejected:
    """Decode a file's bytes into NFC text with Unix newlines, repairing common mojibake.

    Order: byte-order mark, strict UTF-8, the HTML ``<meta charset>`` when ``html``, then
    charset-normalizer's best guess.

    Args:
        data: the raw bytes.
        html: also honour a ``<meta charset=...>`` declaration.

    Returns:
        The text, or a ``Rejected`` (``binary`` or ``undecodable``) with an empty source_uri.
    """
    text = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data, enc)
            break
    if text is None:
        for magic, name in _MAGIC:
            if data.startswith(magic):
                return Rejected("", f"binary: looks like a {name} file", data[:200].hex())
        if b"\x00" in data[:8192]:
            text = _utf16_without_bom(data)
            if text is None:
                return Rejected("", "binary: file contains NUL bytes", data[:200].hex())
    if text is None:
        text = _try_decode(data, "utf-8")
    if text is None and html and (m := _META_CHARSET.search(data[:4096])):
        text = _try_decode(data, m.group(1).decode("ascii", "replace"))
    if text is None:
        text = _guess_decode(data)
    if text is None:
        return Rejected("", "undecodable: no text encoding fits the bytes", data[:200].hex())
    if len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 50):
        return Rejected("", "binary: too many control characters for text", data[:200].hex())
    return normalize_text(text)


# Lone UTF-16 surrogates: valid in JSON escapes ("\ud83d", an emoji cut in half), not encodable as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """Unix newlines, NFC, lone surrogates replaced, and mojibake repaired when a cp1252 round trip fixes it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _SURROGATE.sub("\ufffd", text)
    if _MOJIBAKE.search(text):
        text = _fix_mojibake(text)
    return unicodedata.normalize("NFC", text)


def _fix_mojibake(text: str) -> str:
    # Repair line by line so one legitimately accented line does not block the others.
    out = []
    for line in text.split("\n"):
        if _MOJIBAKE.search(line):
            for enc in ("cp1252", "latin-1"):
                try:
                    line = line.encode(enc).decode("utf-8")
                    break
                except UnicodeError:
                    continue
        out.append(line)
    return "\n".join(out)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 without BOM: NUL in every other byte of ASCII-range text.
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 50:
        return _try_decode(data, "utf-16-be" if even > odd else "utf-16-le")
    return None


# Non-ASCII characters that Western (cp1252) news text plausibly contains.
_WESTERN = re.compile("[\u00a0-\u00ff\u20ac\u2018-\u201e\u2013\u2014\u2026\u2022\u2122\u0152\u0153\u0160\u0161\u017d\u017e\u0178]")


def _guess_decode(data: bytes) -> str | None:
    # Mostly-ASCII bytes whose few other bytes read as Western letters and symbols in cp1252
    # are cp1252 (the usual legacy encoding of English news files); statistical detectors
    # often call a lone "\xa3" (pound sign) Japanese or Central European.
    western = _try_decode(data, "cp1252")
    if western is not None:
        non_ascii = [ch for ch in western if ord(ch) > 127]
        if sum(1 for ch in non_ascii if _WESTERN.match(ch)) >= 0.9 * len(non_ascii) \
                and len(non_ascii) <= 0.1 * len(western):
            return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    # Reject guesses that read like noise: a few distinct characters repeated (cp949 gibberish).
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(sample) > 200 and len(set(sample)) < 20 and not any(ch.isascii() and ch.isalpha() for ch in letters):
        return None
    return text


def _preview(data: bytes) -> str:
    return data[:PAYLOAD_CHARS].decode("utf-8", errors="replace")


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


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


# --- JSON records ---------------------------------------------------------------------------

# Field names seen in news dumps (NewsAPI, news-please, GDELT-style exports, CMS exports), in
# order of preference; matched case-insensitively.
TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "article_text", "articlebody", "full_text",
               "fulltext", "story", "body_text", "bodytext", "text_content", "html", "raw_html", "description")
TITLE_FIELDS = ("title", "headline", "name", "heading", "title_text")
URL_FIELDS = ("url", "link", "uri", "href", "canonical_url", "source_url", "permalink")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator", "writer", "by")
DATE_FIELDS = ("published_at", "publishedat", "date_publish", "published", "pubdate", "publish_date",
               "publication_date", "date_published", "datepublished", "published_date", "pub_date", "date",
               "datetime", "created_at", "timestamp", "time")
SOURCE_FIELDS = ("source", "outlet", "site_name", "sitename", "publisher", "source_name", "source_domain",
                 "domain", "newspaper", "publication")
_LIST_KEYS = ("articles", "data", "items", "records", "results", "docs", "documents", "entries", "posts", "hits")
_HTML_HINT = re.compile(r"<(p|div|br|article|span|h[1-6]|html|body|a|li|section)\b[^>]*>", re.I)


def _read_jsonl(path: Path, uri: str, max_bytes: int) -> Iterator[RawArticle | Rejected]:
    with path.open("rb") as fh:
        if fh.read(1) == b"":
            yield Rejected(uri, "empty: file has 0 bytes")
            return
        fh.seek(0)
        n = 0
        produced = False
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                break
            n += 1
            rec_uri = f"{uri}#{n}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # skip the rest of the giant line without holding it in memory
                while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
                    pass
                produced = True
                yield Rejected(rec_uri, f"too_large: line {n} is longer than {max_bytes} bytes", _preview(line))
                continue
            if not line.strip():
                continue
            produced = True
            decoded = decode_bytes(line)
            if isinstance(decoded, Rejected):
                decoded.source_uri = rec_uri
                yield decoded
                continue
            try:
                record = json.loads(decoded)
            except (ValueError, RecursionError) as exc:
                yield Rejected(rec_uri, f"invalid_json: line {n}: {_json_error(exc)}", decoded[:PAYLOAD_CHARS])
                continue
            yield _record_to_article(record, rec_uri, hashlib.sha256(line.rstrip(b"\r\n")).hexdigest(),
                                     decoded, max_bytes)
        if not produced:
            yield Rejected(uri, "empty: file has only blank lines")


def _read_json_document(text: str, uri: str, max_bytes: int) -> Iterator[RawArticle | Rejected]:
    try:
        doc = json.loads(text)
    except RecursionError:
        yield Rejected(uri, "invalid_json: nested too deeply", text[:PAYLOAD_CHARS])
        return
    except ValueError as exc:
        # Many ".json" exports are really JSON Lines.
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:5]):
            for n, line in enumerate(text.split("\n"), start=1):
                if not line.strip():
                    continue
                raw = line.encode("utf-8")
                try:
                    record = json.loads(line)
                except (ValueError, RecursionError) as err:
                    yield Rejected(f"{uri}#{n}", f"invalid_json: line {n}: {_json_error(err)}", line[:PAYLOAD_CHARS])
                    continue
                yield _record_to_article(record, f"{uri}#{n}", hashlib.sha256(raw).hexdigest(), line, max_bytes)
            return
        yield Rejected(uri, f"invalid_json: {_json_error(exc)}", text[:PAYLOAD_CHARS])
        return
    records = _records_of(doc)
    if records is None:
        yield Rejected(uri, f"invalid_json: expected an object or a list of objects, got {type(doc).__name__}",
                       text[:PAYLOAD_CHARS])
        return
    if not records:
        yield Rejected(uri, "empty: JSON holds no records", text[:PAYLOAD_CHARS])
        return
    for n, record in enumerate(records, start=1):
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True)
        yield _record_to_article(record, f"{uri}#{n}",
                                 hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest(), raw, max_bytes)


def _records_of(doc: Any) -> list | None:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        lowered = {str(k).lower(): v for k, v in doc.items()}
        if not _pick(lowered, TEXT_FIELDS):
            for key in _LIST_KEYS:
                if isinstance(lowered.get(key), list):
                    return lowered[key]
        return [doc]
    return None


def _json_error(exc: Exception) -> str:
    return str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"


def _record_to_article(record: Any, uri: str, digest: str, raw: str, max_bytes: int) -> RawArticle | Rejected:
    if not isinstance(record, dict):
        return Rejected(uri, f"invalid_json: record is a {type(record).__name__}, expected an object",
                        raw[:PAYLOAD_CHARS])
    if len(raw.encode("utf-8", errors="replace")) > max_bytes:
        return Rejected(uri, f"too_large: record is longer than {max_bytes} bytes", raw[:PAYLOAD_CHARS])
    return _article_from_record(record, uri, digest, raw=raw)


def _article_from_record(record: Mapping[str, Any], uri: str, digest: str, *, default_text: str | None = None,
                         fmt: str | None = None, raw: str | None = None) -> RawArticle | Rejected:
    fields = {str(k).lower().replace("-", "_"): v for k, v in record.items()}
    text = _as_text(_pick(fields, TEXT_FIELDS)) if default_text is None else default_text
    if text is not None:
        text = normalize_text(text)
    title = _clean_field(_as_text(_pick(fields, TITLE_FIELDS)))
    if (not text or not _has_letters(text)) and title and _has_letters(title):
        text = title  # a title-only record (a headline feed): its headline is all the text it has
    elif not text or not text.strip() or not _has_letters(text):
        return Rejected(uri, "no_text: record has no article text (looked for "
                        + ", ".join(TEXT_FIELDS[:6]) + ", ...)", (raw or "")[:PAYLOAD_CHARS] or None)
    if fmt is None:
        fmt = "html" if len(_HTML_HINT.findall(text[:20000])) >= 2 else "txt"
    return RawArticle(
        source_uri=uri,
        content_hash=digest,
        text=text,
        format=fmt,
        title=title,
        url=_clean_field(_as_text(_pick(fields, URL_FIELDS))),
        author=_clean_field(_as_names(_pick(fields, AUTHOR_FIELDS))),
        published_at=parse_datetime(_pick(fields, DATE_FIELDS)),
        source=_clean_field(_as_names(_pick(fields, SOURCE_FIELDS))),
    )


def _pick(fields: Mapping[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # paragraphs given as a list
        parts = [v for v in value if isinstance(v, str)]
        return "\n".join(parts) if parts else None
    if isinstance(value, dict):
        for key in ("text", "value", "content", "#text", "name"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


def _as_names(value: Any) -> str | None:
    # authors/source come as "A", ["A", "B"], {"name": "A"} or [{"name": "A"}]
    if isinstance(value, list):
        names = [n for n in (_as_names(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        for key in ("name", "title", "id", "domain"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key]
        return None
    return value if isinstance(value, str) else None


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", " ".join(value.split())))
    return value[:1000] or None


_EPOCH_MS = 10**11  # larger numbers are epoch milliseconds


PLAUSIBLE_YEARS = range(1800, 2201)  # outside: a placeholder or an exporter's bug, not a publication date


def parse_datetime(value: Any) -> datetime | None:
    """Parse a publication date from metadata; never invent one (see ``_parse_datetime``)."""
    parsed = _parse_datetime(value)
    return parsed if parsed is not None and parsed.year in PLAUSIBLE_YEARS else None


def _parse_datetime(value: Any) -> datetime | None:
    """Parse a publication date from metadata; never invent one.

    Accepts ISO 8601, RFC 2822 (RSS ``pubDate``), epoch seconds or milliseconds, and
    other absolute formats dateparser knows. Relative expressions ("yesterday") and dates
    missing the day, month or year give ``None`` rather than a guess filled in from today.

    Args:
        value: a string, number or ``datetime`` (anything else gives ``None``).

    Returns:
        A ``datetime`` (timezone-aware when the input says so), or ``None``.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            secs = value / 1000 if abs(value) >= _EPOCH_MS else value
            return datetime.fromtimestamp(secs, tz=timezone.utc) if secs > 0 else None
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, dict):
        return _parse_datetime(_pick({str(k).lower(): v for k, v in value.items()}, ("$date", "date", "value")))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 100:
        return None
    if s.isdigit() and len(s) >= 9:
        return _parse_datetime(int(s))
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        return dateparser.parse(s, settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
        })
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is just unknown
        return None
