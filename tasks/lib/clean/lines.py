"""Plain text to paragraph lines: spaces and invisible characters normalised, hard wraps and
sentences broken across lines joined back. HTML and Markdown end here too."""

from __future__ import annotations

import html as htmllib
import re

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|amp|quot|apos|lt|gt|nbsp|mdash|ndash|rsquo|lsquo|rdquo|ldquo|hellip);")
TERMINAL = tuple('.!?…:;"”’\')]»')  # characters that end a sentence or a quoted one


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
        if out and not out[-1].endswith(TERMINAL) and (ln[0].islower() or ln[0] in ",;)") \
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
