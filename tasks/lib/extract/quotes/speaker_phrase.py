"""The phrase naming who speaks through a cue: the verb's subject, inherited or read off the surface."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from tasks.lib.extract.quotes.content import shares_auxiliary
from tasks.lib.extract.quotes.lexicon import cue_words, reporting_verbs
from tasks.lib.extract.quotes.marks import TYPEWRITER_MARK
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.nlp.hyphens import word_before

# Dependents of a speaker's head noun that belong to the phrase naming the speaker.
# An age before "old" hangs as npadvmod: "the 20-year-old".
_NP_LEFT = {"det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case", "flat", "punct", "advmod",
            "npadvmod"}

_RELATIVE = {"who", "which", "that", "whom"}
_MAX_SPEAKER_TOKENS = 14
_FLOATING = {"both", "all", "each"}  # "the figures ... both suggested": the other subject names them
# Verbs whose subject, not object, does the infinitive after them: promises, and purposes ("used the
# occasion to say", "took the time to explain").
_SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "offer", "use", "take", "need", "spend", "find",
                    "seize", "have"}


def speaker_of(verb: Token, quoted: list[bool]) -> Span | None:
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
                    return speaker_of(prev, quoted)
        if subj:
            s = _holder(subj, tok)
            if s.lower_ in _RELATIVE and tok.dep_ == "relcl":
                s = tok.head
            # First-person speakers are kept as spans (columnists speak too); "you" never names one.
            if s.lower_ in ("you", "me", "us") or s.lower_ in _RELATIVE or s.pos_ == "VERB":
                return None
            if via_adjective and s.lower_ == "it":
                return None  # "it was too early to say": nobody says anything
            return noun_phrase(s)
        # "Lavrov responded by saying that ...", "... and warned that ...": the subject is the governing verb's.
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head is not tok:
            to_form = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            participle = (tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.doc[tok.i - 1].text == ","
                          and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ":")
            infinitive, child, tok = tok.dep_ == "xcomp", tok, tok.head
            if child.dep_ == "conj" and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in reporting_verbs() \
                    and tok.head.i < tok.i and not shares_auxiliary(child, tok):
                # "said he found X "charming" and called Y "..."": the parse hangs the speaker's next act on what was
                # said ("said he would discuss X and sign Y": the modal makes it the reported clause's)
                tok = tok.head
            if participle and tok.dep_ == "ccomp" and tok.head.pos_ in ("VERB", "AUX"):
                # "X believes Y carries Z, explaining: ...": a participle between a comma and a colon that the parse
                # hangs on a complement clause is the main clause's; its subject explains, not the complement's.
                tok = tok.head
            via_adjective |= infinitive and (tok.pos_ == "ADJ" or any(c.dep_ == "acomp" for c in tok.children))
            # A to-infinitive after an object is the object's ("forced the minister to admit"), but for the
            # few verbs whose subject does it ("promised voters to say"); "left the club claiming" is not one.
            objects = [c for c in tok.children if c.dep_ == "dobj" and c.i < verb.i] if infinitive and to_form else []
            controller = objects[0] if objects and tok.lemma_ not in _SUBJECT_CONTROL else None
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head.head
        elif tok.dep_ == "acl" and tok.head.dep_ == "dobj" and _issued(tok.head):
            tok = tok.head.head  # "issued a statement saying ...": the statement speaks for whoever issued it
        else:
            break
    if not outside:
        return None
    return _surface_speaker(verb, quoted) or _left_speaker(verb, quoted)


def _holder(subjects: list[Token], verb: Token) -> Token:
    """The subject that names the speaker: of two, the one nearest the verb. A broken parse gives a verb a second
    subject far from it ("for people with like-minded ideas to organize ..., she said"; "12:15 p.m. / President
    Barack Obama says"), and a title and its holder are two subjects: the name speaks, before the title or after
    it ("Festival director Sandra den Berg said", "Cory Doctorow, European outreach coordinator for ..., said",
    "Dr Mike Watts head of exploration said").
    Not a noun the parse took out of the other's prepositional phrase ("officers with experience in war zones ...
    said") nor a floating quantifier ("figures ... both suggested")."""
    doc = verb.doc
    phrases = {s.i: noun_phrase(s) for s in subjects}
    heads = [s for s in subjects if s.lower_ not in _FLOATING
             and not ((i := phrases[s.i].start) > 0 and doc[i - 1].pos_ == "ADP")] or subjects
    near = min(heads, key=lambda s: abs(verb.i - s.i))
    start = phrases[near.i].start
    named = [s for s in heads if s.pos_ == "PROPN"
             and (phrases[s.i].end == start or start > 0 and doc[start - 1].text == "," and phrases[s.i].end == start - 1)]
    return named[0] if near.pos_ == "NOUN" and named else near


def _issued(noun: Token) -> bool:
    """A noun naming what a speaker issues (a statement, a memo, an ad, an op-ed: three tokens, read whole)."""
    nouns = cue_words()["statement_nouns"]
    return noun.lemma_.lower() in nouns or word_before(noun.doc, noun.i + 1).lower() in nouns


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
    return noun_phrase(doc[i])


# Finite verbs: a speaker phrase read off the surface holds none.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a finite verb: a clause of its own
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
        while end < len(doc) and end - verb.i <= 8 and not doc[end].is_punct and doc[end].tag_ not in FINITE_TAGS:
            if doc[end].lower_ in _RELATIVE or "\n" in doc[end].text:
                break
            end += 1
        return _clean_phrase(doc, verb.i + 1, end)
    return None


def _ends_utterance(doc: Doc, i: int) -> bool:
    """Token ``i`` is a closing mark after ``,``/``!``/``?`` (or before a comma): a quoted utterance ended."""
    tok = doc[i]
    before = doc_text(doc)[max(0, tok.idx - 2) : tok.idx].strip()
    after = doc_text(doc)[tok.idx + len(tok) : tok.idx + len(tok) + 1]
    return (tok.text in "\"”″" or tok.text == TYPEWRITER_MARK) and (before[-1:] in ",!?" or after == ",")


def _clean_phrase(doc: Doc, start: int, end: int) -> Span | None:
    """Tokens ``start:end`` trimmed of punctuation, if they can name a speaker."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in ").") or doc[end - 1].is_space):
        end -= 1
    span = doc[start:end]
    if not span or any(t.tag_ in FINITE_TAGS or "\n" in t.text for t in span):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in span) or span[0].lower_ in _RELATIVE:
        return None
    # A name mis-tagged as a verb ("Tulsa police Chief") is allowed; a real verb or a preposition is not.
    if any(t.pos_ in ("VERB", "AUX") and not t.text[:1].isupper() or t.pos_ == "ADP" and t.lower_ != "of" for t in span):
        return None
    return span


def noun_phrase(head: Token) -> Span:
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
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == end and head.pos_ == "NOUN":
            end = child.i + 1  # a title, then the name with no comma: "a proud coach Mike Ruddock"
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
