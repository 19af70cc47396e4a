"""newsflow's spaCy component that repairs the statistical NER's output after ``newsflow_casing``.

``newsflow_casing`` (``tasks.lib.extract.entity_casing``) re-reads ALL-CAPS lines; ``newsflow_entity_rules`` then cleans span
edges, labels spans from evidence (initials, given names, gazetteers, result lines) and makes labels
consistent across the document, adding mentions the model missed of names it found elsewhere.
Both are registered factories (importing this module registers both), so a config can switch them off or tune them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from tasks.lib import vocab
from tasks.lib.extract import entity_evidence as evidence
from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import DATELINE_TAIL, common_words, span_true_text, text_lines, true_text
from tasks.lib.extract.entity_labels import ENTITY_LABELS, PLACE_LABELS

TARGET = frozenset(ENTITY_LABELS)
# Tokens that cannot be inside a name: a span is split there.
BREAKERS = {",", "(", ")", ":", ";", "-", "--", "_", "|", "/", "[", "]", "=", "+", "*", "•", "–", "—"}
LEADING_DROP = {"the", "a", "an"}
TRAILING_DROP = {"'s", "’s", "'", "’", ".", ",", "-"}
# Lower-case words that separate two names inside one predicted span ("Yorkshire at Headingley").
INNER_SPLIT = {"at", "v", "vs", "vs.", "beat", "beats", "with", "to", "from", "against"}
# Lower-case words that may stand inside a name ("Bank of England", "Gone in Sixty Seconds"); any other one
# separates two ("Balco boss Victor Conte", "Anthony became Lopez"), as do those of INNER_SPLIT.
NAME_INNER = {"of", "and", "the", "for", "in", "on", "upon", "a", "an", "y", "und", "et", "del", "dal", "dello",
              "degli", "lo", "e"}
SCORE = re.compile(r"^\d{1,3}(-\d{1,3})?$")
BOWLING = re.compile(r"^\d{1,2}(\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}$")  # overs-maidens-runs-wickets
INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
# Prepositions that make a following place name a place reference, not a team ("at Leeds").
LOCATIVE = {"in", "at", "near", "outside", "around", "across", "of", "into", "through"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Company suffixes: "Daniels Pharmaceuticals Inc of St. Petersburg" ends at "Inc".
COMPANY_SUFFIXES = {
    "Inc", "Corp", "Co", "Ltd", "Plc", "plc", "PLC", "LLC", "AG", "SA", "NV", "GmbH", "Bhd", "SpA", "AB", "ASA", "Oyj",
    "BV", "Pty", "Inc.", "Corp.", "Co.", "Ltd.", "S.A.", "N.V.", "S.p.A.", "Bros", "Bros.", "Cos", "LP",
}
CORPORATE_WORDS = {"International", "Industries", "Holdings", "Group", "Systems", "Technologies", "Communications", "Enterprises", "Financial", "Pharmaceuticals"}
COMPASS_WORDS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Upper", "Lower"}
# Lower-case words a name may begin with ("de Gaulle", "al-Qaeda", "van Gogh", "west London"); any other
# lower-case word before a name is not part of it ("broadcaster BSkyB", "rang Lucy", the "ex" of "ex-Yukos").
NAME_PARTICLES = {"al", "el", "de", "da", "di", "dos", "das", "du", "des", "della", "van", "von", "der", "den",
                  "ter", "ten", "le", "la", "bin", "ibn", "abu", "ben", "mac", "st",
                  *(w.lower() for w in COMPASS_WORDS)}
# Capitalised title heads: "Education Minister", "Agriculture Secretary" are titles, not a ministry.
TITLE_HEADS = {"Minister", "Secretary", "Commissioner", "Spokesman", "Spokeswoman"}
# Organisation nouns also used of people or of loose groups ("the group Human Rights Watch", "side Ajax" are read
# from the model's spans only): the name after one is not added when the model missed it.
COLLECTIVE_NOUNS = {"group", "party", "union", "federation", "association", "team", "side", "club", "outfit", "network"}
COMPASS_INITIALS = {"N.", "S.", "E.", "W.", "NE.", "NW.", "SE.", "SW."}
INITIAL_SURNAME = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z][a-z]*'?[A-Z]?[a-z]+$")


# ---------------------------------------------------------------- span rules


@dataclass
class Piece:
    start: int
    end: int
    label: str
    source: str  # "model" | "rule" | "copy"


FIXTURE_WORDS = {"v", "vs", "vs."}


def _lower_words(doc: Doc) -> set[str]:
    """The document's distinct lower-case words, read from the token array (no Token objects)."""
    strings = doc.vocab.strings
    return {strings[h] for h in set(doc.to_array(LOWER).tolist())} if len(doc) else set()


def _iso_date_at(doc: Doc, j: int) -> bool:
    """A "1996-08-30" date starts at token j (the tokenizer splits it at the hyphens)."""
    return j + 1 < len(doc) and len(doc[j].text) == 4 and doc[j].text.isdigit() and doc[j + 1].text == "-"


def is_demonym(word: str) -> bool:
    """A nationality adjective derived from a place name ("Kenyan", "American", "Italian", "Chinese")."""
    if not word[:1].isupper() or not word.isalpha() or word in gaz.first_names():
        return False  # "Brian", "Julian" look derived from "Bria", "Julia"
    for suffix, add in (("n", ""), ("an", ""), ("an", "a"), ("ian", "y"), ("ian", "ia"), ("ian", "a"), ("ese", "a"), ("ese", ""), ("i", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and gaz.is_place(word[: -len(suffix)] + add):
            return True
    return False


def _line_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i].is_sent_start or doc[i - 1].text in {".", "!", "?", '"', "“"}


def keeps_the(doc: Doc, s: int, e: int) -> bool:
    """A "The" at token ``s`` is part of the name ``doc[s:e]`` ("The Guardian", "The Hague").

    Capitalised mid-sentence it is (writers capitalise it only as part of a name); opening a sentence,
    only before a publication's head word ("The Sunday Telegraph quoted ...").
    """
    if e - s < 2 or doc[s].text not in {"The", "THE"}:
        return False
    return not _line_start(doc, s) or true_text(doc[e - 1]) in gaz.publication_words()


class EntityRules:
    """Clean, relabel and propagate entity spans with document-level evidence."""

    def __init__(self, nlp: Language, name: str, team_context: bool, propagate: bool):
        self.name = name
        self.nlp = nlp
        self._common: frozenset[str] | None = None
        self.team_context = team_context
        self.propagate = propagate
        self.team_verbs = vocab.words("entity_team_verbs.txt")
        words = vocab.table("entity_sports_words.json")
        self.team_sports = frozenset(words["team_sports"])
        self.individual_sports = frozenset(words["individual_sports"])
        self.sport_specific = frozenset(words["specific"]) | self.team_sports
        self.sport_generic = frozenset(words["generic"])
        cues = vocab.table("entity_org_cues.json")
        self.org_after = frozenset(cues["after"])
        self.org_after_said = frozenset(cues["after_said"])
        self.org_before = tuple(tuple(c.split()) if " " in c else (c,) for c in cues["before"])
        places = vocab.table("entity_place_cues.json")
        self.place_before = tuple(tuple(c.split()) for c in places["before"])

    def _org_cue(self, doc: Doc, p: Piece) -> bool:
        """Company context around a mention: "Magna shares", "shares of Magna", "Magna said it"."""
        e = p.end
        if e < len(doc) and doc[e].text in {"'s", "’s"}:
            e += 1
        if e < len(doc) and doc[e].lower_ in self.org_after and doc[e].is_lower:
            return True
        if e + 1 < len(doc) and doc[e].lower_ == "said" and doc[e + 1].lower_ in self.org_after_said:
            return True
        for cue in self.org_before:
            n = len(cue)
            if p.start - n >= 0 and tuple(t.lower_ for t in doc[p.start - n : p.start]) == cue:
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
        words = _lower_words(doc)
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
        if _iso_date_at(doc, j):
            return 2
        # A date, not a small number the model read as one ("Reading 4 1 1 2" is a table row).
        return int(bool(DATELINE_TAIL.match(tail.text)) or (tail.ent_type_ == "DATE" and not (tail.like_num and len(tail.text) < 4)))

    def _locative(self, doc: Doc, p: Piece) -> bool:
        """A place reference by context: after "in"/"at", "at Headingley , Leeds", "London-based"."""
        if p.end + 1 < len(doc) and doc[p.end].text == "-" and doc[p.end + 1].lower_ == "based":
            return True
        i = p.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
            while i >= 0 and doc[i].is_alpha and true_text(doc[i])[:1].isupper():
                i -= 1
        return i >= 0 and doc[i].lower_ in LOCATIVE

    # -- splitting and trimming

    def _pieces(self, doc: Doc, ent: Span) -> list[tuple[int, int]]:
        out, cur = [], []
        for tok in ent:
            text = tok.text
            brk = (
                tok.is_space
                or (text in BREAKERS and (text != "-" or tok.whitespace_ or (tok.i > 0 and doc[tok.i - 1].whitespace_)))
                or any(c.isdigit() for c in text)
                or (text in INNER_SPLIT and tok.is_lower)
                or (tok.is_lower and tok.is_alpha and tok.i > ent.start and tok.whitespace_  # not "Song-ho"
                    and doc[tok.i - 1].whitespace_ and text not in NAME_INNER and text not in NAME_PARTICLES)
                or text == "or"
                or (text == "of" and tok.i > ent.start and doc[tok.i - 1].text in COMPANY_SUFFIXES)
            )
            if brk:
                if cur:
                    out.append((cur[0], cur[-1] + 1))
                cur = []
            else:
                cur.append(tok.i)
        if cur:
            out.append((cur[0], cur[-1] + 1))
        trimmed = []
        for s, e in out:
            while s < e and (
                doc[s].lower_ in LEADING_DROP
                and (doc[s].is_lower or _line_start(doc, s))
                and not keeps_the(doc, s, e)
                or doc[s].is_punct
                or doc[s].is_lower and doc[s].is_alpha and doc[s].text not in NAME_PARTICLES and e - s > 1
            ):
                s += 1
            # "American Dennis Mitchell": a nationality before a given name is not part of the name.
            if e - s >= 3 and ent.label_ in {"PERSON", "ORG"} and is_demonym(doc[s].text) and true_text(doc[s + 1]) in gaz.first_names():
                s += 1
            # "September Bund", "August Chicago NAPM": a leading month or weekday dates the name.
            while e - s > 1 and ent.label_ != "PERSON" and (doc[s].lower_ in MONTHS or doc[s].lower_ in WEEKDAYS):
                s += 1
            while e > s and (doc[e - 1].text in TRAILING_DROP or doc[e - 1].is_punct or doc[e - 1].is_lower and doc[e - 1].is_stop):
                e -= 1
            # "Interfax news agency", "the CFDT union", "James heroics": trailing lower-case words are not the name.
            while e - s > 1 and doc[e - 1].is_lower and doc[e - 1].is_alpha and doc[e - 2].whitespace_:  # "Song-ho"
                e -= 1
            if e > s:
                trimmed.append((s, e))
        return trimmed

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
                _line_start(doc, p.start)
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
        if not _line_start(doc, p.start) or low not in self.common:
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

    @staticmethod
    def _not_org_label(doc: Doc, s: int, e: int, words: list[str]) -> str | None:
        """EVENT, an index (PRODUCT) or TIME for names that are none of newsflow's entities."""
        lists = gaz.not_org()
        if len(words) == 1 and words[0] in lists["time_zones"]:
            return "TIME"  # "0800 GMT"
        nxt = e
        while nxt < len(doc) and doc[nxt].like_num:
            nxt += 1  # "FTSE 100 index"
        if nxt < len(doc) and doc[nxt].lower_ in lists["index_after"] and doc[nxt].is_lower and words[-1] not in gaz.org_words():
            return "PRODUCT"  # "the Dow Jones industrial average", "the Nasdaq composite"
        head = " ".join(words[-2:]) if " ".join(words[-2:]) in lists["event_heads"] else words[-1]
        if len(words) > 1 and head in lists["event_heads"] and words[0] not in gaz.publication_words():
            return "EVENT"  # "Fed Cup", "British Masters"
        if e < len(doc) and doc[e].like_num and len(doc[e].text) == 2 and words[-1] in {"Euro", "World"}:
            return "EVENT"  # "Euro 96"
        return None

    def _initials_label(self, words: list[str]) -> str | None:
        """The label of a name opening with initials: "J. Russell" is a person, "W. Hemisphere" a place.

        Returns None when the initials are not a person's: an abbreviated country or organisation
        ("U.S. Open", "U.N. envoy") or a long span that is rather an organisation.
        """
        first, rest = words[0], words[1:]
        if not rest or not rest[-1][:1].isupper() or INITIAL.match(rest[-1]):
            return None
        last = rest[-1]
        if first in COMPASS_INITIALS:
            if last in gaz.geo_words() or gaz.is_place(" ".join(rest)):
                return "LOC"
            if last.endswith("n") and (gaz.is_place(last[:-1]) or last[:-1] in gaz.geo_words()):
                return "NORP"  # "S. Korean"
        if gaz.is_abbreviation(first) or len(words) > 4:
            return None
        # Many surnames are also towns ("H. Morris", "C. Lewis"): only the whole span counts.
        if last in gaz.geo_words() or gaz.is_place(" ".join(words)) or gaz.is_country(last):
            return None
        if any(w in gaz.org_words() or w in gaz.fac_words() for w in rest):
            return None
        return "PERSON"

    def _rule_label(self, doc: Doc, s: int, e: int) -> str | None:
        toks = doc[s:e]
        words = [true_text(t) for t in toks]
        text = span_true_text(toks)
        if len(toks) == 1 and INITIAL_SURNAME.match(words[0]):
            return "PERSON"
        if len(toks) >= 2 and INITIAL.match(words[0]):
            return self._initials_label(words)
        if gaz.is_country(text):
            return "GPE"
        if text in gaz.known_orgs():
            return "ORG"
        other = self._not_org_label(doc, s, e, words)
        if other:
            return other
        if len(words) >= 2 and words[0] in COMPASS_WORDS and words[-1] in gaz.geo_words():
            return "LOC"  # "West Bank", "South Pacific": a region, whatever its head word
        if len(toks) == 1 and e < len(doc) and doc[e].lower_ in gaz.person_modified() and doc[e].is_lower:
            # "the Trump administration": a name modifying these nouns is a person's.
            if not gaz.is_place(text) and text not in gaz.org_words() and doc[s].ent_type_ != "NORP":
                return "PERSON"
        head = words[-1]
        if s > 0 and doc[s - 1].text in gaz.person_nouns() and not (s > 1 and doc[s - 2].lower_ == "to"):
            # "finalist MaliVai Washington", "team mate Les Ferdinand": a noun for a person, then the name.
            if head not in gaz.org_words() and head not in gaz.fac_words() and not gaz.is_place(text) and text not in gaz.known_orgs():
                return "PERSON"
        if s > 0 and doc[s - 1].text in gaz.org_nouns() and not gaz.is_country(text) and not gaz.is_place(text):
            return "ORG"  # "news agency Tanjug", "club Atalanta"
        if head in COMPANY_SUFFIXES and len(toks) > 1:
            return "ORG"  # "Pirelli SpA", "Lear Corp"
        if "&" in words and len(toks) > 2:
            return "ORG"  # "A.G. Edwards & Sons", "Procter & Gamble": no person's name holds an ampersand
        if (
            s > 0 and doc[s - 1].lower_ in {"a", "an"} and e < len(doc) and doc[e].is_lower and doc[e].is_alpha
            and doc[s].ent_type_ in {"PERSON", "ORG"} and not gaz.is_place(text)
        ):
            return "ORG"  # "a Pan Am flight", "an El Al freighter": a person's name takes no article
        if head in gaz.publication_words() and len(toks) > 1 and not gaz.is_place(text):
            return "ORG"  # "Jakarta Post", "The Guardian"
        if head in gaz.org_words() and len(toks) > 1:
            return "FAC" if head in gaz.fac_words() else "ORG"
        if head in gaz.fac_words() and len(toks) > 1:
            return "FAC"
        first = words[0].split("-")[0]
        if (
            len(toks) >= 2
            and first in gaz.first_names()
            and all(w[:1].isupper() for w in words)
            and not gaz.is_place(text)
            and not gaz.is_big_place(first)  # "Ines" and "Adrian" are also small towns
        ):
            return "PERSON"
        return None

    def _given_name_spans(self, doc: Doc, pieces: list[Piece]) -> list[Piece]:
        """People the model missed or cut short: a given name followed by capitalised words.

        Extends a PERSON piece left over an uncovered given name ("Sandrine" + "Testud") and adds
        uncovered given-name sequences ("Lindsay Davenport") unless they name a place or an organisation.
        """
        covered = {i: p for p in pieces for i in range(p.start, p.end)}
        names = gaz.first_names()
        added = []

        def name_word(i: int) -> bool:
            t = true_text(doc[i])
            return doc[i].is_alpha and t[:1].isupper() and not t.isupper() and not doc[i].is_stop

        i = 0
        while i < len(doc):
            if i in covered or not name_word(i) or true_text(doc[i]) not in names:
                i += 1
                continue
            j = i + 1
            # Hyphenated given names: "Anne-Gaelle".
            if j + 1 < len(doc) and doc[j].text == "-" and not doc[i].whitespace_ and not doc[j].whitespace_ and name_word(j + 1):
                j += 2
            k = j
            while k < len(doc) and k - i < 5 and k not in covered and name_word(k):
                k += 1
                if k < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_ and k + 1 < len(doc) and name_word(k + 1):
                    k += 2
            if k == j and j in covered and covered[j].label == "PERSON" and covered[j].start == j:
                covered[j].start = i  # extend "Testud" to "Sandrine Testud"
                i = covered[j].end
                continue
            if k > j:
                text = span_true_text(doc[i:k])
                if not gaz.is_place(text) and true_text(doc[k - 1]) not in gaz.org_words() | gaz.fac_words():
                    added.append(Piece(i, k, "PERSON", "rule"))
                i = k
                continue
            i += 1
        return added

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

    def _fixture_sides(self, doc: Doc, pieces: list[Piece]) -> list[Piece]:
        """Sides after "v"/"vs" the model missed or folded into a date ("May 18 v Worcestershire")."""
        if not _lower_words(doc) & FIXTURE_WORDS:
            return []
        covered = {i for p in pieces for i in range(p.start, p.end)}
        added = []
        for tok in doc:
            if tok.text not in FIXTURE_WORDS or tok.i + 1 >= len(doc):
                continue
            i = j = tok.i + 1
            while j < len(doc) and j - i < 5 and j not in covered and (
                doc[j].is_alpha and true_text(doc[j])[:1].isupper() or doc[j].text in {"'s", "of"} and j > i
            ):
                j += 1
            while j > i and not true_text(doc[j - 1])[:1].isupper():
                j -= 1
            if j > i:
                text = span_true_text(doc[i:j])
                added.append(Piece(i, j, "GPE" if gaz.is_country(text) else "ORG", "rule"))
        return added

    @staticmethod
    def _publications(doc: Doc, pieces: list[Piece]) -> list[Piece]:
        """Publications the model missed: "The", capitalised words, a publication's head ("The Sunday Telegraph")."""
        covered = {i for p in pieces for i in range(p.start, p.end)}
        added = []
        for tok in doc:
            if tok.text != "The" or tok.i in covered:
                continue
            j = tok.i + 1
            while j < len(doc) and j - tok.i <= 4 and j not in covered and doc[j].is_alpha and doc[j].text[:1].isupper():
                j += 1
            if j - tok.i >= 2 and doc[j - 1].text in gaz.publication_words():
                added.append(Piece(tok.i, j, "ORG", "rule"))
        return added

    def _after_org_noun(self, doc: Doc, pieces: list[Piece]) -> list[Piece]:
        """Names the model missed after "-based" and a noun for an organisation: "the U.S.-based refinery Citgo"."""
        covered = {i for p in pieces for i in range(p.start, p.end)}
        added = []
        for tok in doc:
            if not (tok.is_lower and tok.text in gaz.org_nouns()) or tok.i + 1 >= len(doc):
                continue
            before = doc[tok.i - 1].lower_ if tok.i else ""
            if not (before.endswith("-based") or before == "based" and tok.i > 1 and doc[tok.i - 2].text == "-"):
                continue  # only "X-based <noun> Name": missed names after a bare noun were as often not companies
            i = j = tok.i + 1
            while j < len(doc) and j - i < 4 and j not in covered and doc[j].is_alpha and true_text(doc[j])[:1].isupper() \
                    and not doc[j].is_stop and doc[j].lower_ not in MONTHS | WEEKDAYS:
                j += 1
            text = span_true_text(doc[i:j])
            # "group Human Rights in China": a name that goes on past a lower-case word is not read here.
            goes_on = j < len(doc) and doc[j].lower_ in NAME_INNER
            if j > i and not goes_on and tok.text not in COLLECTIVE_NOUNS and not gaz.is_place(text) \
                    and text not in gaz.first_names():
                added.append(Piece(i, j, "ORG", "rule"))
        return added

    def _defined_acronyms(self, doc: Doc, pieces: list[Piece]) -> list[Piece]:
        """Acronyms defined in brackets after an organisation: "Federal Open Market Committee ( FOMC )"."""
        covered = {i for p in pieces for i in range(p.start, p.end)}
        added = []
        for p in pieces:
            a = p.end
            if p.label != "ORG" or a + 2 >= len(doc) or doc[a].text != "(" or doc[a + 2].text != ")":
                continue
            acr = doc[a + 1]
            words = [true_text(t) for t in doc[p.start : p.end]]
            initials = "".join(w[0] for w in words if w[:1].isupper())
            if a + 1 not in covered and acr.text.isupper() and acr.is_alpha and len(acr.text) >= 2 and acr.text[0] == initials[:1]:
                added.append(Piece(a + 1, a + 2, "ORG", "rule"))
        return added

    def _table_names(self, doc: Doc, pieces: list[Piece], lines: list[tuple[int, int]]) -> tuple[list[Piece], set[int]]:
        """Capitalised names on results lines and table rows ("Surrey 429-7", "Red Star 4 4 0 0 9 3 12").

        Returns:
            The names the model skipped, as new pieces, and the start tokens of every such name.
        """
        covered = {i for p in pieces for i in range(p.start, p.end)}
        added, starts = [], set()
        for s, e in lines:
            runs, i = [], s
            while i < e:
                j = i
                while j < e and doc[j].is_alpha and true_text(doc[j])[:1].isupper():
                    j += 1
                if j > i and j < e and SCORE.match(doc[j].text):
                    runs.append((i, j))
                i = max(j, i + 1)
            numbers = sum(1 for t in doc[s:e] if t.like_num or SCORE.match(t.text))
            is_row = len(runs) == 1 and runs[0][0] == s and numbers >= 2 and numbers + (runs[0][1] - s) >= e - s - 1
            if len(runs) >= 2 or is_row:
                for i, j in runs:
                    if j - i == 1 and doc[i].is_stop:
                        continue
                    starts.add(i)
                    if not any(k in covered for k in range(i, j)):
                        label = "GPE" if gaz.is_country(span_true_text(doc[i:j])) else "ORG"
                        added.append(Piece(i, j, label, "rule"))
        return added, starts

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
        for cue in self.place_before:
            n = len(cue)
            if p.start >= n and tuple(t.lower_ for t in doc[p.start - n : p.start]) == cue:
                return True
        return False

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

    def __call__(self, doc: Doc) -> Doc:
        pieces: list[Piece] = []
        other: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in TARGET:
                other.append(ent)
                continue
            for s, e in self._pieces(doc, ent):
                if ent.label_ != "PERSON" and s > 0 and keeps_the(doc, s - 1, e):
                    s -= 1  # the model left out the "The" of "The Guardian"
                pieces.append(Piece(s, e, ent.label_, "model"))
        # Datelines the model swallowed into a date ("LEEDS 2001-05-12"): the place, then the date.
        covered = {i for p in pieces for i in range(p.start, p.end)}
        lines = text_lines(doc)
        for ls, le in lines:
            j = ls
            while j < le and j - ls < 3 and doc[j].is_alpha and doc[j].text.isupper():
                j += 1
            if ls < j < le and ls not in covered and (_iso_date_at(doc, j) or DATELINE_TAIL.match(doc[j].text) and gaz.is_place(doc[ls:j].text)):
                pieces.append(Piece(ls, j, "GPE", "rule"))
                other = [
                    Span(doc, j, o.end, label=o.label_) if o.start < j <= o.end - 1 and o.start >= ls else o
                    for o in other
                ]
        # Initial-plus-surname names the model missed ("J. Adams", "T.O'Gorman").
        covered = {i for p in pieces for i in range(p.start, p.end)}
        for tok in doc:
            if tok.i in covered:
                continue
            t = true_text(tok)
            if INITIAL_SURNAME.match(t):
                pieces.append(Piece(tok.i, tok.i + 1, "PERSON", "rule"))
            elif INITIAL.match(t) and tok.i + 1 < len(doc) and tok.i + 1 not in covered:
                nxt = doc[tok.i + 1]
                nt = true_text(nxt)
                label = self._initials_label([t, nt]) if nxt.is_alpha and not nt.isupper() else None
                if label:
                    pieces.append(Piece(tok.i, tok.i + 2, label, "rule"))
                    covered |= {tok.i, tok.i + 1}
        pieces += self._given_name_spans(doc, pieces)
        pieces += self._fixture_sides(doc, pieces)
        pieces += self._after_org_noun(doc, pieces)
        pieces += self._publications(doc, pieces)
        pieces += self._defined_acronyms(doc, pieces)
        row_starts: set[int] = set()
        if self.team_context:
            added, row_starts = self._table_names(doc, pieces, lines)
            pieces += added

        votes: dict[str, Counter] = defaultdict(Counter)
        key_of: dict[int, str] = {}
        line_of = {}
        for li, (s, e) in enumerate(lines):
            for i in range(s, e):
                line_of[i] = li
        team_starts = set()
        if self.team_context:
            by_line = defaultdict(list)
            for p in pieces:
                by_line[line_of.get(p.start, -1)].append(p)
            for li, ps in by_line.items():
                if li >= 0:
                    team_starts |= self._score_pairs(doc, lines[li], ps)
        sports = self.team_context and self._is_team_sport(doc, lines)
        ctx = evidence.Context(self, doc, lines, line_of, sports, row_starts, team_starts)
        for idx, p in enumerate(pieces):
            text = span_true_text(doc[p.start : p.end])
            key = text.lower()
            key_of[idx] = key
            found = evidence.first_evidence(ctx, p, text, self._rule_label(doc, p.start, p.end))
            if found:
                p.label, p.source = found[0], "rule"
                votes[key][found[0]] += found[1]
            else:
                votes[key][p.label] += 1

        # Company evidence anywhere in the article (context cues, a short form of a company named
        # in full: "Magna" after "Magna International Inc") counts for every mention of the name.
        org_keys = set()
        for idx, p in enumerate(pieces):
            if (
                p.label in {"PERSON", "ORG", "GPE", "LOC"}
                and not INITIAL.match(true_text(doc[p.start]))
                and self._org_cue(doc, p)
                and not gaz.is_country(span_true_text(doc[p.start : p.end]))
            ):
                org_keys.add(key_of[idx])
        for idx, p in enumerate(pieces):
            words = [true_text(t) for t in doc[p.start : p.end]]
            if len(words) >= 2 and (words[-1] in COMPANY_SUFFIXES or words[-1] in CORPORATE_WORDS):
                words = words[:-1]
                while words and not gaz.is_country(" ".join(words)):
                    org_keys.add(" ".join(words).lower())
                    if words[-1] not in CORPORATE_WORDS and words[-1] not in gaz.org_words():
                        break
                    words = words[:-1]
        for idx, p in enumerate(pieces):
            if key_of[idx] in org_keys:
                votes[key_of[idx]]["ORG"] += 3

        # Surnames of people named in full elsewhere in the article are people.
        surnames = set()
        for idx, p in enumerate(pieces):
            if votes[key_of[idx]].most_common(1)[0][0] == "PERSON" and p.end - p.start >= 2:
                surnames.add(true_text(doc[p.end - 1]).lower())
        for idx, p in enumerate(pieces):
            key = key_of[idx]
            if p.end - p.start == 1 and key in surnames and not gaz.is_country(span_true_text(doc[p.start : p.end])):
                votes[key]["PERSON"] += 3

        for idx, p in enumerate(pieces):
            best = votes[key_of[idx]].most_common(1)[0][0]
            if p.source != "rule" or best == "PERSON" and p.label != "PERSON" and p.end - p.start == 1:
                p.label = best

        if self.propagate:
            copies = self._propagate(doc, pieces, votes, key_of, surnames)
            for p in copies:
                if self.team_context and p.label in PLACE_LABELS and self._club_evidence(doc, p, sports):
                    p.label = "ORG"  # "Leeds beat Chelsea", "Leeds striker": the club, where the model saw only the city
            pieces += copies

        # Words written capitalised mid-sentence somewhere in the article are names there.
        capitalised_inside = {
            t.lower_ for t in doc if t.is_alpha and t.text[:1].isupper() and not t.text.isupper() and not _line_start(doc, t.i)
        }
        pieces = [p for p in pieces if not self._not_a_name(doc, p, capitalised_inside)]

        # Resolve overlaps: longer first, then rule evidence.
        chosen: list[Piece] = []
        taken = set()
        for p in sorted(pieces, key=lambda p: (-(p.end - p.start), p.source != "rule", p.start)):
            span = set(range(p.start, p.end))
            if span & taken:
                continue
            chosen.append(p)
            taken |= span
        spans = [Span(doc, p.start, p.end, label=p.label) for p in chosen]
        spans += [o for o in other if not set(range(o.start, o.end)) & taken]
        doc.ents = sorted(spans, key=lambda x: x.start)
        return doc

    def _propagate(self, doc, pieces, votes, key_of, surnames) -> list[Piece]:
        """Mentions the model missed of names labelled elsewhere in the same article."""
        covered = {i for p in pieces for i in range(p.start, p.end)}
        names: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        seen = set()
        for idx, p in enumerate(pieces):
            words = tuple(true_text(t) for t in doc[p.start : p.end])
            if words in seen or not words[0][:1].isupper():
                continue
            seen.add(words)
            names[words[0]].append((words, votes[key_of[idx]].most_common(1)[0][0]))
            if len(words) >= 2 and p.label == "PERSON" and words[-1][:1].isupper() and (words[-1],) not in seen:
                seen.add((words[-1],))
                names[words[-1]].append(((words[-1],), "PERSON"))
        added = []
        i = 0
        n = len(doc)
        while i < n:
            cands = names.get(true_text(doc[i])) if i not in covered else None
            if not cands:
                i += 1
                continue
            hit = None
            for words, label in sorted(cands, key=lambda c: -len(c[0])):
                j = i + len(words)
                if j <= n and all(k not in covered for k in range(i, j)) and tuple(true_text(t) for t in doc[i:j]) == words:
                    if j < n and doc[j].is_alpha and true_text(doc[j])[:1].isupper():
                        continue  # part of a longer name
                    if len(words) == 1 and (doc[i].is_stop or _line_start(doc, i) and doc[i].lower_ in gaz.common_words()):
                        continue
                    hit = Piece(i, j, label, "copy")
                    break
            if hit:
                added.append(hit)
                i = hit.end
            else:
                i += 1
        return added


@Language.factory(
    "newsflow_entity_rules",
    default_config={"team_context": True, "propagate": True},
)
def make_entity_rules(nlp: Language, name: str, team_context: bool, propagate: bool):
    """Factory for :class:`EntityRules`."""
    return EntityRules(nlp, name, team_context, propagate)
