"""Mixed and indirect quotes: a cue's complement, with quotation marks inside it or without."""

from __future__ import annotations

import re
from dataclasses import replace

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
        inside = _quotations_in(spans, cs, ce)
        if not cue.weak and (not inside or _more_quoted(doc_text(doc), ce, spans)):
            ce = _run_on_to_quotation(doc, cue, ce, spans, cues)
            inside = _quotations_in(spans, cs, ce)
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
    out = [piece for s, e, kind, c in out for piece in _around_attribution(doc_text(doc), s, e, kind, c)]
    strong = [(s, e) for s, e, kind, c in out if not c.weak]
    out = [
        (s, e, kind, c)
        for s, e, kind, c in out
        if not (c.weak and any(o <= s and e <= oe and (o, oe) != (s, e) for o, oe in strong))
    ]
    return _outermost(_nested_same_speaker(doc, spans, _participles_speak_for_outer(out)))


def _quotations_in(spans: list[QuoteSpan], start: int, end: int) -> list[QuoteSpan]:
    """The quotations inside ``start:end`` (their marks may lie just outside it)."""
    return [sp for sp in spans if sp.start >= start - 1 and sp.end <= end + 1]


def _nested_same_speaker(doc: Doc, spans: list[QuoteSpan],
                         out: list[tuple[int, int, str, Cue]]) -> list[tuple[int, int, str, Cue]]:
    """Statements without those holding the same speaker's nested cue (``attacked Trump, saying he "..."``): the
    nested cue states what was said. A saying that a participle adds to (``said the rhetoric has been
    patronizing, noting her comments ...``) keeps the clause before the participle: two statements."""
    res = []
    for s, e, kind, c in out:
        nested = next((o for _, _, _, o in out
                       if o is not c and s <= o.verb.idx < e and o.speaker.start_char == c.speaker.start_char), None)
        if nested is not None:
            e = None if c.weak else _before_participle(doc, s, nested)
            if e is None:
                continue
            if kind == "mixed" and not _quotations_in(spans, s, e):
                kind = "indirect"
        res.append((s, e, kind, c))
    return res


def _before_participle(doc: Doc, start: int, nested: Cue) -> int | None:
    """Where a statement ends when a participle cue follows its clause after a comma, or None."""
    verb = nested.verb
    if verb.tag_ != "VBG" or verb.i == 0 or doc[verb.i - 1].text != "," or doc[verb.i - 1].idx <= start:
        return None
    end = trim(doc_text(doc), start, doc[verb.i - 1].idx)[1]
    return end if _is_clause(doc, start, end) else None


def _participles_speak_for_outer(out: list[tuple[int, int, str, Cue]]) -> list[tuple[int, int, str, Cue]]:
    """A participle cue inside another statement speaks for that statement's speaker (``argued that a database
    would ..., saying it's "..."``: the parse may give it a subject inside the complement)."""
    res = []
    for s, e, kind, c in out:
        if c.verb.tag_ == "VBG":
            outer = next((o for os_, oe, _, o in out if o is not c and os_ <= c.verb.idx < oe), None)
            if outer is not None and outer.verb.tag_ != "VBG":
                c = replace(c, speaker=outer.speaker)
        res.append((s, e, kind, c))
    return res


def _outermost(out: list[tuple[int, int, str, Cue]]) -> list[tuple[int, int, str, Cue]]:
    """Mixed quotes without those inside another one (``said the plan, which she called "a disaster", ...``):
    the inner saying is part of the outer statement."""
    mixed = [(s, e) for s, e, kind, _ in out if kind == "mixed"]
    return [(s, e, kind, c) for s, e, kind, c in out
            if kind != "mixed" or not any(o <= s and e <= oe and (o, oe) != (s, e) for o, oe in mixed)]


def _around_attribution(text: str, start: int, end: int, kind: str, cue: Cue) -> list[tuple[int, int, str, Cue]]:
    """A content that holds its own attribution (``South Carolina, he said, was "..."``) as the pieces either side.

    A one-word lead (``But, he said, ...``) is a connective, not part of what was said.
    """
    if not (start < cue.clause_start and cue.clause_end < end):
        return [(start, end, kind, cue)]
    lead = trim(text, start, cue.clause_start)
    rest = trim(text, cue.clause_end, end)
    pieces = [rest] if len(text[lead[0] : lead[1]].split()) < 2 else [lead, rest]
    return [(s, e, kind, cue) for s, e in pieces if e > s]


def _run_on_to_quotation(doc: Doc, cue: Cue, end: int, spans: list[QuoteSpan], cues: list[Cue]) -> int:
    """Where a clause complement ends when the rest of its sentence quotes the speaker.

    ``added that he could get by without a Boeing 757 but it was a "great luxury"``: the parse ends the
    complement early, the statement runs to the sentence's end, quotation and all; unless another cue
    stands in between.
    """
    text = doc_text(doc)
    m = _SENTENCE_END.search(text, end)  # from the text: the parser may cut a sentence at a number
    stop = m.end() if m else len(text)
    last = [sp for sp in spans if end <= sp.open_mark and sp.outer_end <= stop]
    if not last or re.search(r"[.!?;:]", text[end : last[0].open_mark]):
        return end
    if any(end <= c.verb.idx < last[-1].open_mark for c in cues):
        return end  # another saying ("..., but he called it "..."") is a statement of its own
    new_end = trim(text, end, stop)[1]
    while new_end > end and text[new_end - 1] in ".!?":
        new_end -= 1  # without the sentence's full stop, as a parsed complement has none
    return new_end


def _more_quoted(text: str, end: int, spans: list[QuoteSpan]) -> bool:
    """A complement holding a quotation is followed, in its sentence, by another one joined to it
    (``her family "came out ... in debt," and "struggled ..."``): no sentence end before it, and a comma only
    before a mark or a conjunction (not ``..., the victims "..."``: a clause of its own)."""
    if re.search(r"[.!?…][\"”’')\]]*$", text[:end]):
        return False
    nxt = next((sp for sp in spans if sp.open_mark >= end), None)
    if nxt is None:
        return False
    gap = text[end : nxt.open_mark]
    return not re.search(r"[.!?;:\n]", gap) and not re.search(r",\s*(?!and\b|but\b|or\b|$)", gap)


# Where a sentence ends: its punctuation, any closing marks or brackets, then a space or the paragraph's end.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s|$)|\n")


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
