"""Mixed and indirect quotes: a cue's complement, with quotation marks inside it or without."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from tasks.lib.extract.quotes.content import trim
from tasks.lib.extract.quotes.cues import Cue
from tasks.lib.extract.quotes.lexicon import cue_words
from tasks.lib.extract.quotes.marks import QuoteSpan
from tasks.lib.nlp.doc_text import doc_text


def complement_quotes(
    doc: Doc,
    cues: list[Cue],
    spans: list[QuoteSpan],
    used_cues: set[int],
    direct_ranges: list[tuple[int, int]],
    para_of: list[int],
) -> list[tuple[int, int, str, Cue]]:
    """Mixed and indirect quotes (and direct ones the layouts missed) from the cues' complements.

    A weak cue whose complement lies inside a strong cue's complement is dropped ("said she
    knows that "..."": the statement is the saying, not the knowing), and so is a complement
    holding a quotation already attributed on its own.
    """
    out: list[tuple[int, int, str, Cue]] = []
    for cue in cues:
        if cue.verb.i in used_cues or cue.content is None or cue.speaker is None:
            continue
        if any(sp.start <= cue.verb.idx < sp.end for sp in spans):
            continue  # speech reported inside a quotation belongs to the quoted speaker, not the article
        cs, ce = cue.content
        # A quotation that starts inside the complement belongs to it whole (the parse may stop short).
        for sp in spans:
            if cs <= sp.start < ce < sp.outer_end and para_of[sp.start] == para_of[cs]:
                ce = sp.outer_end
            elif sp.open_mark < cs < sp.end <= ce and para_of[sp.open_mark] == para_of[cs]:
                cs = sp.open_mark
        inside = [sp for sp in spans if sp.start >= cs - 1 and sp.end <= ce + 1]
        if not inside:
            if not cue.weak and _is_clause(doc, cs, ce):
                out.append((cs, ce, "indirect", cue))
            continue
        if any(o <= cs and ce <= e or cs - 1 <= o and e <= ce + 1 for o, e in direct_ranges):
            continue  # a quotation already attributed
        if len(inside) == 1 and inside[0].start - cs <= 2 and ce - inside[0].end <= 2:
            out.append((inside[0].start, inside[0].end, "direct", cue))
        else:
            ce = _trim_tail(doc, cs, ce)
            out.append((cs, ce, "mixed", cue))
    strong = [(s, e) for s, e, kind, c in out if not c.weak]
    out = [
        (s, e, kind, c)
        for s, e, kind, c in out
        if not (c.weak and any(o <= s and e <= oe and (o, oe) != (s, e) for o, oe in strong))
    ]
    # "attacked Trump, saying he "..."": the same speaker's nested cue states what was said.
    return [
        (s, e, kind, c)
        for s, e, kind, c in out
        if not any(
            o is not c and s <= o.verb.idx < e and o.speaker.start_char == c.speaker.start_char
            for _, _, _, o in out
        )
    ]


# What may follow a quotation without being part of what was said: circumstances of the saying.
_TAIL_DASH = re.compile(r"^[\s,]*(—|–|--| - )")


def _trim_tail(doc: Doc, start: int, end: int) -> int:
    """End a mixed quote at its last closing mark when only circumstance follows.

    ``criticized X as a "crazy system" during a campaign stop`` ends at the mark; so does a
    complement followed by a dash aside or a participle (``..., comparing him to ...``). A clause or
    phrase that belongs to the statement (``"fair" to him``) is kept.
    """
    text = doc_text(doc)
    last = max((i for i in range(start, end) if text[i] in '"”″'), default=None)
    if last is None or end - last <= 2:
        return end
    tail = text[last + 1 : end]
    words = tail.replace(",", " ").split()
    if not words:
        return end
    after = doc.char_span(last + 1, end, alignment_mode="expand")
    if _TAIL_DASH.match(tail) or words[0].lower() in cue_words()["tail_adjuncts"]:
        return last + 1
    # "... "fair" to him, engaging in ...": a participle after a comma is the speaker's next act.
    for t in after or []:
        if t.tag_ == "VBG" and t.i > 0 and t.doc[t.i - 1].text == ",":
            return trim(text, start, t.doc[t.i - 1].idx)[1]
    return end


def _is_clause(doc: Doc, start: int, end: int) -> bool:
    """An indirect quote must be a clause with a verb, not a bare noun phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in span)
