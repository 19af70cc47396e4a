"""tasks/load.py: a run holds the recent documents' story features and reads older ones by window, from the
real DuckLake warehouse (no model needed: the features are computed from small texts written for the tests)."""

from __future__ import annotations

from contextlib import closing
from dataclasses import asdict, replace
from datetime import datetime, timezone

from prefect.logging import disable_run_logger

from tasks.lib.memory import state
from tasks.lib.memory.stories import features
from tasks.load import read_extract_state
from tests.lib.test_stories import CHESS, DAM_BLOG, DAM_WIRE
from warehouse import store, tables

UTC = timezone.utc
STORED = {  # doc_id: (text, published_at, run); the dam story was loaded by an earlier run than the chess one
    "dam_wire": (DAM_WIRE, datetime(2024, 5, 7, 9, tzinfo=UTC), "r1"),
    "chess": (CHESS, datetime(2024, 6, 30, tzinfo=UTC), "r2"),
}


def load(root, run_id: str) -> None:
    docs = {d: v for d, v in STORED.items() if v[2] == run_id}
    staging = store.Staging(root, run_id)
    staging.write(tables.DOCUMENTS, [
        {"doc_id": d, "source_uri": f"/inbox/{d}.txt", "content_hash": d, "text": text, "word_count": 9,
         "published_at": at, "story_id": d, "run_id": run_id, "pipeline_version": "test"}
        for d, (text, at, _) in docs.items()])
    staging.write(tables.STORIES, [{"story_id": d, "doc_id": d} for d in docs])
    staging.write(tables.STORY_FEATURES, [asdict(replace(features(d, text, (), at), story_id=d))
                                          for d, (text, at, _) in docs.items()])
    with closing(store.connect(root)) as con:
        store.commit_run(con, staging, [f"/inbox/{d}.txt" for d in docs],
                         {"run_id": run_id, "started_at": datetime(2026, 1, 5, tzinfo=UTC), "status": "completed",
                          "docs_seen": len(docs), "docs_loaded": len(docs), "docs_replaced": 0, "docs_skipped": 0,
                          "docs_quarantined": 0, "pipeline_version": "test"})


def story_index(tmp_path, monkeypatch, recent: int) -> state.StoryIndex:
    """The story index a run starts with, from both runs' documents, holding the ``recent`` most recent."""
    root = tmp_path / "wh"
    load(root, "r1")
    load(root, "r2")
    monkeypatch.setattr(state, "RECENT_CANDIDATES", recent)
    with disable_run_logger():
        return read_extract_state.fn(root).stories


def test_a_run_reads_older_stories_by_the_window_of_its_batch(tmp_path, monkeypatch):
    index = story_index(tmp_path, monkeypatch, recent=1)
    assert index.store.doc_ids == ["chess"]  # only the most recent document at the start
    # A report of the dam failure a day later joins the older story, read from the warehouse for its window.
    got = index.assign([state.StoryDoc("dam_blog", DAM_BLOG, datetime(2024, 5, 8, tzinfo=UTC), set())])
    assert got == {"dam_blog": "dam_wire"}
    assert "dam_wire" in index.store
    # An undated article clusters on content with the documents in memory: the dam story, through this run's
    # report (the chess article stays alone).
    got = index.assign([state.StoryDoc("dam_undated", DAM_BLOG.replace("Tuesday", "Monday"), None, set())])
    assert got == {"dam_undated": "dam_wire"}


def test_the_recent_documents_are_read_oldest_first_with_their_own_features(tmp_path, monkeypatch):
    index = story_index(tmp_path, monkeypatch, recent=2)
    assert index.store.doc_ids == ["dam_wire", "chess"]  # the earlier run's document first
    assert index.store.story_ids == ["dam_wire", "chess"]
    expected = features("chess", CHESS, (), STORED["chess"][1])
    assert index.store.minhash([1])[0].tolist() == [v & 0xFFFF for v in expected.minhash]
