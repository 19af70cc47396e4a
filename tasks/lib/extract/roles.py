"""Titles and roles held by people in an article.

Four patterns, all driven by the title list in ``data/titles.txt``:

- a title before the name, optionally with the organisation or country that confers it
  (``U.S. Secretary of State Mike Pompeo``, ``State Department Spokesman Robert Palladino``,
  ``Venezuela's Vice President Delcy Rodriguez``, ``Sen. Marco Rubio``);
- an appositive after the name (``Robert Palladino, a State Department spokesman``,
  ``Ann Lee, chief executive of Acme``, ``Dana Whitfield, 41, a lawyer``, ``Tom Reyes, Vantage Media's editor,``)
  or set off before it (``The charity's director, Helen Marsh, said``), a title in capitals after the name
  (``Ruth Kelly MP``), and a plural title before a list of names (``UK actors, including Hugh Laurie``);
- a relative clause of membership (``Jose Cardenas, who served on the National Security Council``);
- a predicate of the name (``Holtz-Eakin served as director of the Congressional Budget Office and is now
  president of the American Action Forum``), as the relative clause ``who is the chief executive of X`` is.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from spacy.tokens import Doc, Token

from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_labels import GROUP_LABELS, ORG_LABELS, PLACE_LABELS
from tasks.lib.nlp.hyphens import as_tokens
from tasks.lib.records import LocalEntity, Mention, Role

QUALIFIERS = {"former", "interim", "acting", "deputy", "then", "then-", "outgoing", "incoming", "senior", "top", "chief"}
DETERMINERS = {"a", "an", "the", "its", "his", "her", "their"}
MEMBER_VERBS = {"served", "serves", "serve", "sits", "sat", "sit", "worked", "works", "work"}
PREDICATE_VERBS = {"be": "attr", "become": "attr", "remain": "attr", "serve": "as"}  # verb lemma -> its complement
CONDITIONS = {"if", "unless", "whether", "once", "until"}  # a verb under one of these states nothing held
# What a role can belong to: an organisation, a place (a country's minister) or a nationality ("Russian Foreign Minister").
OWNER_LABELS = ORG_LABELS | PLACE_LABELS | GROUP_LABELS
MAX_TITLE_WORDS = 5
PREFIXES = {"vice", "co", "deputy", "ex"}  # joined to a title by a hyphen: "vice-chairman"; "ex-" is "former"
MAX_FIELD_WORDS = 3  # "shadow local government secretary"
LOCATED = {"in", "near", "outside"}  # before a place where a person is, which is not who employs them


def _spellings(word: str) -> list[tuple[str, ...]]:
    """An abbreviation's tokens as written ("gov."), without the point (British "Gov") or with the point split off
    (the tokenizer splits "Lt." before "Gov.")."""
    return [(word,), (word[:-1],), (word[:-1], ".")] if word.endswith(".") else [(word,)]


@lru_cache(maxsize=1)
def titles() -> dict[tuple[str, ...], str]:
    """Lower-cased token tuples of each title (and abbreviation) -> the form a role is stored in."""
    names, abbrev = gaz.title_entries()
    out = {}
    for line in names:
        out.setdefault(as_tokens(line), line)
    for short, full in abbrev.items():
        for combo in itertools.product(*map(_spellings, short.lower().split())):
            out[sum(combo, ())] = full
    return out


def _title_ending_at(doc: Doc, end: int, start_min: int) -> tuple[int, str] | None:
    """The longest title whose last token is ``end - 1``: (start token, stored form)."""
    table = titles()
    for n in range(MAX_TITLE_WORDS, 0, -1):
        s = end - n
        if s < start_min:
            continue
        key = tuple(t.lower_ for t in doc[s:end])
        if key in table:
            return s, table[key]
    return None


def _title_in(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """The last (head) title inside tokens [start, end): (start, end, stored form). A possessor is not the head
    ("the guitarist's stepsister", "the nominee's daughter": the phrase names someone else's relative)."""
    for e in range(end, start, -1):
        hit = _title_ending_at(doc, e, start)
        if hit and not (e < len(doc) and doc[e].tag_ == "POS"):
            return hit[0], e, hit[1]
    return None


def _phrase_titles(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
    """The titles a descriptive phrase ("a former aide to President Bush", "chairman and chief executive of
    Acme") gives the person it describes: (start, end, stored form) of its head title and titles joined to it by
    "and". Only words before the phrase's first preposition that is not inside a title count ("Secretary of
    State" is one title), so the title of someone else named after "to", "for" or "of" is not taken.
    """
    table = titles()
    i = start
    while i < end:
        n = next((n for n in range(min(MAX_TITLE_WORDS, end - i), 0, -1)
                  if tuple(t.lower_ for t in doc[i:i + n]) in table), 0)
        if not n and doc[i].pos_ == "ADP":
            break
        i += n or 1
    found = []
    head = _title_in(doc, start, i)
    while head:
        found.append(head)
        head = _title_joined_before(doc, head[0], start)
    return found


def _title_joined_before(doc: Doc, s: int, start_min: int) -> tuple[int, int, str] | None:
    """The title joined by "and" to one starting at token ``s`` ("chairman and chief executive"): (start, end,
    stored form), or None."""
    if s - 1 > start_min and doc[s - 1].lower_ in {"and", "&"} and (more := _title_ending_at(doc, s - 1, start_min)):
        return more[0], s - 1, more[1]
    return None


def _qualified(doc: Doc, s: int, e: int, title: str, start_min: int, named) -> tuple[int, str]:
    """Extend the title in tokens [s, e) left over what makes it specific: (new start, role text).

    A hyphened prefix ("vice-chairman"), the field or portfolio ("Housing Minister", "economy minister", "shadow
    local government secretary": nouns compounded onto the title and adjectives before such a noun, none of them
    part of a named entity, which ``named(i)`` tells), then qualifiers ("former", "interim", "chief"). A title
    with a field keeps its words as written; a bare title takes its stored form ("Sen." -> "Senator").
    """
    role = title
    if (s - 2 >= start_min and doc[s - 1].text == "-" and doc[s - 2].lower_ in PREFIXES
            and not doc[s - 2].whitespace_ and not doc[s - 1].whitespace_):
        s -= 2
        prefix = doc[s].lower_
        role = f"former {title}" if prefix == "ex" else \
            f"{prefix.capitalize() if title[:1].isupper() else prefix}-{title}"
    field_start = s
    while s - 1 >= start_min and field_start - s < MAX_FIELD_WORDS:
        t = doc[s - 1]
        if (named(t.i) or t.lower_ in QUALIFIERS or not t.is_alpha or not s - 1 < t.head.i < e
                or t.ent_type_ in {"DATE", "TIME", "QUANTITY", "CARDINAL", "ORDINAL"}):  # "last year", "5,000m"
            break
        if not (t.pos_ in {"NOUN", "PROPN"} and t.dep_ in {"compound", "nmod"}
                or t.pos_ == "ADJ" and t.dep_ == "amod" and s < field_start):  # "local government", not "national"
            break
        s -= 1
        # a hyphened word whole: "anti-trust law professor"
        while (s - 2 >= start_min and doc[s - 1].text == "-" and not doc[s - 1].whitespace_
               and not doc[s - 2].whitespace_ and doc[s - 2].is_alpha and not named(s - 2)):
            s -= 2
    if s < field_start and s - 1 >= start_min and doc[s - 1].ent_type_ in {"ORDINAL", "CARDINAL"}:
        s += 1  # "first time actress", "two time world champion": the counted word ("time") is not a field
    if s < field_start:
        written = doc[field_start:e].text
        role = f"{doc[s:field_start].text} {written if written.lower() == role.lower() else role}"
    words = []
    while s - 1 >= start_min and doc[s - 1].lower_ in QUALIFIERS:
        s -= 1
        words.insert(0, doc[s].lower_)
    return s, " ".join([*words, role])


def extract_roles(doc: Doc, entities: list[LocalEntity], mentions: list[Mention]) -> list[Role]:
    """Roles of the article's people from title patterns, appositives and membership clauses.

    Args:
        doc: the parsed article.
        entities: the article's entities (from :func:`tasks.lib.extract.entities.extract_entities`).
        mentions: their mentions.

    Returns:
        One Role per (person, role), in order of appearance, with ``org_entity_key`` set when the
        conferring organisation or country is named and the role's character span when it is in the text.
    """
    found = _Roles(doc, entities, mentions)
    for m, start, end in found.spans:
        if entities[m.entity_key].label != "PERSON":
            continue
        sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else max(0, start - 12)
        found.title_before(m.entity_key, start, sent_start)
        found.appositive_before(m.entity_key, start, end, sent_start)
        found.after_name(m.entity_key, start, end)
        found.appositive(m.entity_key, end)
        found.listed(m.entity_key, start, end)
        found.predicate(m.entity_key, start, end)
    return found.roles


class _Roles:
    """The article's mentions by token, and the roles found so far (one per person and role)."""

    def __init__(self, doc: Doc, entities: list[LocalEntity], mentions: list[Mention]):
        self.doc, self.entities = doc, entities
        self.token_ent: dict[int, Mention] = {}
        self.spans: list[tuple[Mention, int, int]] = []
        for m in mentions:
            span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is None:
                continue
            self.spans.append((m, span.start, span.end))
            for i in range(span.start, span.end):
                self.token_ent[i] = m
        self.places = {e.key: e for e in entities if e.label in PLACE_LABELS}
        self.named = self.token_ent.__contains__  # token i is part of a named entity's mention
        self.roles: list[Role] = []
        self.seen: set[tuple[int, str]] = set()

    def org_in(self, start: int, end: int, nationality: bool = True) -> int | None:
        """The organisation or country named in tokens [start, end) (the last one), but for a place where the
        person is ("a financial adviser in Eau Claire", "spokesman for the State Department in Washington")."""
        doc, entities, token_ent = self.doc, self.entities, self.token_ent
        found = None
        located = None  # the mention after "in"/"near"/..., skipped
        for i in range(start, end):
            m = token_ent.get(i)
            if m is not None and i > start and doc[i - 1].lower_ in LOCATED and token_ent.get(i - 1) is not m \
                    and entities[m.entity_key].label in PLACE_LABELS:
                located = m
            if m is not None and m is not located and entities[m.entity_key].label in OWNER_LABELS:
                found = m.entity_key
        # A party or church confers the role itself ("Tory leader", "Democratic strategist"); a nationality only an
        # official title ("Russian Foreign Minister"), as the country, when the article names it.
        if found is not None and entities[found].label == "NORP" and entities[found].canonical_name not in gaz.owner_groups():
            stem = entities[found].canonical_name[:5].lower()
            match = [k for k, e in self.places.items() if nationality and e.canonical_name.lower().startswith(stem)]
            found = match[0] if match else None
        return found

    def token_ent_of(self, org_key: int) -> set[int]:
        return {i for i, m in self.token_ent.items() if m.entity_key == org_key}

    def add(self, key: int, role: str, org: int | None, s: int, e: int) -> None:
        if (key, role.lower()) in self.seen:
            return
        self.seen.add((key, role.lower()))
        doc = self.doc
        self.roles.append(Role(key, role, org, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))

    def title_before(self, key: int, start: int, sent_start: int) -> None:
        """1. Title before the name: "Venezuela's Vice President Delcy Rodriguez"."""
        doc, named, token_ent = self.doc, self.named, self.token_ent
        hit = _title_ending_at(doc, start, sent_start)
        if not hit:
            return
        ts, title = hit
        ts, role = _qualified(doc, ts, start, title, sent_start, named)
        held = [(ts, start, title, role)]
        # Titles joined by "and": "EBay president and chief executive Meg Whitman".
        while more := _title_joined_before(doc, ts, sent_start):
            ts, role = _qualified(doc, *more, sent_start, named)
            held.append((ts, more[1], more[2], role))
        # The organisation or country just before the title ("U.S.", "State Department", "Venezuela's"), also
        # over the title's lower-case adjectives ("Republican presidential candidate", "Russian foreign minister").
        os_ = next((j for j in range(max(sent_start + 1, ts - 2), ts) if named(j - 1) and all(
            doc[k].is_lower and doc[k].dep_ == "amod" for k in range(j, ts))), ts)
        while os_ - 1 >= sent_start and (
            doc[os_ - 1].i in token_ent or doc[os_ - 1].text in {"'s", "’s"}
        ) and not (doc[os_ - 1].i in token_ent and self.entities[token_ent[doc[os_ - 1].i].entity_key].label == "PERSON"):
            os_ -= 1
        for s, e, title, role in reversed(held):
            if os_ < ts:  # "Former Labour leader": a qualifier before the organisation
                _, role = _qualified(doc, os_, os_, role, sent_start, named)
            # A nationality confers an official title ("Russian Foreign Minister"), not "journalist".
            self.add(key, role, self.org_in(os_, ts, nationality=title[:1].isupper()), s, e)

    def appositive(self, key: int, end: int) -> None:
        """2. Appositive: "Robert Palladino, a State Department spokesman," / "..., chief executive of Acme",
        also after a party tag: "Rep. Don Beyer (D-Va.), a former lieutenant governor"."""
        doc = self.doc
        if end < len(doc) and doc[end].text == "(":
            end = next((j + 1 for j in range(end + 1, min(end + 8, len(doc))) if doc[j].text == ")"), end)
        if not (end + 1 < len(doc) and doc[end].text == ","):
            return
        a = end + 1
        if a + 2 < len(doc) and doc[a].like_num and doc[a + 1].text == ",":
            a += 2  # "Gloria Garcia, 34, a nurse": the age first
        b = a
        first = doc[a].lower_
        relative = first in {"who", "which"}
        # To the next punctuation, or verb but in a relative clause: "Ann Lee, economist at Acme said the Fed
        # ..." gives Ann Lee no role at the Fed.
        while b < len(doc) and b - a < 12 and doc[b].text not in {",", ".", ";", ":", "(", ")", '"', "“", "”"} \
                and not doc[b].is_space and (relative or doc[b].pos_ not in {"VERB", "AUX"}
                                             or doc[b].lower_ in QUALIFIERS):
            b += 1
        if relative:
            _relative(doc, key, a + 1, b, self.org_in, self.add, self.token_ent_of, self.named)
        elif first in DETERMINERS or first in QUALIFIERS or _title_ending_at(doc, a + 1, a) \
                or (owned := self.owner_end(a, b)) > a and _phrase_titles(doc, owned, b) and _closed(doc, b):
            self.phrase(key, a, b)

    def owner_end(self, a: int, b: int) -> int:
        """Where a phrase's possessive owner ends ("Time's Assistant Managing Editor": at "Assistant"), or ``a``."""
        m = self.token_ent.get(a)
        if m is None or self.entities[m.entity_key].label not in OWNER_LABELS:
            return a
        i = a
        while i < b and self.token_ent.get(i) is m:
            i += 1
        return i + 1 if i < b and self.doc[i].tag_ == "POS" else a

    def appositive_before(self, key: int, start: int, end: int, sent_start: int) -> None:
        """2b. The appositive set off before the name: "The Tory finance spokesman, Brian Monteith MSP, said",
        "Its chief executive, Ann Lee, said": a phrase opening the sentence or a clause with a determiner or an
        owner's possessive, then the name between commas."""
        doc = self.doc
        if start - 2 < sent_start or doc[start - 1].text != ",":
            return
        close = next((j for j in range(end, min(end + 2, len(doc))) if doc[j].text == ","), None)
        if close is None or any(not doc[j].is_upper for j in range(end, close)):  # "Brian Monteith MSP,"
            return
        a = start - 1
        while a - 1 >= sent_start and start - 1 - a < 12 and doc[a - 1].text not in {",", ";", ":", "(", '"', "“"} \
                and not doc[a - 1].is_space and doc[a - 1].pos_ not in {"VERB", "AUX"}:
            a -= 1
        if doc[a].lower_ in DETERMINERS or doc[a].lower_ in QUALIFIERS or self.owner_end(a, start - 1) > a:
            self.phrase(key, a, start - 1)

    def after_name(self, key: int, start: int, end: int) -> None:
        """2c. A title written in capitals right after the name: "Ruth Kelly MP", "Guy Mansfield QC" (also when the
        model's span ran over it)."""
        doc = self.doc
        for i in (end - 1, end) if end - start > 1 else (end,):
            if i < len(doc) and doc[i].is_upper and (hit := _title_ending_at(doc, i + 1, i)):
                self.add(key, hit[1], None, i, i + 1)
                return

    def listed(self, key: int, start: int, end: int) -> None:
        """2d. One of a list a plural title introduces: "UK actors, including Hugh Laurie, Stephen Fry and Miranda
        Richardson", "candidates such as Jeb Bush": each holds the title."""
        t = self.doc[start:end].root
        while t.dep_ == "conj" and t.head.i < t.i:
            t = t.head
        prep, noun = t.head, t.head.head
        listing = prep.lower_ == "including" or prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)
        if t.dep_ == "pobj" and listing and noun.tag_ == "NNS" and (title := titles().get((noun.lemma_.lower(),))):
            self.add(key, title, None, noun.i, noun.i + 1)

    def predicate(self, key: int, start: int, end: int) -> None:
        """4. Predicate: "Holtz-Eakin served as director of the Congressional Budget Office"."""
        for a, b in _predicates(self.doc, start, end):
            self.phrase(key, a, b)

    def phrase(self, key: int, a: int, b: int) -> None:
        """The titles a descriptive phrase in tokens [a, b) gives its person, with the owner it names."""
        for ts, te, title in reversed(_phrase_titles(self.doc, a, b)):
            ts, role = _qualified(self.doc, ts, te, title, a, self.named)
            self.add(key, role, self.org_in(a, b), ts, te)


def _closed(doc: Doc, b: int) -> bool:
    """The phrase ending before token ``b`` is set off: a comma or the sentence's end follows ("Clinton, FBI's bad
    rep grows" is a headline's clause, not an appositive)."""
    return b >= len(doc) or doc[b].text in {",", ".", ";", ")"} or doc[b].is_space


def _predicates(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of what a name is said to be (``is now president of X``, ``served as director of Y``), as the
    subject of a verb of being or serving and of the verbs coordinated with it that have no subject of their own;
    only a verb that asserts counts (``_asserted``), and a complement stops at its first comma."""
    subject = doc[start:end].root
    if subject.dep_ != "nsubj":
        return []
    verb = subject.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                      and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    out = []
    for v in verbs:
        kind = PREDICATE_VERBS.get(v.lemma_.lower())
        if kind is None or not _asserted(v):
            continue
        heads = ([c for c in v.children if c.dep_ == "attr"] if kind == "attr" else
                 [o for c in v.children if c.dep_ == "prep" and c.lower_ == kind for o in c.children if o.dep_ == "pobj"])
        for h in heads:
            a, b = h.left_edge.i, h.right_edge.i + 1
            b = next((i for i in range(a, b) if doc[i].text in {",", ";", ":", "("}), b)
            out.append((a, b))
    return out


def _asserted(verb: Token) -> bool:
    """A verb that states what is or was: finite or perfect ("has become"), not negated, without a modal and outside
    a condition ("will be president", "to become president", "being a founder of", "if ... becomes vice president"
    say nothing held)."""
    perfect = verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if verb.tag_ not in ("VBZ", "VBD", "VBP") and not perfect:
        return False
    heads = [verb, verb.head] if verb.dep_ == "conj" else [verb]
    return not any(c.dep_ == "neg" or c.dep_ == "aux" and c.tag_ == "MD" or c.dep_ == "mark" and c.lower_ in CONDITIONS
                   for h in heads for c in h.children)


def _relative(doc: Doc, key: int, a: int, b: int, org_in, add, token_ent_of, named) -> None:
    """``who served on the X`` -> member of X; ``who is the chief executive of X`` -> that title."""
    if a >= b:
        return
    verb = doc[a].lower_
    if verb in MEMBER_VERBS and a + 1 < b and doc[a + 1].lower_ in {"on", "at", "for", "in", "with"}:
        org = org_in(a + 2, b)
        if org is not None:
            last = max(i for i in range(a + 2, b) if i in token_ent_of(org))
            add(key, "member" if doc[a + 1].lower_ in {"on", "in"} else "staff", org, a, last + 1)
        return
    if verb in {"is", "was", "serves", "served"}:
        for ts, te, title in reversed(_phrase_titles(doc, a + 1, b)):
            ts, role = _qualified(doc, ts, te, title, a + 1, named)
            add(key, role, org_in(a + 1, b), ts, te)
