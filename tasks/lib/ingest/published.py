"""Publication dates from metadata (ISO 8601, RFC 2822, epoch numbers, absolute dates); never invented."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from tasks.lib.ingest.raw import pick

_EPOCH_MS = 10**11  # larger numbers are epoch milliseconds


PLAUSIBLE_YEARS = range(1800, 2201)  # outside: a placeholder or an exporter's bug, not a publication date


def parse_datetime(value: Any) -> datetime | None:
    """Parse a publication date from metadata; never invent one (see ``_parse_datetime``)."""
    parsed = _parse_datetime(value)
    return parsed if parsed is not None and parsed.year in PLAUSIBLE_YEARS else None


def _parse_datetime(value: Any) -> datetime | None:
    """Parse a publication date from metadata; never invent one.

    Accepts ISO 8601, RFC 2822 (RSS ``pubDate``), epoch seconds or milliseconds, and
    other absolute formats dateparser knows. Relative expressions ("yesterday") and dates
    missing the day, month or year give ``None`` rather than a guess filled in from today.

    Args:
        value: a string, number or ``datetime`` (anything else gives ``None``).

    Returns:
        A ``datetime`` (timezone-aware when the input says so), or ``None``.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            secs = value / 1000 if abs(value) >= _EPOCH_MS else value
            return datetime.fromtimestamp(secs, tz=timezone.utc) if secs > 0 else None
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, dict):
        return _parse_datetime(pick({str(k).lower(): v for k, v in value.items()}, ("$date", "date", "value")))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 100:
        return None
    if s.isdigit() and len(s) >= 9:
        return _parse_datetime(int(s))
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        return dateparser.parse(s, settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
        })
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is just unknown
        return None


# An ISO date in an article file's name: archives and scrapers name files by it (``breitbart_2016-09-12_poll.txt``).
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](0[1-9]|1[0-2])[-_.](0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(source_uri: str) -> datetime | None:
    """The publication day an article file's name states, or None.

    Only a file holding one article counts: a record inside a JSON file (``dump_2016-09-12.jsonl#3``) may carry the
    export's date, not its own. An impossible day (``2016-02-30``) is no date.
    """
    if "#" in source_uri:
        return None
    m = _NAME_DATE.search(source_uri.rsplit("/", 1)[-1])
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None
