"""The day a dateline states ("WASHINGTON, June 10 (UPI) —") as a date mention of its article.

The cleaner moves the dateline out of ``documents.text`` into ``documents.dateline`` (``WASHINGTON, June 10``),
so the dates extractor never reads it. Its date is added here, resolved like any other (a day without a year is
the nearest on or before the publish date), with ``in_dateline`` set: its offsets are into the dateline.
"""

from __future__ import annotations

from datetime import date

from tasks.lib.clean.datelines import dateline_date
from tasks.lib.extract.date_resolve import resolve_date
from tasks.lib.records import Analysis, DateMention


def add_dateline_date(analysis: Analysis, dateline: str | None, published_at: date | None) -> Analysis:
    """Add the dateline's date, when it states one, to an article's dates (changed in place and returned)."""
    span = dateline_date(dateline or "")
    if span:
        text = dateline[span[0]:span[1]]
        value, granularity = resolve_date(text, published_at)
        analysis.dates.insert(0, DateMention(text, value, *span, granularity=granularity, in_dateline=True))
    return analysis
