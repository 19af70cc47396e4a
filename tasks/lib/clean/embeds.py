"""Embedded social posts in article text: found, turned into ``Embed`` records, and removed.

Scraped pages keep an embedded post as its text followed by a signature line:
- Twitter/X: ``#Russia is deploying ... pic.twitter.com/abc`` then ``— Marco Rubio (@marcorubio) March 25, 2019``
  (the signature may also end the text line itself);
- Instagram: ``View this post on Instagram`` ... ``A post shared by Name (@handle) on Mar 5, 2019 at 10:21am PST``;
- Facebook: ``Posted by Name on Monday, March 25, 2019``;
- a bare tweet with a ``pic.twitter.com`` link and no signature.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from tasks.lib.records import Embed

MAX_POST_CHARS = 600  # tweets are <= 280; captions a little longer. Longer lines are article prose.

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_POST_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_TWEET_SIG = re.compile(
    rf"(?:^|\s)(?:[—–―]|--?|&mdash;)\s*(?P<name>[^()\n—–]{{1,60}}?)\s*\(@(?P<handle>\w{{1,30}})\)"
    rf"(?:\s*(?:on\s+)?(?:Twitter|X))?\s*(?P<date>{_POST_DATE})?\s*$")
_INSTA_SIG = re.compile(
    rf"^A post shared by\s+(?:(?P<name>[^()\n]{{1,80}}?)\s*)?\(?@?(?P<handle>[\w.]{{1,40}})?\)?"
    rf"(?:\s+on\s+(?P<date>{_POST_DATE}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}.*?))?\s*(?:at\s+[\d:]+\s*[ap]m\s*\w*)?\s*$",
    re.I)
_INSTA_OPEN = re.compile(r"^(?:View this post on Instagram|View (?:more )?on Instagram)\s*$", re.I)
_FB_SIG = re.compile(rf"^Posted by\s+(?P<name>[^\n]{{1,80}}?)\s+on\s+(?:\w+day,\s+)?(?P<date>{_POST_DATE})\s*$")
_PIC = re.compile(r"\bpic\.twitter\.com/\w+", re.I)
_TWEET_MARK = re.compile(r"(?:^|\s)[#@]\w|https?://t\.co/|pic\.twitter\.com/", re.I)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d",
                 "%d %B, %Y", "%d %b, %Y", "%b. %d, %Y")


def parse_post_date(text: str | None) -> date | None:
    """Parse a post signature's date ("March 25, 2019", "25 Mar 2019", "Sept. 3, 2019")."""
    if not text:
        return None
    s = re.sub(r"\s+", " ", text.strip()).replace("Sept.", "Sep.").replace("Sept ", "Sep ")
    s = re.sub(r"\s+at\s+.*$", "", s)
    for candidate in (s, s.replace(".", "")):
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def extract_embeds(lines: list[str]) -> tuple[list[Embed], list[str]]:
    """Find embedded social posts in paragraph lines.

    Args:
        lines: the article's paragraphs, one per item.

    Returns:
        The embeds in reading order, and the lines with the posts (text and signature) removed.
    """
    embeds: list[Embed] = []
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if i in drop or len(line) > MAX_POST_CHARS + 200:
            continue
        if m := _TWEET_SIG.search(line):
            text = _tweet_text(lines, i, m, drop)
            embeds.append(Embed("twitter", m.group("name").strip(), m.group("handle"),
                                parse_post_date(m.group("date")), text))
        elif m := _INSTA_SIG.match(line):
            body = _instagram_body(lines, i, drop)
            embeds.append(Embed("instagram", (m.group("name") or "").strip() or None, m.group("handle"),
                                parse_post_date(m.group("date")), "\n".join(lines[k] for k in body)))
        elif m := _FB_SIG.match(line):
            body = _line_above(lines, i, drop)
            drop.update(body)
            drop.add(i)
            embeds.append(Embed("facebook", m.group("name").strip(), None, parse_post_date(m.group("date")),
                                "\n".join(lines[k] for k in body)))
    # a tweet pasted without its signature still carries its picture link
    for i, line in enumerate(lines):
        if i not in drop and _PIC.search(line) and len(line) <= MAX_POST_CHARS:
            drop.add(i)
            text = _PIC.sub("", line).strip()
            embeds.append(Embed("twitter", None, None, None, text))
        elif i not in drop and _INSTA_OPEN.match(line):
            drop.add(i)
    if not drop:
        return embeds, lines
    return embeds, [ln for k, ln in enumerate(lines) if k not in drop]


def _line_above(lines: list[str], i: int, drop: set[int]) -> list[int]:
    # a signature without an opening line signs the one short paragraph above it
    return [i - 1] if i > 0 and i - 1 not in drop and len(lines[i - 1]) <= MAX_POST_CHARS else []


def _tweet_text(lines: list[str], i: int, m: re.Match, drop: set[int]) -> str:
    """The text of the tweet signed on line ``i``; its lines (signature included) are added to ``drop``."""
    text_parts = []
    own = lines[i][:m.start()].strip()
    if own:
        text_parts.append(own)
    else:
        j = i - 1
        while j >= 0 and j not in drop and len(lines[j]) <= MAX_POST_CHARS:
            # the line just above is the post; earlier lines only if they look like tweets
            if text_parts and (not _TWEET_MARK.search(lines[j])
                               or sum(map(len, text_parts)) + len(lines[j]) > 280):
                break
            text_parts.insert(0, lines[j])
            drop.add(j)
            j -= 1
    drop.add(i)
    return "\n".join(text_parts)


def _instagram_body(lines: list[str], i: int, drop: set[int]) -> list[int]:
    """The caption lines of the Instagram post signed on line ``i`` (up to its "View this post" opener,
    at most three lines up); they, the opener and the signature are added to ``drop``."""
    start = i - 1
    while start >= 0 and start not in drop and not _INSTA_OPEN.match(lines[start]) and i - start <= 3:
        start -= 1
    if start >= 0 and start not in drop and _INSTA_OPEN.match(lines[start]):
        body = list(range(start + 1, i))
        drop.add(start)
    else:
        body = _line_above(lines, i, drop)
    drop.update(body)
    drop.add(i)
    return body
