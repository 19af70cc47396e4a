"""Markdown to plain paragraph lines, with the opening top-level heading as the title."""

from __future__ import annotations

import re
from typing import Any

from tasks.lib.clean.lines import text_to_lines

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
