"""The head of an article: a repeated or detected headline, the byline, the dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tasks.lib.ingest.published import parse_datetime


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def drop_title_line(lines: list[str], title: str) -> list[str]:
    """Remove the headline when the body repeats it as its first line (or within the first three)."""
    t = _norm(title)
    for i, line in enumerate(lines[:3]):
        if _norm(line) == t and t:
            return lines[:i] + lines[i + 1:]
    return lines


def detect_headline(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take the first line as the headline when it is short, not a sentence, and a body follows.

    Returns:
        The headline (or ``None``) and the remaining lines.
    """
    if len(lines) < 2:
        return None, lines
    first = lines[0]
    words = first.split()
    if not (1 <= len(words) <= 25 and len(first) <= 200):
        return None, lines
    # a trailing ellipsis ("'My memories of Marley...'") is a headline teaser, not a full stop
    bare = first.rstrip("'\"’”")
    if not bare.endswith(("...", "…")) and (
            first.endswith((".", ",", ";", ":")) or first.endswith(('."', '.”', ".'", ".’"))):
        return None, lines
    if first.endswith(("?", "!")) and len(words) > 15:
        return None, lines
    if match_dateline(first) or _DATELINE_LINE.match(first) or _BYLINE.match(first) \
            or not any(ch.isalpha() for ch in first):
        return None, lines
    # the body must look like prose, or this is a list of short lines rather than headline + body
    if len(" ".join(lines[1:]).split()) < max(8, len(words)):
        return None, lines
    return first, lines[1:]


_NAME = r"[A-Z\u00C0-\u00DE][\w'’.\-]*(?:\s+(?:[A-Z\u00C0-\u00DE][\w'’.\-]*|van|von|de|da|del|der|la|le|bin|al|el|dos))*"
_BYLINE = re.compile(
    rf"^(?:by|BY|By)\s+(?P<names>{_NAME}(?:\s*(?:,|and|&|AND)\s*{_NAME})*)"
    r"(?:\s*(?:,|\||-|—|–|for)\s*(?P<org>[^.!?]{1,80}))?\s*$")


def extract_byline(lines: list[str]) -> tuple[str | None, list[str]]:
    """Find a "By Name[, Outlet]" line among the first three lines and remove it.

    Returns:
        The author name(s) (comma separated, capitalised when written in capitals), and the lines.
    """
    for i, line in enumerate(lines[:3]):
        if len(line) > 150:
            continue
        m = _BYLINE.match(line)
        if not m:
            continue
        segments = m.group("names").split(",")
        # "By A, B and C" lists names; in "By A and B, Reuters" or "By A, Reuters" the part after
        # the last comma is the outlet
        if len(segments) > 1 and not re.search(r"\b(?:and|AND)\b|&", segments[-1]):
            segments = segments[:-1]
        names = re.split(r"\s*(?:,|\band\b|&|\bAND\b)\s*", ",".join(segments))
        names = [n.title() if n.isupper() else n for n in names if n.strip()]
        return ", ".join(names) or None, lines[:i] + lines[i + 1:]
    return None, lines


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_UPWORD = r"[A-Z\u00C0-\u00DE][A-Z\u00C0-\u00DE'’.\-]*"
_TITLEWORD = r"[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u00FF'’.\-]*"
_REGION = rf"(?:\s*,\s*(?P<region>(?:{_TITLEWORD}|[A-Z]\.[A-Z]\.)(?:\s+{_TITLEWORD}){{0,3}}))"
_DAY = rf"{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"  # March 5, 2021; 5 March
_ISO = r"\d{4}-\d{2}-\d{2}"
_DATE = rf"(?:,?\s*(?P<date>{_DAY}))"
_AGENCY = r"(?:\s*\((?:[A-Z][A-Za-z.&'’ \-]{0,30}|[a-z]{2,12})\))"
_SEP = r"(?:\s+_\s+|\s*[—–―]\s*|\s+--?\s+|--\s*|:\s+)"
# ALL-CAPS place, optional ", Region", optional date, optional "(Agency)", then a dash/colon.
_DATELINE_UP = re.compile(
    rf"^(?P<place>{_UPWORD}(?:[ /]{_UPWORD}){{0,4}}){_REGION}?{_DATE}?{_AGENCY}?{_SEP}(?=\S)")
# Mixed-case place needs the agency as evidence: "Washington (CNN) —".
_DATELINE_MIXED = re.compile(
    rf"^(?P<place>{_TITLEWORD}(?:[ /]{_TITLEWORD}){{0,3}}){_REGION}?{_DATE}?{_AGENCY}{_SEP}(?=\S)")
# A dateline on a line of its own, ended by its date (wire copy: "PANAMA CITY 1996-08-30", "MILWAUKEE ,
# Wisconsin 1996-08-29", "LONDON, Aug 30"): the date is the evidence that the capitals are a place.
_DATELINE_LINE = re.compile(
    rf"^(?P<place>{_UPWORD}(?:[ /]{_UPWORD}){{0,4}}){_REGION}?"
    rf"(?:\s+(?P<iso>{_ISO})|{_DATE}){_AGENCY}?\s*$")


def _is_place(place: str) -> bool:
    # "U.S." or "AP" alone are not places; require a real all-caps word
    return re.search(r"[A-Z\u00C0-\u00DE]{2}", place) is not None and len(place) >= 3


def match_dateline(line: str) -> re.Match | None:
    """Match a dateline at the start of a paragraph (see ``extract_dateline``)."""
    head = line[:160]
    m = _DATELINE_UP.match(head)
    if m and _is_place(m.group("place")):
        return m
    m = _DATELINE_MIXED.match(head)
    return m


@dataclass(frozen=True)
class Dateline:
    """A dateline: its place (with its region when given), the date as written, and the day it states when it
    gives the year too."""

    place: str
    date: str | None = None
    day: datetime | None = None

    @property
    def text(self) -> str:
        """The dateline as stored in ``documents.dateline``: ``WASHINGTON``, ``PARIS, France``, ``LONDON, March 5``
        (the agency and the separator left out; ``dateline_date`` finds the date again)."""
        return f"{self.place}, {self.date}" if self.date else self.place


# The date a stored dateline ends with (``Dateline.text``).
_STORED_DATE = re.compile(rf",\s(?P<date>{_DAY}|{_ISO})$")


def dateline_date(dateline: str) -> tuple[int, int] | None:
    """Where the date of a stored dateline is (``LONDON, March 5`` -> (8, 15)), or None when it states none."""
    m = _STORED_DATE.search(dateline)
    return m.span("date") if m else None


def extract_dateline(lines: list[str]) -> tuple[Dateline | None, list[str]]:
    """Move a dateline (``WASHINGTON _``, ``WASHINGTON (AP) —``, ``LONDON, March 5 (Reuters) -``,
    ``NEW YORK --``, ``PARIS, France —``, ``Washington (CNN) —``, or a line of its own closed by its date:
    ``PANAMA CITY 1996-08-30``) out of the first paragraphs.

    Returns:
        The dateline (e.g. ``WASHINGTON``, ``PARIS, France``; the day of ``NEW YORK 1996-08-30``) or ``None``, and
        the lines.
    """
    for i, line in enumerate(lines[:3]):
        m = _DATELINE_LINE.match(line)
        if m and _is_place(m.group("place")):
            return _dateline(m), lines[:i] + lines[i + 1:]
        m = match_dateline(line) if i < 2 else None
        if not m:
            continue
        rest = line[m.end():].lstrip()
        if len(rest.split()) < 3:  # a dateline introduces a sentence
            continue
        if not any(ch.islower() for ch in " ".join(rest.split()[:6])):
            continue  # a slug before a headline in capitals ("SOCCER - JAPAN GET LUCKY WIN"), not a place
        out = list(lines)
        out[i] = rest
        return _dateline(m), out
    return None, lines


def _dateline(m: re.Match) -> Dateline:
    place, region = m.group("place").strip(" ,"), m.group("region")
    stated = m.groupdict().get("iso") or m.group("date")
    stated = " ".join(stated.split()) if stated else None
    day = parse_datetime(stated) if stated and re.search(r"\d{4}", stated) else None
    return Dateline(f"{place}, {region.strip()}" if region else place, stated, day)
