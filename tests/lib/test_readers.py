"""Reading article files of every supported format, and rejecting bad ones with a reason."""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tasks.lib.ingest.decoding import decode_bytes
from tasks.lib.ingest.discovery import discover
from tasks.lib.ingest.published import parse_datetime
from tasks.lib.ingest.raw import RawArticle, Rejected
from tasks.lib.ingest.readers import read_path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
BODY = "The harbor authority said on Monday that cargo volumes rose 12 percent last year as new cranes came online."


def read_all(path: Path, **kw) -> list[RawArticle | Rejected]:
    return list(read_path(path, **kw))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def code(item: RawArticle | Rejected) -> str:
    assert isinstance(item, Rejected), item
    return item.reason.split(":")[0]


# --- formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [("a.txt", "txt"), ("a.md", "md"), ("a.html", "html"), ("a.htm", "html")])
def test_single_file_formats(tmp_path, name, fmt):
    (item,) = read_all(write(tmp_path, name, BODY))
    assert isinstance(item, RawArticle)
    assert item.format == fmt
    assert item.text == BODY
    assert item.source_uri == str(tmp_path / name)
    assert len(item.content_hash) == 64


def test_markdown_front_matter_becomes_metadata():
    (item,) = read_all(FIXTURES / "article.md")
    assert item.title == "Rail strike halts commuter trains across the region"
    assert item.author == "Priya Natarajan"
    assert item.source == "Metro Wire"
    assert item.published_at == datetime(2024, 2, 6, 7, 15, tzinfo=timezone.utc)
    assert not item.text.lstrip().startswith("---")


def test_jsonl_records_fields_and_rejections():
    items = read_all(FIXTURES / "records.jsonl")
    by_n = {int(i.source_uri.rsplit("#", 1)[1]): i for i in items}
    assert sorted(by_n) == [1, 3, 4, 5, 6, 7]  # line 2 is blank
    first = by_n[1]
    assert isinstance(first, RawArticle)
    assert (first.title, first.url, first.author, first.source) == (
        "Wind farm output hits record", "https://news.example.com/wind", "Tom Reyes", "News Example")
    assert first.published_at == datetime(2024, 2, 5, 10, 0, tzinfo=timezone.utc)
    assert first.text.startswith("Offshore wind farms")
    assert (by_n[3].title, by_n[3].text) == ("Missing text", "Missing text")  # title-only: its headline is its text
    assert code(by_n[4]) == "invalid_json"
    assert code(by_n[5]) == "invalid_json"
    assert (by_n[6].title, by_n[6].text) == ("Wrong type", "Wrong type")  # text is a number: title-only
    assert by_n[7].text.split("\n")[1] == "Second paragraph."  # list body joined as paragraphs
    assert by_n[7].published_at is None  # "yesterday" is never turned into a date
    assert by_n[4].payload.startswith("not json")


def test_a_one_word_field_is_not_the_article_text(tmp_path):
    # A research set's record: its text is empty and `story` (a field some feeds use for the body) holds a label.
    # Beside a title the label is no article: the record is title-only, as any record with an empty text.
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "31", "story": "11ecb", "title": "The parliament election is over in Turkmenistan.", "text": ""},
        {"id": "32", "story": "Voters in Turkmenistan chose a new parliament on Sunday.", "title": "Vote over"},
    ]) + "\n")
    first, second = read_all(path)
    assert first.text == first.title == "The parliament election is over in Turkmenistan."
    assert second.text == "Voters in Turkmenistan chose a new parliament on Sunday."


def test_json_document_with_article_list():
    items = read_all(FIXTURES / "records.json")
    assert [i.source_uri.rsplit("#", 1)[1] for i in items] == ["1", "2"]
    port, bridge = items
    assert port.format == "html"  # an HTML body is recognised
    assert port.title == "Port strike ends"
    assert port.published_at == datetime(2024, 3, 1)
    assert bridge.title == "Bridge reopens"
    assert bridge.text.startswith("The old river bridge")
    assert bridge.published_at == datetime(2024, 3, 4, 8, 0)
    assert port.content_hash != bridge.content_hash


def test_json_single_object_and_jsonl_named_json(tmp_path):
    (one,) = read_all(write(tmp_path, "one.json", json.dumps({"article": BODY, "headline": "Cargo up"})))
    assert (one.title, one.text, one.source_uri.endswith("one.json#1")) == ("Cargo up", BODY, True)
    lines = "\n".join(json.dumps({"text": BODY, "title": f"T{i}"}) for i in range(3))
    items = read_all(write(tmp_path, "many.json", lines))
    assert [i.title for i in items] == ["T0", "T1", "T2"]


# --- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize("data, expected", [
    ("Café prices rose by £1".encode("utf-8"), "Café prices rose by £1"),
    ("\ufeffCafé prices rose by £1".encode("utf-8"), "Café prices rose by £1"),
    ("Café prices rose by £1, the company’s chief said".encode("cp1252"), "Café prices rose by £1, the company’s chief said"),
    ("Café prices rose by £1 in the capital".encode("utf-16"), "Café prices rose by £1 in the capital"),
    ("It’s a café".encode("utf-8").decode("cp1252").encode("utf-8"), "It’s a café"),  # mojibake repaired
    ("Cafe\u0301 society".encode("utf-8"), "Café society"),  # NFC
    (b"line one\r\nline two\r", "line one\nline two\n"),
])
def test_decoding(data, expected):
    assert decode_bytes(data) == expected


def test_latin1_file_is_decoded():
    (item,) = read_all(FIXTURES / "latin1.txt")
    assert item.text.startswith("Café chain to close 40 shops")
    assert "£1 a cup" in item.text


def test_html_meta_charset_is_honoured(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Señor Núñez’s café</p></body></html>'
    (item,) = read_all(write(tmp_path, "p.html", page.encode("cp1252")))
    assert "Señor Núñez’s café" in item.text


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, expected_code", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n\t  \n", "empty"),
    ("nul.txt", b"some text\x00\x01\x02 binary", "binary"),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 stream", "binary"),
    ("ctrl.txt", bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17]) * 50, "binary"),
    ("digits.txt", b"12345 67890\n---\n", "no_text"),
    ("bad.json", b'{"text": "unterminated', "invalid_json"),
    ("list.json", b"[1, 2]", "invalid_json"),
    ("scalar.json", b"42", "invalid_json"),
    ("notext.json", b'{"title": "", "url": "https://example.com"}', "no_text"),
    ("blank.jsonl", b"\n\n\n", "empty"),
])
def test_bad_files_are_rejected_with_reason(tmp_path, name, data, expected_code):
    items = read_all(write(tmp_path, name, data))
    # A top-level JSON array is read as records: each of its two elements is rejected on its own.
    assert [code(i) for i in items] == [expected_code] * (2 if name == "list.json" else 1)
    assert items[0].source_uri.startswith(str(tmp_path / name))


def test_too_large_file_and_line(tmp_path):
    (item,) = read_all(write(tmp_path, "big.txt", BODY * 100), max_bytes=1000)
    assert code(item) == "too_large"
    assert item.payload.startswith("The harbor authority")
    giant = json.dumps({"text": "x " * 5000})
    items = read_all(write(tmp_path, "g.jsonl", giant + "\n" + json.dumps({"text": BODY}) + "\n"), max_bytes=1000)
    assert [code(items[0]), items[1].text] == ["too_large", BODY]
    assert items[1].source_uri.endswith("#2")


def test_undecodable_bytes_are_rejected():
    # bytes no text encoding fits well: invalid UTF-8 with many C1 controls
    data = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 300
    result = decode_bytes(data)
    assert isinstance(result, Rejected)
    assert result.reason == "undecodable: no text encoding fits the bytes"


def test_unreadable_file_is_rejected_not_raised(tmp_path):
    p = write(tmp_path, "secret.txt", BODY)
    p.chmod(0)
    try:
        items = read_all(p)
    finally:
        p.chmod(0o644)
    if os.geteuid() == 0:  # root reads anything; the path still must come back as an article
        assert isinstance(items[0], RawArticle)
    else:
        assert code(items[0]) == "unreadable"
    (gone,) = read_all(tmp_path / "vanished.txt")
    assert code(gone) == "unreadable"


def test_hostile_inputs_never_raise(tmp_path):
    rng = random.Random(4)
    # file -> (contents, what each record becomes: a rejection code, or the text of the article read)
    cases = {
        "random.txt": (bytes(rng.randrange(256) for _ in range(5000)), ["binary"]),
        "random.html": (bytes(rng.randrange(1, 256) for _ in range(5000)), ["undecodable"]),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, ["invalid_json"]),
        "types.jsonl": (b'{"text": null}\n{"text": {"a": 1}}\n{"body": ["a", 1, null]}\n"str"\n'
                        b'{"text": "ok text", "date": [1]}\n',
                        ["no_text", "no_text", "text=a", "invalid_json", "text=ok text"]),
        "weird.json": (json.dumps({"text": BODY, "date": {"$date": 1553508000000}, "author": [None, 3, {"x": 1}]})
                       .encode(), [f"text={BODY}"]),
    }
    for name, (data, expected) in cases.items():
        items = read_all(write(tmp_path, name, data))
        got = [f"text={i.text}" if isinstance(i, RawArticle) else code(i) for i in items]
        assert got == expected, name
    (weird,) = read_all(tmp_path / "weird.json")
    assert weird.published_at == datetime(2019, 3, 25, 10, 0, tzinfo=timezone.utc)
    assert weird.author is None


# --- discovery -------------------------------------------------------------------------------

def test_discover_dirs_globs_and_missing(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for rel in ["a/one.txt", "a/b/two.html", "a/b/three.jsonl", "a/skip.png", "a/.hidden.txt", "top.md"]:
        write(tmp_path, rel, BODY)
    files, missing = discover([str(tmp_path / "a"), str(tmp_path / "*.md"), str(tmp_path / "nope"),
                               str(tmp_path / "zz*.txt"), str(tmp_path / "a" / "one.txt")])
    names = [p.name for p in files]
    assert names == sorted(names, key=lambda n: str(files[names.index(n)]))
    assert set(names) == {"one.txt", "two.html", "three.jsonl", "top.md"}
    assert [m.reason.split(":")[0] for m in missing] == ["missing", "missing"]
    assert "nope" in missing[0].reason


@pytest.mark.parametrize("value, expected", [
    ("2019-03-25T10:00:00Z", datetime(2019, 3, 25, 10, 0, tzinfo=timezone.utc)),
    ("Mon, 25 Mar 2019 10:00:00 GMT", datetime(2019, 3, 25, 10, 0, tzinfo=timezone.utc)),
    ("March 25, 2019", datetime(2019, 3, 25)),
    (1553508000, datetime(2019, 3, 25, 10, 0, tzinfo=timezone.utc)),
    ("yesterday", None),
    ("March 2019", None),  # no day: do not fill one in
    ("", None),
    (None, None),
    (True, None),
])
def test_parse_datetime(value, expected):
    assert parse_datetime(value) == expected


def test_a_batch_sets_aside_copies_of_earlier_and_of_its_own_records(tmp_path):
    from tasks.lib.batches import read_batch

    for name, body in [("a.txt", BODY), ("b.txt", BODY), ("c.txt", BODY + " Again."), ("d.txt", "Other. " + BODY)]:
        (tmp_path / name).write_text(body)
    first = read_batch([tmp_path / "d.txt"], {}, max_bytes=10_000)
    owners = dict(first.owners)  # what a run holds after its first batch
    copy = tmp_path / "e.txt"
    copy.write_text("Other. " + BODY)
    second = read_batch(sorted(tmp_path.glob("[abce].txt")), {}, max_bytes=10_000, owners=owners)
    assert second.raw.column("source_uri").to_pylist() == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert {q["source_uri"].rsplit("/", 1)[-1]: q["reason"] for q in second.quarantine} == {
        "b.txt": f"duplicate: same content as {tmp_path / 'a.txt'}",  # within the batch
        "e.txt": f"duplicate: same content as {tmp_path / 'd.txt'}",  # of an earlier batch
    }
    assert owners == first.owners  # the run's map is the caller's to update


def test_skipped_extensions_are_listed_and_missing_paths_named(tmp_path):
    from tasks.lib.ingest.discovery import discover_all, missing_paths

    (tmp_path / "a.txt").write_text("Story.")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.csv").write_text("x")
    found = discover_all([str(tmp_path)])
    assert [p.name for p in found.files] == ["a.txt"] and [p.name for p in found.skipped] == ["scan.pdf"]
    assert missing_paths([str(tmp_path), str(tmp_path / "nope"), str(tmp_path / "*.md")]) == [
        str(tmp_path / "nope"), str(tmp_path / "*.md")]
