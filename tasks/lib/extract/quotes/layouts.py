"""Direct quotes: the layouts news copy attributes a quotation in, from its marks to a cue beside it.

``"...," X said`` / ``"...," said X`` (trailing), ``X said: "..."`` (leading), a reported clause leading into it
(``X adds that ...: "..."``), a quote split by its attribution, a colon-ended lead-in, a signature
(``"..." ― Name``), transcript turns (``NAME: ...``) and quoted sentences that continue the speaker just before them.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from tasks.lib.extract.quotes.colon import colon_lead_subject
from tasks.lib.extract.quotes.content import trim
from tasks.lib.extract.quotes.cues import Cue, make_quote
from tasks.lib.extract.quotes.marks import TYPEWRITER_MARK, QuoteSpan
from tasks.lib.extract.quotes.speaker_phrase import FINITE_TAGS, noun_phrase
from tasks.lib.extract.quotes.speakers import lexicon as speaker_lexicon
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import Quote

# Most words an aside between a trailing quotation's speaker and its verb may hold.
_ASIDE_WORDS = 16
# A gap between a quotation and its attribution may hold only punctuation and spaces.
_PUNCT_GAP = re.compile(r"^[\s,;:—–\-]*$")
_LEAD_END = re.compile(r"[,:—–]\s*$")


def trailing_cue(text: str, q: QuoteSpan, cues: list[Cue], para_of: list[int]) -> Cue | None:
    """``"...," X said`` / ``"...," said X``: the attribution right after the closing mark."""
    if q.close_mark is None:
        return None
    after = q.close_mark + 1
    for cue in cues:
        start = cue.clause_start
        if start < after:
            continue
        if cue.speaker is None:
            return None
        if para_of[start] != para_of[q.close_mark]:
            return None
        if not _PUNCT_GAP.match(text[after:start]):
            return None
        if cue.speaker is not None and cue.speaker.start_char < cue.verb.idx:
            between = text[cue.speaker.end_char : cue.verb.idx]
            # An aside set off by commas ("Warren, who has not endorsed anyone, told ...") may run longer.
            aside = between.strip().startswith(",") and between.strip().endswith(",")
            words = re.findall(r"[\w’'-]+", between)
            if len(words) > (_ASIDE_WORDS if aside else 6) or any(m in between for m in "\"“”"):
                return None
        if text[q.start : q.end].rstrip().endswith(".") and not re.match(r"\s*[.,;]", text[cue.clause_end :]):
            return None  # '"... Strength." He told the crowd that ...': the quotation ended its sentence
        if _clause_follows(cue):
            return None  # "X said he ...": the verb reports a clause of its own, not this quote
        return cue
    return None


# Where a sentence ends inside a paragraph: sentence punctuation, a closing mark or bracket, then space.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")


def sentence_lead(text: str, q: QuoteSpan) -> int | None:
    """Start of the unquoted words that open the quotation's sentence, when there are some.

    ``This is a "raw time," he said``: the statement is the sentence, the quotation only its end, so the
    quote is mixed from the sentence's start. A lead-in ending in a comma or colon (``Asked why, "..."``,
    ``X said: "..."``) or holding another quotation is not part of it.
    """
    par_start = text.rfind("\n", 0, q.open_mark) + 1
    lead_start = par_start
    for m in _SENTENCE_END.finditer(text, par_start, q.open_mark):
        lead_start = m.end()
    lead = text[lead_start : q.open_mark]
    if not lead.strip() or lead.rstrip()[-1:] in ",:;—–-(" or any(m in lead for m in "\"“”"):
        return None
    return lead_start


def _clause_follows(cue: Cue) -> bool:
    """Whether the verb reports a clause of its own after it (not a quotation).

    ``"...," X said he would go`` reports the clause, not the quotation; ``"...," X told the host``
    or ``"...," X said, after he ...`` do not.
    """
    verb = cue.verb
    if verb.lower_ == "according":
        return False
    for c in verb.children:
        first = c.left_edge
        while first.is_punct and first.text not in "\"“”" and first.text != TYPEWRITER_MARK and first.i < c.i:
            first = first.doc[first.i + 1]
        opens = first.text in "\"“”" or first.text == TYPEWRITER_MARK
        before = verb.doc[c.left_edge.i - 1] if c.left_edge.i > 0 else None
        opens = opens or (before is not None and (before.text in "\"“" or before.text == TYPEWRITER_MARK))
        if c.i < verb.i or c.left_edge.idx < cue.clause_end or opens:
            continue  # a complement opening with a mark is the next piece of the quotation, not a clause
        if re.search(r"[.!?\n]", doc_text(verb.doc)[cue.clause_end : c.left_edge.idx]):
            continue  # the parse ran on into the next sentence or paragraph
        if first.tag_ == "VBG" and not any(g.dep_ == "nsubj" and g.i < first.i for g in c.children):
            continue  # '"...," X said, adding that ...': a participle is the speaker's next act, not what was said
        if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "advcl" and c.left_edge.lower_ in ("that", "to")):
            return True
    return False


def leading_cue(text: str, q: QuoteSpan, cues: list[Cue], para_of: list[int], spans: list[QuoteSpan]) -> Cue | None:
    """``X said: "..."`` / ``X said, "..."``: the attribution right before the opening mark."""
    before = [c for c in cues if c.clause_end <= q.open_mark]
    if not before:
        return None
    cue = before[-1]
    if cue.speaker is None:
        return None
    gap = text[cue.clause_end : q.open_mark]
    if cue.weak and not gap.rstrip().endswith(":"):
        return None  # "some people who feel that way, "..."": only a colon makes a weak verb introduce a quote
    same_para = para_of[cue.verb.idx] == para_of[q.open_mark]
    if not same_para:
        # A lead-in paragraph ending in a colon introduces the next paragraph's quote.
        if para_of[q.open_mark] - para_of[cue.verb.idx] != 1 or not gap.rstrip().endswith(":"):
            return None
        if "\n" in gap.rstrip().rstrip(":").strip(" \t"):
            return None
    if any(m in gap for m in "\"“”"):
        return None
    words = gap.split()
    if len(words) > 8 or re.search(r"[.!?]\s*$", gap.strip()) and not gap.strip().endswith(":"):
        return None
    if words and not _LEAD_END.search(gap) and len(words) > 0:
        # "X said Friday that ..." leaves a bare word before the mark: that is mixed, not direct.
        return None
    if words and words[-1].lower().strip(",:") == "that":
        return None
    if cue.content is not None and cue.content[1] <= q.open_mark and cue.content[0] > cue.clause_end:
        return None
    if cue.content is not None and cue.content[1] > q.outer_end + 2 and para_of[cue.content[1]] == para_of[q.open_mark]:
        # "reported “2,521 shooting incidents” in the city": the quote is part of a longer complement (mixed).
        return None
    return cue


# Most words a reported clause leading into a quotation may hold.
_LEAD_WORDS = 30


def complement_lead(text: str, q: QuoteSpan, cues: list[Cue], para_of: list[int]) -> tuple[Cue, int] | None:
    """A reported clause between the cue and the quotation it leads into: (cue, the clause's start).

    ``He adds that voters have two choices: "..."``, ``Ryan says no matter what Obama does, "..."``: what was
    said is the clause and the quotation after it, one mixed statement from the clause's start. Words that
    are no clause (``told reporters Friday:``) leave the quotation direct.
    """
    before = [c for c in cues if c.clause_end <= q.open_mark]
    if not before or before[-1].speaker is None or before[-1].weak:
        return None
    cue = before[-1]
    if para_of[cue.verb.idx] != para_of[q.open_mark] or cue.speaker.start_char > cue.verb.idx:
        return None
    start, end = trim(text, cue.clause_end, q.open_mark)
    gap = text[start:q.open_mark]
    if not _LEAD_END.search(gap) or re.search(r"[.!?]\s", gap) or len(gap.split()) > _LEAD_WORDS:
        return None
    lead = cue.verb.doc.char_span(start, end, alignment_mode="contract")
    if lead is None or not any(t.tag_ in FINITE_TAGS for t in lead):
        return None
    return cue, start


def split_continuation(
    text: str, prev: QuoteSpan, q: QuoteSpan, cue: Cue, para_of: list[int], titles: list[QuoteSpan] = ()
) -> Cue | None:
    """``"...," she said. "..."``: the rest of a quote split by its attribution, in the same paragraph.

    The later piece must stand as sentences of its own (it opens a sentence and ends one), so a
    quoted phrase inside a later sentence is not swept in. ``titles`` are quoted titles between the two
    (``said on "Meet the Press."``): read as plain words of the attribution.
    """
    if prev.close_mark is None or para_of[prev.close_mark] != para_of[q.open_mark]:
        return None
    if not (prev.open_mark < cue.verb.idx < q.open_mark):
        return None
    start = max(cue.clause_end, prev.outer_end)
    gap = text[start : q.open_mark]
    for t in sorted(titles, key=lambda t: -t.open_mark):  # each title as one word, its inner end kept
        if t.open_mark >= start:
            inner = text[t.start : t.end].rstrip()
            word = "Title" + (inner[-1] if inner[-1:] in ".!?," else "")
            gap = gap[: t.open_mark - start] + word + gap[t.outer_end - start :]
    if any(m in gap for m in "\"“”"):
        return None
    if not re.search(r"[.,;:!?]\s*$", gap):
        return None
    if len(gap.split()) > 4 and not re.search(r"[.!?:]\s*$", gap):
        return None
    if not _ends_sentence(text, q, para_of) and not _opens_sentence(text, q, gap):
        return None
    return cue


def _opens_sentence(text: str, q: QuoteSpan, gap: str) -> bool:
    """The quotation opens the sentence after the attribution's (``"...," he said. "He listened ..." to her.``):
    the speaker's words go on, a few unquoted ones may close the sentence."""
    words = text[q.start : q.end].split()
    return bool(re.search(r"[.!?]\s*$", gap)) and len(words) >= 4 and words[0][:1].isupper()


# Words of a title besides capitalised ones: "State of the Union", "Meet the Press".
_TITLE_MINOR = frozenset("a an and at for in of on or the to with".split())


def is_title(text: str, q: QuoteSpan) -> bool:
    """A short quoted title (``"Meet the Press."``, ``"State of the Union"``): every word capitalised or minor."""
    words = re.findall(r"[\w’'-]+", text[q.start : q.end])
    return 0 < len(words) <= 6 and words[0][0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_MINOR for w in words)


def _ends_sentence(text: str, q: QuoteSpan, para_of: list[int]) -> bool:
    """The quotation closes its sentence: nothing but a new sentence or the paragraph end follows."""
    if q.close_mark is None:
        return True
    inner = text[q.start : q.end].rstrip()
    rest = text[q.outer_end : q.outer_end + 40]
    nxt = rest.lstrip(" \t\xa0")
    if not nxt or nxt[0] == "\n":
        return True
    if inner[-1:] in ".?!…" and (nxt[0].isupper() or nxt[0] in "\"“"):
        return True
    return False


def colon_cue(doc: Doc, q: QuoteSpan, para_of: list[int]) -> Cue | None:
    """A lead-in ending in a colon whose subject names the speaker (``quote_colon``), as a cue."""
    found = colon_lead_subject(doc, q, para_of)
    if found is None:
        return None
    verb, subject = found
    return Cue(verb, noun_phrase(subject), None, False, verb.text)


def attribute_orphans(
    text: str,
    spans: list[QuoteSpan],
    cues: list[Cue],
    assigned: dict[int, Cue],
    found: list[tuple[Quote, Cue | None]],
    para_of: list[int],
) -> None:
    """Quoted sentences with no cue of their own continue the speaker just before them.

    ``Schiff said. "The other factor is ..."`` and a paragraph that is only a quotation after a
    paragraph with an attributed one (``"...," he said.`` / ``"Right now ..."``) are the same
    speaker's words, as news copy leaves them. The quote must be whole sentences, not a phrase.
    """
    by_para: dict[int, Cue] = {}
    for quote, cue in found:
        if cue is not None and cue.speaker is not None:
            by_para[para_of[quote.start_char]] = cue
    for qi, q in enumerate(spans):
        if qi in assigned or not _whole_sentences(text, q):
            continue
        para = para_of[q.open_mark]
        before = [
            c for c in cues
            if c.speaker is not None and not c.weak and para_of[c.verb.idx] == para and c.clause_end <= q.open_mark
            and not any(sp.open_mark < c.verb.idx < sp.outer_end for sp in spans)
        ]
        cue = before[-1] if before and _adjacent(text, before[-1], q) else None
        if cue is None and _whole_paragraph(text, q):
            cue = by_para.get(para - 1)
        if cue is None:
            continue
        assigned[qi] = cue
        by_para[para] = cue
        found.append((make_quote(text, q.start, q.end, "direct", cue), cue))


def _adjacent(text: str, cue: Cue, q: QuoteSpan) -> bool:
    """The cue's sentence is the one right before the quotation (only its complement and a few
    lower-case words, such as "to the crowd.", stand between them)."""
    gap = text[cue.clause_end : q.open_mark]
    if cue.content is not None and cue.content[0] >= cue.clause_end:
        gap = text[cue.content[1] : q.open_mark] if cue.content[1] <= q.open_mark else ""
    words = re.findall(r"[\w’'-]+", gap)
    return len(words) <= 4 and not any(w[0].isupper() for w in words)


def _whole_sentences(text: str, q: QuoteSpan) -> bool:
    """The quotation opens a sentence and closes one (it is not a phrase inside a sentence)."""
    inner = text[q.start : q.end].rstrip()
    lead = text[text.rfind("\n", 0, q.open_mark) + 1 : q.open_mark].rstrip()
    if lead and lead[-1] not in ".!?:":
        return False
    if len(inner.split()) < 4 or not inner[:1].isupper():
        return False
    return q.close_mark is None or inner[-1:] in ".!?…" or _whole_paragraph(text, q)


def _whole_paragraph(text: str, q: QuoteSpan) -> bool:
    """Nothing but the quotation stands in its paragraph."""
    lead = text[text.rfind("\n", 0, q.open_mark) + 1 : q.open_mark]
    end = text.find("\n", q.outer_end)
    rest = text[q.outer_end : end if end >= 0 else len(text)]
    return not lead.strip() and not rest.strip()


# "“...” ― Sonya Herridge": a quotation signed with a dash and a name closing the line.
_BYLINE = re.compile(
    r"[ \t\xa0]*(―|—|–|--)[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la|le|bin)){0,5})"
    r"[ \t\xa0]*[.,]?[ \t\xa0]*(?=\n|$)"
)
# "PENCE: Well, look, ..." (optionally inside an opening quotation mark): a transcript turn.
_TRANSCRIPT = re.compile(r"^[ \t\xa0]*[\"“]?[ \t\xa0]*([A-Z][A-Z.'’ -]{1,30}[A-Z.]):[ \t\xa0]+(?=\S)", re.M)


def byline_cue(doc: Doc, q: QuoteSpan) -> Cue | None:
    """The signature after a quotation that ends its line (``"..." ― Name``), as a cue."""
    if q.close_mark is None:
        return None
    m = _BYLINE.match(doc_text(doc), q.outer_end)
    if m is None:
        return None
    speaker = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
    dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if speaker is None or dash is None:
        return None
    return Cue(dash[0], speaker, None, False, m.group(1))


def transcript_turns(doc: Doc) -> list[tuple[Cue, tuple[int, int]]]:
    """Transcript paragraphs ``NAME: words``: the named speaker says the rest of the paragraph."""
    not_speakers = set(speaker_lexicon()["not_speaker_labels"])
    out = []
    text = doc_text(doc)
    for m in _TRANSCRIPT.finditer(text):
        label = m.group(1).strip()
        if label.lower() in not_speakers or not any(len(w) > 1 for w in label.split()):
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        cs, ce = m.end(), end
        while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in "\"”"):
            ce -= 1
        speaker = doc.char_span(m.start(1), m.start(1) + len(label), alignment_mode="expand")
        colon = doc.char_span(m.end(1), m.end(1) + 1, alignment_mode="expand")
        if speaker is None or colon is None or ce - cs < 2:
            continue
        out.append((Cue(colon[0], speaker, None, False, ":"), (cs, ce)))
    return out
