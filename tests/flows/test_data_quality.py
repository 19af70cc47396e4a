"""Data-quality gates through the real flow: a broken batch fails the run, a collapsed quote rate raises drift."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import query, scalar

pytestmark = [pytest.mark.flow, pytest.mark.model]


def run(paths, warehouse):
    from flows.news_pipeline import news_pipeline

    return news_pipeline(paths=[str(p) for p in paths], warehouse=str(warehouse), return_state=True)


def test_dangling_entity_fails_the_run_before_commit(prefect_harness, tmp_path, articles, monkeypatch):
    from tasks.lib import batches

    real = batches.build_rows

    def with_a_dangling_mention(*args, **kwargs):
        rows = real(*args, **kwargs)
        mentions = rows["mentions"].to_pylist()
        mentions[0]["entity_id"] = "ent_that_does_not_exist"
        rows["mentions"] = rows["mentions"].from_pylist(mentions, schema=rows["mentions"].schema)
        return rows

    monkeypatch.setattr(batches, "build_rows", with_a_dangling_mention)
    wh = tmp_path / "wh"
    state = run([articles], wh)
    assert state.is_failed()
    assert scalar(wh, "select count(*) from documents") == 0
    failed = query(wh, "select status, message from runs")
    assert failed[0]["status"] == "failed" and "entity_exists" in failed[0]["message"]
    assert scalar(wh, """select count(*) from dq_results
                         where not success and severity = 'batch' and suite = 'mentions'""") == 1
    assert (wh / "data_docs" / "index.html").exists()


def test_collapsed_quote_rate_is_flagged_as_drift(prefect_harness, tmp_path, articles, monkeypatch):
    from warehouse import store, tables

    wh = tmp_path / "wh"
    # History: five earlier runs that each found about five quotes per 1,000 words (other metrics unknown).
    con = store.connect(wh)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    history = [{"run_id": f"old{i}", "started_at": start + timedelta(days=i), "status": "completed",
                "docs_seen": 10, "docs_loaded": 10, "docs_replaced": 0, "docs_skipped": 0, "docs_quarantined": 0,
                "pipeline_version": "old", "quotes_per_1k_words": q} for i, q in enumerate((4.5, 5.0, 5.5, 4.8, 5.2))]
    con.register("history", tables.RUNS.from_rows(history))
    con.execute("insert into runs by name select * from history")
    con.close()
    (articles / "third.txt").write_text(
        "The museum reopened its east wing after a two-year renovation.\n"
        "Visitors can now see the restored ceiling paintings and a new gallery of maps.\n")
    monkeypatch.setattr("tasks.lib.extract.quotes.find.extract_quotes", lambda *a, **k: [])

    state = run([articles], wh)
    assert state.is_completed()
    summary = state.result()
    assert summary["drift_flags"] == ["quotes_per_1k_words"]
    row = query(wh, """select success, severity, observed_value from dq_results
                       where suite = 'drift' and expectation like 'quotes_per_1k_words%'""")[0]
    assert (row["success"], row["severity"]) == (False, "warning")
    assert json.loads(row["observed_value"])["value"] == 0.0
    assert query(wh, "select drift_flags from runs where status = 'completed' and pipeline_version <> 'old'")[0][
        "drift_flags"] == ["quotes_per_1k_words"]


def test_run_that_fails_mid_way_keeps_the_checks_it_ran(prefect_harness, tmp_path, articles, monkeypatch):
    from flows.news_pipeline import news_pipeline
    from tasks.lib import batches

    real, calls = batches.build_rows, []

    def failing_on_the_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(batches, "build_rows", failing_on_the_second_batch)
    wh = tmp_path / "wh"
    state = news_pipeline(paths=[str(articles)], warehouse=str(wh), batch_size=1, return_state=True)
    assert state.is_failed()
    assert scalar(wh, "select count(*) from documents") == 0
    assert query(wh, "select status from runs") == [{"status": "failed"}]
    # Batch 1's checks at every stage are on record, although the run never reached its load.
    stages = {r["stage"] for r in query(wh, "select distinct stage from dq_results")}
    assert stages == {"ingest", "clean", "extract"}
    assert scalar(wh, "select count(distinct suite) from dq_results where stage = 'extract'") >= 5


def test_every_check_of_a_run_is_in_dq_results(prefect_harness, tmp_path, articles):
    wh = tmp_path / "wh"
    summary = run([articles], wh).result()
    assert summary["dq_checked"] > 50
    assert scalar(wh, "select count(*) from dq_results") == summary["dq_checked"]
    assert scalar(wh, "select count(*) from dq_results where not success") == summary["dq_failed"]


@pytest.mark.parametrize("first", [1, 7])  # 7: a run whose first six batches were loaded before (--max-new)
def test_data_docs_show_the_first_batch_and_the_first_failing_checks_of_later_batches(first):
    from flows.run_state import DOCS_FAILING_BATCHES, shown_in_docs

    shown, count = [], 0
    checks = [(f"batch {first}: a.txt", True)] * 3 + [(f"batch {first + 1}: b.txt", False)]
    checks += [(f"batch {n}: x.txt", True) for n in range(first + 2, first + 4 + DOCS_FAILING_BATCHES)]
    for label, failing in checks:
        keep, count = shown_in_docs(label, checks[0][0], failing, count)
        if keep:
            shown.append(label)
    # The first batch's failures do not use up the cap; a passing later batch is not shown; the cap holds.
    assert shown[:3] == [f"batch {first}: a.txt"] * 3
    assert f"batch {first + 1}: b.txt" not in shown
    assert len(shown) == 3 + DOCS_FAILING_BATCHES
    assert shown[-1] == f"batch {first + 1 + DOCS_FAILING_BATCHES}: x.txt"
