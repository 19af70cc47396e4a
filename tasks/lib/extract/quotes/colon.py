"""Quotations introduced by a colon after a sentence whose verb is not a reporting verb.

``Clinton has since apologized for what happened: "Yes, I should have ..."``, ``Trump issued the following
statement:`` / ``"Our prayers are with ..."``, ``Stated Stone:`` / ``"I think ..."``: the lead-in names who
speaks as its subject, and the colon hands the floor to the quotation. Reporting verbs are handled by the
layouts in ``quotes``; this finds the rest, for quotations nothing else attributed.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from tasks.lib.extract.quotes.marks import QuoteSpan
from tasks.lib.nlp.doc_text import doc_text

# Subjects that do not name a speaker.
_NOT_SPEAKERS = {"it", "this", "that", "there", "here", "what", "which", "who", "you", "one"}
_SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def colon_lead_subject(doc: Doc, q: QuoteSpan, para_of: Sequence[int]) -> tuple[Token, Token] | None:
    """(verb, subject) of the sentence whose colon introduces quotation ``q``, when the subject names someone.

    The colon must end the text before the opening mark, in the same paragraph or closing the paragraph
    before; the quotation must open a sentence.
    """
    text = doc_text(doc)
    lead = text[: q.open_mark].rstrip(" \t\xa0")
    if not lead.endswith(":"):
        if not lead.endswith("\n"):
            return None
        lead = lead.rstrip()
        if not lead.endswith(":") or para_of[len(lead) - 1] != para_of[q.open_mark] - 1:
            return None
    inner = text[q.start : q.end]
    if not inner[:1].isupper() or len(inner.split()) < 3:
        return None
    colon = doc.char_span(len(lead) - 1, len(lead), alignment_mode="expand")
    if colon is None:
        return None
    # The lead-in's main verb: the topmost verb above the word before the colon that is still before it (the
    # parse may run the sentence on into the quotation).
    root, tok = None, doc[colon[0].i - 1] if colon[0].i > 0 else None
    while tok is not None and tok.i < colon[0].i:
        if tok.pos_ in ("VERB", "AUX"):
            root = tok
        tok = None if tok.head.i == tok.i else tok.head
    if root is None:
        return None
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in _NOT_SPEAKERS or not _names_someone(subj):
        return None
    return root, subj


def _names_someone(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "we", "i")
    if tok.pos_ == "PROPN" or tok.ent_type_ in _SPEAKER_ENTS:
        return True
    return tok.pos_ == "NOUN" and any(c.pos_ == "PROPN" or c.ent_type_ in _SPEAKER_ENTS for c in tok.lefts)
