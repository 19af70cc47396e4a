"""Pairing quotation marks into quoted spans, tolerant of the mess real articles contain.

Curly and straight double marks are both used, sometimes typed the wrong way round (a closing
mark opening a quote), sometimes left unclosed. Each mark's role is decided from what flanks it
(space before and a letter after opens, as CommonMark decides emphasis), with the glyph as the
tie-breaker. A quote left open at the end of a paragraph continues when the next paragraph opens
again, the newspaper convention for a quotation running over several paragraphs; copy that ran those paragraphs
into one line (BBC's) shows it as a straight mark opening a new sentence's quotation inside an open one. Nothing here
raises on odd or unbalanced marks: the worst case is a span that is not returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

OPEN_GLYPHS = "“„‟«"
CLOSE_GLYPHS = "”»"
AMBIGUOUS_GLYPHS = '"″'
DOUBLE_MARKS = OPEN_GLYPHS + CLOSE_GLYPHS + AMBIGUOUS_GLYPHS
# Characters that may sit right before an opening mark or right after a closing one.
_OPEN_PREV = "([{—–-/:;,"
_CLOSE_NEXT = ".,;:!?)]}—–-…'’"

# Two apostrophes typed for a double quotation mark (''...'', the newswire archives' convention), as a token.
TYPEWRITER_MARK = "''"


@dataclass
class QuoteSpan:
    """One quoted stretch of text: marks at ``open_mark``/``close_mark`` (None when missing)."""

    open_mark: int
    close_mark: int | None
    start: int  # content start, after the opening mark and any spaces
    end: int  # content end (exclusive), before the closing mark and any spaces
    paragraph: int
    continued: bool = False  # this span continues a quote from the previous paragraph
    continues: bool = False  # this span runs on into the next paragraph

    @property
    def outer_end(self) -> int:
        """End of the span including its closing mark, when it has one."""
        return self.close_mark + 1 if self.close_mark is not None else self.end


def typewriter_marks(text: str) -> str:
    """``text`` with each ``''`` typed for a double mark turned into one ``"`` and a space, offsets unchanged.

    An opening pair becomes space and mark (`` "``), a closing one mark and space (``" ``), so the mark sits
    next to the words it quotes and the pairing below treats it as any straight double mark.
    """
    if TYPEWRITER_MARK not in text:
        return text
    out = list(text)
    for m in re.finditer(TYPEWRITER_MARK, text):
        i = m.start()
        prev = text[i - 1] if i else " "
        if prev.isspace() or prev in _OPEN_PREV or prev in DOUBLE_MARKS:
            out[i], out[i + 1] = " ", '"'
        else:
            out[i], out[i + 1] = '"', " "
    return "".join(out)


def _role(line: str, i: int) -> str:
    """'open', 'close' or '?' for the mark at ``line[i]``."""
    prev = line[i - 1] if i > 0 else " "
    nxt = line[i + 1] if i + 1 < len(line) else " "
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_PREV or prev in DOUBLE_MARKS)
    can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_NEXT or nxt in DOUBLE_MARKS)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    ch = line[i]
    if ch in OPEN_GLYPHS:
        return "open"
    if ch in CLOSE_GLYPHS:
        return "close"
    return "?"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair the quotation marks of ``text`` into spans, paragraph by paragraph.

    Args:
        text: the article text; paragraphs are lines (blank lines between them are allowed).

    Returns:
        Spans in text order. A span left open at a paragraph's end is kept (to the paragraph's end)
        when the next paragraph opens a quote again (a multi-paragraph quotation) or when it holds
        a sentence of its own; otherwise it is dropped. Empty spans are dropped.
    """
    paragraphs = _paragraphs(text)
    parsed = [_pair_marks(text, base, line) for base, line in paragraphs]

    spans: list[QuoteSpan] = []
    carried = False  # the previous paragraph's quotation runs on into this one
    for p, ((base, line), marks) in enumerate(zip(paragraphs, parsed)):
        first_mark = base + len(line) - len(line.lstrip())
        reopened = {nxt for _, nxt in marks.run_on}  # marks opening a quotation's next paragraph, run into one line

        def continued(mark: int) -> bool:
            return (carried and mark == first_mark) or mark in reopened

        for o, nxt in marks.run_on:
            s, e = _strip(text, o + 1, nxt)
            if e > s:
                spans.append(QuoteSpan(o, None, s, e, p, continued=continued(o), continues=True))
        for o, c in marks.closed:
            s, e = _strip(text, o + 1, c)
            if e > s:
                spans.append(QuoteSpan(o, c, s, e, p, continued=continued(o)))
        opened = marks.opened
        if opened is not None:
            s, e = _strip(text, opened + 1, base + len(line))
            next_opens = p + 1 < len(parsed) and parsed[p + 1].starts_open
            span = QuoteSpan(opened, None, s, e, p, continued=continued(opened))
            if e > s and next_opens:
                span.continues = True
                spans.append(span)
            elif e > s and _holds_sentence(text, span):
                spans.append(span)
            carried = span.continues
        else:
            carried = False
    for p, (base, line) in enumerate(paragraphs):
        if not any(ch in DOUBLE_MARKS for ch in line):
            spans += [QuoteSpan(o, c, *_strip(text, o + 1, c), p) for o, c in _single_pairs(line, base)]
    spans.sort(key=lambda sp: sp.open_mark)
    # `<tweet author="@x">`: an attribute value in markup left in the text is not a quotation.
    return [sp for sp in spans if text[sp.open_mark - 1 : sp.open_mark] != "="]


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(start offset, line) of every non-blank line."""
    paragraphs: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((pos, line))
        pos += len(line) + 1
    return paragraphs


class _Marks(NamedTuple):
    """One paragraph's quotation marks, paired."""

    closed: list[tuple[int, int]]  # (open, close) offsets
    opened: int | None  # an opening mark left unclosed at the paragraph's end
    starts_open: bool  # the paragraph opens with a quotation
    run_on: list[tuple[int, int]]  # (open, next open): a quotation run on unclosed into one reopened after a sentence


def _pair_marks(text: str, base: int, line: str) -> _Marks:
    """Pair one paragraph's double quotation marks."""
    closed: list[tuple[int, int]] = []
    run_on: list[tuple[int, int]] = []
    opened: int | None = None
    nested = False  # inside a quotation nested with the other style of mark
    for i, ch in enumerate(line):
        if ch not in DOUBLE_MARKS:
            continue
        # A mark opening its paragraph opens, whatever its glyph or spacing ("” … he said").
        role = "open" if not line[:i].strip() else _role(line, i)
        if opened is None:
            if role != "close":  # a stray closing mark has lost its opening: skip it
                opened = base + i
                nested = False
            continue
        outer_straight = text[opened] in AMBIGUOUS_GLYPHS
        if (ch in AMBIGUOUS_GLYPHS) != outer_straight:
            # The other style inside a quotation nests ("... “Shark Tank” ...") unless it can only close.
            if nested:
                nested = False
                continue
            if role == "open":
                nested = True
                continue
        # A straight mark that plainly opens a sentence's quotation inside an open one (`... a bit. "When he`):
        # the quotation before ran on unclosed, as in copy that joined a multi-paragraph quotation's paragraphs.
        if role == "open" and ch in AMBIGUOUS_GLYPHS and outer_straight and _SENTENCE_BEFORE.search(line, max(0, i - 8), i):
            run_on.append((opened, base + i))
            opened = base + i
            continue
        # Same style: double marks of one style do not nest in news copy, so this one closes.
        closed.append((opened, base + i))
        opened = None
        nested = False
    first = len(line) - len(line.lstrip())
    starts_open = line[first] in DOUBLE_MARKS and _role(line, first) != "close"
    return _Marks(closed, opened, starts_open, run_on)


_SENTENCE_BEFORE = re.compile(r"[.!?…]\s+$")


# Single marks quote too (British copy, headlines), but ’ and ' are also apostrophes ("don’t",
# "workers’"): in a paragraph without double marks, a single mark opens before a word after a space or the
# paragraph start, and closes only right after sentence punctuation ("...,’ she said") or right before it.
_SINGLE_OPEN = "‘'"
_SINGLE_CLOSE = "’'"
_SINGLE_CLOSE_PREV = ",.!?…"
_SINGLE_CLOSE_NEXT = ",.;:!?"


def _single_pairs(line: str, base: int) -> list[tuple[int, int]]:
    """(open, close) offsets of single-quoted spans in one paragraph without double marks."""
    out = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch in _SINGLE_OPEN and (i == 0 or line[i - 1].isspace() or line[i - 1] in "([—–") \
                and i + 1 < len(line) and line[i + 1].isalnum():
            close = _single_close(line, i, "’" if ch == "‘" else "'")
            if close is not None:
                out.append((base + i, base + close))
                i = close + 1
                continue
        i += 1
    return out


def _single_close(line: str, start: int, glyph: str) -> int | None:
    for j in range(start + 2, len(line)):
        if line[j] in _SINGLE_OPEN and line[j - 1].isspace():
            return None  # another quotation opens first
        if line[j] != glyph or line[j - 1].isspace():
            continue
        nxt = line[j + 1] if j + 1 < len(line) else " "
        if nxt.isalnum():
            continue  # an apostrophe inside a word
        if line[j - 1] in _SINGLE_CLOSE_PREV or nxt in _SINGLE_CLOSE_NEXT:
            return j
    return None


def _holds_sentence(text: str, span: QuoteSpan) -> bool:
    """An unclosed span counts when it is a sentence or more, not a dangling fragment."""
    content = text[span.start : span.end]
    return len(content.split()) >= 6 and content.rstrip()[-1:] in ".?!…,"
