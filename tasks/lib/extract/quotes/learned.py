"""Quotations the rules left unattributed, vetted by a small learned scorer.

The layouts in ``find`` attribute a quotation only when a cue sits where news copy puts one. Many quotations
PolNeAR annotates as attributed have none of those shapes (``a man yelled "Stay there!"``, ``writing "..."``,
``Shaw: "..."`` after a paragraph about Shaw, ``slammed its "outrageous practices"``). Every quotation no rule
took is a candidate here; a logistic scorer over explicit features of its context (the words either side, the
word that governs it in the parse, whether that word has a subject naming someone, the quotation's own shape,
what the rules found around it) decides whether it is attributed content. Weights and threshold are data
(``quote_weights``), trained by ``evaluation/train_quote_scorer.py`` on the tuning part of polnear-train.

The speaker is taken as the rules take it: the governing verb's subject (``speaker_of``), else the speaker of
the nearest attributed quote before it in the paragraph or the paragraph before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tasks.lib.extract.quotes.cues import Cue, make_quote
from tasks.lib.extract.quotes.layouts import is_title
from tasks.lib.extract.quotes.lexicon import reporting_verbs
from tasks.lib.extract.quotes.marks import QuoteSpan
from tasks.lib.extract.quotes.quote_weights import QuoteWeights, load
from tasks.lib.extract.quotes.speaker_phrase import FINITE_TAGS, speaker_of
from tasks.lib.records import Quote

_SPEECH_PRONOUNS = {"i", "we", "you", "my", "our", "me", "us", "i'm", "we're"}
_WHO = {"PERSON", "ORG", "NORP", "GPE"}
_ADJACENT_WORDS = 3  # "..., Texas delegate Bill Eastland said": a cue this close is the quotation's own


@dataclass
class Candidate:
    """One quotation no rule attributed, with the cue it would get and its features."""

    span: QuoteSpan
    cue: Cue | None
    how: str  # how the speaker was found: subject, sentence_cue, colon_name, borrowed (a quote's nearby), none
    features: list[str]


def _bucket(n: int) -> str:
    """Token counts in doubling bands: 1, 2, 3-4, 5-8, 9-16, 17+."""
    return next((label for top, label in ((1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (16, "9-16")) if n <= top),
                "17+")


def _governor(doc: Doc, inner: Span) -> Token | None:
    """The word outside the quotation that its first outward-pointing token hangs on."""
    for tok in inner:
        if tok.head.i < inner.start or tok.head.i >= inner.end:
            return tok.head
    return None


def _context_words(doc: Doc, text: str, sp: QuoteSpan, para: tuple[int, int]) -> list[str]:
    """The words right before the opening mark and after the closing one, within the paragraph."""
    feats = []
    left = doc.char_span(para[0], sp.open_mark, alignment_mode="contract")
    right = doc.char_span(sp.outer_end, para[1], alignment_mode="contract")
    before = [t for t in (left or []) if not t.is_space][-2:]
    after = [t for t in (right or []) if not t.is_space][:2]
    for name, toks in (("prev", before[::-1]), ("next", after)):
        if not toks:
            feats.append(f"{name}1=<para>")
        for k, t in enumerate(toks, 1):
            word = t.lower_ if t.is_punct or t.lower_ in reporting_verbs() or t.pos_ in ("ADP", "PRON", "DET", "AUX") \
                else t.pos_
            feats.append(f"{name}{k}={word}")
            feats.append(f"{name}{k}_pos={t.pos_}")
            if t.lemma_.lower() in reporting_verbs():
                feats.append(f"{name}{k}_reporting")
    return feats


def _inner_features(text: str, sp: QuoteSpan, inner: Span) -> list[str]:
    words = text[sp.start : sp.end]
    feats = [f"len={_bucket(len(inner))}"]
    if any(t.tag_ in FINITE_TAGS for t in inner):
        feats.append("inner_finite_verb")
    if words[:1].isupper():
        feats.append("inner_capital")
    if words.rstrip()[-1:] in ".!?,":
        feats.append(f"inner_ends={words.rstrip()[-1:]}")
    if any(t.lower_ in _SPEECH_PRONOUNS for t in inner):
        feats.append("inner_first_second_person")
    if is_title(text, sp):
        feats.append("inner_title")
    if sp.close_mark is None:
        feats.append("unclosed")
    if sp.continued or sp.continues:
        feats.append("multi_paragraph")
    return feats


def _governor_features(gov: Token | None, cue_verbs: dict[int, Cue], quoted: list[bool]) -> list[str]:
    if gov is None:
        return ["gov=<none>"]
    feats = [f"gov_pos={gov.pos_}", f"gov_dep={gov.dep_}"]
    lemma = gov.lemma_.lower()
    if lemma in reporting_verbs():
        feats.append(f"gov={lemma}")
        feats.append("gov_reporting")
    if gov.i in cue_verbs:
        feats.append("gov_cue")
    subj = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass") and not quoted[c.i]]
    if subj:
        s = subj[0]
        feats.append(f"gov_subj={s.ent_type_ if s.ent_type_ in _WHO else s.pos_}")
    return feats


def _where_features(text: str, sp: QuoteSpan, para: tuple[int, int], quotes: list[Quote],
                    para_of: list[int]) -> list[str]:
    feats = []
    if not text[para[0] : sp.open_mark].strip():
        feats.append("opens_paragraph")
        if not text[sp.outer_end : para[1]].strip(" .,;:\t\xa0"):
            feats.append("whole_paragraph")
    p = para_of[sp.open_mark]
    near = {para_of[q.start_char] - p for q in quotes if q.speaker_start is not None}
    for d, name in ((0, "attributed_same_para"), (-1, "attributed_prev_para"), (1, "attributed_next_para")):
        if d in near:
            feats.append(name)
    if sp.open_mark > 0 and text[: sp.open_mark].rstrip(" \t\xa0").endswith(":"):
        feats.append("after_colon")
    return feats


def _paragraph(text: str, at: int) -> tuple[int, int]:
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, (end if end >= 0 else len(text))


def _borrowed_cue(doc: Doc, sp: QuoteSpan, quotes: list[Quote], para_of: list[int]) -> Cue | None:
    """A cue carrying the speaker of the nearest attributed quote before ``sp``, this paragraph or the last."""
    p = para_of[sp.open_mark]
    before = [q for q in quotes if q.end_char <= sp.open_mark and q.speaker_start is not None
              and q.cue_start is not None and p - para_of[q.start_char] <= 1]
    if not before:
        return None
    q = max(before, key=lambda x: x.end_char)
    speaker = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
    verb = doc.char_span(q.cue_start, q.cue_end, alignment_mode="expand")
    if speaker is None or verb is None:
        return None
    return Cue(verb[0], speaker, None, True, q.cue or verb[0].text)


def candidates(doc: Doc, text: str, spans: list[QuoteSpan], cues: list[Cue], quotes: list[Quote],
               quoted: list[bool], para_of: list[int]) -> list[Candidate]:
    """Every quotation no extracted quote overlaps, with its features and the cue it would take."""
    cue_verbs = {c.verb.i: c for c in cues}
    taken = [(q.start_char, q.end_char) for q in quotes]
    out = []
    for sp in spans:
        if sp.end <= sp.start or any(a < sp.outer_end and sp.open_mark < b for a, b in taken):
            continue
        inner = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if inner is None or len(inner) == 0:
            continue
        gov = _governor(doc, inner)
        how, cue = _speaker_cue(doc, text, sp, inner, gov, cues, cue_verbs, quotes, quoted, para_of)
        para = _paragraph(text, sp.open_mark)
        feats = ["bias", *_context_words(doc, text, sp, para), *_inner_features(text, sp, inner),
                 *_governor_features(gov, cue_verbs, quoted), *_where_features(text, sp, para, quotes, para_of),
                 f"speaker={how}"]
        out.append(Candidate(sp, cue, how, feats))
    return out


def _speaker_cue(doc: Doc, text: str, sp: QuoteSpan, inner: Span, gov: Token | None, cues: list[Cue],
                 cue_verbs: dict[int, Cue], quotes: list[Quote], quoted: list[bool],
                 para_of: list[int]) -> tuple[str, Cue | None]:
    """How the speaker was found and the cue carrying it, first that applies: the governing verb's subject, a cue
    within a few words of the marks, a cue with a speaker elsewhere in the sentence, a name right before a colon,
    the nearest attributed quote."""
    own = _own_cue(gov, cue_verbs, quoted)
    if own is not None and own.speaker is not None:
        return "subject", own
    adjacent = _adjacent_cue(text, sp, cues, quoted, para_of)
    if adjacent is not None:
        return "adjacent_cue", adjacent
    sent = inner[0].sent
    near = [c for c in cues if c.speaker is not None and sent.start <= c.verb.i < sent.end and not quoted[c.verb.i]]
    if near:
        return "sentence_cue", min(near, key=lambda c: min(abs(c.verb.idx - sp.open_mark),
                                                          abs(c.verb.idx - sp.outer_end)))
    colon = _colon_name(doc, text, sp)
    if colon is not None:
        return "colon_name", colon
    other = _borrowed_cue(doc, sp, quotes, para_of)
    if other is not None:
        return "borrowed", other
    return "none", own


def _adjacent_cue(text: str, sp: QuoteSpan, cues: list[Cue], quoted: list[bool], para_of: list[int]) -> Cue | None:
    """A cue with a speaker within a few words after the closing mark or before the opening one, same paragraph
    (``"...,"Clinton said``: marks typed without a space defeat the layouts)."""
    para = para_of[sp.open_mark]
    best: tuple[int, Cue] | None = None
    for c in cues:
        if c.speaker is None or quoted[c.verb.i] or para_of[c.verb.idx] != para:
            continue
        words = len(text[sp.outer_end : c.verb.idx].split()) if c.verb.idx >= sp.outer_end else \
            len(text[c.clause_end : sp.open_mark].split()) if c.clause_end <= sp.open_mark else None
        if words is not None and words <= _ADJACENT_WORDS and (best is None or words < best[0]):
            best = (words, c)
    return best[1] if best is not None else None


def _colon_name(doc: Doc, text: str, sp: QuoteSpan) -> Cue | None:
    """``Republican pollster Daron Shaw: "..."``: the name the colon ends hands the floor to the quotation (the
    colon may close the paragraph before, ``Stated Stone:``)."""
    lead = text[: sp.open_mark].rstrip()
    if not lead.endswith(":"):
        return None
    colon = doc.char_span(len(lead) - 1, len(lead), alignment_mode="expand")
    if colon is None or colon[0].i == 0:
        return None
    name = doc[colon[0].i - 1]
    ent = next((e for e in doc.ents if e.start <= name.i < e.end and e.label_ in ("PERSON", "ORG")), None)
    if ent is None:
        return None
    if len(ent) > 1 and _verb_form(ent[0].lower_):  # "Stated Stone:": the name the model read is verb and speaker
        return Cue(ent[0], ent[1:], None, False, ent[0].text)
    return Cue(colon[0], ent, None, True, ":")


def _verb_form(word: str) -> bool:
    """A past form of a reporting verb (``stated``, ``added``, ``continued``), which no name starts with."""
    return word.endswith("ed") and (word[:-1] in reporting_verbs() or word[:-2] in reporting_verbs())


def _own_cue(gov: Token | None, cue_verbs: dict[int, Cue], quoted: list[bool]) -> Cue | None:
    """The cue of the governing word: a lexicon cue found by the rules, else any verb with its subject."""
    if gov is None:
        return None
    if gov.i in cue_verbs:
        return cue_verbs[gov.i]
    if gov.pos_ == "VERB":
        return Cue(gov, speaker_of(gov, quoted), None, True, gov.text)
    return None


def probability(weights: dict[str, float], features: list[str]) -> float:
    """A logistic scorer's probability for a candidate's features."""
    z = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def accepted(w: QuoteWeights, features: list[str]) -> bool:
    """Attributed content, and likely to have the right speaker."""
    return (probability(w.quote, features) >= w.quote_threshold
            and probability(w.speaker, features) >= w.speaker_threshold)


def learned_quotes(doc: Doc, text: str, spans: list[QuoteSpan], cues: list[Cue],
                   found: list[tuple[Quote, Cue | None]], quoted: list[bool],
                   para_of: list[int]) -> list[tuple[Quote, Cue | None]]:
    """The candidates the scorer accepts, as direct quotes, each a statement of its own."""
    weights = load()
    if weights is None:
        return []
    out: list[tuple[Quote, Cue | None]] = []
    for c in candidates(doc, text, spans, cues, [q for q, _ in found], quoted, para_of):
        if not accepted(weights, c.features):
            continue
        if c.cue is None:
            quote = Quote(text=text[c.span.start : c.span.end], kind="direct",
                          start_char=c.span.start, end_char=c.span.end)
        else:
            quote = make_quote(text, c.span.start, c.span.end, "direct", c.cue)
            if c.how == "borrowed":  # the speaker is borrowed; nothing here cues it
                quote.cue = quote.cue_start = quote.cue_end = None
        quote.statement_start = quote.start_char
        out.append((quote, c.cue if c.cue is not None and c.cue.speaker is not None else None))
    return out
