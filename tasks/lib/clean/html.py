"""HTML pages to paragraph lines plus page metadata, with trafilatura (and a plain fallback)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tasks.lib.clean.errors import CleanError
from tasks.lib.clean.lines import text_to_lines
from tasks.lib.ingest.published import parse_datetime

# trafilatura settings for article pages. Defaults otherwise: they score best on article
# benchmarks; comments are never article text, and htmldate's extensive search guesses dates
# from any text on the page, which would invent publication dates.
HTML_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
    "with_metadata": True,
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
MAX_HTML_CHARS = 20_000_000  # trafilatura's own ceiling; larger pages are refused before parsing
# trafilatura's time grows with the element count (20 s for 200k paragraphs); real article pages
# have a few thousand tags, so beyond this a plain text dump of the page is used instead.
MAX_HTML_TAGS = 150_000


def html_to_lines(page: str, *, url: str | None = None,
                  options: Mapping[str, Any] | None = None) -> tuple[list[str], dict[str, Any]]:
    """Main text and metadata of an HTML page, with trafilatura.

    Args:
        page: the page source.
        url: the page URL when known (helps trafilatura's site-specific rules).
        options: overrides for ``HTML_OPTIONS``.

    Returns:
        Paragraph lines of the main text, and metadata (title, author, published_at, url, source).

    Raises:
        CleanError: ``too_large`` for pages over ``MAX_HTML_CHARS``; ``no_text`` when no main
            text is found.
    """
    if len(page) > MAX_HTML_CHARS:
        raise CleanError(f"too_large: HTML page has {len(page)} characters > {MAX_HTML_CHARS}")
    import trafilatura

    opts = {**HTML_OPTIONS, **(options or {})}
    doc = None
    if page.count("<") <= MAX_HTML_TAGS:
        try:
            doc = trafilatura.bare_extraction(page, url=url, **opts)
        except Exception:  # lxml/trafilatura fail in many ways on hostile markup; fall back below
            doc = None
    meta: dict[str, Any] = {}
    text = getattr(doc, "text", None) if doc is not None else None
    if doc is not None:
        meta = {
            "title": getattr(doc, "title", None),
            "author": getattr(doc, "author", None),
            "url": getattr(doc, "url", None),
            "source": getattr(doc, "sitename", None),
            "published_at": _page_date(getattr(doc, "date", None)),
        }
    if not text or not text.strip():
        text = _fallback_text(page)
    if not text or not text.strip():
        raise CleanError("no_text: no main text found in the HTML page")
    return text_to_lines(text, join_broken=False), meta


def _fallback_text(page: str) -> str | None:
    # Short HTML fragments (e.g. a JSON record's body) are below trafilatura's minimum size.
    import trafilatura

    try:
        if page.count("<") <= MAX_HTML_TAGS:
            _, text, _ = trafilatura.baseline(page)
            if text and text.strip():
                return text
        return trafilatura.html2txt(page)
    except Exception:  # same as above: hostile markup must not crash the run
        return None


def _page_date(value: Any) -> datetime | None:
    # htmldate returns "YYYY-MM-DD" (or with time); keep it only if it parses fully
    return parse_datetime(value) if isinstance(value, str) else None
