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


HEADED = (
    "LONDON, March 5 (Reuters) - Shares in Tesco rose on Thursday after the grocer said it would open 40 stores.\n\n"
    "Tesco employs 300,000 people in Britain, a spokesman said."
)


def test_the_headline_and_dateline_give_their_amounts_and_dates(prefect_harness, tmp_path):
    """The cleaner keeps the headline and the dateline out of the text; their numbers and days are still rows,
    with offsets into documents.title and documents.dateline."""
    from flows.news_pipeline import news_pipeline

    src = tmp_path / "in" / "tesco.jsonl"
    src.parent.mkdir()
    record = {"title": "Tesco to cut 2,000 jobs by Friday", "text": HEADED, "published_at": "2015-03-05"}
    src.write_text(json.dumps(record) + "\n")
    wh = tmp_path / "wh"
    summary = news_pipeline(paths=[str(src.parent)], warehouse=str(wh))
    assert summary["status"] == "completed" and summary["dq_failed"] == 0

    assert query(wh, "select title, dateline from documents") == [
        {"title": "Tesco to cut 2,000 jobs by Friday", "dateline": "LONDON, March 5"}]
    amounts = query(wh, "select a.text, value, unit, in_title, substr(if(in_title, d.title, d.text), start_char + 1, "
                        "end_char - start_char) as span from amounts a join documents d using (doc_id) order by value")
    assert [(a["value"], a["unit"], a["in_title"], a["span"]) for a in amounts] == [
        (40, "stores", False, "40 stores"), (2000, "jobs", True, "2,000 jobs"),
        (300000, "people", False, "300,000 people")]
    dates = query(wh, "select t.text, value, in_title, in_dateline, substr(case when in_title then d.title when "
                      "in_dateline then d.dateline else d.text end, start_char + 1, end_char - start_char) as span "
                      "from dates t join documents d using (doc_id) order by in_dateline desc, in_title desc")
    assert [(d["text"], d["value"], d["in_title"], d["in_dateline"], d["span"]) for d in dates] == [
        ("March 5", date(2015, 3, 5), False, True, "March 5"),
        ("Friday", date(2015, 3, 6), True, False, "Friday"),
        ("Thursday", date(2015, 3, 5), False, False, "Thursday")]
    # the dateline's place is still its only place mention: the date is not taken for a place
    assert query(wh, "select text from mentions where in_dateline") == [{"text": "LONDON"}]
    # a headline's amount has the headline as its sentence, and the entity the headline names in it
    scopes = query(wh, "select entity, scope, sentence from amounts_by_entity where amount = '2,000 jobs'")
    assert [(r["entity"], r["sentence"]) for r in scopes if r["scope"] == "sentence"] == [
        ("Tesco", "Tesco to cut 2,000 jobs by Friday")]
    assert "London" in {r["entity"] for r in scopes if r["scope"] == "article"}
