"""Hostile input through the real flow: odd names, SQL-looking text, broken records, oversized files."""

from __future__ import annotations

import hashlib
import json
import random
import re

import pytest

from tests.reliability import fuzz, harness

pytestmark = [pytest.mark.flow, pytest.mark.model]

SQL_ARTICLE = ("City officials said on Monday that the records system had been repaired.\n"
               "\"Someone typed '; DROP TABLE documents; -- into the search box,\" said Dana Reyes, the city's "
               "technology director. She said SELECT * FROM quotes WHERE 1=1 was also tried.\n")
QUOTE_ARTICLE = ("Harbor pilots in Portsmouth agreed a new contract on Friday, ending a two-week dispute.\n"
                 "\"It's a fair deal,\" said Sean O'Brien, the pilots' association president.\n")
HTML_ARTICLE = ("<p>Farmers near Dunmore said the late frost destroyed nearly half of the apple crop this spring, "
                "and the county will ask the state for $2 million in relief.</p>")


def _tree(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _write_hostile_inbox(inbox):
    """Odd names and paths, SQL-looking text, deeply nested HTML, an oversized file, random bytes and a JSONL feed
    of broken records."""
    (inbox / "x..y").mkdir(parents=True)
    (inbox / "it's \"odd\"").mkdir()
    (inbox / "'; drop table documents; --.txt").write_text(SQL_ARTICLE)
    (inbox / "it's \"odd\"" / "O'Brien's ..report.md").write_text(QUOTE_ARTICLE)
    (inbox / "x..y" / "deep.html").write_text(
        "<html><body>" + "<div>" * 3000 + HTML_ARTICLE + "</div>" * 3000 + "</body></html>")
    (inbox / "huge.txt").write_text(QUOTE_ARTICLE * 300)  # larger than NEWS_MAX_BYTES in the test
    (inbox / "noise.txt").write_bytes(random.Random(7).randbytes(3000))
    records = [
        {"text": SQL_ARTICLE.replace("Dana Reyes", "Lee Park"), "title": "x'); delete from quotes; --",
         "source_uri": "../../etc/passwd", "doc_id": "'; delete from documents; --", "run_id": "evil"},
        {"text": 42, "title": "Wrong type"},
        {"title": "No text"},
        [1, 2, 3],
    ]
    (inbox / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{not json\n")


def _outcomes(docs, quarantine) -> dict[str, list[str]]:
    """Each source's outcomes: "loaded", or its quarantine reason."""
    outcomes: dict[str, list[str]] = {}
    for d in docs:
        outcomes.setdefault(d["source_uri"], []).append("loaded")
    for q in quarantine:
        outcomes.setdefault(q["source_uri"], []).append(q["reason"])
    return outcomes


def test_hostile_inbox_loads_the_good_and_quarantines_the_bad(prefect_harness, tmp_path, monkeypatch):
    from flows.news_pipeline import news_pipeline

    inbox, wh, cwd = tmp_path / "in", tmp_path / "wh", tmp_path / "cwd"
    _write_hostile_inbox(inbox)
    cwd.mkdir()
    before = _tree(inbox)
    monkeypatch.setenv("NEWS_MAX_BYTES", "20000")
    monkeypatch.chdir(cwd)

    # The path given has a ".." in it too.
    summary = news_pipeline(paths=[str(inbox / "x..y" / "..")], warehouse=str(wh), batch_size=harness.BATCH)

    assert summary["status"] == "completed"
    docs = harness.rows(wh, "select doc_id, source_uri, text, title, run_id from documents")
    quarantine = harness.rows(wh, "select stage, source_uri, reason from quarantine")
    outcomes = _outcomes(docs, quarantine)
    root = str(inbox.resolve())
    # Every file and every JSONL line has exactly one outcome, under a path inside the inbox.
    expected = {str(p.resolve()) for p in inbox.rglob("*") if p.is_file() and p.name != "feed.jsonl"}
    expected |= {f"{inbox.resolve() / 'feed.jsonl'}#{n}" for n in range(1, 6)}
    assert set(outcomes) == expected
    assert all(len(v) == 1 for v in outcomes.values()), outcomes
    assert all(uri.startswith(root) and ".." not in uri.split("/") for uri in outcomes)
    for q in quarantine:
        if q["stage"] in ("ingest", "clean"):
            assert fuzz.REASON.match(q["reason"]), q
    by_name = {uri.removeprefix(root + "/"): v[0] for uri, v in outcomes.items()}
    assert by_name["huge.txt"].startswith("too_large")
    assert by_name["noise.txt"].startswith(("binary", "undecodable", "no_text"))
    assert by_name["feed.jsonl#1"] == "loaded"
    # A record without usable text but with a title is a headline: its title is its text.
    assert by_name["feed.jsonl#2"] == "loaded" and by_name["feed.jsonl#3"] == "loaded"
    assert by_name["feed.jsonl#4"].startswith("invalid_json") and by_name["feed.jsonl#5"].startswith("invalid_json")
    assert by_name["'; drop table documents; --.txt"] == "loaded"
    assert by_name["it's \"odd\"/O'Brien's ..report.md"] == "loaded"
    # SQL-looking text and metadata are stored verbatim; record fields cannot set ids or the run.
    texts = " ".join(d["text"] for d in docs)
    assert "'; DROP TABLE documents; --" in texts and "SELECT * FROM quotes WHERE 1=1" in texts
    assert "x'); delete from quotes; --" in {d["title"] for d in docs}
    assert all(re.fullmatch(r"[0-9a-f]{16}", d["doc_id"]) for d in docs)
    assert {d["run_id"] for d in docs} == {summary["run_id"]}
    speakers = {r["speaker_text"] for r in harness.rows(wh, "select speaker_text from quotes")}
    assert any(s and "O'Brien" in s for s in speakers)
    assert harness.problems(wh) == []
    # Nothing written outside the warehouse; the inbox is untouched.
    assert _tree(inbox) == before
    assert harness.files_under(cwd) == set()
    assert {p.name for p in tmp_path.iterdir()} == {"in", "wh", "cwd"}
