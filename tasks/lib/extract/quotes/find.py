"""Quotations and their speakers, direct, mixed and indirect: one article's quotes, in order.

Direct quotes start from the quotation marks (``marks``) and look for a cue beside them in the
layouts news copy uses (``layouts``). Mixed and indirect quotes start from the cue (``cues``, a
lexicon kept as data in ``lexicon``) and take its complement from the dependency parse
(``content``, ``mixed``): with quotation marks inside it is mixed, without it is indirect.
Quotation marks with no cue beside them or around them (scare quotes, titles) are not quotes.
Quotations no rule took are vetted by a small learned scorer (``learned``).
Speakers are the cue's subject (``speaker_phrase``), resolved to an entity by ``speakers``; the
pieces of one statement are tied together by ``statements``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.lib.extract.quotes.cues import Cue, find_cues, make_quote, quoted_tokens
from tasks.lib.extract.quotes.layouts import (
    attribute_orphans,
    byline_cue,
    colon_cue,
    complement_lead,
    is_title,
    leading_cue,
    sentence_lead,
    split_continuation,
    trailing_cue,
    transcript_turns,
)
from tasks.lib.extract.quotes.learned import learned_quotes
from tasks.lib.extract.quotes.marks import QuoteSpan, find_quote_spans, typewriter_marks
from tasks.lib.extract.quotes.mixed import complement_quotes
from tasks.lib.extract.quotes.speakers import SpeakerResolver
from tasks.lib.extract.quotes.statements import group_statements
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import LocalEntity, Mention, Quote, Role


def extract_quotes(doc: Doc, entities: list[LocalEntity], mentions: list[Mention], roles: list[Role]) -> list[Quote]:
    """Direct, mixed and indirect quotes of one article, each with its speaker when there is evidence.

    Args:
        doc: the parsed article (tagger, parser and NER run).
        entities: the article's entities, from ``entities.extract_entities``.
        mentions: their mentions, from the same call.
        roles: titles people hold, from ``roles.extract_roles``.

    Returns:
        Quotes in text order. Direct quotes exclude their quotation marks; a quote split by its
        attribution or running over paragraphs gives one Quote per piece, all with the same cue
        offsets and speaker. Speaker fields are None when no speaker can be found.
    """
    text = doc_text(doc)
    marked = typewriter_marks(text)  # same offsets; layouts read the marks from it
    try:
        spans = find_quote_spans(marked)
    except Exception:  # never let a malformed article stop the run
        spans = []
    quoted = quoted_tokens(doc, spans)
    cues = find_cues(doc, quoted)
    para_of = _paragraph_index(text)
    found, assigned, used_cues = _direct_quotes(doc, marked, spans, cues, para_of)
    attribute_orphans(marked, spans, cues, assigned, found, para_of)
    direct_ranges = [(spans[i].open_mark, spans[i].outer_end) for i in assigned]
    taken = {(q.start_char, q.end_char) for q, _ in found}
    for start, end, kind, cue in complement_quotes(doc, cues, spans, used_cues, direct_ranges, para_of):
        quote = make_quote(text, start, end, kind, cue)
        # Two cues may claim one clause (`... as bad as she said, he said, ...`): it is one statement, the first's.
        if (quote.start_char, quote.end_char) not in taken:
            taken.add((quote.start_char, quote.end_char))
            found.append((quote, cue))

    found.sort(key=lambda qc: (qc[0].start_char, qc[0].end_char))
    for quote, _ in found:
        quote.text = text[quote.start_char : quote.end_char]
    group_statements(marked, [(q, c.verb.i if c is not None else None) for q, c in found],
                     {sp.start for sp in spans if sp.continued}, para_of)
    # Quotations no rule took, vetted by the learned scorer: each a statement of its own.
    for quote, cue in learned_quotes(doc, marked, spans, cues, found, quoted, para_of):
        quote.text = text[quote.start_char : quote.end_char]
        found.append((quote, cue))
    found.sort(key=lambda qc: (qc[0].start_char, qc[0].end_char))
    _widen_to_mentions(text, found, mentions)
    resolver = SpeakerResolver(doc, entities, mentions, roles, [(s.start, s.end) for s in spans])
    _resolve_speakers(found, resolver)
    return [q for q, _ in found]


def _direct_quotes(
    doc: Doc, text: str, spans: list[QuoteSpan], cues: list[Cue], para_of: list[int]
) -> tuple[list[tuple[Quote, Cue | None]], dict[int, Cue], set[int]]:
    """Quotations attributed by a layout: (quotes with their cues, span index -> cue, cue verbs used).

    ``text`` is the article with its marks made plain (``typewriter_marks``).
    """
    found: list[tuple[Quote, Cue | None]] = []
    used_cues: set[int] = set()
    assigned: dict[int, Cue] = {}  # quote span index -> cue
    transcript_paras: set[int] = set()
    for cue, (cs, ce) in transcript_turns(doc):
        transcript_paras.add(para_of[cs])
        found.append((make_quote(text, cs, ce, "direct", cue), cue))
    for qi, q in enumerate(spans):
        if para_of[q.open_mark] in transcript_paras:
            continue
        cue = byline_cue(doc, q)
        if cue is not None:
            assigned[qi] = cue
            found.append((make_quote(text, q.start, q.end, "direct", cue), cue))
            continue
        cue = trailing_cue(text, q, cues, para_of)
        lead = sentence_lead(text, q) if cue is not None else None
        if lead is not None:
            assigned[qi] = cue
            used_cues.add(cue.verb.i)
            found.append((make_quote(text, lead, q.outer_end, "mixed", cue), cue))
            continue
        if cue is None and q.continued and qi > 0 and (qi - 1) in assigned:
            cue = assigned[qi - 1]
        led = complement_lead(text, q, cues, para_of) if cue is None else None
        if led is not None:
            assigned[qi] = led[0]
            used_cues.add(led[0].verb.i)
            found.append((make_quote(text, led[1], q.outer_end, "mixed", led[0]), led[0]))
            continue
        if cue is None:
            cue = leading_cue(text, q, cues, para_of, spans)
        prev = _previous_piece(text, spans, qi, assigned)
        if cue is None and prev is not None:
            cue = split_continuation(text, spans[prev], q, assigned[prev], para_of, spans[prev + 1 : qi])
        if cue is None:
            cue = colon_cue(doc, q, para_of)
        if cue is None:
            continue
        assigned[qi] = cue
        used_cues.add(cue.verb.i)
        found.append((make_quote(text, q.start, q.end, "direct", cue), cue))

    # The opening paragraphs of a multi-paragraph quotation take the attribution found at its end.
    for qi in range(len(spans) - 2, -1, -1):
        if spans[qi].continues and qi not in assigned and (qi + 1) in assigned and spans[qi + 1].continued:
            cue = assigned[qi + 1]
            assigned[qi] = cue
            found.append((make_quote(text, spans[qi].start, spans[qi].end, "direct", cue), cue))
    return found, assigned, used_cues


def _previous_piece(text: str, spans: list[QuoteSpan], qi: int, assigned: dict[int, Cue]) -> int | None:
    """The attributed quotation this one may continue: the one before, past titles quoted in the attribution.

    ``"...," he said on NBC's "Meet the Press." "..."``: the title is not a piece of the statement.
    """
    j = qi - 1
    while j >= 0 and j not in assigned and is_title(text, spans[j]):
        j -= 1
    return j if j >= 0 and j in assigned else None


def _resolve_speakers(found: list[tuple[Quote, Cue | None]], resolver: SpeakerResolver) -> None:
    """Resolve each cue's speaker phrase to an entity once, in text order, and set it on its quotes."""
    cache: dict[int, int | None] = {}
    for quote, cue in found:
        if cue is None or cue.speaker is None:
            continue
        if cue.verb.i not in cache:
            key = resolver.resolve(cue.speaker)
            cache[cue.verb.i] = key
            if key is not None:
                resolver.remember(cue.speaker.start_char, key)
        quote.speaker_entity_key = cache[cue.verb.i]


def _widen_to_mentions(text: str, found: list[tuple[Quote, Cue | None]], mentions: list[Mention]) -> None:
    """Let a speaker span cover the whole name it cuts into ("The Council" -> "The Council on ...")."""
    for quote, _ in found:
        if quote.speaker_start is None or quote.speaker_end is None:
            continue
        for m in mentions:
            overlaps = m.start_char < quote.speaker_end and quote.speaker_start < m.end_char
            if overlaps and m.end_char > quote.speaker_end and "\n" not in text[quote.speaker_start : m.end_char]:
                quote.speaker_end = m.end_char
                quote.speaker_text = text[quote.speaker_start : quote.speaker_end]


def _paragraph_index(text: str) -> list[int]:
    """Paragraph number of every character offset (a paragraph is a non-blank line)."""
    out = [0] * (len(text) + 1)
    para = 0
    pos = 0
    for line in text.split("\n"):
        for i in range(pos, pos + len(line) + 1):
            out[i] = para
        if line.strip():
            para += 1
        pos += len(line) + 1
    return out[: len(text) + 1]
