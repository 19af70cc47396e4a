"""Range rows against the real amounts and dates suites: a reversed range is set aside, a sound one kept."""

from datetime import date

from expectations.gate import gate
from warehouse import tables

TEXT = "She was mayor in 2009-2010 and paid between 3 and 5 dollars."
DOC = "b" * 16


def batch(amount: dict, when: dict):
    rows = {
        "documents": [{"doc_id": DOC, "source_uri": "/b.txt", "content_hash": "b" * 64, "text": TEXT,
                       "word_count": 12, "run_id": "r", "pipeline_version": "t"}],
        "amounts": [{"doc_id": DOC, "text": "between 3 and 5 dollars", "kind": "money", "value": 3.0, "unit": "USD",
                     "low": 3.0, "high": 5.0, "start_char": 36, "end_char": 59, **amount}],
        "dates": [{"doc_id": DOC, "text": "2009-2010", "value": date(2009, 1, 1), "granularity": "year",
                   "end_value": date(2010, 1, 1), "start_char": 17, "end_char": 26, **when}],
        "entities": [], "mentions": [], "quotes": [], "roles": [], "embeds": [], "stories": [],
    }
    return {name: tables.BY_NAME[name].from_rows(r) for name, r in rows.items()}


def test_sound_ranges_pass():
    result = gate("extract", batch({}, {}))
    assert result.passed and not result.quarantine
    assert result.batch["dates"].to_pylist()[0]["end_value"] == date(2010, 1, 1)


def test_reversed_ranges_are_quarantined():
    result = gate("extract", batch({"low": 5.0, "high": 3.0, "value": 5.0}, {"end_value": date(2008, 1, 1)}))
    assert result.batch["amounts"].num_rows == 0 and result.batch["dates"].num_rows == 0
    reasons = " ".join(q["reason"] for q in result.quarantine)
    assert "expect_column_pair_values_a_to_be_greater_than_b(high, low)" in reasons
    assert "expect_column_pair_values_a_to_be_greater_than_b(end_value, value)" in reasons
