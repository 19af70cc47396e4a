"""Hypothesis properties over the pure ingest and clean stages (used by test_hostile.py and benchmarks/soak.py).

Each ``check_*`` function takes generated input, runs the real library code on files in a fresh
directory, and asserts what a user relies on: nothing raises, every input ends as a raw record or
a quarantine row with a ``"<code>: <detail>"`` reason, the good records survive, and nothing is
written outside that directory. ``PROPERTIES`` maps a name to (strategy, check) for the soak.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import strategies as st

from tasks.lib import batches
from tasks.lib.ingest import decoding, discovery, readers

REASON = re.compile(r"^[a-z_]+: \S")  # "<code>: <detail>"
SUFFIXES = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ""]
MAX_BYTES = 20_000  # small, so the too_large paths are exercised too

# ---------------------------------------------------------------- strategies

# Prose of letters, punctuation, quotes and newlines, long enough to be an article sometimes.
WORDS = st.sampled_from(["the", "mayor", "said", "Tuesday", "$4.5 million", "percent", "'", '"', "«", "»", "—",
                         "O'Brien", "Zürich", "東京", "Москва", "SELECT * FROM documents;", "'; DROP TABLE quotes; --",
                         "<b>", "</p>", "&amp;", "\\", "\t", "\n", "\n\n", "..", "../../etc/passwd", "%s", "{}",
                         "\x00", "\u200b", "\ufeff", "🙂", "ﬁ", "é", "e\u0301"])
PROSE = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=12)), min_size=0, max_size=80).map(" ".join)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "iso-8859-2",
             "iso-8859-5", "iso-8859-7", "koi8-r", "cp1251", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr",
             "mac-roman", "cp437"]

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                         PROSE, st.text(max_size=20))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)
FIELD_NAMES = st.sampled_from(["text", "body", "content", "title", "headline", "url", "author", "authors",
                               "published_at", "date", "pubDate", "source", "TEXT", "Body", "source_uri", "doc_id",
                               "run_id", "'; drop table documents; --", "..", "html"])
RECORDS = st.one_of(
    st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=6),
    st.fixed_dictionaries({"text": PROSE}, optional={"title": JSON_VALUES, "published_at": JSON_VALUES,
                                                     "url": JSON_VALUES, "author": JSON_VALUES}),
    JSON_VALUES,
)
# Values real feeds carry that sit at the edges: dates at the ends of the calendar with an offset
# (.NET's 0001-01-01 null date), and lone UTF-16 surrogate escapes (an emoji cut in half by a JS exporter).
EDGE_DATES = st.one_of(
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00Z",
                     "9999-12-31", "1970-01-01T00:00:00+14:00", "2024-02-30", "-0001-01-01"]),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()))
SURROGATE_TEXT = st.lists(st.one_of(WORDS, st.characters(categories=["Cs"])), min_size=1, max_size=12).map(" ".join)
EDGE_LINES = st.one_of(
    st.fixed_dictionaries({"text": st.just("The mayor said the harbor would reopen on Friday."),
                           "published_at": EDGE_DATES}),
    st.fixed_dictionaries({"text": SURROGATE_TEXT.map(lambda t: "The mayor said " + t)},
                          optional={"title": SURROGATE_TEXT}),
    st.fixed_dictionaries({"title": SURROGATE_TEXT}),  # no text: quarantined, with the record as payload
).map(json.dumps)  # ensure_ascii: surrogates travel as \udXXX escapes, which is valid JSON

# A JSONL line: a JSON value, or something that is not JSON at all.
JSONL_LINES = st.one_of(RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False)), st.text(max_size=60),
                        st.just(""), st.just("{"), st.just('{"text": "unterminated'))


@st.composite
def html_pages(draw) -> str:
    """Deeply nested, enormous, broken or script-laden HTML."""
    kind = draw(st.sampled_from(["nested", "wide", "broken", "scripts", "plain"]))
    body = draw(PROSE)
    if kind == "nested":
        depth = draw(st.integers(1, 3000))
        tag = draw(st.sampled_from(["div", "span", "b", "table", "p"]))
        return f"<html><body>{f'<{tag}>' * depth}{body}{f'</{tag}>' * draw(st.integers(0, depth))}</body></html>"
    if kind == "wide":
        n = draw(st.integers(1, 3000))
        return "<html><body>" + f"<p>{body or 'x'}</p>" * n + "</body></html>"
    if kind == "broken":
        return draw(st.text(alphabet="<>/=\"' pdivabrhtml!-&;" + "abc", max_size=400)) + body
    if kind == "scripts":
        return f"<html><head><script>{body}</script><style>{body}</style></head><body><p>{body}</p></body></html>"
    return f"<html><head><title>{body[:40]}</title></head><body><article><p>{body}</p></article></body></html>"


# File names with dots, quotes, SQL and path-like text (one path component, so the file stays in its directory).
NAME_PARTS = st.sampled_from(["..", ".", "'", '"', "`", ";", "--", " ", "drop table documents", "SELECT *",
                              "%", "\\", "$(rm -rf x)", "名前", "é", "a", "b1", "#1", "?", "*", "[x]"])
FILE_STEMS = st.lists(NAME_PARTS, min_size=1, max_size=5).map("".join).filter(
    lambda s: s not in (".", "..") and not s.startswith(".") and "/" not in s and len(s.encode()) < 200)


# ---------------------------------------------------------------- checks

def _files_in(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run_stages(paths: list[Path], *, max_bytes: int = MAX_BYTES) -> tuple[batches.ReadResult, batches.CleanResult]:
    """read_batch then clean_batch, exactly as the flow chains them (every language accepted)."""
    read = batches.read_batch(paths, {}, max_bytes=max_bytes)
    cleaned = batches.clean_batch(read.raw, languages=())
    return read, cleaned


def assert_accounted(paths: list[Path], read: batches.ReadResult, cleaned: batches.CleanResult) -> None:
    """Every file ends as a raw record or quarantine row; each quarantine reason is "<code>: <detail>"."""
    quarantine = read.quarantine + cleaned.quarantine
    for q in quarantine:
        assert q["reason"] and REASON.match(q["reason"]), f"unclear quarantine reason: {q['reason']!r}"
        assert q["stage"] in ("ingest", "clean")
    seen = {file_of(uri) for uri in read.raw.column("source_uri").to_pylist()}
    seen |= {file_of(q["source_uri"]) for q in read.quarantine}
    for path in paths:
        assert str(path.absolute()) in seen, f"{path.name!r} neither read nor quarantined"
    # Every raw record is either cleaned or set aside at clean, never both, never neither.
    raw_uris = read.raw.column("source_uri").to_pylist()
    clean_uris = cleaned.articles.column("source_uri").to_pylist()
    set_aside = [q["source_uri"] for q in cleaned.quarantine]
    assert sorted(raw_uris) == sorted(clean_uris + set_aside)
    for art in cleaned.articles.to_pylist():
        assert art["text"].strip() and art["word_count"] > 0


def _in_tempdir(write, check, *, max_bytes: int = MAX_BYTES):
    with tempfile.TemporaryDirectory(prefix="newsflow-fuzz-") as tmp:
        root = Path(tmp)
        inbox = root / "in"
        inbox.mkdir()
        paths = write(inbox)
        before = _files_in(root)
        read, cleaned = run_stages(paths, max_bytes=max_bytes)
        assert _files_in(root) == before, "a stage wrote or changed files"
        assert_accounted(paths, read, cleaned)
        check(read, cleaned)


def check_random_bytes(data: bytes, suffix: str) -> None:
    """Arbitrary bytes under any suffix: read or quarantined, never an exception."""
    def write(inbox: Path) -> list[Path]:
        path = inbox / f"blob{suffix}"
        path.write_bytes(data)
        return [path]

    def check(read, cleaned):
        if not data:
            assert read.quarantine and read.quarantine[0]["reason"].startswith("empty")
        if len(data) > MAX_BYTES * (readers.JSON_FILE_FACTOR if suffix == ".json" else 1) and suffix not in (
                ".jsonl", ".ndjson"):
            assert read.quarantine[0]["reason"].startswith("too_large")
    _in_tempdir(write, check)


def check_encoded_text(text: str, encoding: str, suffix: str) -> None:
    """Text in any encoding: decoded faithfully when the encoding is self-describing, otherwise at least handled."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")

    def write(inbox: Path) -> list[Path]:
        path = inbox / f"page{suffix}"
        path.write_bytes(data)
        return [path]

    def check(read, cleaned):
        if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32") and suffix == ".txt" and read.raw.num_rows:
            expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))
            assert read.raw.column("text")[0].as_py() == decoding.normalize_text(expected)
    _in_tempdir(write, check)


def check_jsonl(lines: list[str], suffix: str = ".jsonl") -> None:
    """JSON Lines with wrong types, missing fields and junk: one outcome per non-blank line, good ones read."""
    def write(inbox: Path) -> list[Path]:
        path = inbox / f"feed{suffix}"
        path.write_text("\n".join(lines), encoding="utf-8")
        return [path]

    def check(read, cleaned):
        numbered = [(n, ln) for n, ln in enumerate("\n".join(lines).split("\n"), start=1) if ln.strip()]
        outcomes = {}
        for uri in read.raw.column("source_uri").to_pylist():
            outcomes.setdefault(uri, []).append("raw")
        for q in read.quarantine:
            outcomes.setdefault(q["source_uri"], []).append(q["reason"])
        if not numbered:
            assert read.quarantine and read.quarantine[0]["reason"].startswith("empty")
            return
        for n, line in numbered:
            uri = f"{read_uri(read)}#{n}"
            got = outcomes.get(uri)
            assert got and len(got) == 1, f"line {n} {line[:80]!r}: outcomes {got}"
            record = _json_or_none(line)
            text = record.get("text") if isinstance(record, dict) else None
            surrogate = isinstance(text, str) and any("\ud800" <= ch <= "\udfff" for ch in text)
            if isinstance(text, str) and any(ch.isalpha() for ch in text) and len(line.encode()) <= MAX_BYTES \
                    and not surrogate:  # half an emoji: repairing or quarantining it are both fine
                assert got == ["raw"] or got[0].startswith("duplicate"), f"good line {n} set aside: {got}"
    _in_tempdir(write, check)


def read_uri(read: batches.ReadResult) -> str:
    uris = read.raw.column("source_uri").to_pylist() + [q["source_uri"] for q in read.quarantine]
    return file_of(uris[0])


def file_of(source_uri: str) -> str:
    """The file of a source_uri ("path#N" is record N of a JSON/JSONL file)."""
    return re.sub(r"#\d+$", "", source_uri)


def _json_or_none(line: str):
    try:
        return json.loads(line)
    except ValueError:
        return None


def check_html(page: str) -> None:
    """Nested, enormous or broken HTML: cleaned or set aside with a reason, never a crash."""
    def write(inbox: Path) -> list[Path]:
        path = inbox / "page.html"
        path.write_text(page, encoding="utf-8")
        return [path]

    _in_tempdir(write, lambda read, cleaned: None, max_bytes=5_000_000)


def check_hostile_names(stems: list[str], body: str) -> None:
    """Quotes, dots and SQL in file names: each file is read or quarantined under its own absolute path."""
    def write(inbox: Path) -> list[Path]:
        paths = []
        for i, stem in enumerate(dict.fromkeys(stems)):
            sub = inbox / ("x..y" if i % 2 else "d'q")
            sub.mkdir(exist_ok=True)
            path = sub / f"{stem}.txt"
            path.write_text(f"{body}\nReport number {i} on {stem}.", encoding="utf-8")
            paths.append(path)
        found, missing = discovery.discover([str(inbox)])
        assert not missing and sorted(found) == sorted(p.resolve() for p in paths)
        # Paths written with ".." resolve inside the inbox.
        assert all(str(p).startswith(str(inbox.resolve())) for p in found)
        return found

    def check(read, cleaned):
        for uri in read.raw.column("source_uri").to_pylist():
            assert ".." not in Path(uri).parts
    _in_tempdir(write, check)


PROPERTIES = {
    "random_bytes": (st.tuples(st.binary(max_size=3000) | st.binary(min_size=MAX_BYTES - 10, max_size=MAX_BYTES + 10),
                               st.sampled_from(SUFFIXES)), check_random_bytes),
    "encodings": (st.tuples(PROSE, st.sampled_from(ENCODINGS), st.sampled_from([".txt", ".html", ".md"])),
                  check_encoded_text),
    "jsonl": (st.tuples(st.lists(JSONL_LINES, max_size=12)), check_jsonl),
    # Known bug (see test_hostile.py): these crash read_batch instead of being read or quarantined.
    "jsonl_edge_values": (st.tuples(st.lists(st.one_of(JSONL_LINES, EDGE_LINES), min_size=1, max_size=6)),
                          check_jsonl),
    "html": (st.tuples(html_pages()), check_html),
    "names": (st.tuples(st.lists(FILE_STEMS, min_size=1, max_size=4), PROSE.filter(lambda s: any(c.isalpha() for c in s))),
              check_hostile_names),
}

