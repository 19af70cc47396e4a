"""tasks/validate.py: the Great Expectations gate on a stage's real output, and the run's Data Docs."""

from __future__ import annotations

import pytest

from tasks.validate import build_docs, validate_stage
from warehouse import tables

# Navigation lines inside a text long enough to judge its lines (a short record is never judged on them).
MENU = "\n".join(["Home", "News", "Sport", "Weather", "Share this", "Read more"] * 8)


def test_ingest_output_passes_its_checks(read):
    result = validate_stage.fn("ingest", {"raw_articles": read.raw})
    assert result.passed and result.quarantine == []
    assert result.batch["raw_articles"].num_rows == 2
    assert {r["suite"] for r in result.dq} == {"raw_articles"} and all(r["success"] for r in result.dq)


def test_a_menu_page_is_set_aside_at_clean_and_the_articles_go_on(cleaned):
    menu = {**cleaned.articles.to_pylist()[0], "doc_id": "f" * 16, "source_uri": "/menu.html",
            "content_hash": "f" * 64, "text": MENU, "word_count": len(MENU.split())}
    articles = tables.STG_ARTICLES.from_rows(cleaned.articles.to_pylist() + [menu])
    result = validate_stage.fn("clean", {"stg_articles": articles, "embeds": cleaned.embeds})
    assert result.passed
    assert sorted(result.batch["stg_articles"].column("source_uri").to_pylist()) == sorted(
        cleaned.articles.column("source_uri").to_pylist())
    [q] = result.quarantine
    assert q["source_uri"] == "/menu.html" and "short_line_share" in q["reason"]


@pytest.mark.model
def test_extract_rows_pass_and_a_dangling_entity_fails_the_batch(rows):
    assert validate_stage.fn("extract", rows).failures == []
    mentions = rows["mentions"].to_pylist()
    mentions[0]["entity_id"] = "ent_nobody"
    result = validate_stage.fn("extract", {**rows, "mentions": tables.MENTIONS.from_rows(mentions)})
    assert not result.passed
    assert any("entity_exists" in f for f in result.failures)
    assert [r["suite"] for r in result.dq if not r["success"]] == ["mentions"]


def test_data_docs_show_the_run(tmp_path, read):
    checked = validate_stage.fn("ingest", {"raw_articles": read.raw})
    reports = [("ingest batch 1", suite, report) for suite, report in checked.reports]
    index, error = build_docs.fn(tmp_path / "data_docs", "run-42", reports)
    assert (index, error) == (str((tmp_path / "data_docs" / "index.html").resolve()), None)
    assert any("run-42" in page.read_text() for page in (tmp_path / "data_docs").rglob("*.html"))


def test_data_docs_that_cannot_be_written_do_not_fail_the_run(tmp_path, read):
    checked = validate_stage.fn("ingest", {"raw_articles": read.raw})
    blocker = tmp_path / "data_docs"
    blocker.write_text("a file where the site's folder should be")
    reports = [("ingest batch 1", suite, report) for suite, report in checked.reports]
    index, error = build_docs.fn(blocker, "run-42", reports)
    assert index is None and error.startswith("FileExistsError")
