"""Issue 29 end to end: a JSONL article through the real flow, read back from `amounts` and `dates` with SQL."""

import json
from datetime import date

from tests.conftest import query

TEXT = (
    "The museum said it will reopen in June after a refit that cost between 3 and 5 million dollars. "
    "Inspectors found 45 and 50 cases of damage, and the quarterly result was ($99.99) per ticket. "
    "Its director served from 2009-2010 and again in fiscal 2013."
)


def test_ranges_lists_and_signs_reach_the_warehouse(prefect_harness, tmp_path):
    from flows.news_pipeline import news_pipeline

    src = tmp_path / "in" / "museum.jsonl"
    src.parent.mkdir()
    src.write_text(json.dumps({"title": "Museum to reopen", "text": TEXT, "published_at": "2013-03-14"}) + "\n")
    wh = tmp_path / "wh"
    summary = news_pipeline(paths=[str(src.parent)], warehouse=str(wh))
    assert summary["status"] == "completed" and summary["docs_loaded"] == 1

    amounts = {r["text"]: r for r in query(wh, "select text, value, unit, low, high from amounts")}
    assert amounts["between 3 and 5 million dollars"] == {
        "text": "between 3 and 5 million dollars", "value": 3e6, "unit": "USD", "low": 3e6, "high": 5e6}
    assert (amounts["45"]["value"], amounts["45"]["unit"]) == (45, "cases")
    assert (amounts["50 cases"]["value"], amounts["50 cases"]["low"]) == (50, None)
    assert amounts["($99.99)"]["value"] == -99.99

    dates = {r["text"]: r for r in query(wh, "select text, value, granularity, end_value from dates")}
    assert (dates["June"]["value"], dates["June"]["end_value"]) == (date(2013, 6, 1), None)
    assert (dates["2009-2010"]["value"], dates["2009-2010"]["end_value"], dates["2009-2010"]["granularity"]) == (
        date(2009, 1, 1), date(2010, 1, 1), "year")
    assert dates["fiscal 2013"]["value"] == date(2013, 1, 1)
