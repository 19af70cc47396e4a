"""Calendar arithmetic for date resolution: the date word tables, shifting by units, the start of a
period, the weekday or month/day occurrence nearest a publish date."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tasks.lib import vocab

_W = vocab.table("date_words.json")
MONTHS: dict[str, int] = _W["months"]
WEEKDAYS: dict[str, int] = _W["weekdays"]
SEASONS: dict[str, int] = _W["seasons"]
HOLIDAYS: dict[str, list[int]] = _W["holidays"]
UNITS: dict[str, str] = _W["units"]
ORDINALS: dict[str, int] = _W["ordinals"]


def shift(pub: date, n: float, unit: str, sign: int) -> tuple[date, str]:
    n_int = int(n)
    if unit == "day":
        return pub + timedelta(days=sign * n_int), "day"
    if unit in ("week", "fortnight"):
        days = 7 * n_int * (2 if unit == "fortnight" else 1)
        return pub + timedelta(days=sign * days), "week"
    if unit == "month":
        return pub + relativedelta(months=sign * n_int), "month"
    if unit == "quarter":
        return pub + relativedelta(months=sign * 3 * n_int), "quarter"
    if unit == "year":
        return pub + relativedelta(years=sign * n_int), "year"
    if unit == "decade":
        return pub + relativedelta(years=sign * 10 * n_int), "decade"
    return pub + relativedelta(years=sign * 100 * n_int), "year"


def period_start(d: date, unit: str) -> date:
    if unit == "week":
        return d - timedelta(days=d.weekday())
    if unit == "month":
        return d.replace(day=1)
    if unit == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    if unit == "year":
        return date(d.year, 1, 1)
    if unit == "decade":
        return date(d.year - d.year % 10, 1, 1)
    return d


def weekday_near(pub: date, wd: int, mode: str) -> date:
    """mode: past (on/before), last (strictly before), future (on/after), next (strictly after)."""
    back = (pub.weekday() - wd) % 7
    fwd = (wd - pub.weekday()) % 7
    if mode == "last":
        return pub - timedelta(days=back or 7)
    if mode == "next":
        return pub + timedelta(days=fwd or 7)
    if mode == "future":
        return pub + timedelta(days=fwd)
    return pub - timedelta(days=back)


def nearest_year(
    pub: date, month: int, day: int, future: bool, explicit: str | None, nearest: bool = False
) -> date | None:
    """The occurrence of month/day nearest the publish date in the direction the text implies.

    With ``nearest`` and no tense cue, the closest occurrence wins, a future one counting double
    (news mostly reports the past, but "on 27 February" in a mid-February article is ahead).
    """
    options = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if not options:
        return None
    if explicit == "next" or future:
        later = [d for d in options if d >= pub] if explicit != "next" else [d for d in options if d > pub]
        return min(later) if later else None
    if explicit == "last":
        before = [d for d in options if d < pub]
        return max(before) if before else None
    if nearest:
        return min(options, key=lambda d: (pub - d).days if d <= pub else 2 * (d - pub).days)
    before = [d for d in options if d <= pub]
    return max(before) if before else None



def in_year(year_word: str | None, pub: date | None, make, granularity: str, future: bool):
    if year_word and year_word.isdigit():
        return make(int(year_word)), granularity
    if pub is None:
        return None, granularity
    offset = {"last year": -1, "next year": 1}.get(year_word or "", 0)
    d = make(pub.year + offset)
    if year_word is None and not future and d > pub:
        d = make(pub.year - 1)  # "the fourth quarter" in a January article is last year's
    return d, granularity
