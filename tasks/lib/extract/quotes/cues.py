"""Cues: reporting verbs and ``according to``, with their speaker phrase and complement."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tasks.lib.extract.quotes.content import content_extent, trim
from tasks.lib.extract.quotes.lexicon import reporting_verbs
from tasks.lib.extract.quotes.marks import QuoteSpan
from tasks.lib.extract.quotes.speaker_phrase import noun_phrase, speaker_of
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import Quote


@dataclass
class Cue:
    """A reporting verb with its speaker phrase and the extent of its complement."""

    verb: Token
    speaker: Span | None
    content: tuple[int, int] | None  # character extent of the complement, when the parse has one
    weak: bool
    text: str

    @property
    def clause_start(self) -> int:
        """Where the attribution clause starts (speaker or verb, whichever comes first)."""
        if self.speaker is not None and self.speaker.start_char < self.verb.idx:
            return self.speaker.start_char
        return self.verb.idx

    @property
    def clause_end(self) -> int:
        """Where the attribution clause ends (after an inverted speaker, else after the verb)."""
        end = self.verb.idx + len(self.text)  # the cue's words: the verb and its particle ("put it")
        if self.speaker is not None and self.speaker.start_char > self.verb.idx:
            end = max(end, self.speaker.end_char)
        return end


def make_quote(text: str, start: int, end: int, kind: str, cue: Cue) -> Quote:
    quote = Quote(text=text[start:end], kind=kind, start_char=start, end_char=end)
    quote.cue = cue.text
    quote.cue_start = cue.verb.idx
    quote.cue_end = cue.verb.idx + len(cue.text)
    if cue.speaker is not None:
        quote.speaker_text = cue.speaker.text
        quote.speaker_start = cue.speaker.start_char
        quote.speaker_end = cue.speaker.end_char
    return quote


def quoted_tokens(doc: Doc, spans: list[QuoteSpan]) -> list[bool]:
    """For every token, whether it lies inside a quotation (its marks included)."""
    out = [False] * len(doc)
    for sp in spans:
        tokens = doc.char_span(sp.open_mark, sp.outer_end, alignment_mode="expand")
        if tokens is not None:
            for i in range(tokens.start, tokens.end):
                out[i] = True
    return out


def find_cues(doc: Doc, quoted: list[bool]) -> list[Cue]:
    verbs = reporting_verbs()
    cues: list[Cue] = []
    for tok in doc:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            cue = _according_cue(tok)
            if cue is not None:
                cues.append(cue)
            continue
        if tok.pos_ not in ("VERB", "AUX") or not tok.tag_.startswith("VB"):
            continue
        entry = verbs.get(tok.lemma_.lower())
        if entry is None:
            continue
        particle, weak = entry
        text, prt = tok.text, None
        if particle is not None:
            prt = _particle(tok, particle)
            if prt is None:
                continue
            text = doc_text(tok.doc)[tok.idx : prt.idx + len(prt)]
        speaker = speaker_of(tok, quoted)
        cues.append(Cue(tok, speaker, content_extent(tok, speaker, prt), weak, text))
    return cues


def _particle(verb: Token, word: str) -> Token | None:
    """The word a phrasal cue needs: a particle (``point out``), or the word right after the verb the parser
    calls an object or adverb (``put it``, ``shot back``)."""
    for c in verb.children:
        if c.lower_ == word and (c.dep_ == "prt" or c.dep_ in ("dobj", "advmod") and c.i == verb.i + 1):
            return c
    return None


def _according_cue(tok: Token) -> Cue | None:
    """``according to X``: X speaks the clause the phrase is attached to."""
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = [c for c in to.children if c.dep_ == "pobj"]
    if not pobj:
        return None
    speaker = noun_phrase(pobj[0])
    sent = tok.sent
    phrase = (tok.idx, max(speaker.end_char, to.idx + len(to)))
    # The content is the rest of the sentence around the phrase.
    left = sent.start_char, phrase[0]
    right = phrase[1], sent.end_char
    cs, ce = (right if (right[1] - right[0]) >= (left[1] - left[0]) else left)
    cs, ce = trim(doc_text(tok.doc), cs, ce)
    par_start = doc_text(tok.doc).rfind("\n", 0, tok.idx) + 1
    par_end = doc_text(tok.doc).find("\n", tok.idx)
    cs, ce = max(cs, par_start), min(ce, par_end if par_end >= 0 else ce)
    while ce > cs and doc_text(tok.doc)[ce - 1] in ".!?":
        ce -= 1  # what was said, without the sentence's full stop (as a parsed complement has none)
    content = (cs, ce) if ce - cs > 10 else None
    return Cue(tok, speaker, content, False, doc_text(tok.doc)[tok.idx : to.idx + len(to)])
