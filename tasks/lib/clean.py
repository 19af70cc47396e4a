"""Turning a raw article into clean body text plus metadata.

Minimal first version; see issue 4 for the full cleaner.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from tasks.lib.readers import RawArticle
from tasks.lib.records import Embed


class CleanError(ValueError):
    """The article cannot be cleaned into usable text; ``reason`` says why ("<code>: <detail>")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class CleanArticle:
    text: str
    title: str | None = None
    dateline: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None
    embeds: list[Embed] = field(default_factory=list)


_DATELINE = re.compile(r"^([A-Z][A-Z .'-]{2,40}) _ ")


def clean_article(raw: RawArticle, *, languages: Collection[str] = ("en",)) -> CleanArticle:
    """Clean one raw article.

    Raises:
        CleanError: no article text is left, or the language is not accepted.
    """
    text = raw.text.replace("\r\n", "\n").strip()
    dateline = None
    if m := _DATELINE.match(text):
        dateline, text = m.group(1).strip(), text[m.end():]
    if not text.strip():
        raise CleanError("no_text: no article text found")
    return CleanArticle(text=text, title=raw.title, dateline=dateline, published_at=raw.published_at,
                        language="en", author=raw.author, url=raw.url, source=raw.source)
