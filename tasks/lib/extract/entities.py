"""Per-article entities: spaCy NER plus rules, canonicalised so one entity has one name and label.

The NER repairs (casing, span edges, document-level labels) run as spaCy components in
``tasks.lib.extract.entity_rules``; this module groups the resulting mentions into entities: titles,
honorifics and possessives are stripped, partial person names join the full name they abbreviate,
acronyms and everyday aliases join the name they stand for, and each entity gets one label by vote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import true_text
from tasks.lib.extract.entity_labels import ENTITY_LABELS, PLACE_LABELS
from tasks.lib.extract.entity_names import (
    full_name_surnames,
    known_person,
    name_parts,
    name_suffix,
    person_surnames,
)
from tasks.lib.extract.entity_rules import keeps_the
from tasks.lib.extract.entity_spans import line_start
from tasks.lib.extract.entity_title_case import title_case_name
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import LocalEntity, Mention

LABELS = ENTITY_LABELS
POSSESSIVE = {"'s", "’s", "'", "’"}
ACRONYM_SKIP = {"of", "and", "the", "for", "on", "in", "de", "&"}
ABBREVIATED_TITLES = re.compile(r"^[A-Z]{2,}s$")
ONE_INITIAL = re.compile(r"^[A-Z]\.$")  # "X." ("A.J." may be what someone is called)
COMMON_ZIPF = 4.5  # wordfreq: "electronic" 4.6, "finding" 4.9, "snow" 4.7; "tiger" 4.3 stays a possible name
DESCRIPTOR_ZIPF = 2.5  # "beatle" 2.6, "cinematographer" 2.9, "briton" 2.8; "ketanji" 1.6, "tracee" 1.9
HEADLINE_WORD_ZIPF = 3.0  # "wins" 4.7, "responds" 3.8, "question" 5.4: a word, not part of a name the article gives


def normalize(name: str) -> str:
    """Comparison key of a name: accents folded, case and full stops dropped, spaces squeezed."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace(".", "")
    return re.sub(r"\s+", " ", s).strip()


def acronym(words: list[str]) -> str:
    """Initials of the capitalised words ("National Security Council" -> "NSC")."""
    return "".join(w[0] for w in words if w and w.lower() not in ACRONYM_SKIP and w[0].isupper())


@dataclass
class _Group:
    label_votes: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)  # canonical candidates
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, surface
    first: int = 0
    canonical: str | None = None


def _clean_span(ent: Span, named: dict[str, str]) -> tuple[int, int, str] | None:
    """Token range and label of the name itself: titles, honorifics, "the" and possessives stripped.
    ``named``: each name the article's entity spans hold, with its label (a person's only when never another)."""
    words, _ = gaz.title_words()
    s, e, label = ent.start, ent.end, ent.label_
    while e > s and ent.doc[e - 1].text in POSSESSIVE:
        e -= 1
    if ent.label_ == "PERSON":
        while e - s > 1 and ent.doc[s].lower_ in words:
            s += 1
        while e - s > 1 and ent.doc[e - 1].is_upper and ent.doc[e - 1].lower_ in words:
            e -= 1  # "Guy Mansfield QC": a title in capitals after the name
        # "Labour MPs": a plural title ends a group of people, named by a party the article names elsewhere.
        last = ent.doc[e - 1]
        rest = ent.doc[s:e - 1].text
        if e - s > 1 and last.text.endswith("s") and last.lower_[:-1] in words and named.get(rest, "PERSON") != "PERSON":
            e, label = e - 1, named[rest]
        e = _before_headline_words(ent.doc, s, e, named)
        s, e = title_case_name(ent.doc, s, e, named)
        # "Secretary of State Mike Pompeo": drop "of State" after a dropped title word.
        while e - s > 2 and ent.doc[s].lower_ == "of":
            s += 2 if e - s > 3 else 1
            while e - s > 1 and ent.doc[s].lower_ in words:
                s += 1
    while e - s > 1 and ent.doc[s].lower_ == "the" and not keeps_the(ent.doc, s, e):
        s += 1
    if _sentence_opener(ent.doc, s, e, named, label) or _descriptor(ent.doc, s, e, named, label):
        s += 1
        while e - s > 1 and ent.doc[s].lower_ in words:
            s += 1  # "Crown Prince Abdullah"
    return (s, e, label) if e > s else None


def _sentence_opener(doc: Doc, s: int, e: int, named: dict[str, str], label: str) -> bool:
    """The first word of ``doc[s:e]`` opens its sentence, capitalised only for that, and is not part of the name: a
    participle opening a line before a name the article gives on its own ("Entering Westminster, he"; "Falling
    Down" keeps its first word, "Down" is named nowhere else), or, before a person's name, any English word
    (wordfreq) that is no given name ("Model Sophie Anderton was", "Spaniard Costa will", "Injecting Clinton's"),
    when the rest is a full name the article gives or the surname of someone it names in full, a given name first,
    and the article never writes the two together again ("Prescott Bush" is a name). A word before a surname alone
    may be a given name that is also a word ("Tiger Woods", "Spike Lee"), and a person's label the model gave a
    place or a club together with the word says nothing of the rest ("Takes Wisconsin", "Fellow Bath prop"); other
    kinds of names often open with a word ("National Guard", "African Americans")."""
    first, rest = doc[s], doc[s + 1:e].text
    if e - s < 2 or gaz.is_place(first.text):
        return False
    if first.tag_ == "VBG" and line_start(doc, s):
        return rest in named
    return (label == "PERSON" and (line_start(doc, s) or first.is_sent_start) and first.is_alpha and len(first) > 1
            and zipf_frequency(first.lower_, "en") >= HEADLINE_WORD_ZIPF
            and first.text.capitalize() not in gaz.first_names() and doc_text(doc).count(doc[s:e].text) == 1
            and (named.get(rest) == "PERSON" and " " in rest or rest in full_name_surnames(named)))


def _descriptor(doc: Doc, s: int, e: int, named: dict[str, str], label: str) -> bool:
    """The first word of a person's span describes the person named after it ("former Beatle George Harrison",
    "fellow Briton Hayley Yelling", "Treasurer Kelly Mitchell", "Cinematographer John Mathieson"): capitalised, an
    English word (wordfreq) that is no given name and no place, before a full name the article gives the person
    (on its own, or a given name before a surname it uses alone), or a word for people (a nationality, one of
    ``gaz.person_nouns``) before a given name. Without either the word may be part of the name ("Park Geun
    Hye", "New York Dolls")."""
    first = doc[s]
    if label != "PERSON" or e - s < 3 or not (first.is_alpha and first.text[0].isupper()):
        return False
    if doc[s + 1].text in gaz.first_names() and (first.lower_ in gaz.person_nouns() or first.text in gaz.demonyms()):
        return True  # "Billionaire Donald Trump", "Briton Hayley Yelling" ("American Dennis Mitchell": entity_spans)
    others = {n: lab for n, lab in named.items() if doc[s:e].text not in n}
    return (first.text.capitalize() not in gaz.first_names() and not gaz.is_place(first.text)
            and zipf_frequency(first.lower_, "en") >= DESCRIPTOR_ZIPF and known_person(doc[s + 1:e].text, others))


def _before_headline_words(doc: Doc, s: int, e: int, named: dict[str, str]) -> int:
    """End of a person's name that words in title case ran on into ("Bernie Sanders Beats Hillary Clinton",
    "Cape Breton If Donald Trump Wins"): the longest part of two words or more that the article names as a person on
    its own, when every word after it is an English word (wordfreq) and none a word the article ends a person's name
    with; else ``e``. A surname stays: the part kept is a full name the article gives, never a given name alone
    ("Gordon Brown"), and wordfreq counts names too ("Crooked Hillary Clinton", "Dena Minning Grayson")."""
    for cut in range(e - 1, s + 1, -1):
        kept = doc[s:cut].text
        if named.get(kept) != "PERSON":
            continue
        surnames = person_surnames(named, besides=kept)  # not this name's run-ons
        if all(t.is_alpha and t.text not in surnames and zipf_frequency(t.lower_, "en") >= HEADLINE_WORD_ZIPF
               for t in doc[cut:e]):
            return cut
    return e


def _title_surnames(named: dict[str, str]) -> frozenset[str]:
    """Title words that are the surname of a person the article names in full, given names first ("Billie Jean
    King", "John Major"): then a bare "King" or "Major" is that person, not a title ("Roman Catholic Archbishop",
    "General Secretary" name no one)."""
    words, _ = gaz.title_words()
    return frozenset(parts[-1].lower() for name, label in named.items() if label == "PERSON"
                     and len(parts := name_parts(name)) >= 2 and parts[-1].lower() in words
                     and all(p in gaz.first_names() and p.lower() not in words for p in parts[:-1]))


def _body_of_a_title(doc: Doc, s: int, e: int, label: str) -> bool:
    """An organisation named by a word of a longer title, standing alone ("the Treasury said", not "Treasury
    Secretary" or "Secretary of the Treasury"): the body, not the title."""
    words, _ = gaz.title_words()
    return (label == "ORG" and e - s == 1 and doc[s].lower_ not in gaz.single_titles()
            and not (e < len(doc) and doc[e].lower_ in words))


def _is_name(doc: Doc, s: int, e: int, surnames: frozenset[str] = frozenset(), label: str = "") -> bool:
    """False for spans that are not names: all lower case, a bare title (unless the surname of a person named in
    full, ``surnames``), or part of a title."""
    words, _ = gaz.title_words()
    toks = doc[s:e]
    if not any(true_text(t)[:1].isupper() for t in toks):
        return False
    if all(t.lower_ in words or t.lower_ == "of" for t in toks) and not (e - s == 1 and toks[0].lower_ in surnames) \
            and not _body_of_a_title(doc, s, e, label):
        return False
    if e - s == 1 and ABBREVIATED_TITLES.match(toks[0].text) and toks[0].lower_[:-1] in words:
        return False  # "MPs", "MEPs", "CEOs": people by their post, never a name
    if label == "PERSON" and e - s == 1 and (_capitalised_word(doc, s) or ONE_INITIAL.match(toks[0].text)
                                             or name_suffix(toks[0].text)):
        return False  # "Hackers also accessed", "X." on a line of its own, "Jr." after a comma: no one's name
    # "State" in "Secretary of State" is the title, not the organisation.
    for left in range(max(0, s - 3), s):
        if doc[left:e].text.lower() in gaz.multiword_titles():
            return False
    return True


def _capitalised_word(doc: Doc, i: int) -> bool:
    """Token ``i`` is a common word capitalised only because it opens its sentence or line ("Hackers also
    accessed", "Registering names that", "Witnesses said"): the tagger reads it as no proper noun, it is an English
    word (wordfreq) in title case and no given name, and the article never capitalises it inside a sentence. A
    surname that is also a word keeps its other mentions' capitals ("Trump's closest competition" beside "Mr.
    Trump"). Only for people: organisations and places are often named by such words ("Time", "Friends",
    "Hollywood" open sentences the same way)."""
    tok = doc[i]
    if (tok.tag_ in ("NNP", "NNPS") or not (tok.is_alpha and tok.text.istitle())
            or not (tok.is_sent_start or line_start(doc, i))):
        return False
    if tok.text in gaz.first_names() or zipf_frequency(tok.lower_, "en") < HEADLINE_WORD_ZIPF:
        return False
    return not any(t.lower_ == tok.lower_ and t.text[:1].isupper() and not (t.is_sent_start or line_start(doc, t.i))
                   for t in doc)


def _hyphened_pair(doc: Doc, s: int, e: int, label: str, named: dict[str, str]) -> list[tuple[int, int, str]]:
    """Two people a hyphen joins as a modifier ("the Clinton-Sanders race", "a Trump-Clinton debate"): each
    name the surname of someone the article names in full, so a double-barrelled surname ("Delgado-Ruiz") is
    none. Returns the two names' spans, or nothing."""
    if label != "PERSON" or e - s != 3 or doc[s + 1].text != "-" or doc[s].whitespace_ or doc[s + 1].whitespace_:
        return []
    surnames = full_name_surnames(named)
    return [(s, s + 1, label), (s + 2, e, label)] if doc[s].text in surnames and doc[e - 1].text in surnames else []


def _surface(doc: Doc, s: int, e: int) -> str:
    return doc[s:e].text


def _true(doc: Doc, s: int, e: int) -> str:
    return "".join(true_text(t) + t.whitespace_ for t in doc[s:e]).strip()


def extract_entities(doc: Doc) -> tuple[list[LocalEntity], list[Mention]]:
    """Group the article's entity mentions into entities with one canonical name and label each.

    Args:
        doc: an article parsed by :func:`tasks.lib.nlp.pipeline.load_pipeline` (or any Doc with ``ents``).

    Returns:
        ``(entities, mentions)``: entities keyed 0..n-1 in order of first mention, and every mention
        with its surface text and exact character offsets into ``doc.text``.
    """
    raw: list[tuple[int, int, str]] = []
    named = {ent.text: ent.label_ for ent in sorted(doc.ents, key=lambda x: x.label_ != "PERSON") if ent.label_ in LABELS}
    surnames = _title_surnames(named)
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        span = _clean_span(ent, named)
        if span and _is_name(doc, span[0], span[1], surnames, span[2]):
            raw.extend(_hyphened_pair(doc, *span, named) or [span])
    grouping = _Grouping(doc, raw)
    for s, e, label in sorted(raw, key=lambda x: x[0]):
        grouping.add(s, e, label)
    return grouping.result()


class _Grouping:
    """The article's mentions grouped by entity key: people first (full names anchor their partial forms),
    then acronyms, aliases and names."""

    def __init__(self, doc: Doc, raw: list[tuple[int, int, str]]):
        self.doc = doc
        self.aliases = gaz.entity_aliases()
        self.groups: dict[str, _Group] = {}
        self.order: list[str] = []
        self.mentions: list[tuple[str, int, int, str, str]] = []
        self.person_votes: Counter = Counter()
        for s, e, label in raw:
            self.person_votes[normalize(_true(doc, s, e))] += label == "PERSON"
        self.anchors: list[tuple[str, list[str]]] = []  # (group key, normalised tokens) of multi-word people
        for s, e, label in raw:
            name = _true(doc, s, e)
            toks = normalize(" ".join(name_parts(name))).split()  # "Martin Luther King Jr." ends in "King"
            if label == "PERSON" and len(toks) >= 2 and not any(k == normalize(name) for k, _ in self.anchors):
                self.anchors.append((normalize(name), toks))
        self.acronyms: dict[str, str] = {}
        for s, e, label in sorted(raw, key=lambda x: (-(x[1] - x[0]), x[0])):
            if label == "PERSON":
                continue
            words = [true_text(t) for t in doc[s:e]]
            if len(words) >= 2:
                self.acronyms.setdefault(acronym(words), normalize(_true(doc, s, e)))
        # Names the article also uses for a place: an organisation of that name stays a separate entity.
        self.place_names = {normalize(_true(doc, s, e)) for s, e, label in raw if label in PLACE_LABELS}

    def group(self, key: str, first: int) -> _Group:
        if key not in self.groups:
            self.groups[key] = _Group(first=first)
            self.order.append(key)
        return self.groups[key]

    def person_anchor(self, toks: list[str], pos: int) -> str | None:
        """The full name a partial name abbreviates; the nearest earlier one when several share it."""
        norm = " ".join(toks)  # the name without its suffix ("Joseph R. Biden") is the name with it
        cands = [k for k, full in self.anchors if k != norm and len(toks) <= len(full)
                 and (toks == full[-len(toks):] or toks == full[: len(toks)])]
        if not cands:
            return None
        # Anchors that contain another anchor ("Bush" in "George W. Bush" and "George Bush") are one person.
        if len(cands) > 1:
            before = [(self.groups[k].first if k in self.groups else 10**9, k) for k in cands]
            earlier = [x for x in before if x[0] <= pos]
            return max(earlier)[1] if earlier else min(before)[1]
        return cands[0]

    def _key(self, s: int, e: int, label: str) -> tuple[str, str, str]:
        """The group key, canonical name and label of the mention ``doc[s:e]``."""
        doc, aliases = self.doc, self.aliases
        name = _true(doc, s, e)
        norm = normalize(name)
        toks = norm.split()
        pos = doc[s].idx
        key, canonical = None, name
        if name in aliases or doc[s:e].text in aliases:
            canonical, alias_label = aliases.get(name) or aliases[doc[s:e].text]
            key, label = normalize(canonical), alias_label if label != "NORP" else label
        elif label == "PERSON" or self.person_votes[norm] or any(norm == k for k, _ in self.anchors):
            anchor = self.person_anchor(toks, pos) if len(toks) < 4 else None
            if anchor:
                key, label = anchor, "PERSON"
            elif norm in (k for k, _ in self.anchors):
                key = norm
        if key is None and label != "PERSON":
            compact = norm.replace(" ", "").upper()
            if len(toks) == 1 and compact in self.acronyms and doc[s:e].text.replace(".", "").isupper():
                key = self.acronyms[compact]
            else:
                anchor = self.person_anchor(toks, pos) if len(toks) == 1 and name[:1].isupper() else None
                key = anchor or norm
                if anchor:
                    label = "PERSON"
        if key is None:
            key = norm
        if label == "NORP":
            key = "norp:" + key  # nationalities never merge with the place they come from
        elif label == "ORG" and key == norm and norm in self.place_names:
            key = "org:" + key  # a club named by its city ("Leeds beat Chelsea") is not the city
        return key, canonical, label

    def add(self, s: int, e: int, label: str) -> None:
        """Add the mention ``doc[s:e]`` (in order of position) to its entity's group."""
        doc = self.doc
        key, canonical, label = self._key(s, e, label)
        g = self.group(key, doc[s].idx)
        g.label_votes[label] += 1
        g.names[canonical] += 1
        surface = doc[s:e].text
        if surface not in g.aliases:
            g.aliases.append(surface)
        self.mentions.append((key, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), surface, label))

    def result(self) -> tuple[list[LocalEntity], list[Mention]]:
        """One entity per group (label by vote, one canonical name) and the mentions keyed to them."""
        entities: list[LocalEntity] = []
        index: dict[str, int] = {}
        anchor_keys = {normalize(a) for a, _ in self.anchors}
        text = doc_text(self.doc)
        # "Park Chan" of "Park Chan-wook", "Moon Jae" of "Moon Jae-in": a name cut at its given name's hyphen.
        hyphen_cut = {k for k, _s, e, *_ in self.mentions if text[e:e + 1] == "-"}
        for k in self.order:
            g = self.groups[k]
            label = _vote(g.label_votes)
            if (label == "PERSON" and k not in hyphen_cut
                    and not _given_name_like(max(g.names, key=lambda n: (len(n.split()), g.names[n])))):
                label = "ORG"  # "Electronic Arts", "Snow Patrol", "Sale Sharks": no person's name opens so
            # The canonical name is the longest form seen (most words), then the most frequent.
            canonical = max(g.names.items(), key=lambda kv: (len(kv[0].split()), not kv[0].isupper(), kv[1], -len(kv[0])))[0]
            if k in anchor_keys:
                canonical = max((n for n in g.names if normalize(n) == k), key=lambda n: g.names[n], default=canonical)
            if canonical.isupper() and len(canonical) > 4 and "." not in canonical and (label != "ORG" or gaz.is_place(canonical.title())):
                canonical = canonical.title()  # a dateline or headline shouting a name
            index[k] = len(entities)
            entities.append(LocalEntity(key=len(entities), canonical_name=canonical, label=label, aliases=g.aliases))
        mentions = [
            Mention(entity_key=index[k], text=text[s:e], label=entities[index[k]].label, start_char=s, end_char=e)
            for k, s, e, _surface, _label in self.mentions
        ]
        return entities, mentions


def _given_name_like(name: str) -> bool:
    """False when a name of several words opens with a common English word that is no given name ("Electronic
    Arts", "Finding Nemo", "Male MPs"); initials, particles, single words, a hyphenated given name after a
    surname ("Park Ji-sung") and a given name inside ("Beach Boy Bruce Johnston") pass."""
    words = name.split()
    first = words[0] if words else ""
    return (len(words) < 2 or len(first) < 3 or not first.isalpha() or not first[0].isupper()
            or first in gaz.first_names() or zipf_frequency(first.lower(), "en") < COMMON_ZIPF
            or "-" in words[1] or any(w in gaz.first_names() for w in words[1:-1]))


def _vote(votes: Counter) -> str:
    """Majority label; ties prefer PERSON, then GPE, then ORG (names of people are rarely wrong)."""
    pref = {"PERSON": 0, "GPE": 1, "ORG": 2, "LOC": 3, "NORP": 4, "FAC": 5}
    return min(votes.items(), key=lambda kv: (-kv[1], pref.get(kv[0], 9)))[0]
