"""JSON and JSON Lines files: records found (a list, or a list under a known key), their fields mapped
by name (news dumps' many spellings), one ``RawArticle`` or ``Rejected`` per record."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from tasks.lib.ingest.decoding import SURROGATE, decode_bytes, normalize_text
from tasks.lib.ingest.published import parse_datetime
from tasks.lib.ingest.raw import PAYLOAD_CHARS, RawArticle, Rejected, has_letters, pick, preview

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


def read_jsonl(path: Path, uri: str, max_bytes: int) -> Iterator[RawArticle | Rejected]:
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
                yield Rejected(rec_uri, f"too_large: line {n} is longer than {max_bytes} bytes", preview(line))
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


def read_json_document(text: str, uri: str, max_bytes: int) -> Iterator[RawArticle | Rejected]:
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
        if not pick(lowered, TEXT_FIELDS):
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
    return article_from_record(record, uri, digest, raw=raw)


def article_from_record(record: Mapping[str, Any], uri: str, digest: str, *, default_text: str | None = None,
                         fmt: str | None = None, raw: str | None = None) -> RawArticle | Rejected:
    fields = {str(k).lower().replace("-", "_"): v for k, v in record.items()}
    title = _clean_field(_as_text(pick(fields, TITLE_FIELDS)))
    text = _article_text(fields, title) if default_text is None else default_text
    if text is not None:
        text = normalize_text(text)
    if (not text or not has_letters(text)) and title and has_letters(title):
        text = title  # a title-only record (a headline feed): its headline is all the text it has
    elif not text or not text.strip() or not has_letters(text):
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
        url=_clean_field(_as_text(pick(fields, URL_FIELDS))),
        author=_clean_field(_as_names(pick(fields, AUTHOR_FIELDS))),
        published_at=parse_datetime(pick(fields, DATE_FIELDS)),
        source=_clean_field(_as_names(pick(fields, SOURCE_FIELDS))),
    )


def _article_text(fields: Mapping[str, Any], title: str | None) -> str | None:
    """The first text field with a value. Beside a title a one-word value is passed over: it is an id or a label
    (ECB+ keeps its story's label in ``story``, a field other feeds use for the body), and the headline says more."""
    for name in TEXT_FIELDS:
        value = _as_text(fields.get(name))
        if value and (not title or len(value.split()) > 1):
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
    value = unicodedata.normalize("NFC", SURROGATE.sub("\ufffd", " ".join(value.split())))
    return value[:1000] or None
