"""Turning a raw article into clean body text plus metadata.

The cleaned ``CleanArticle.text`` is final: every later character offset refers to it.
Paragraphs are lines (one ``"\\n"`` between paragraphs). The steps are small functions over the
list of paragraph lines, applied left to right: page/markup to lines, embedded social posts
out, headline, byline, dateline, boilerplate lines out, menu check, language detection.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from tasks.lib import vocab
from tasks.lib.clean.embeds import extract_embeds
from tasks.lib.ingest.readers import RawArticle, parse_datetime
from tasks.lib.records import Embed


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
LANG_MIN_WORDS = 20  # below this, language evidence is too weak to reject an article
LANG_MIN_PROB = 0.80


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
        page; ``published_at`` stays ``None`` when no source states it.

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
        dateline=dateline,
        published_at=raw.published_at or meta.get("published_at"),
        language=language,
        author=author,
        url=raw.url or meta.get("url"),
        source=raw.source or meta.get("source"),
        embeds=embeds,
    )


# --- page and markup to paragraph lines -----------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|amp|quot|apos|lt|gt|nbsp|mdash|ndash|rsquo|lsquo|rdquo|ldquo|hellip);")
_TERMINAL = tuple('.!?…:;"”’\')]»')


def text_to_lines(text: str, *, join_broken: bool = True) -> list[str]:
    """Split plain text into paragraph lines: spaces normalised, blank lines dropped, and
    hard-wrapped paragraphs (blank-line separated blocks of wrapped lines) joined back.

    Args:
        text: the text.
        join_broken: also rejoin a sentence split across lines (a line without final
            punctuation followed by one starting in lower case), as in scraped corpora.
    """
    if _ENTITY.search(text):
        text = htmllib.unescape(text)
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = re.split(r"\n[ \t\u00a0]*\n", text)
    wrapped = _looks_hard_wrapped(text)
    out: list[str] = []
    for block in blocks:
        lines = [_SPACES.sub(" ", ln).strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if wrapped:
            lines = _unwrap(lines)
        out.extend(lines)
    return _join_broken(out) if join_broken else out


def _join_broken(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        if out and not out[-1].endswith(_TERMINAL) and (ln[0].islower() or ln[0] in ",;)") \
                and len(out[-1].split()) >= 1 and not out[-1].startswith(("-", "*", "•")):
            sep = "" if ln[0] in ",;)" else " "
            out[-1] = f"{out[-1]}{sep}{ln}"
        else:
            out.append(ln)
    return out


def _looks_hard_wrapped(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4 or "\n\n" not in text:
        return False
    longest = max(len(ln) for ln in lines)
    # wrapped text: no line much longer than a terminal, most lines filling most of the width
    return longest <= 100 and sum(len(ln) >= 0.6 * longest for ln in lines) >= 0.6 * len(lines)


def _unwrap(lines: list[str]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        if out and len(out[-1]) >= 40 and not out[-1].startswith(("-", "*", "•")) \
                and not ln.startswith(("-", "*", "•")):
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out


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


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]{0,500}\]\([^)]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]]{0,500})\](?:\([^)]{0,2000}\)|\[[^\]]{0,200}\])")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_MD_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)|(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])")
_MD_CODE = re.compile(r"`([^`\n]{0,500})`")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")


def markdown_to_lines(text: str) -> tuple[list[str], dict[str, Any]]:
    """Plain paragraph lines from Markdown, with the first top-level heading as title.

    Returns:
        The lines and metadata (``title`` when the document opens with a heading).
    """
    meta: dict[str, Any] = {}
    raw_lines = text.replace("\r\n", "\n").split("\n")
    paragraphs: list[str] = []
    current: list[str] = []
    in_fence = False

    def flush():
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for i, line in enumerate(raw_lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if stripped:
                paragraphs.append(stripped)
            continue
        nxt = raw_lines[i + 1] if i + 1 < len(raw_lines) else ""
        if not stripped or _MD_RULE.match(line) or _MD_REFDEF.match(line) or _MD_TABLE_SEP.match(line):
            flush()
            continue
        if m := _MD_HEADING.match(line):
            flush()
            heading = _md_inline(m.group(2))
            if not paragraphs and "title" not in meta and len(m.group(1)) <= 2:
                meta["title"] = heading
            elif heading:
                paragraphs.append(heading)
            continue
        if current == [] and _MD_SETEXT.match(nxt) and nxt.strip() and not _MD_LIST.match(line):
            heading = _md_inline(stripped)
            if not paragraphs and "title" not in meta:
                meta["title"] = heading
            else:
                paragraphs.append(heading)
            raw_lines[i + 1] = ""
            continue
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
        if _MD_LIST.match(stripped):
            flush()
            current.append(_md_inline(_MD_LIST.sub("", stripped)))
            continue
        current.append(_md_inline(stripped))
    flush()
    return text_to_lines("\n\n".join(p for p in paragraphs if p)), meta


def _md_inline(s: str) -> str:
    s = _MD_IMAGE.sub("", s)
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_CODE.sub(r"\1", s)
    for _ in range(2):  # nested emphasis like ***x***
        s = _MD_EMPH.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", s)
    s = _TAG.sub("", s)
    s = s.replace("\\", "") if "\\" in s else s
    return s.strip()


# --- headline, byline, dateline -------------------------------------------------------------

def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(str(title).split())
    return title or None


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
    if match_dateline(first) or _BYLINE.match(first) or not any(ch.isalpha() for ch in first):
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
_REGION = rf"(?:,\s*(?:{_TITLEWORD}|[A-Z]\.[A-Z]\.)(?:\s+{_TITLEWORD}){{0,3}})"
_DATE = rf"(?:,?\s*(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))"
_AGENCY = r"(?:\s*\((?:[A-Z][A-Za-z.&'’ \-]{0,30}|[a-z]{2,12})\))"
_SEP = r"(?:\s+_\s+|\s*[—–―]\s*|\s+--?\s+|--\s*|:\s+)"
# ALL-CAPS place, optional ", Region", optional date, optional "(Agency)", then a dash/colon.
_DATELINE_UP = re.compile(
    rf"^(?P<place>{_UPWORD}(?:[ /]{_UPWORD}){{0,4}}){_REGION}?{_DATE}?{_AGENCY}?{_SEP}(?=\S)")
# Mixed-case place needs the agency as evidence: "Washington (CNN) —".
_DATELINE_MIXED = re.compile(
    rf"^(?P<place>{_TITLEWORD}(?:[ /]{_TITLEWORD}){{0,3}}){_REGION}?{_DATE}?{_AGENCY}{_SEP}(?=\S)")


def match_dateline(line: str) -> re.Match | None:
    """Match a dateline at the start of a paragraph (see ``extract_dateline``)."""
    head = line[:160]
    m = _DATELINE_UP.match(head)
    if m and re.search(r"[A-Z\u00C0-\u00DE]{2}", m.group("place")) and len(m.group("place")) >= 3:
        # "U.S." or "AP" alone are not places; require a real all-caps word
        return m
    m = _DATELINE_MIXED.match(head)
    return m


def extract_dateline(lines: list[str]) -> tuple[str | None, list[str]]:
    """Move a dateline (``WASHINGTON _``, ``WASHINGTON (AP) —``, ``LONDON, March 5 (Reuters) -``,
    ``NEW YORK --``, ``PARIS, France —``, ``Washington (CNN) —``) out of the first paragraph.

    Returns:
        The place name (e.g. ``WASHINGTON``, ``NEW YORK``) or ``None``, and the lines.
    """
    for i, line in enumerate(lines[:2]):
        m = match_dateline(line)
        if not m:
            continue
        rest = line[m.end():].lstrip()
        if len(rest.split()) < 3:  # a dateline introduces a sentence
            continue
        out = list(lines)
        out[i] = rest
        return m.group("place").strip(" ,"), out
    return None, lines


# --- boilerplate ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def boilerplate_patterns() -> re.Pattern:
    """The boilerplate line patterns from ``data/boilerplate*.txt``, compiled into one regex."""
    parts = [f"(?:{line})" for line in vocab.lines("boilerplate.txt")]
    return re.compile("|".join(parts), re.IGNORECASE)


_BULLET = re.compile(r"^[\s\-–—•*·|>»›]+")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$")
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")


def drop_junk_lines(lines: list[str]) -> list[str]:
    """Remove lines with no words: bare URLs, rules, lone symbols."""
    return [ln for ln in lines if not (_SYMBOLS_ONLY.match(ln) or _URL_ONLY.match(ln))]


def is_boilerplate(line: str) -> bool:
    """True when the whole line matches a boilerplate pattern."""
    if len(line) > 400:  # furniture is short; skipping long lines also bounds regex work
        return False
    core = _BULLET.sub("", line).strip()
    return bool(core) and boilerplate_patterns().fullmatch(core) is not None


def drop_boilerplate(lines: list[str], *, short_line_rule: bool = True) -> list[str]:
    """Remove boilerplate lines (patterns kept as data), and with ``short_line_rule`` also short
    isolated lines that are not sentences (stray labels, widget text) between prose paragraphs.
    """
    kept = [ln for ln in lines if not is_boilerplate(ln)]
    # Short non-sentence lines at the very end (tags, author names, widget labels) or right at
    # the start (section kickers) are never body text: a subheading always has text after it.
    # (In plain text only a lone trailing fragment goes: a run of short lines there is a list.)
    while len(kept) > 1 and _is_short_fragment(kept[-1]) and not kept[-1].startswith("- ") \
            and (not short_line_rule or _is_prose(kept[-2])):
        kept.pop()
    for _ in range(2):
        if len(kept) > 1 and _is_short_fragment(kept[0]) and _is_prose(kept[1]):
            kept.pop(0)
    if not short_line_rule:
        return kept
    out = []
    for i, ln in enumerate(kept):
        prev = kept[i - 1] if i > 0 else None
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        if _is_short_fragment(ln) and prev is not None and nxt is not None \
                and _is_prose(prev) and _is_prose(nxt):
            continue
        out.append(ln)
    return out


@lru_cache(maxsize=1)
def navigation_words() -> frozenset[str]:
    """The navigation lexicon, ``data/navigation_words.txt``."""
    return vocab.words("navigation_words.txt")


NAV_MIN_WORDS = 2  # one word alone is left to the stg_articles suite ("no article text left")
NAV_SHARE = 0.9  # a real article, even one sentence long, has far more than 10% other words
_WORD = re.compile(r"[^\W\d_]+")


def is_navigation_only(text: str) -> bool:
    """True when ``text`` is a site menu: nearly all its words are navigation words and no line is a sentence."""
    words = _WORD.findall(text.lower())
    if len(words) < NAV_MIN_WORDS or any(ln.rstrip().endswith((".", "!", "?")) for ln in text.splitlines()):
        return False
    nav = navigation_words()
    return sum(w in nav for w in words) >= NAV_SHARE * len(words)


def _is_short_fragment(line: str) -> bool:
    words = line.split()
    return len(words) <= 4 and len(line) <= 40 and not line.endswith(_TERMINAL)


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 8


# --- language -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """English name of a language code (``de`` -> ``German``), or the code when unknown."""
    try:
        from babel import Locale

        return Locale("en").languages.get(code) or code
    except Exception:  # babel missing or code unknown: the code alone still says it
        return code


def detect_language(text: str) -> tuple[str, float]:
    """Most likely language of ``text`` (first 5,000 characters) and its probability."""
    lang, prob = _identifier().classify(text[:5000])
    return lang, float(prob)


def detect_language_code(text: str, languages: Collection[str] = ("en",)) -> str:
    """The article's language: the detected one when the evidence is strong, otherwise the best-ranked of
    ``languages`` (the ones the extractors are built for).

    Short texts (under ``LANG_MIN_WORDS`` words) and low-confidence guesses do not count as strong: a
    two-line English flash is often guessed as something else. Every language is accepted; a non-English
    article loads as a document and skips the English-only extraction.
    """
    lang, prob = detect_language(text)
    if not languages or lang in languages:
        return lang
    if prob >= LANG_MIN_PROB and len(text.split()) >= LANG_MIN_WORDS and lang != "zxx":
        return lang
    ranked = [code for code, _ in _identifier().rank(text[:5000]) if code in languages]
    return ranked[0] if ranked else next(iter(languages))
