"""What is boilerplate: furniture lines (patterns in ``data/boilerplate.txt``), lines with no words,
short stray fragments between prose, and pages that are only a site menu (``data/navigation_words.txt``)."""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.lib import vocab
from tasks.lib.clean.lines import TERMINAL


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
    return len(words) <= 4 and len(line) <= 40 and not line.endswith(TERMINAL)


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 8
