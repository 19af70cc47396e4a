"""Quotations and their speakers: direct, mixed and indirect.

Direct quotes start from the quotation marks (``quote_marks``) and look for a reporting verb
beside them in the layouts news copy uses: ``"...," X said``, ``"...," said X``, ``X said: "..."``,
a quote split by its attribution, a quote running over paragraphs, a colon-ended lead-in. Mixed
and indirect quotes start from the reporting verb (a lexicon kept as data) and take its
complement clause from the dependency parse: with quotation marks inside it is mixed, without it
is indirect. Quotation marks with no reporting verb beside them or around them (scare quotes,
titles) are not quotes. Speakers are the verb's subject, resolved to an entity by
``quote_speakers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from tasks.lib import vocab
from tasks.lib.extract.quotes.colon import colon_lead_subject
from tasks.lib.extract.quotes.marks import QuoteSpan, find_quote_spans
from tasks.lib.extract.quotes.speakers import SpeakerResolver
from tasks.lib.extract.quotes.speakers import lexicon as speaker_lexicon
from tasks.lib.extract.quotes.statements import group_statements
from tasks.lib.records import LocalEntity, Mention, Quote, Role

# Dependents of a speaker's head noun that belong to the phrase naming the speaker.
_NP_LEFT = {"det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case", "flat", "punct", "advmod"}
# Dependents that make up what was said.
_CONTENT_DEPS = {"ccomp", "xcomp", "oprd", "dobj", "attr", "parataxis"}
# A gap between a quotation and its attribution may hold only punctuation and spaces.
_PUNCT_GAP = re.compile(r"^[\s,;:—–\-]*$")
_LEAD_END = re.compile(r"[,:—–]\s*$")
_RELATIVE = {"who", "which", "that", "whom"}
_MAX_SPEAKER_TOKENS = 14
# Verbs whose subject, not object, does the infinitive after them: promises, and purposes ("used the
# occasion to say", "took the time to explain").
_SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "offer", "use", "take", "need", "spend", "find",
                    "seize", "have"}


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
        end = self.verb.idx + len(self.verb)
        for t in self.verb.children:
            if t.dep_ == "prt" and t.i == self.verb.i + 1:
                end = t.idx + len(t)
        if self.speaker is not None and self.speaker.start_char > self.verb.idx:
            end = max(end, self.speaker.end_char)
        return end


@lru_cache(maxsize=1)
def cue_words() -> dict[str, set[str]]:
    """Word lists around cues (``quote_cues.json``): each list as a set of lower-case words."""
    return {k: {w.lower() for w in v} for k, v in vocab.table("quote_cues.json").items()}


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, tuple[str | None, bool]]:
    """The reporting-verb lexicon: lemma -> (required particle or None, weak flag)."""
    out: dict[str, tuple[str | None, bool]] = {}
    for line in vocab.lines("reporting_verbs.txt"):
        weak = line.endswith("~")
        words = line.rstrip("~").split()
        out[words[0]] = (words[1] if len(words) > 1 else None, weak)
    return out


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
    text = doc.text
    try:
        spans = find_quote_spans(text)
    except Exception:  # never let a malformed article stop the run
        spans = []
    quoted = _quoted_tokens(doc, spans)
    cues = _find_cues(doc, quoted)
    resolver = SpeakerResolver(doc, entities, mentions, roles, [(s.start, s.end) for s in spans])
    para_of = _paragraph_index(text)

    found: list[tuple[Quote, Cue | None]] = []
    used_cues: set[int] = set()
    assigned: dict[int, Cue] = {}  # quote span index -> cue
    transcript_paras: set[int] = set()
    for cue, (cs, ce) in _transcript_turns(doc):
        transcript_paras.add(para_of[cs])
        found.append((_make_quote(text, cs, ce, "direct", cue), cue))
    for qi, q in enumerate(spans):
        if para_of[q.open_mark] in transcript_paras:
            continue
        cue = _byline_cue(doc, q)
        if cue is not None:
            assigned[qi] = cue
            found.append((_make_quote(text, q.start, q.end, "direct", cue), cue))
            continue
        cue = _trailing_cue(text, q, cues, para_of)
        if cue is None and q.continued and qi > 0 and (qi - 1) in assigned:
            cue = assigned[qi - 1]
        if cue is None:
            cue = _leading_cue(text, q, cues, para_of, spans)
        if cue is None and qi > 0 and (qi - 1) in assigned:
            cue = _split_continuation(text, spans[qi - 1], q, assigned[qi - 1], para_of)
        if cue is None:
            cue = _colon_cue(doc, q, para_of)
        if cue is None:
            continue
        assigned[qi] = cue
        used_cues.add(cue.verb.i)
        found.append((_make_quote(text, q.start, q.end, "direct", cue), cue))

    # The opening paragraphs of a multi-paragraph quotation take the attribution found at its end.
    for qi in range(len(spans) - 2, -1, -1):
        if spans[qi].continues and qi not in assigned and (qi + 1) in assigned and spans[qi + 1].continued:
            cue = assigned[qi + 1]
            assigned[qi] = cue
            found.append((_make_quote(text, spans[qi].start, spans[qi].end, "direct", cue), cue))

    _attribute_orphans(text, spans, cues, assigned, found, para_of)
    direct_ranges = [(spans[i].open_mark, spans[i].outer_end) for i in assigned]
    for start, end, kind, cue in _complement_quotes(doc, cues, spans, used_cues, direct_ranges, para_of):
        found.append((_make_quote(text, start, end, kind, cue), cue))

    found.sort(key=lambda qc: (qc[0].start_char, qc[0].end_char))
    group_statements(text, [(q, c.verb.i if c is not None else None) for q, c in found],
                     {sp.start for sp in spans if sp.continued}, para_of)
    _widen_to_mentions(text, found, mentions)
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
    return [q for q, _ in found]


def _colon_cue(doc: Doc, q: QuoteSpan, para_of: list[int]) -> Cue | None:
    """A lead-in ending in a colon whose subject names the speaker (``quote_colon``), as a cue."""
    found = colon_lead_subject(doc, q, para_of)
    if found is None:
        return None
    verb, subject = found
    return Cue(verb, _noun_phrase(subject), None, False, verb.text)


def _attribute_orphans(
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
        found.append((_make_quote(text, q.start, q.end, "direct", cue), cue))


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


def _complement_quotes(
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


# "“...” ― Sonya Herridge": a quotation signed with a dash and a name closing the line.
_BYLINE = re.compile(
    r"[ \t\xa0]*(―|—|–|--)[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la|le|bin)){0,5})"
    r"[ \t\xa0]*[.,]?[ \t\xa0]*(?=\n|$)"
)
# "PENCE: Well, look, ..." (optionally inside an opening quotation mark): a transcript turn.
_TRANSCRIPT = re.compile(r"^[ \t\xa0]*[\"“]?[ \t\xa0]*([A-Z][A-Z.'’ -]{1,30}[A-Z.]):[ \t\xa0]+(?=\S)", re.M)


def _byline_cue(doc: Doc, q: QuoteSpan) -> Cue | None:
    """The signature after a quotation that ends its line (``"..." ― Name``), as a cue."""
    if q.close_mark is None:
        return None
    m = _BYLINE.match(doc.text, q.outer_end)
    if m is None:
        return None
    speaker = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
    dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if speaker is None or dash is None:
        return None
    return Cue(dash[0], speaker, None, False, m.group(1))


def _transcript_turns(doc: Doc) -> list[tuple[Cue, tuple[int, int]]]:
    """Transcript paragraphs ``NAME: words``: the named speaker says the rest of the paragraph."""
    not_speakers = set(speaker_lexicon()["not_speaker_labels"])
    out = []
    text = doc.text
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


def _make_quote(text: str, start: int, end: int, kind: str, cue: Cue) -> Quote:
    quote = Quote(text=text[start:end], kind=kind, start_char=start, end_char=end)
    quote.cue = cue.text
    quote.cue_start = cue.verb.idx
    quote.cue_end = cue.verb.idx + len(cue.text)
    if cue.speaker is not None:
        quote.speaker_text = cue.speaker.text
        quote.speaker_start = cue.speaker.start_char
        quote.speaker_end = cue.speaker.end_char
    return quote


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


# ---------------------------------------------------------------------- cues
def _quoted_tokens(doc: Doc, spans: list[QuoteSpan]) -> list[bool]:
    """For every token, whether it lies inside a quotation (its marks included)."""
    out = [False] * len(doc)
    for sp in spans:
        tokens = doc.char_span(sp.open_mark, sp.outer_end, alignment_mode="expand")
        if tokens is not None:
            for i in range(tokens.start, tokens.end):
                out[i] = True
    return out


def _find_cues(doc: Doc, quoted: list[bool]) -> list[Cue]:
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
        text = tok.text
        if particle is not None:
            prt = [c for c in tok.children if c.dep_ == "prt" and c.lower_ == particle]
            if not prt:
                continue
            text = tok.doc.text[tok.idx : prt[0].idx + len(prt[0])]
        speaker = _speaker(tok, quoted)
        cues.append(Cue(tok, speaker, _content(tok, speaker), weak, text))
    return cues


def _according_cue(tok: Token) -> Cue | None:
    """``according to X``: X speaks the clause the phrase is attached to."""
    to = next(c for c in tok.children if c.lower_ == "to")
    pobj = [c for c in to.children if c.dep_ == "pobj"]
    if not pobj:
        return None
    speaker = _noun_phrase(pobj[0])
    sent = tok.sent
    phrase = (tok.idx, max(speaker.end_char, to.idx + len(to)))
    # The content is the rest of the sentence around the phrase.
    left = sent.start_char, phrase[0]
    right = phrase[1], sent.end_char
    cs, ce = (right if (right[1] - right[0]) >= (left[1] - left[0]) else left)
    cs, ce = _trim(tok.doc.text, cs, ce)
    par_start = tok.doc.text.rfind("\n", 0, tok.idx) + 1
    par_end = tok.doc.text.find("\n", tok.idx)
    cs, ce = max(cs, par_start), min(ce, par_end if par_end >= 0 else ce)
    while ce > cs and tok.doc.text[ce - 1] in ".!?":
        ce -= 1  # what was said, without the sentence's full stop (as a parsed complement has none)
    content = (cs, ce) if ce - cs > 10 else None
    return Cue(tok, speaker, content, False, tok.doc.text[tok.idx : to.idx + len(to)])


def _speaker(verb: Token, quoted: list[bool]) -> Span | None:
    """The phrase naming who speaks through ``verb``: its subject, inherited through coordination.

    A subject the parser found inside a quotation is not the speaker of a verb outside it (``"...
    panic mode," said X`` often gets ``mode`` as a subject); the words between the closing mark and
    the verb, or after an inverted verb, are read off the surface instead.
    """
    tok = verb
    outside = not quoted[verb.i]
    via_adjective = False  # "it is hard to say": climbed from the verb through an adjective
    controller: Token | None = None  # "led 12 viewers to complain": the object of the verb climbed to
    for _ in range(4):
        subj = [controller] if controller is not None else [
            c for c in tok.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and tok.lemma_ == "quote")]
        if outside:
            subj = [c for c in subj if not quoted[c.i]]
            prev = tok.doc[tok.i - 2] if tok.i >= 2 else None
            if not subj and tok.tag_ == "VBG" and prev is not None and tok.doc[tok.i - 1].text == ",":
                # "..., Sanders said, going on to say ...": the participle continues the previous speaker.
                if prev.pos_ == "VERB" and prev.lemma_.lower() in reporting_verbs() and not quoted[prev.i]:
                    return _speaker(prev, quoted)
        if subj:
            s = subj[0]
            if s.lower_ in _RELATIVE and tok.dep_ == "relcl":
                s = tok.head
            # First-person speakers are kept as spans (columnists speak too); "you" never names one.
            if s.lower_ in ("you", "me", "us") or s.lower_ in _RELATIVE or s.pos_ == "VERB":
                return None
            if via_adjective and s.lower_ == "it":
                return None  # "it was too early to say": nobody says anything
            return _noun_phrase(s)
        # "Lavrov responded by saying that ...", "... and warned that ...": the subject is the governing verb's.
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head is not tok:
            to_form = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            infinitive, tok = tok.dep_ == "xcomp", tok.head
            via_adjective |= infinitive and (tok.pos_ == "ADJ" or any(c.dep_ == "acomp" for c in tok.children))
            # A to-infinitive after an object is the object's ("forced the minister to admit"), but for the
            # few verbs whose subject does it ("promised voters to say"); "left the club claiming" is not one.
            objects = [c for c in tok.children if c.dep_ == "dobj" and c.i < verb.i] if infinitive and to_form else []
            controller = objects[0] if objects and tok.lemma_ not in _SUBJECT_CONTROL else None
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head.head
        else:
            break
    if not outside:
        return None
    return _surface_speaker(verb, quoted) or _left_speaker(verb, quoted)


def _left_speaker(verb: Token, quoted: list[bool]) -> Span | None:
    """``Trump, in Kentucky, said`` / ``..., the candidate stated``: the name right before a subjectless verb.

    The parser hangs such a subject elsewhere (an apposition of an earlier noun); only auxiliaries, adverbs
    and one comma-enclosed aside may stand between the name and the verb.
    """
    if verb.dep_ != "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ in ("aux", "advmod", "neg") and doc[i].head.i == verb.i:
        i -= 1
    if i >= 0 and doc[i].text == ",":
        j = i - 1
        while j >= 0 and i - j <= 6 and doc[j].text != "," and not doc[j].is_sent_start:
            j -= 1
        if j < 0 or doc[j].text != ",":
            return None
        i = j - 1
    if i < 0 or quoted[i] or doc[i].pos_ not in ("PROPN", "NOUN") or "\n" in doc[i].whitespace_:
        return None
    if doc[i].sent.start != verb.sent.start:
        return None
    return _noun_phrase(doc[i])


# Finite verbs: a speaker phrase read off the surface holds none.
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_SURFACE_MAX = 12


def _surface_speaker(verb: Token, quoted: list[bool]) -> Span | None:
    """``"...," Tulsa police Chief X said`` / ``"...," said X, a ...``: the speaker by position.

    Used when the parse gives the verb no subject outside the quotation. The phrase must sit
    between a closing quotation mark and the verb (or right after a verb that follows the mark),
    name someone (a noun, name or pronoun) and hold no finite verb.
    """
    doc = verb.doc
    entry = reporting_verbs().get(verb.lemma_.lower())
    if entry is None or entry[1]:
        return None
    j = verb.i - 1
    while j >= 0 and not quoted[j] and verb.i - j <= _SURFACE_MAX and "\n" not in doc[j].text:
        j -= 1
    if j >= 0 and quoted[j] and j < verb.i - 1 and _ends_utterance(doc, j):
        phrase = _clean_phrase(doc, j + 1, verb.i)
        if phrase is not None:
            return phrase
    k = verb.i - 1
    while k >= 0 and doc[k].is_punct and not quoted[k]:
        k -= 1
    if k >= 0 and quoted[k] and _ends_utterance(doc, k):
        end = verb.i + 1
        while end < len(doc) and end - verb.i <= 8 and not doc[end].is_punct and doc[end].tag_ not in _FINITE:
            if doc[end].lower_ in _RELATIVE or "\n" in doc[end].text:
                break
            end += 1
        return _clean_phrase(doc, verb.i + 1, end)
    return None


def _ends_utterance(doc: Doc, i: int) -> bool:
    """Token ``i`` is a closing mark after ``,``/``!``/``?`` (or before a comma): a quoted utterance ended."""
    before = doc.text[max(0, doc[i].idx - 2) : doc[i].idx].strip()
    after = doc.text[doc[i].idx + 1 : doc[i].idx + 2]
    return doc[i].text in "\"”″" and (before[-1:] in ",!?" or after == ",")


def _clean_phrase(doc: Doc, start: int, end: int) -> Span | None:
    """Tokens ``start:end`` trimmed of punctuation, if they can name a speaker."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in ").") or doc[end - 1].is_space):
        end -= 1
    span = doc[start:end]
    if not span or any(t.tag_ in _FINITE or "\n" in t.text for t in span):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in span) or span[0].lower_ in _RELATIVE:
        return None
    # A name mis-tagged as a verb ("Tulsa police Chief") is allowed; a real verb or a preposition is not.
    if any(t.pos_ in ("VERB", "AUX") and not t.text[:1].isupper() or t.pos_ == "ADP" and t.lower_ != "of" for t in span):
        return None
    return span


def _noun_phrase(head: Token) -> Span:
    """The words naming a speaker: the head with its determiners, titles and names (no clauses)."""
    doc = head.doc
    start = head.i
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.dep_ in _NP_LEFT and child.i == start - 1 or (child.dep_ in _NP_LEFT and child.right_edge.i == start - 1):
            if child.dep_ == "punct" and child.text not in ".-'’":
                break
            start = child.left_edge.i
        else:
            break
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("flat", "compound") and child.i == end:
            end = child.right_edge.i + 1
        elif child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "NOUN" and child.i == end:
            end = child.right_edge.i + 1
        elif child.dep_ == "case" and child.i == end:
            end = child.i + 1
        elif child.dep_ == "nummod" and child.i == end and child.text.isdigit() and head.text.istitle():
            end = child.i + 1  # a number ends a name: "Radio 1", "Channel 4"
        else:
            break
    if end - start > _MAX_SPEAKER_TOKENS:
        start = max(start, head.i - 4)
        end = min(end, head.i + 1)
    # Never across a paragraph break, never ending on "and" or punctuation.
    for i in range(head.i - 1, start - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            start = i + 1
            break
    for i in range(head.i, end):
        if "\n" in doc[i].whitespace_ or (i > head.i and "\n" in doc[i].text):
            end = i + 1 if i == head.i else i
            break
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc" or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _content(verb: Token, speaker: Span | None) -> tuple[int, int] | None:
    """Character extent of the verb's complement (what was said), or None."""
    children = [c for c in verb.children if c.dep_ in _CONTENT_DEPS or _complement_clause(c)]
    ccomp = [c for c in children if c.dep_ == "ccomp"]
    if ccomp:
        children = ccomp + _subject_as_object(verb, ccomp[0])
    elif not any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in children):
        # "described X as ...", "likened X to "...", "blasted X for being "..."": the predicate sits
        # in a preposition (any of these when it holds the quotation).
        children += [c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and _predicate_prep(c)]
    if not children:
        return _as_clause(verb)
    lo = min(c.left_edge.i for c in children)
    hi = max(c.right_edge.i for c in children)
    # "it was opposed to the test and warned ...": a coordinated verb without its own subject is the
    # speaker's next act, not part of what was said.
    for c in children:
        for conj in c.children:
            if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and conj.i > verb.i and conj.i > c.i:
                if not any(g.dep_ in ("nsubj", "nsubjpass") for g in conj.children) and _strong_cue(conj):
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
    cs, ce = _trim(doc.text, doc[lo].idx, doc[hi].idx + len(doc[hi]))
    return (cs, ce) if ce > cs else None


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
    cs, ce = _trim(doc.text, doc[verb.right_edge.i + 1].idx, doc[end].idx + len(doc[end]))
    return (cs, ce) if ce > cs and "\n" not in doc.text[cs:ce] else None


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


def _has_mark(tok: Token) -> bool:
    return any(t.text in '"“”' for t in tok.subtree)


def _predicate_prep(prep: Token) -> bool:
    """A preposition after the verb that holds its quoted predicate (``as`` always does)."""
    return prep.lower_ == "as" or (prep.lower_ in _PREDICATE_PREPS and _has_mark(prep))


def _complement_clause(child: Token) -> bool:
    """A clause the parser hung as ``advcl`` that is really the complement ("tweeted that ...", "told X to ...")."""
    if child.dep_ != "advcl" or child.i < child.head.i:
        return False
    first = child.left_edge.lower_
    if first in _SUBORDINATORS:
        return False
    return first in ("that", "to") or _has_mark(child)


def _strong_cue(tok: Token) -> bool:
    """A reporting verb that may introduce a statement of its own (not a weak one)."""
    entry = reporting_verbs().get(tok.lemma_.lower())
    return entry is not None and entry[0] is None and not entry[1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
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


# What may follow a quotation without being part of what was said: circumstances of the saying.
_TAIL_DASH = re.compile(r"^[\s,]*(—|–|--| - )")


def _trim_tail(doc: Doc, start: int, end: int) -> int:
    """End a mixed quote at its last closing mark when only circumstance follows.

    ``criticized X as a "crazy system" during a campaign stop`` ends at the mark; so does a
    complement followed by a dash aside or a participle (``..., comparing him to ...``). A clause or
    phrase that belongs to the statement (``"fair" to him``) is kept.
    """
    text = doc.text
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
            return _trim(text, start, t.doc[t.i - 1].idx)[1]
    return end


def _is_clause(doc: Doc, start: int, end: int) -> bool:
    """An indirect quote must be a clause with a verb, not a bare noun phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in span)


# ---------------------------------------------------------------------- layouts
def _trailing_cue(text: str, q: QuoteSpan, cues: list[Cue], para_of: list[int]) -> Cue | None:
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
            if len(between.split()) > 6 or any(m in between for m in "\"“”"):
                return None
        if text[q.start : q.end].rstrip().endswith(".") and not re.match(r"\s*[.,;]", text[cue.clause_end :]):
            return None  # '"... Strength." He told the crowd that ...': the quotation ended its sentence
        if _clause_follows(cue):
            return None  # "X said he ...": the verb reports a clause of its own, not this quote
        return cue
    return None


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
        while first.is_punct and first.text not in "\"“”" and first.i < c.i:
            first = first.doc[first.i + 1]
        if c.i < verb.i or c.left_edge.idx < cue.clause_end or first.text in "\"“”":
            continue  # a complement opening with a mark is the next piece of the quotation, not a clause
        if re.search(r"[.!?\n]", verb.doc.text[cue.clause_end : c.left_edge.idx]):
            continue  # the parse ran on into the next sentence or paragraph
        if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "advcl" and c.left_edge.lower_ in ("that", "to")):
            return True
    return False


def _leading_cue(text: str, q: QuoteSpan, cues: list[Cue], para_of: list[int], spans: list[QuoteSpan]) -> Cue | None:
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


def _split_continuation(text: str, prev: QuoteSpan, q: QuoteSpan, cue: Cue, para_of: list[int]) -> Cue | None:
    """``"...," she said. "..."``: the rest of a quote split by its attribution, in the same paragraph.

    The later piece must stand as sentences of its own (it opens a sentence and ends one), so a
    quoted phrase inside a later sentence is not swept in.
    """
    if prev.close_mark is None or para_of[prev.close_mark] != para_of[q.open_mark]:
        return None
    if not (prev.open_mark < cue.verb.idx < q.open_mark):
        return None
    gap = text[max(cue.clause_end, prev.outer_end) : q.open_mark]
    if any(m in gap for m in "\"“”"):
        return None
    if not re.search(r"[.,;:!?]\s*$", gap):
        return None
    if len(gap.split()) > 4 and not re.search(r"[.!?:]\s*$", gap):
        return None
    if not _ends_sentence(text, q, para_of):
        return None
    return cue


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
