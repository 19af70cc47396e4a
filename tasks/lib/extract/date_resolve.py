"""Resolving one date expression ("earlier this month", "25 March 2019", "fiscal 2013") to a first day and a
granularity, against the publish date where it is relative (conventions in ``dates.py``)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

from tasks.lib.extract.amounts import parse_number
from tasks.lib.extract.date_calendar import (
    HOLIDAYS,
    MONTHS,
    ORDINALS,
    SEASONS,
    UNITS,
    WEEKDAYS,
    in_year,
    nearest_year,
    period_start,
    shift,
    weekday_near,
)


@lru_cache(maxsize=4096)
def resolve_date(phrase: str, pub: date | None, future: bool | None = False) -> tuple[date | None, str | None]:
    """Resolve one date expression.

    Args:
        phrase: the date expression as written ("earlier this month", "25 March 2019").
        pub: the publish date relative expressions are anchored to, or None.
        future: the governing clause looks ahead (weekday and month names then do too); None when a month
            names an event with no tense ("the July convention": the nearest one).

    Returns:
        (value, granularity); value None when unresolvable or relative without ``pub``.
    """
    p = phrase.lower().replace("’", "'")
    p = re.sub(r"\s+", " ", p).strip()
    p = re.sub(r"^(?:the|on|in|at|by|since|this past|over the|during)\s+", lambda m: "" if m.group() != "this past " else "last ", p)
    if p.startswith("past "):
        p = "last " + p[5:]
    p = re.sub(r"^(?:up)?coming (?=spring|summer|autumn|fall|winter)", "next ", p)  # "the upcoming fall"
    p = re.sub(r"^(?:(this|last|next) )?year'?s?[- ]end$", lambda m: f"end of {m.group(1) or 'this'} year", p)  # "year's end"
    # Fiscal years are named by the calendar year they are filed under ("fiscal 2013", "FY2024", "FY13");
    # the month they start in differs by organisation and is not in the text.
    p = re.sub(r"\bfy\s?'?(\d\d)\b", lambda m: ("20" if int(m.group(1)) < 50 else "19") + m.group(1), p)
    p = re.sub(r"\bfy\s?(\d{4})\b", r"\1", p)
    p = re.sub(r"\b(?:fiscal|financial) year\b", "year", p)
    p = re.sub(r"\bfiscal (?=\d{4}\b)", "", p)
    # A season across two years is the one that begins in the first ("the winter of 2004-5": December 2004).
    p = re.sub(r"^((?:spring|summer|autumn|fall|winter) of \d{4})\s?[-–/]\s?\d{1,4}$", r"\1", p)
    week_of = re.fullmatch(r"week of (.+)", p)
    if week_of:  # "the week of March 4": the Monday-based week holding that day
        day, gran = resolve_date(week_of.group(1), pub, future)
        return (day - timedelta(days=day.weekday()) if day else None), "week"
    explicit = None
    m = re.match(r"(next|last|this|coming|previous|following|that)\s+", p)
    if m:
        explicit = {"coming": "next", "previous": "prev", "following": "foll"}.get(m.group(1), m.group(1))

    # Period modifiers keep the period: "early March", "the end of 2004", "mid-2005".
    mod = re.match(r"(?:earlier in|later in|early in|late in|early|mid|late|the end of|end of|the start of|start of|the beginning of|beginning of|the middle of|middle of|the turn of)[\s-]+(.+)", p)
    if mod and mod.group(1) != p:
        # "the end of the year" is this year's end: the period is the current one.
        return resolve_date(re.sub(r"^the (year|month|week)$", r"this \1", mod.group(1)), pub, future)

    # Absolute forms first: they need no publish date.
    absolute = _absolute(p, pub, future, explicit)
    if absolute is not None:
        return absolute
    year = re.search(r"\b((?:1[5-9]|20)\d\d)\b", p)
    if year:  # "the first nine days of 1985", "between 1989 and 2003": the year is what is certain
        return date(int(year.group(1)), 1, 1), "year"
    if explicit in ("prev", "foll", "that"):
        return None, _granularity_word(p)  # anchored to the narrative, not the publish date
    if pub is None:
        return None, _granularity_word(p)
    rel = _relative(p, pub, future, explicit)
    if rel is not None:
        return rel
    return None, _granularity_word(p)


def _granularity_word(p: str) -> str | None:
    for word, unit in (("weekend", "weekend"), ("week", "week"), ("month", "month"), ("quarter", "quarter"),
                       ("year", "year"), ("decade", "decade")):
        if word in p:
            return unit
    if any(w in p.split() for w in WEEKDAYS) or any(w in p for w in ("day", "night", "morning")):
        return "day"
    if any(w in p.split() for w in MONTHS):
        return "month"
    return None


_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_Resolved = tuple[date | None, str | None]


def _absolute(p: str, pub: date | None, future: bool, explicit: str | None) -> _Resolved | None:
    """A form that names its period outright (a day, month, year, quarter, season, holiday), else None."""
    wd = re.match(rf"({_WD_RE}),?\s+(?=\d|{_MONTH_RE})", p)
    p = p[wd.end() :] if wd else p
    return (
        _day_of_month(p, wd, pub, future, explicit) or _numeric(p) or _years(p) or _parts_of_year(p, pub, future)
        or _seasonal(p, pub, future) or _month_alone(p, pub, future)
    )


def _day_of_month(p: str, wd: re.Match | None, pub: date | None, future: bool, explicit: str | None) -> _Resolved | None:
    """ "25 March 2019", "March 25", "Monday 6 December"."""
    m = (
        re.fullmatch(rf"(?P<m>{_MONTH_RE})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y>\d{{4}}))?", p)
        or re.fullmatch(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m>{_MONTH_RE})\.?(?:,? (?P<y>\d{{4}}))?", p)
    )
    if m:
        month, day = MONTHS[m.group("m")], int(m.group("d"))
        if m.group("y"):
            try:
                return date(int(m.group("y")), month, day), "day"
            except ValueError:
                return None, "day"
        if pub is None:
            return None, "day"
        if wd:  # "Monday 6 December": the year whose 6 December is a Monday
            for y in (pub.year, pub.year - 1, pub.year + 1):
                try:
                    if date(y, month, day).weekday() == WEEKDAYS[wd.group(1)]:
                        return date(y, month, day), "day"
                except ValueError:
                    continue
        return nearest_year(pub, month, day, future, explicit, nearest=True), "day"
    return None


def _numeric(p: str) -> _Resolved | None:
    """ "25/03/2019", "2019-03-25"."""
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d\d)", p)
    if m:  # 25/03/2019 or 03/25/2019; 03/04/2019 is ambiguous and stays unresolved
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y += 2000 if y < 100 else 0
        day, month = (a, b) if a > 12 >= b else (b, a) if b > 12 >= a else (None, None)
        try:
            return (date(y, month, day) if day else None), "day"
        except ValueError:
            return None, "day"
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", p)
    if m:
        try:
            return date(*map(int, m.groups())), "day"
        except ValueError:
            return None, "day"
    return None


def _years(p: str) -> _Resolved | None:
    """ "March 2004", "2004", "the 1990s"."""
    m = re.fullmatch(rf"(?P<m>{_MONTH_RE})\.?,? (?P<y>\d{{4}})", p)
    if m:
        return date(int(m.group("y")), MONTHS[m.group("m")], 1), "month"
    m = re.fullmatch(r"(?:the )?(?:year )?((?:1[5-9]|20)\d\d)", p)
    if m:
        return date(int(m.group(1)), 1, 1), "year"
    m = re.fullmatch(r"(?:the )?(?:'|mid-)?((?:1[5-9]|20)?\d0)'?s", p)
    if m:
        y = int(m.group(1))
        if y < 100:
            y += 1900 if y >= 30 else 2000
        return date(y, 1, 1), "decade"
    return None


def _parts_of_year(p: str, pub: date | None, future: bool) -> _Resolved | None:
    # Quarters and halves: "the fourth quarter of 2004", "Q1 2005", "the first half".
    m = re.fullmatch(r"(?:(first|second|third|fourth|final|last|1st|2nd|3rd|4th)[ -]quarter|q([1-4]))(?: of)?(?: (\d{4}|this year|last year|next year))?", p)
    if m:
        q = ORDINALS.get(m.group(1) or "", None) or int(m.group(2))
        return in_year(m.group(3), pub, lambda y: date(y, 3 * (q - 1) + 1, 1), "quarter", future)
    m = re.fullmatch(r"(first|second) half(?: of)?(?: (\d{4}|this year|last year|next year))", p)
    if m:
        h = 1 if m.group(1) == "first" else 7
        return in_year(m.group(2), pub, lambda y: date(y, h, 1), "half", future)
    return None


def _seasonal(p: str, pub: date | None, future: bool) -> _Resolved | None:
    # Seasons and holidays: "summer 2003", "next summer", "Christmas".
    m = re.fullmatch(rf"(?:(next|last|this) )?({'|'.join(SEASONS)})(?: of)?(?: (\d{{4}}))?", p)
    if m:
        month = SEASONS[m.group(2)]
        if m.group(3):
            return date(int(m.group(3)), month, 1), "season"
        if pub is None:
            return None, "season"
        d = nearest_year(pub.replace(day=1), month, 1, future, m.group(1))
        if m.group(1) == "this":
            d = date(pub.year, month, 1)
        return d, "season"
    m = re.fullmatch(rf"(?:(next|last|this) )?({'|'.join(sorted(HOLIDAYS, key=len, reverse=True))}|easter)(?: (\d{{4}}))?", p)
    if m:
        if m.group(3):
            y = int(m.group(3))
            return (easter(y) if m.group(2) == "easter" else date(y, *HOLIDAYS[m.group(2)])), "day"
        if pub is None:
            return None, "day"
        if m.group(2) == "easter":
            options = [easter(y) for y in (pub.year - 1, pub.year, pub.year + 1)]
            if m.group(1) == "next" or future:
                return min(d for d in options if d >= pub), "day"
            return max(d for d in options if d <= pub), "day"
        return nearest_year(pub, *HOLIDAYS[m.group(2)], future, m.group(1)), "day"
    return None


def _month_alone(p: str, pub: date | None, future: bool) -> _Resolved | None:
    # Month name alone, possibly "last August" / "next May".
    m = re.fullmatch(rf"(?:(next|last|this) )?({_MONTH_RE})\.?", p)
    if m:
        if pub is None:
            return None, "month"
        month = MONTHS[m.group(2)]
        first = pub.replace(day=1)
        if m.group(1) == "this":
            return date(pub.year, month, 1), "month"
        # future None: no tense, the nearest occurrence (one ahead counting double) wins
        return nearest_year(first, month, 1, bool(future), m.group(1), nearest=future is None), "month"
    return None



def _relative(p: str, pub: date, future: bool, explicit: str | None) -> tuple[date | None, str | None] | None:
    if re.fullmatch(r"(?:today|tonight|this (?:morning|afternoon|evening)|now|nowadays)", p):
        return pub, "day"
    if re.fullmatch(r"(?:yesterday|last night)(?: (?:morning|afternoon|evening))?", p):
        return pub - timedelta(days=1), "day"
    if re.fullmatch(r"tomorrow(?: (?:morning|afternoon|evening|night))?", p):
        return pub + timedelta(days=1), "day"
    wd_re = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    m = re.fullmatch(rf"(?:(last|next|this|on) )?({wd_re})\.?(?: (?:morning|afternoon|evening|night))?", p)
    if m:
        word = m.group(1)
        mode = "last" if word == "last" else "next" if word == "next" else "past" if future is False else "future"
        return weekday_near(pub, WEEKDAYS[m.group(2)], mode), "day"
    m = re.fullmatch(r"(?:(earlier|later) )?(this|last|next|the) (weekend|week|month|year|decade|quarter)", p)
    if m:
        which, unit = m.group(2), m.group(3)
        if unit == "weekend":
            mode = "next" if which == "next" else "last" if which == "last" else "future" if future else "past"
            sat = weekday_near(pub, 5, mode)
            if mode == "past" and pub.weekday() == 6:
                sat = pub - timedelta(days=1)
            return sat, "weekend"
        if which == "the":
            return None
        step = {"this": 0, "last": -1, "next": 1}[which]
        base = pub
        if step:
            base, _ = shift(pub, 1, unit, step)
        return period_start(base, unit), unit
    m = re.fullmatch(r"(.+?) (days?|weeks?|fortnights?|months?|quarters?|years?|decades?) (ago|earlier|prior|before|back|later|after|from (?:now|today|tonight|tomorrow)|hence|on)", p)
    if m:
        n = parse_number(m.group(1))
        unit = UNITS[m.group(2)]
        if n is None or n != int(n) or m.group(3) in ("later", "after", "on"):
            # "eight months later" counts from the story's own time, not the publish date: unresolved
            return None, UNITS.get(m.group(2)) if UNITS.get(m.group(2)) != "fortnight" else "week"
        sign = 1 if m.group(3) in ("later", "after", "hence", "on") or m.group(3).startswith("from") else -1
        base = pub + timedelta(days=1) if m.group(3) == "from tomorrow" else pub  # "a week from tomorrow"
        try:
            if m.group(3) in ("from today", "from tonight", "from tomorrow"):
                return shift(base, n, unit, sign)[0], "day"  # a day counted from a named day
            return shift(base, n, unit, sign)
        except (ValueError, OverflowError):  # "6,000 years ago" is before date.min
            return None, "year" if unit in ("decade", "century") else unit
    if re.fullmatch(r"(?:days|weeks|months|years|decades) (?:ago|earlier|later|prior)|recently|a while ago", p):
        return None, _granularity_word(p)
    return None
