"""What an entity's context says: the article's genre, datelines, venues, club and company cues.

:class:`ContextCues` holds the word lists these tests read (team verbs, sports words, company and place cues)
and is the base of the ``newsflow_entity_rules`` component, whose evidence cues (``entity_evidence``) call
these tests on each span.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from tasks.lib import vocab
from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import DATELINE_TAIL, common_words, span_true_text, true_text
from tasks.lib.extract.entity_spans import (
    BOWLING,
    JOURNEY,
    LOCATIVE,
    MONTHS,
    SCORE,
    TITLE_HEADS,
    WEEKDAYS,
    Piece,
    iso_date_at,
    line_start,
    lower_words,
)
from tasks.lib.nlp.hyphens import hyphened_words


class ContextCues:
    """Context tests over a span, with the word lists they read (loaded once per component)."""

    def __init__(self, nlp: Language, team_context: bool):
        self.nlp = nlp
        self._common: frozenset[str] | None = None
        self.team_context = team_context
        self.team_verbs = vocab.words("entity_team_verbs.txt")
        words = vocab.table("entity_sports_words.json")
        self.team_sports = frozenset(words["team_sports"])
        self.individual_sports = frozenset(words["individual_sports"])
        self.sport_specific = frozenset(words["specific"]) | self.team_sports
        self.sport_generic = frozenset(words["generic"])
        self.club_words = frozenset(words["club_words"])
        cues = vocab.table("entity_org_cues.json")
        self.org_after = frozenset(cues["after"])
        self.org_after_said = frozenset(cues["after_said"])
        self.org_before = tuple(tuple(c.split()) if " " in c else (c,) for c in cues["before"])
        places = vocab.table("entity_place_cues.json")
        self.place_before = tuple(tuple(c.split()) for c in places["before"])
        self._cue_words = max(len(c) for c in self.org_before + self.place_before)  # the longest cue

    def _org_cue(self, doc: Doc, p: Piece) -> bool:
        """Company context around a mention: "Magna shares", "shares of Magna", "Magna said it"."""
        e = p.end
        if e < len(doc) and doc[e].text in {"'s", "’s"}:
            e += 1
        if e < len(doc) and doc[e].lower_ in self.org_after and doc[e].is_lower:
            return True
        if e + 1 < len(doc) and doc[e].lower_ == "said" and doc[e + 1].lower_ in self.org_after_said:
            return True
        before = self._words_before(doc, p.start)
        for cue in self.org_before:
            n = len(cue)
            if p.start - n >= 0 and before[-n:] == cue:
                return True
            if cue == ("-based",) and p.start >= 2 and doc[p.start - 1].lower_ == "based" and doc[p.start - 2].text == "-":
                return True
        return False

    # -- document genre

    def _is_team_sport(self, doc: Doc, lines: list[tuple[int, int]]) -> bool:
        """A report on a team sport: named in the first line, or told by its words.

        Tennis, golf or athletics in the first line rules it out: there cities are venues.
        """
        headline = set(re.split(r"[^a-z]+", doc[lines[0][0] : lines[0][1]].text.lower())) if lines else set()
        if headline & self.team_sports:
            return True
        if headline & self.individual_sports:
            return False
        words = lower_words(doc) | hyphened_words(doc)
        specific, generic = words & self.sport_specific, words & self.sport_generic
        return len(specific) >= 2 or (len(specific) >= 1 and len(specific) + len(generic) >= 4)

    def _dateline(self, doc: Doc, p: Piece, lines: list[tuple[int, int]], line_of: dict[int, int]) -> int:
        """The place opening a dateline: "LONDON 1996-08-30", "WASHINGTON _ ...", "Paris (Reuters) -".

        Returns 0 when the piece does not open one, 2 when a full ISO date follows (a wire dateline,
        whose shouted place need not be in the gazetteer), else 1.
        """
        li = line_of.get(p.start)
        if li is None or lines[li][0] != p.start:
            return False
        j = p.end
        # "NICE , France 1996-08-30": skip the country after the city.
        if j + 1 < lines[li][1] and doc[j].text == "," and doc[j + 1].is_alpha and doc[j + 1].text[:1].isupper():
            j += 2
        if j >= lines[li][1]:
            return False
        tail = doc[j]
        if iso_date_at(doc, j):
            return 2
        # A date, not a small number the model read as one ("Reading 4 1 1 2" is a table row).
        return int(bool(DATELINE_TAIL.match(tail.text)) or (tail.ent_type_ == "DATE" and not (tail.like_num and len(tail.text) < 4)))

    def _locative(self, doc: Doc, p: Piece) -> bool:
        """A place reference by context: after "in"/"at" or a journey's "to", "at Headingley , Leeds", "London-based"."""
        if p.end + 1 < len(doc) and doc[p.end].text == "-" and doc[p.end + 1].lower_ == "based":
            return True
        i = p.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
            while i >= 0 and doc[i].is_alpha and true_text(doc[i])[:1].isupper():
                i -= 1
        return i >= 0 and (doc[i].lower_ in LOCATIVE
                           or doc[i].lower_ == "to" and i > 0 and doc[i - 1].lemma_.lower() in JOURNEY)

    # -- splitting and trimming

    @property
    def common(self) -> frozenset[str]:
        """Lower-case English words (stop words and the model's lemma tables), built once."""
        if self._common is None:
            self._common = common_words(self.nlp)
        return self._common

    def _not_a_name(self, doc: Doc, p: Piece, capitalised_inside: set[str]) -> bool:
        """Single words the model takes for names that are dates, slugs or ordinary words.

        A month beside a number ("June 5-9"); the sport slug of a headline ("GOLF - ..."); a common
        word capitalised only because it opens a line or sentence ("Men 's 100 metres", "Results of").
        """
        if p.source == "rule" and p.label == "PERSON" or p.label == "NORP":
            return False
        if p.end - p.start > 1:
            # "RUGBY UNION - ...": a slug of common words opening a wire headline.
            nxt = doc[p.end] if p.end < len(doc) else None
            return (
                line_start(doc, p.start)
                and doc[p.start : p.end].text.isupper()
                and nxt is not None
                and nxt.text in {"-", ":", "--"}
                and all(t.lower_ in self.common for t in doc[p.start : p.end])
                and not gaz.is_place(doc[p.start : p.end].text)
            )
        tok = doc[p.start]
        low = tok.lower_
        if low in MONTHS or low in WEEKDAYS:
            near = [doc[i] for i in (p.start - 1, p.start + 1) if 0 <= i < len(doc)]
            return p.label != "PERSON" or any(t.like_num or t.lower_ in MONTHS for t in near)
        nxt = doc[p.start + 1] if p.start + 1 < len(doc) else None
        if nxt is not None and nxt.text in TITLE_HEADS and low in self.common and not gaz.is_place(true_text(tok)):
            return True  # "Education Minister Nagoum Yamassoum"
        if not line_start(doc, p.start) or low not in self.common:
            return False
        text = true_text(tok)
        if text in gaz.first_names() or gaz.is_place(text):
            return False
        nxt = doc[p.start + 1] if p.start + 1 < len(doc) else None
        if tok.text.isupper() and nxt is not None and nxt.text in {"-", ":", "--"} and tok.whitespace_:
            return True  # the slug opening a wire headline
        # Acronyms ("EU") are names even when their letters spell a word.
        return not text.isupper() and low not in capitalised_inside

    # -- evidence

    def _before_country_bracket(self, doc: Doc, p: Piece) -> bool:
        """A two- to four-word name followed by its country in brackets, as in results lists."""
        if not 2 <= p.end - p.start <= 4 or p.end + 2 >= len(doc) or doc[p.end].text != "(":
            return False
        close = next((j for j in range(p.end + 1, min(p.end + 5, len(doc))) if doc[j].text == ")"), None)
        words = [true_text(t) for t in doc[p.start : p.end]]
        return (
            close is not None
            and gaz.is_country(span_true_text(doc[p.end + 1 : close]))
            and all(w[:1].isupper() for w in words)
            and words[-1] not in gaz.org_words()
            and not gaz.is_place(" ".join(words))
        )

    def _score_pairs(self, doc: Doc, line: tuple[int, int], pieces: list[Piece]) -> set[int]:
        """Starts of pieces directly followed by a score, on lines listing at least two such pairs."""
        s, e = line
        hits = set()
        for p in pieces:
            if s <= p.start < e and p.end < len(doc):
                nxt = doc[p.end]
                if SCORE.match(nxt.text) and not nxt.ent_type_ == "DATE":
                    hits.add(p.start)
        return hits if len(hits) >= 2 else set()

    def _place_cue(self, doc: Doc, p: Piece) -> bool:
        """A place by the words before it: "the city of Arbil", "neighbouring Chatelineaux"."""
        before = self._words_before(doc, p.start)
        for cue in self.place_before:
            n = len(cue)
            if p.start >= n and before[-n:] == cue:
                return True
        return False

    def _words_before(self, doc: Doc, start: int) -> tuple[str, ...]:
        """The lower-cased words before ``start``, as many as the longest cue (read once, not once per cue)."""
        return tuple(t.lower_ for t in doc[max(0, start - self._cue_words) : start])

    @staticmethod
    def _scorecard_person(doc: Doc, p: Piece) -> bool:
        """A cricket scorecard names players: "c Healy b Warne", "Vass 7-0-29-0" (bowling figures)."""
        before = doc[p.start - 1].text if p.start > 0 else ""
        if before in {"b", "c", "st", "lbw"} and p.start > 1 and not doc[p.start - 2].is_alpha or before == "b":
            return True
        return p.end < len(doc) and BOWLING.match(doc[p.end].text) is not None

    @staticmethod
    def _venue(doc: Doc, p: Piece, sports: bool) -> bool:
        """A ground or town heading a results line: "Tunbridge Wells : Kent 214", "At Headingley ( Leeds ) :"."""
        if not sports:
            return False
        s, e = p.start, p.end
        if s > 0 and doc[s - 1].text in {"(", "At", "at"} and (s < 2 or doc[s - 2].is_space or doc[s - 2].text == "At"):
            s -= 1  # "At Headingley", "( Leeds )"
        if not (s == 0 or doc[s - 1].is_space) and doc[p.start - 1].text != "(":
            return False
        if e < len(doc) and doc[e].text == ")":
            e += 1
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            e += 3
        return e < len(doc) and doc[e].text == ":" and doc[p.start].text[:1].isupper()

    def _club_evidence(self, doc: Doc, p: Piece, sports: bool) -> bool:
        """A place's name used for its club: beside a team verb or a score, or before a club word ("Leeds striker")."""
        text = span_true_text(doc[p.start : p.end])
        if gaz.is_country(text) or not gaz.is_place(text):
            return False  # national teams are named as their country
        scored = p.end < len(doc) and SCORE.match(doc[p.end].text) is not None
        return self._team_verb_next(doc, p) or sports and (scored or self._org_cue(doc, p))

    def _team_verb_next(self, doc: Doc, p: Piece) -> bool:
        before = doc[p.start - 1].lower_ if p.start > 0 else ""
        after = doc[p.end].lower_ if p.end < len(doc) else ""
        return before in self.team_verbs or after in self.team_verbs
