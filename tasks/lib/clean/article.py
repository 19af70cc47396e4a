"""Turning a raw article into clean body text plus metadata.

The cleaned ``CleanArticle.text`` is final: every later character offset refers to it.
Paragraphs are lines (one ``"\\n"`` between paragraphs). The steps are small functions over the
list of paragraph lines, applied left to right: page/markup to lines, embedded social posts
out, headline, byline, dateline, boilerplate lines out, menu check, language detection.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tasks.lib.clean.boilerplate import drop_boilerplate, drop_junk_lines, is_navigation_only
from tasks.lib.clean.datelines import detect_headline, drop_title_line, extract_byline, extract_dateline
from tasks.lib.clean.embeds import extract_embeds
from tasks.lib.clean.errors import CleanError
from tasks.lib.clean.html import html_to_lines
from tasks.lib.clean.language import detect_language_code
from tasks.lib.clean.lines import text_to_lines
from tasks.lib.clean.markdown import markdown_to_lines
from tasks.lib.ingest.published import date_in_name
from tasks.lib.ingest.raw import RawArticle
from tasks.lib.records import Embed


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


def clean_article(raw: RawArticle, *, languages: Collection[str] = ("en",),
                  html_options: Mapping[str, Any] | None = None) -> CleanArticle:
    """Clean one raw article into final body text plus metadata.

    Args:
        raw: the article as read from disk (``format`` picks HTML, Markdown or plain text).
        languages: the languages extraction is built for (ISO 639-1): a short or uncertain text is
            given the likeliest of them; any language with strong evidence is kept as detected.
        html_options: overrides for ``HTML_OPTIONS`` (trafilatura keyword arguments).

    Returns:
        The cleaned article. Metadata given by the raw record wins over metadata found in the
        page, and both over the day a dateline states and then a date in the file's name; ``published_at`` stays
        ``None`` when no source states it.

    Raises:
        CleanError: ``no_text`` when no article text is left (a title-only record keeps its title as
            text), ``no_article`` for a page of navigation words only.
    """
    meta: dict[str, Any] = {}
    fmt = raw.format
    if fmt == "html":
        lines, meta = html_to_lines(raw.text, url=raw.url, options=html_options)
    elif fmt == "md":
        lines, meta = markdown_to_lines(raw.text)
    else:
        lines = text_to_lines(raw.text)
    title = _clean_title(raw.title or meta.get("title"))
    author = raw.author or meta.get("author")

    embeds, lines = extract_embeds(lines)
    lines = drop_junk_lines(lines)
    if title:
        lines = drop_title_line(lines, title)
    elif fmt != "html":
        title, lines = detect_headline(lines)
    byline, lines = extract_byline(lines)
    author = author or byline
    dateline, lines = extract_dateline(lines)
    lines = drop_boilerplate(lines, short_line_rule=fmt != "html")

    text = "\n".join(lines).strip()
    if not any(ch.isalpha() for ch in text) and title:
        text = title  # a title-only record (a headline feed): its headline is all the text it has
    if not text or not any(ch.isalpha() for ch in text):
        raise CleanError("no_text: no article text left after cleaning")
    if is_navigation_only(f"{title or ''}\n{text}"):
        raise CleanError(f"no_article: only navigation words (a site menu, not an article): {text[:80]!r}")
    language = detect_language_code(text, languages)
    return CleanArticle(
        text=text,
        title=title,
        dateline=dateline.text if dateline else None,
        published_at=(raw.published_at or meta.get("published_at") or (dateline and dateline.day)
                      or date_in_name(raw.source_uri)),
        language=language,
        author=author,
        url=raw.url or meta.get("url"),
        source=raw.source or meta.get("source"),
        embeds=embeds,
    )


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(str(title).split())
    return title or None
