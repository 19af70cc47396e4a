"""Resolving a speaker phrase (``he``, ``Palladino``, ``the spokesman``) to an article-local entity.

Names resolve through the entity mentions; pronouns to the nearest earlier person (or
organisation) of matching gender, skipping people named only inside quotations, who are rarely
the ones speaking; nominals through the titles people hold (roles, the words before a name,
appositives) or the kind of organisation named. Without such evidence the answer is None.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from tasks.lib import vocab
from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_spans import is_demonym
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import LocalEntity, Mention, Role

PERSON_PRONOUNS = {"he": "m", "she": "f"}
GROUP_PRONOUNS = {"they", "it"}
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
# How far back (in sentences) a pronoun or a definite nominal may look for its antecedent.
PRONOUN_WINDOW = 8
NOMINAL_WINDOW = 40


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The speaker-noun, honorific and pronoun lexicon (loaded once)."""
    return vocab.table("quote_speakers.json")


def title_gender(words: set[str], nouns: dict[str, str | None]) -> str | None:
    """The gender a person's title words give (``chairwoman``, ``son``), or None when they give both: a set read in
    any order must give one answer (``mother`` from a church's name beside ``son`` of a possessor says nothing)."""
    said = {nouns[w] for w in words if nouns.get(w)}
    return said.pop() if len(said) == 1 else None


class SpeakerResolver:
    """Resolves speaker phrases of one article to its entity keys."""

    def __init__(
        self,
        doc: Doc,
        entities: list[LocalEntity],
        mentions: list[Mention],
        roles: list[Role],
        quoted: list[tuple[int, int]],
    ) -> None:
        """Index the article's mentions, titles and genders.

        Args:
            doc: the parsed article.
            entities: its entities; mentions: their mentions; roles: titles people hold.
            quoted: character ranges inside quotation marks (names there are not speaker candidates).
        """
        self.doc = doc
        self.entities = {e.key: e for e in entities}
        self.mentions = sorted(mentions, key=lambda m: m.start_char)
        self._starts = [m.start_char for m in self.mentions]
        self.quoted = sorted(quoted)
        self._sent_starts = [s.start_char for s in doc.sents]
        # Resolved speakers become antecedents too: "he" in a later paragraph is often the last speaker.
        self.extra: list[tuple[int, int, bool]] = []  # (char, entity key, is subject)
        self.titles: dict[int, set[str]] = {}
        self.genders: dict[int, str] = {}
        self._index_titles(roles)
        self._index_genders()

    # ------------------------------------------------------------------ indexing
    def _mention_tokens(self, m: Mention) -> Span | None:
        return self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")

    def _person_spans(self):
        """(mention, its tokens) for the article's person mentions that align with tokens."""
        for m in self.mentions:
            if m.label == "PERSON" and (span := self._mention_tokens(m)) is not None:
                yield m, span

    def _index_titles(self, roles: list[Role]) -> None:
        nouns = lexicon()["person_nouns"]
        for r in roles:
            self.titles.setdefault(r.entity_key, set()).update(w.lower() for w in r.role.replace("-", " ").split())
        for m, span in self._person_spans():
            words: set[str] = set()
            # Title words written before the name: "Secretary of State Mike Pompeo", "State Department Spokesman X".
            i = span.start - 1
            while i >= 0 and i >= span.start - 6:
                t = self.doc[i]
                if t.is_punct or t.is_space or "\n" in t.whitespace_ or (
                        t.pos_ in ("VERB", "AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ") and t.lower_ != "of"):
                    break
                words.add(t.lower_)
                i -= 1
            root = span.root
            # Appositives either way round: "Robert Palladino, a State Department spokesman" / "the spokesman, X".
            for child in root.children:
                if child.dep_ == "appos":
                    words.update(t.lower_ for t in child.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ"))
            if root.dep_ == "appos":
                words.update(t.lower_ for t in root.head.subtree if t.i < span.start and t.pos_ in ("NOUN", "ADJ"))
            words = {w.rstrip(".") for w in words}
            if words:
                self.titles.setdefault(m.entity_key, set()).update(words)
        for key, words in self.titles.items():
            if (g := title_gender(words, nouns)) is not None:
                self.genders[key] = g

    def _index_genders(self) -> None:
        lex = lexicon()
        votes: dict[int, dict[str, float]] = {}

        def vote(key: int, g: str, w: float) -> None:
            votes.setdefault(key, {"m": 0.0, "f": 0.0})[g] += w

        sents = list(self.doc.sents)
        honoured: dict[int, set[str]] = {}  # genders of the honorifics right before the person's names
        for m, span in self._person_spans():
            if span.start > 0:
                g = lex["honorifics"].get(self.doc[span.start - 1].lower_)
                if g:
                    vote(m.entity_key, g, 3.0)
                    honoured.setdefault(m.entity_key, set()).add(g)
            # Pronouns after a person who is the only one named (outside quotes) in the sentence.
            si = self._sent_index(m.start_char)
            others = {
                x.entity_key
                for x in self._mentions_in(sents[si].start_char, sents[si].end_char)
                if x.label == "PERSON" and not self.in_quote(x.start_char)
            }
            if others != {m.entity_key}:
                continue
            scope = [t for t in sents[si] if t.idx > m.end_char]
            if si + 1 < len(sents):
                nxt = sents[si + 1]
                if not any(x.label == "PERSON" and not self.in_quote(x.start_char)
                           for x in self._mentions_in(nxt.start_char, nxt.end_char)):
                    scope.extend(nxt)
            for t in scope:
                g = lex["pronouns"].get(t.lower_)
                if g and not self.in_quote(t.idx):
                    vote(m.entity_key, g, 1.0)
        for key, gs in honoured.items():
            if len(gs) == 1:  # "Ms Berry" outweighs "chairman": British copy keeps -man titles for women
                self.genders[key] = next(iter(gs))
        for key, v in votes.items():
            if key in self.genders:
                continue
            if v["m"] >= 2 * v["f"] + 1:
                self.genders[key] = "m"
            elif v["f"] >= 2 * v["m"] + 1:
                self.genders[key] = "f"

    # ------------------------------------------------------------------ helpers
    def in_quote(self, char: int) -> bool:
        """Whether a character offset lies inside a quotation."""
        i = bisect_right(self.quoted, (char, float("inf"))) - 1
        return i >= 0 and self.quoted[i][0] <= char < self.quoted[i][1]

    def _sent_index(self, char: int) -> int:
        return max(0, bisect_right(self._sent_starts, char) - 1)

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self.mentions) and self.mentions[i].start_char < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def _is_subject(self, char: int) -> bool:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return False
        t = span.root
        while t.dep_ in ("compound", "flat") and t.head is not t:
            t = t.head
        return t.dep_ in ("nsubj", "nsubjpass")

    def remember(self, char: int, key: int) -> None:
        """Record a resolved speaker at ``char`` so later pronouns can refer back to it."""
        self.extra.append((char, key, True))

    # ------------------------------------------------------------------ resolution
    def resolve(self, speaker: Span) -> int | None:
        """The entity key the speaker phrase refers to, or None without evidence.

        Args:
            speaker: the tokens of the speaker phrase.

        Returns:
            An entity key of this article, or None.
        """
        head = speaker.root
        # A name: the mention covering the phrase's head (not a possessor inside it); a nationality taken for a
        # people ("the Irishman") may describe a person named before.
        named = next((m for m in self._mentions_in(speaker.start_char, speaker.end_char)
                      if m.label in SPEAKER_LABELS and m.start_char <= head.idx < m.end_char), None)
        people = named is not None and named.label == "NORP"
        if (named is None or people or _person_word(head.text)) and _epithet(speaker, head, people):
            return self._nearest_person(speaker.start_char)
        if named is not None:
            return named.entity_key
        if (key := self._apposition(speaker, head)) is not None:
            return key
        low = head.lower_
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS or low in GROUP_PRONOUNS:
            return self._resolve_pronoun(head)
        if head.pos_ == "PROPN":
            key = self._resolve_name(speaker)
        else:
            key = self._resolve_nominal(speaker, head)
        return key if key is not None else self._name_in_phrase(speaker)

    def _name_in_phrase(self, speaker: Span) -> int | None:
        """A person named in the phrase but not as a possessor: "X's niece, state Del. Y" is Y."""
        found = None
        for m in self._mentions_in(speaker.start_char, speaker.end_char):
            if m.label != "PERSON" or m.end_char > speaker.end_char:
                continue
            if doc_text(self.doc)[m.end_char : m.end_char + 2] in ("'s", "’s"):
                continue
            found = m.entity_key
        return found

    def _candidates(self, before: int, window: int, labels: tuple[str, ...]) -> list[tuple[int, int, int, bool]]:
        """(sentence distance, char, key, subject) of antecedent candidates, nearest first."""
        si = self._sent_index(before)
        lo_sent = max(0, si - window)
        lo = self._sent_starts[lo_sent]
        out = []
        for m in self._mentions_in(lo, before):
            if m.label in labels and m.end_char <= before and not self.in_quote(m.start_char):
                out.append((si - self._sent_index(m.start_char), m.start_char, m.entity_key, self._is_subject(m.start_char)))
        for char, key, subj in self.extra:
            e = self.entities.get(key)
            if e is not None and e.label in labels and lo <= char < before:
                out.append((si - self._sent_index(char), char, key, subj))
        # Nearest sentence first; within a sentence subjects first, then the leftmost (Hobbs-like).
        out.sort(key=lambda c: (c[0], not c[3], c[1]))
        return out

    def _resolve_pronoun(self, tok: Token) -> int | None:
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            want = PERSON_PRONOUNS[low]
            for _, _, key, _ in self._candidates(tok.idx, PRONOUN_WINDOW, ("PERSON",)):
                g = self.genders.get(key)
                if g is None or g == want:
                    return key
            return None
        if low in GROUP_PRONOUNS:
            labels = ("ORG", "GPE") if low == "it" else ("ORG", "NORP")
            # Only an organisation named as a subject in this or the previous two sentences.
            for dist, _, key, subj in self._candidates(tok.idx, 2, labels):
                if subj:
                    return key
        return None

    def _apposition(self, speaker: Span, head: Token) -> int | None:
        """The person an apposition names, after a comma or inside the phrase: "Amanda's uncle, Lewis Champion,
        told ...", "Festival director Sandra den Hamer said" (elsewhere the parse hangs names on nouns they do not
        name: "Research by firms Earthlink and Webroot")."""
        for child in head.rights:
            if child.dep_ == "appos" and (head.doc[child.left_edge.i - 1].text == "," or child.i < speaker.end):
                for m in self._mentions_in(child.left_edge.idx, child.idx + len(child.text)):
                    if m.label == "PERSON" and m.start_char <= child.idx < m.end_char:
                        return m.entity_key
        return None

    def _nearest_person(self, before: int) -> int | None:
        """The person a description of someone already named refers to: the nearest one, as for a pronoun, but
        not one named in the same sentence other than as its subject ("Reacting to a comment by X, the American
        said": a writer describes the person the article is about, to tell them from the one just named)."""
        return next((key for dist, _, key, subj in self._candidates(before, PRONOUN_WINDOW, ("PERSON",))
                     if dist or subj), None)

    def _resolve_name(self, speaker: Span) -> int | None:
        """A name NER missed: the entity whose names share a capitalised word with it."""
        honor = lexicon()["honorifics"]
        words = {t.lower_ for t in speaker if t.text[:1].isupper() and t.lower_ not in honor and not t.is_stop}
        if not words:
            return None
        best = None
        for m in self._mentions_in(0, speaker.start_char):
            e = self.entities.get(m.entity_key)
            if e is None or e.label not in SPEAKER_LABELS:
                continue
            names = {w.lower() for n in [e.canonical_name, *e.aliases] for w in n.split()}
            if words & names:
                best = m.entity_key
        return best

    @staticmethod
    def _another_org(speaker: Span, head: Token) -> bool:
        """Whether the phrase's modifiers point away from the article's subject: "the central bank", a common
        noun's possessive ("supporters' group")."""
        return any(t.lower_ in lexicon()["other_org_modifiers"] or t.dep_ == "poss" and t.pos_ == "NOUN"
                   for t in speaker if t.i < head.i)

    def _names_in_phrase(self, speaker: Span, head: Token, org_head: bool) -> list[int | None]:
        """The entity keys of the names by which the phrase names its referent, None for a name no entity of the
        article covers: an organisation's own name or its owner's ("Le Figaro newspaper", "the journal Screen
        Digest", "the BNP's website"), a person's name after a title ("director of rugby Nigel Melville"). A name
        before a person's title is the employer ("the Lions coach"), and a possessor the employer too ("the
        BBC's business editor"): neither names the person; a place or a people only modifies ("the US company")."""
        keys: list[int | None] = []
        for t in speaker:
            if t.pos_ != "PROPN" or t.i == head.i:
                continue
            possessor = t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("'s", "’s", "'")
            if not org_head and (t.i < head.i or possessor):
                continue
            covering = [m for m in self._mentions_in(speaker.start_char, t.idx + len(t.text))
                        if m.start_char <= t.idx < m.end_char]
            if covering and covering[0].label in ("GPE", "LOC", "NORP") or not covering and gaz.is_place(t.text):
                continue  # a place or a people modifies: "the UK-based journal", "the US company"
            if not org_head and _in_prepositional(t, head) and not (covering and covering[0].label == "PERSON"):
                continue  # "the chairman of Leeds United", "25% of Britons" (but "director of rugby Nigel Melville")
            keys.append(covering[0].entity_key if covering else None)
        return keys

    def _spoken_for(self, head: Token) -> int | None:
        """The organisation a spokesperson speaks for, named before the noun or after ``for``: "a Vodafone
        spokesman", "a spokesman for the Treasury" (who said what: the organisation, by its spokesman)."""
        scope = [t for t in head.lefts] + [t for c in head.rights if c.dep_ == "prep" and c.lower_ == "for"
                                          for t in c.subtree]
        for t in scope:
            for m in self._mentions_in(t.left_edge.idx, t.idx + len(t.text)):
                if m.label == "ORG" and m.start_char <= t.idx < m.end_char:
                    return m.entity_key
        return None

    def _resolve_nominal(self, speaker: Span, head: Token) -> int | None:
        lex = lexicon()
        if head.lemma_.lower() in lex["spokespersons"] and (key := self._spoken_for(head)) is not None:
            return key
        dets = [t.lower_ for t in speaker if t.dep_ in ("det", "nummod") and t.i < head.i]
        if any(d in lex["indefinite"] for d in dets) or head.tag_ in ("NNS", "NNPS"):
            return None
        noun = head.lemma_.lower()
        media, company = noun in lex["media_nouns"], noun in lex["company_nouns"]
        org_head = noun in lex["org_nouns"] or media or company
        if names := self._names_in_phrase(speaker, head, org_head):  # named: by its last name or not at all
            return names[-1] if None not in names else None
        if not org_head and (noun in lex["person_nouns"] or any(noun in ws for ws in self.titles.values())):
            for _, _, key, _ in self._candidates(speaker.start_char, NOMINAL_WINDOW, ("PERSON",)):
                ts = self.titles.get(key, set())
                if noun in ts:
                    return key
            return None
        if org_head:
            cands = self._candidates(speaker.start_char, NOMINAL_WINDOW, ("ORG", "GPE", "NORP"))
            for _, _, key, _ in cands:
                name = self.entities[key].canonical_name.lower()
                if noun in name.split():
                    return key
            orgs = [key for _, _, key, _ in cands if self.entities[key].label == "ORG"]
            if media and orgs:
                return orgs[0]
            if company and orgs and not self._another_org(speaker, head):
                # Candidates are mentions: the organisation named most is the subject, and between equals the
                # one named first (in the lead).
                named, first = Counter(orgs), {key: -char for _, char, key, _ in cands}
                return max(named, key=lambda k: (named[k], first[k]))
        return None


def _epithet(speaker: Span, head: Token, people: bool) -> bool:
    """A definite description of one person the article has named: "the 20-year-old", "the Irishman", "the
    American", "the youngster" (``quote_speakers.json`` epithets). An office ("the minister") is not one: who
    holds it is read from the titles people hold."""
    if head.tag_ in ("NNS", "NNPS") or not any(t.lower_ == "the" and t.i < head.i for t in speaker):
        return False
    if head.lower_ == "old":  # an age: "year" or "month" hangs on "old"
        return any(c.dep_ == "npadvmod" and c.lemma_.lower() in ("year", "month") for c in head.children)
    # A nationality from a place name ("American") only where the model took it for a people: "the Union" is not.
    return _person_word(head.text) or people and is_demonym(head.text)


def _person_word(word: str) -> bool:
    """An epithet of the lexicon, or a nationality written as one person ("Irishman", "Scotsman")."""
    return word in lexicon()["epithets"] or word.endswith("man") and word[:-3] in gaz.demonyms()


def _in_prepositional(t: Token, head: Token) -> bool:
    """Whether ``t`` hangs on ``head`` through a preposition ("the chairman of Leeds United")."""
    while t.i != head.i and t.head is not t:
        if t.dep_ == "pobj":
            return True
        t = t.head
    return False
