"""The `statements` view: one row per statement, its pieces joined, on a small hand-built warehouse."""

from datetime import datetime, timezone

import pytest

from tasks.lib.batches import statement_id
from tasks.lib.records import Quote
from tests.conftest import commit_rows, query, run_row
from warehouse import tables

JAN = datetime(2026, 1, 1, tzinfo=timezone.utc)
TEXT = "“We will win,” Lang said, “and soon.” Critics said the plan would fail."


def _piece(part: str, kind: str, cue: str, speaker: str, entity: str | None, first: str) -> dict:
    start = TEXT.index(part)
    cue_start = TEXT.index(cue, TEXT.index(speaker))
    sp = TEXT.index(speaker)
    q = Quote(part, kind, start, start + len(part), statement_start=TEXT.index(first))
    return {"quote_id": f"q{start}", "doc_id": "doc_a", "text": part, "kind": kind, "speaker_entity_id": entity,
            "speaker_text": speaker, "speaker_start": sp, "speaker_end": sp + len(speaker), "cue": cue,
            "cue_start": cue_start, "cue_end": cue_start + len(cue), "start_char": start,
            "end_char": start + len(part), "statement_id": statement_id("doc_a", q)}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return commit_rows(tmp_path_factory.mktemp("statements") / "wh", run_row("r1", started_at=JAN), ["/inbox/a.txt"], {
        tables.DOCUMENTS: [{"doc_id": "doc_a", "source_uri": "/inbox/a.txt", "content_hash": "a", "text": TEXT,
                            "word_count": 13, "title": "Vote", "published_at": JAN, "story_id": "s1", "run_id": "r1",
                            "pipeline_version": "test"}],
        tables.ENTITIES: [{"entity_id": "ent_lang", "canonical_name": "Ruth Lang", "label": "PERSON",
                           "aliases": ["Lang"]}],
        tables.QUOTES: [
            _piece("We will win,", "direct", "said", "Lang", "ent_lang", "We will win,"),
            _piece("and soon.", "direct", "said", "Lang", "ent_lang", "We will win,"),
            _piece("the plan would fail", "indirect", "said", "Critics", None, "the plan would fail"),
        ],
    })


def test_statements_view_joins_the_pieces_of_one_statement(warehouse):
    rows = query(warehouse, "select statement_id, text, kind, speaker, speaker_text, cue, cue_start, cue_end, "
                            "start_char, end_char, pieces from statements order by start_char")
    assert [(r["text"], r["kind"], r["speaker"], r["pieces"]) for r in rows] == [
        ("We will win, and soon.", "direct", "Ruth Lang", 2),
        ("the plan would fail", "indirect", None, 1),
    ]
    first = rows[0]
    assert TEXT[first["cue_start"] : first["cue_end"]] == "said" and first["cue_start"] == TEXT.index("said")
    assert TEXT[first["start_char"] : first["end_char"]] == "We will win,” Lang said, “and soon."
    pieces = query(warehouse, "select statement_id from quotes where statement_id = ?", [first["statement_id"]])
    assert len(pieces) == 2
