"""Date ranges: one mention with a start and an end ("2009-2010", "1957-58", "from 1983 to 1992").

A range is one row in ``dates``: ``value`` is the start, ``end_value`` the first day of the period
that ends it, both at one granularity ("between June 2012 and April 2014" -> 2012-06-01 .. 2014-04-01,
month). A short second year takes the first one's century ("1957-58" -> 1958, "1999-00" -> 2000); a
first end without a year takes the second's ("20 March to 27 March 2004"). Ends that do not resolve,
differ in granularity or do not go forward in time are no range (scores "3-1", changes "from Monday
to Friday" read backwards): the caller then reads the parts on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

Resolver = Callable[..., tuple[date | None, str | None]]

_YEAR = r"(?:1[5-9]|20)\d\d"
# "2009-2010", "1957-58", "2012–13", "2012/13" (financial years), optionally "fiscal"/"the".
_YEAR_SPAN = re.compile(rf"(?i)(?:(?:the|fiscal|fy)\s*)?({_YEAR})\s?[-–/]\s?(\d\d|{_YEAR})(?:\s+(?:fiscal\s+)?(?:year|season))?")
# Scanning form for the rule matcher in dates.py: a year span not inside a longer number or ISO date.
YEAR_SPAN_RULE = rf"(?<![\d/-]){_YEAR}\s?[-–/]\s?(?:{_YEAR}|\d\d)(?![\d/-])"
_CONNECTOR = r"\s*(?:[-–—]|\bto\b|\bthrough\b|\buntil\b|\btill\b|\band\b)\s*"
_SPLIT = re.compile(rf"(?i)^(?P<lead>from\s+|between\s+)?(?P<a>.+?){_CONNECTOR.replace('(?:', '(?P<sep>', 1)}(?P<b>.+)$")
_JOIN = re.compile(rf"(?i)^{_CONNECTOR}$")


def year_span(phrase: str) -> tuple[date, date] | None:
    """The start and end years of "2009-2010", "1957-58", "FY2012/13"; None for anything else."""
    m = _YEAR_SPAN.fullmatch(phrase.strip())
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if len(second) == 2 and last < first:
        last += 100  # "1999-00"
    if not first < last <= first + 100:
        return None
    return date(first, 1, 1), date(last, 1, 1)


def resolve_range(
    phrase: str, pub: date | None, future: bool, resolve: Resolver
) -> tuple[date, date, str] | None:
    """(start, end, granularity) when ``phrase`` names a range of dates, else None.

    Args:
        phrase: the date expression as written.
        pub: the publish date relative ends are anchored to, or None.
        future: the governing clause is future tense.
        resolve: the single-date resolver, ``resolve(phrase, pub, future=...) -> (value, granularity)``.
    """
    years = year_span(phrase)
    if years:
        return years[0], years[1], "year"
    m = _SPLIT.match(" ".join(phrase.split()))
    if not m or (m.group("sep").strip().lower() == "and" and not m.group("lead")):
        return None  # "X and Y" is a list unless "between" opens it
    second = m.group("b")
    day_only = re.fullmatch(r"(?P<month>.*[A-Za-z].*?)\s+\d{1,2}(?:st|nd|rd|th)?", m.group("a"))
    if day_only and re.fullmatch(r"\d{1,2}(?:,?\s+\d{4})?", second):
        second = f"{day_only.group('month')} {second}"  # "Sept. 6-8": the end's month is the start's
    end, gran = resolve(second, pub, future=future)
    if end is None:
        return None
    first = m.group("a")
    if re.fullmatch(r"\d{1,2}", first) and re.match(r"\d{1,2}\s+[A-Za-z]", m.group("b")):
        first = f"{first} {m.group('b').split(None, 1)[1]}"  # "14 to 17 February": the month of the end
    if re.search(r"\d{4}", m.group("b")) and not re.search(r"\d{4}", first):
        first = f"{first} {end.year}"  # "20 March to 27 March 2004": one year for both ends
    start, first_gran = resolve(first, pub, future=future)
    if start is None or first_gran != gran or not start < end:
        return None
    return start, end, gran


def joins_range(between: str) -> bool:
    """Whether the text between two date mentions makes them one range ("1983 to 1992", "June - July")."""
    return bool(_JOIN.match(between))
