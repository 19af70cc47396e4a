"""Drift alarms judge a run's metrics against the warehouse's own history."""

import json

import pytest

from expectations.drift import drift_checks, run_stats

HISTORY = [{"quotes_per_1k_words": q, "attributed_quote_share": 0.9, "entities_per_doc": 12.0,
            "quarantine_rate": 0.0} for q in (4.0, 5.0, 4.5, 5.5, 4.8)]


def verdicts(stats, history=HISTORY, docs_loaded=10):
    return {r["expectation"].split()[0]: r for r in drift_checks(stats, history, docs_loaded=docs_loaded)}


def test_run_stats_from_counts():
    stats = run_stats(words=2000, quotes=10, attributed=8, entity_mentions_per_doc=[10, 14], docs_seen=4,
                      docs_quarantined=1)
    assert stats == {"quotes_per_1k_words": 5.0, "attributed_quote_share": 0.8, "entities_per_doc": 12.0,
                     "quarantine_rate": 0.25}


def test_normal_run_passes_every_metric():
    rows = verdicts({"quotes_per_1k_words": 4.7, "attributed_quote_share": 0.85, "entities_per_doc": 11.0,
                     "quarantine_rate": 0.05})
    assert all(r["success"] for r in rows.values())
    assert all(r["severity"] == "warning" and r["suite"] == "drift" for r in rows.values())


def test_collapsed_quote_rate_is_flagged_with_its_band():
    rows = verdicts({"quotes_per_1k_words": 0.3, "attributed_quote_share": 0.9, "entities_per_doc": 12.0,
                     "quarantine_rate": 0.0})
    flagged = rows["quotes_per_1k_words"]
    assert not flagged["success"]
    observed = json.loads(flagged["observed_value"])
    assert observed["value"] == 0.3 and observed["median"] == 4.8 and observed["low"] > 0.3
    assert rows["attributed_quote_share"]["success"]


@pytest.mark.parametrize("history, docs_loaded", [(HISTORY[:2], 10), (HISTORY, 2)])
def test_no_verdict_without_enough_history_or_documents(history, docs_loaded):
    rows = verdicts({"quotes_per_1k_words": 0.0, "attributed_quote_share": 0.0, "entities_per_doc": 0.0,
                     "quarantine_rate": 1.0}, history, docs_loaded)
    assert all(r["success"] for r in rows.values())
    assert "no verdict" in rows["quotes_per_1k_words"]["observed_value"]
