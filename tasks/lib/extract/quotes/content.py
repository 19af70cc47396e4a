"""What was said: the extent of a cue's complement in the dependency parse."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from tasks.lib.extract.quotes.lexicon import strong_cue, weak_cue
from tasks.lib.extract.quotes.marks import TYPEWRITER_MARK
from tasks.lib.nlp.doc_text import doc_text

# Dependents that make up what was said.
_CONTENT_DEPS = {"ccomp", "xcomp", "oprd", "dobj", "attr", "parataxis"}


def content_extent(verb: Token, speaker: Span | None, particle: Token | None = None) -> tuple[int, int] | None:
    """Character extent of the verb's complement (what was said), or None; ``particle`` is the cue's own word."""
    children = [c for c in verb.children if (c.dep_ in _CONTENT_DEPS or _complement_clause(c)) and c != particle]
    ccomp = [c for c in children if c.dep_ == "ccomp"]
    if ccomp:
        children = ccomp + _subject_as_object(verb, ccomp[0]) + _further_that_clauses(verb, ccomp[0])
    elif not any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in children):
        # "described X as ...", "likened X to "...", "blasted X for being "..."": the predicate sits
        # in a preposition (any of these when it holds the quotation).
        children += [c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and _predicate_prep(c)]
    if any(c.dep_ == "dobj" for c in children):
        # "questioned Trump's "values" and his readiness ...": a noun the parse coordinates with the verb is a
        # second object.
        children += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > verb.i]
    if not children:
        children = _clause_after_adjunct(verb)
    if not children:
        return _as_clause(verb) or _parenthetical(verb, speaker)
    lo = min(c.left_edge.i for c in children)
    hi = max(c.right_edge.i for c in children)
    # "it was opposed to the test and warned ...", "he found Trump "very charming" and called his standing
    # "unhelpful"": a coordinated cue without its own subject is the speaker's next act, not part of what was said.
    for c in children:
        for conj in c.children:
            if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and conj.i > verb.i and conj.i > c.i:
                if not any(g.dep_ in ("nsubj", "nsubjpass") for g in conj.children) and _next_cue(conj, c):
                    cut = conj.left_edge.i - 1
                    while cut > c.i and verb.doc[cut].dep_ in ("cc", "punct"):
                        cut -= 1
                    hi = min(hi, cut)
    sent = verb.sent
    lo, hi = max(lo, sent.start), min(hi, sent.end - 1)
    doc = verb.doc
    # A sentence the parser ran over a paragraph break is cut back to the verb's paragraph.
    for i in range(verb.i, hi + 1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            hi = i
            break
    for i in range(verb.i, lo - 1, -1):
        if "\n" in doc[i].text or ("\n" in doc[i].whitespace_ and i < verb.i):
            lo = i + 1
            break
    if speaker is not None and lo <= speaker.start <= hi:
        # Inverted "..., said X": the complement stops at the speaker.
        if speaker.start > verb.i:
            hi = min(hi, speaker.start - 1)
        else:
            lo = max(lo, speaker.end)
    if lo <= verb.i <= hi:
        lo = verb.i + 1  # "which they said would ...": the content is what follows the verb
    if hi < lo:
        return None
    cs, ce = trim(doc_text(doc), doc[lo].idx, doc[hi].idx + len(doc[hi]))
    return (cs, ce) if ce > cs else None


def _further_that_clauses(verb: Token, first: Token) -> list[Token]:
    """``said that X ... and that Y ...``: the parse makes each that-clause after the first a conjunct of the verb."""
    return [c for c in verb.children if c.dep_ == "conj" and c.i > first.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]


def _clause_after_adjunct(verb: Token) -> list[Token]:
    """``said in a statement that ...``, ``said following a vote in 2001 that ...``: the parser hangs the
    that-clause on the adjunct's noun (as if relative); a ``that`` marking a clause is the verb's complement.
    Only adjuncts may stand between the verb and ``that``, and ``that`` must be a conjunction, not a pronoun.
    """
    doc = verb.doc
    for i in range(verb.i + 1, min(verb.i + _ADJUNCT_MAX, verb.sent.end)):
        tok = doc[i]
        if tok.lower_ == "that" and tok.dep_ == "mark" and tok.head.dep_ in ("relcl", "acl"):
            noun = tok.head.head
            clause = tok.head.pos_ in ("VERB", "AUX")
            if clause and noun.i < i and verb.i < noun.left_edge.i and _adjunct_of(noun, verb):
                return [tok.head]
            return []
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "prep" or tok.is_punct or "\n" in tok.text:
            return []  # another clause, or a comma-set aside: not an adjunct of this verb
    return []


def _adjunct_of(tok: Token, verb: Token) -> bool:
    """``tok`` hangs from ``verb`` through prepositions (and nouns inside them) only."""
    while tok.i != verb.i:
        if tok.dep_ not in ("pobj", "prep", "pcomp") or tok.head is tok:
            return False
        tok = tok.head
    return True


# How far after the verb a that-clause hung on an adjunct may start (tokens).
_ADJUNCT_MAX = 12


def _as_clause(verb: Token) -> tuple[int, int] | None:
    """``As Ryan has pointed out, that is ...``: the aside's verb reports the main clause after it."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    head, doc = verb.head, verb.doc
    if head.i < verb.i or verb.left_edge.i != verb.sent.start:
        return None
    end = head.right_edge.i
    while end > head.i and (doc[end].is_space or doc[end].is_punct and doc[end].text not in "\"”’"):
        end -= 1
    cs, ce = trim(doc_text(doc), doc[verb.right_edge.i + 1].idx, doc[end].idx + len(doc[end]))
    return (cs, ce) if ce > cs and "\n" not in doc_text(doc)[cs:ce] else None


def _parenthetical(verb: Token, speaker: Span | None) -> tuple[int, int] | None:
    """``South Carolina, he said, was "..."``: an attribution set off by commas inside the sentence it reports.

    The content is the whole sentence, the attribution within it included; ``mixed.complement_quotes``
    cuts it into the pieces either side. An inverted attribution that ends the sentence (``..., said X, founder of
    Y.``), where the parse gave the verb no complement, reports the words before it.
    """
    if speaker is None:
        return None
    doc, sent = verb.doc, verb.sent
    first, last = min(speaker.start, verb.i), max(speaker.end - 1, verb.i)
    if speaker.start > verb.i:
        last = max(last, speaker.root.right_edge.i)  # "said X, founder of Y": the apposition describes the speaker
    if first - 1 <= sent.start or doc[first - 1].text != ",":
        return None
    trailing = speaker.start > verb.i and last + 2 >= sent.end - 1
    if not trailing and (last + 2 >= sent.end - 1 or doc[last + 1].text != ","):
        return None  # words of the reported sentence on both sides
    text = doc_text(doc)
    par_start = text.rfind("\n", 0, verb.idx) + 1
    par_end = text.find("\n", verb.idx) % (len(text) + 1)
    lo, hi = sent.start, first - 2 if trailing else sent.end - 1
    while lo < first and (doc[lo].idx < par_start or doc[lo].is_space):
        lo += 1  # the parser may hang the last paragraph's closing mark on this sentence
    while hi > last and (doc[hi].idx >= par_end or doc[hi].is_space):
        hi -= 1
    if lo >= first - 1:
        return None
    cs, ce = trim(text, doc[lo].idx, doc[hi].idx + len(doc[hi]))
    while ce > cs and text[ce - 1] in ".!?":
        ce -= 1  # without the sentence's full stop, as a parsed complement has none
    return (cs, ce) if ce > cs else None


def _subject_as_object(verb: Token, ccomp: Token) -> list[Token]:
    """``warned the bill would fail``: the parse makes the clause's subject the verb's object."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for c in ccomp.children):
        return []
    return [c for c in verb.children if c.dep_ == "dobj" and c.right_edge.i + 1 == ccomp.left_edge.i]


# Prepositions that carry what was said ("as a disgrace", "to a snake", "for being dishonest").
_PREDICATE_PREPS = {"as", "for", "of", "to", "on", "about", "against", "with"}
# Words opening an adverbial clause that is circumstance, not content ("after he left").
_SUBORDINATORS = {"after", "before", "when", "while", "if", "because", "since", "although", "though", "as",
                  "until", "unless", "whether", "once", "where"}


def _next_cue(tok: Token, clause: Token) -> bool:
    """A cue coordinated with the reported ``clause`` that reports a statement of its own: a strong one, or a weak
    one with its quotation ("called X "Y"") unless it shares the clause's auxiliary ("will praise X and call")."""
    return strong_cue(tok) or weak_cue(tok) and has_mark(tok) and not shares_auxiliary(tok, clause)


def shares_auxiliary(conj: Token, head: Token) -> bool:
    """``conj`` is read with its ``head``'s auxiliary in the form that auxiliary takes (``would discuss X and sign``,
    ``is praising X and calling``), not ``should follow X but insists`` (a finite form of its own). A past tense
    spelled as a participle is left finite: ``had reached X but admitted`` is the speaker's more often than not."""
    auxiliaries = {c.lemma_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    return (conj.tag_ == "VBN" and bool(auxiliaries & {"have", "be"}) or conj.tag_ == "VBG" and "be" in auxiliaries
            or conj.tag_ == "VB" and bool(auxiliaries - {"have", "be"}))  # "would discuss X and sign": the modal's


def has_mark(tok: Token) -> bool:
    return any(t.text in '"“”' or t.text == TYPEWRITER_MARK for t in tok.subtree)


def _predicate_prep(prep: Token) -> bool:
    """A preposition after the verb that holds its quoted predicate (``as`` always does)."""
    return prep.lower_ == "as" or (prep.lower_ in _PREDICATE_PREPS and has_mark(prep))


def _complement_clause(child: Token) -> bool:
    """A clause the parser hung as ``advcl`` that is really the complement ("tweeted that ...", "told X to ...")."""
    if child.dep_ != "advcl" or child.i < child.head.i:
        return False
    first = child.left_edge.lower_
    if first in _SUBORDINATORS or _next_act(child):
        return False
    return first in ("that", "to") or has_mark(child)


def _next_act(child: Token) -> bool:
    """``hailed the vote as "fantastic," telling reporters ...``: a participle after a comma is the speaker's next
    act (with a cue of its own), not what the verb reports."""
    doc, i = child.doc, child.left_edge.i
    if child.tag_ != "VBG" or i != child.i or i < 2:
        return False
    return doc[i - 1].text == "," or doc[i - 1].is_quote and doc[i - 2].text == ","


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, dangling punctuation and a lone opening mark from a content extent.

    A closing mark right after the extent is taken in (the parse often hangs it elsewhere), so
    ``called him “disgusting”`` keeps its closing mark.
    """
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;—–-“"):
        end -= 1
    if text[start:end].count("“") > text[start:end].count("”"):
        m = re.match(r"[.,!?]?”", text[end : end + 2])
        if m:
            end += m.end()
    elif text[start:end].count('"') % 2 == 1 and text[start:end].rstrip('"').count('"') % 2 == 1:
        m = re.match(r'[.,!?]?"', text[end : end + 2])
        if m:
            end += m.end()
    return start, end
