"""`newsflow run` with nothing new: recorded without a Prefect flow run; anything new still goes to the flow."""

import hashlib

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.nothing_new import record_if_nothing_new, unchanged_records
from tasks.lib.ingest import readers
from tests.conftest import query


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_unchanged_records_counts_only_when_every_record_is_held_unchanged(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Mayor Ellen Park said the bus network would grow.\n")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "text": "Council votes."}\n{"title": "B", "text": "Port reopens."}\n')
    known = {item.source_uri: item.content_hash for path in (story, feed) for item in readers.read_path(path)}
    assert unchanged_records([story, feed], known, max_bytes=10_000) == 3

    story.write_text("Mayor Ellen Park said the tram network would grow.\n")  # changed
    assert unchanged_records([story, feed], known, max_bytes=10_000) is None
    assert unchanged_records([feed], {}, max_bytes=10_000) is None  # new
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")  # set aside again by every run: the flow records it
    assert unchanged_records([feed, empty], known, max_bytes=10_000) is None


def test_a_busy_or_missing_warehouse_is_left_to_the_flow(tmp_path):
    from warehouse import store

    inbox, wh = tmp_path / "inbox", tmp_path / "wh"
    inbox.mkdir()  # nothing in it: nothing new
    assert record_if_nothing_new([str(inbox)], str(wh), 10_000) is None  # no warehouse yet: the flow creates it
    assert not wh.exists()
    store.connect(wh).close()
    with store.writer_lock(wh):  # another run is writing: the flow waits or says so, nothing is recorded here
        assert record_if_nothing_new([str(inbox)], str(wh), 10_000) is None
    assert query(wh, "select count(*) as n from runs") == [{"n": 0}]
    done = record_if_nothing_new([str(inbox)], str(wh), 10_000)
    assert (done.run["status"], done.run["docs_seen"], done.run["dq_checked"]) == ("completed", 0, 4)
    assert query(wh, "select flow_run_id, docs_seen from runs") == [{"flow_run_id": None, "docs_seen": 0}]


@pytest.mark.flow
@pytest.mark.model
def test_a_rerun_with_nothing_new_is_recorded_without_prefect_and_a_change_still_loads(prefect_harness, tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "wh"
    inbox.mkdir()
    story = inbox / "port.txt"
    story.write_text("Port of Tacoma workers ended their strike on Friday, union leader Maria Delgado said.\n"
                     "\"We won a fair contract,\" Delgado told reporters. The deal raises pay by $2.1 million.\n")
    (inbox / "budget.csv").write_text("year,total\n2024,5\n")
    args = ["run", str(inbox), "--warehouse", str(wh)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "0 documents loaded (0 replaced an earlier version), 1 skipped unchanged, 0 quarantined." in again.output
    assert "Files skipped for their extension: 1" in again.output
    assert "Data quality: 4/4 checks passed." in again.output
    runs = query(wh, "select run_id, flow_run_id, status, docs_seen, docs_loaded, docs_skipped, files_skipped, "
                     "sources from runs order by started_at")
    assert [(r["status"], r["docs_loaded"], r["docs_skipped"], r["files_skipped"]) for r in runs] == [
        ("completed", 1, 0, 1), ("completed", 0, 1, 1)]
    assert runs[0]["flow_run_id"] is not None and runs[1]["flow_run_id"] is None  # no Prefect run was made
    assert runs[1]["sources"] == [str(inbox)] and runs[1]["docs_seen"] == 1
    drift = query(wh, "select suite, severity, success from dq_results where run_id = ?", [runs[1]["run_id"]])
    assert drift == [{"suite": "drift", "severity": "warning", "success": True}] * 4

    story.write_text(story.read_text().replace("Maria Delgado", "Rosa Ibarra").replace("Delgado", "Ibarra"))
    changed = CliRunner().invoke(app, args)
    assert changed.exit_code == 0, changed.output
    assert "1 documents loaded (1 replaced an earlier version), 0 skipped unchanged" in changed.output
    last = query(wh, "select flow_run_id, docs_loaded from runs order by started_at desc limit 1")[0]
    assert last["flow_run_id"] is not None and last["docs_loaded"] == 1
    assert query(wh, "select count(*) as n from mentions where text = 'Rosa Ibarra'") == [{"n": 1}]
