"""Counted quantities: the plural noun a number counts ("100 Russian soldiers"), and the numbers that count
nothing (years, times, ages, scores, model numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tasks.lib.extract.amount_lexicon import Lexicon, lexicon
from tasks.lib.extract.amount_numbers import Core, parse_number
from tasks.lib.extract.entity_labels import NAME_LABELS
from tasks.lib.extract.entity_title_case import in_title_case_line
from tasks.lib.records import Amount

# Entity labels whose numbers are never counted quantities (years, clock times, ages, "3rd").
_NON_QUANTITY_ENTS = {"DATE", "TIME", "ORDINAL"}
# Words before a bare 4-digit number that make it a year ("since 2006", "the 2019 elections").
_YEAR_CUES = {
    "in", "since", "by", "from", "until", "till", "of", "the", "this", "that", "its", "their", "his",
    "her", "our", "my", "your", "before", "after", "during", "early", "late", "mid", "between",
}
_PLURAL_TAGS = {"NNS", "NNPS"}
# A number then "in"/"out of" just before a count makes it a ratio's base.
_RATIO = re.compile(r"(?i)\b([\w,.]+)\s+(?:in|out\s+of)\s+$")


@dataclass
class DocInfo:
    text: str
    parsed: bool
    ents: list[tuple[int, int, str]]



def make_amount(text, kind, value, unit, start, end, qualifier) -> Amount:
    return Amount(
        text=text[start:end], kind=kind, value=value, unit=unit, start_char=start, end_char=end, qualifier=qualifier
    )



def not_a_count(doc: Doc, info: DocInfo, core: Core) -> bool:
    """A year, time or name where a listed count was expected ("in 2004 and 300 people")."""
    raw = info.text[core.num_start : core.end]
    if re.fullmatch(r"1\d{3}|20\d{2}", raw):
        return True
    # The small model often tags a lone listed number DATE ("found 45 and 50 cases"): only an entity
    # wider than the number itself ("45 minutes", "Boeing 747") vetoes it.
    return any(s < core.end and core.num_start < e and (lab in _NON_QUANTITY_ENTS or lab in NAME_LABELS)
               and (s, e) != (core.num_start, core.end) for s, e, lab in info.ents)



def counted_quantity(
    doc: Doc, info: DocInfo, core: Core, high: Core | None, start: int, end: int, qualifier: str | None
) -> Amount | None:
    """A counted quantity, or None when the number counts nothing (years, scores, ages, names)."""
    lex = lexicon()
    text = info.text
    if core.words and core.value == 1 and high is None:
        return None  # "one of the", "a" - too vague to be a count
    ratio = _RATIO.search(text[max(0, start - 24) : start])
    if ratio and parse_number(ratio.group(1)) is not None:
        return None  # "one in five workers", "four in 10 voters", "three out of five" are ratios
    span = doc.char_span(core.num_start, end, alignment_mode="expand")
    if span is None or not info.parsed:
        return None
    # "3 and 5 million" tagged DATE: a number scaled by a million or more is never a year, time or age.
    big = max(core.mult, high.mult if high else 0) >= 1e6
    for ent_start, ent_end, label in info.ents:
        if ent_start < end and core.num_start < ent_end:
            if (label in _NON_QUANTITY_ENTS and not big) or label in NAME_LABELS:
                return None
    first = span[0]
    prev = doc[first.i - 1] if first.i > 0 else None
    raw = text[core.num_start : core.end]
    # A line in title case capitalises every word: its capitals tell no name ("Trump Wins Five States").
    title_line = in_title_case_line(doc, first.i)
    if prev is not None and prev.pos_ == "PROPN" and not qualifier and prev.i + 1 == first.i and not (
            title_line and core.words):
        return None  # "Boeing 747 jets", "Apollo 11 astronauts"
    if re.fullmatch(r"1\d{3}|20\d{2}|21\d{2}", raw) and not core.scaled:
        if prev is None or prev.lower_ in _YEAR_CUES or prev.pos_ in ("DET", "PRON"):
            return None
    noun, of_form = _counted_noun(span[-1], lex)
    if noun is None:
        return None
    if not title_line and _names(doc, core, first, noun):
        return None
    if core.ambiguous_m and (noun.tag_ not in _PLURAL_TAGS or noun.lower_ in lex.distance_events):
        return None  # "5m people" is millions, "5m long" and "the 60m hurdles" are metres
    # "12 of the 20 seats": the first count ends at its number, the second is read on its own.
    between = doc[span[-1].i + 1 : noun.i]
    q_end = end if of_form and any(t.pos_ == "NUM" for t in between) else max(end, noun.idx + len(noun.text))
    unit = noun.text if noun.pos_ == "PROPN" and not title_line else noun.text.lower()
    amt = make_amount(text, "quantity", core.value, unit, start, q_end, qualifier)
    if high is not None:
        amt.low, amt.high = core.value, high.value
    return amt


def _names(doc: Doc, core: Core, first: Token, noun: Token) -> bool:
    """A number word written with a capital inside a sentence, before a capitalised noun, is part of a name
    ("Six Nations", "the Big Four", "Three Amigos"; the tagger often calls the noun common). Not asked of a line in
    title case, which capitalises every word ("Bank To Cut Three Jobs")."""
    return (core.words and doc.text[core.num_start].isupper() and not first.is_sent_start
            and (noun.pos_ == "PROPN" or noun.text[0].isupper()))


def _counted_noun(last: Token, lex: Lexicon) -> tuple[Token | None, bool]:
    """The plural noun a number counts: "100 Russian soldiers", "two of their military planes"."""
    doc = last.doc
    i = last.i + 1
    of_form = False
    if i < len(doc) and doc[i].lower_ == "of":
        of_form, i = True, i + 1
    for tok in doc[i : i + 8]:
        if tok.is_space:
            continue  # a no-break space after the number: "49\u00a0club goers"
        # The first plural noun ("800 metres favourites" counts metres), else the head of the phrase
        # ("500 oil workers").
        if of_form and tok.dep_ in ("poss", "case"):
            continue  # a possessor: "eight of Alitalia's rivals", "a thousand of a candidate's own words"
        compound = tok.dep_ == "compound" and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("NOUN", "PROPN")
        if tok.i == i and not of_form and tok.lower_ in lex.measure_nouns and tok.i + 1 < len(doc) and (
            compound or doc[tok.i + 1].pos_ in ("ADJ", "NOUN", "PROPN")
        ):
            return tok, False  # a singular unit measures what follows: "three megapixel camera phones"
        glued = tok.i + 1 < len(doc) and doc[tok.i + 1].text in ("-", "‑") and not tok.whitespace_
        if tok.pos_ in ("NOUN", "PROPN") and (glued or tok.dep_ == "amod"):
            continue  # a modifier: "Kremlin-backed rebels", "Republican-leaning voters", "Republican voters"
        if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in _PLURAL_TAGS and _modifies_later_noun(tok):
            continue  # coordinated noun modifiers: "2,000 business and political leaders", "300 farm and factory workers"
        if tok.pos_ in ("NOUN", "PROPN") and (tok.tag_ in _PLURAL_TAGS or not compound):
            if tok.tag_ not in _PLURAL_TAGS or tok.lower_ in lex.stop_nouns or tok.lemma_.lower() in lex.stop_nouns:
                return None, of_form
            linked = tok in last.ancestors or tok in last.subtree or tok.i == last.i + 1
            nxt = doc[tok.i + 1] if compound else None
            if nxt is not None and nxt.tag_ in _PLURAL_TAGS and tok.lemma_.lower() not in lex.measure_nouns:
                tok = nxt  # a plural modifier names a kind of the head: "two cosmetics brands" counts brands
            return (tok, of_form) if linked else (None, of_form)
        if tok.pos_ in ("ADJ", "ADV", "NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in ("amod", "conj")):
            continue
        if tok.dep_ == "cc" and i <= tok.head.i < tok.i and tok.head.dep_ in ("amod", "compound", "nmod"):
            continue  # coordinated modifiers: "46 Latin American and Caribbean countries"
        if of_form and (tok.pos_ in ("DET", "PRON") and tok.dep_ in ("det", "poss") or tok.pos_ == "NUM"):
            continue  # "two of their planes", "1,200 of its 5,000 employees"
        if tok.text in ("-", "‑") and tok.i > i:  # "military-grade"; a hyphen right after the number ("35-year-old") stops
            continue
        if tok.i > i and doc[tok.i - 1].text in ("-", "‑") and not doc[tok.i - 1].whitespace_:
            continue  # the second word of a hyphened modifier: "eight stand-by jurors"
        break
    return None, of_form


def _modifies_later_noun(tok: Token) -> bool:
    """A noun (or one coordinated with it) that the parse attaches to a noun further on, as its modifier."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    return tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN")
