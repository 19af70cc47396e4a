"""The day a dateline states as a date of its article: no model needed."""

from datetime import date

import pytest

from tasks.lib.extract.date_dateline import add_dateline_date
from tasks.lib.records import Analysis, DateMention


@pytest.mark.parametrize("dateline, published, text, value", [
    ("WASHINGTON, June 10", date(2016, 6, 10), "June 10", date(2016, 6, 10)),
    ("LONDON, 9 January", date(2005, 1, 10), "9 January", date(2005, 1, 9)),  # filed the day after
    ("HARBOR CITY, March 4, 2021", None, "March 4, 2021", date(2021, 3, 4)),  # a year needs no publish date
    ("LONDON, March 5", None, "March 5", None),  # no year, no publish date: unresolved, still a date
])
def test_the_dateline_date_is_a_date_of_the_article(dateline, published, text, value):
    body = DateMention("Monday", date(2016, 6, 6), 30, 36)
    (first, second) = add_dateline_date(Analysis(dates=[body]), dateline, published).dates
    assert (first.text, first.value, first.granularity, first.in_dateline, first.in_title) == (
        text, value, "day", True, False)
    assert dateline[first.start_char:first.end_char] == text
    assert second is body


@pytest.mark.parametrize("dateline", ["PARIS, France", "WASHINGTON", None])
def test_a_dateline_without_a_date_adds_none(dateline):
    assert add_dateline_date(Analysis(), dateline, date(2016, 6, 10)).dates == []
