"""Cross-article entity resolution: one stable ``entity_id`` per real-world person, organisation or place.

Each article's entities arrive already canonicalised within the article (``tasks.lib.extract.entities``). This
module links them to the entities the warehouse already knows, or creates new ones:

* names are compared after transliteration folding (``Guaidó``/``Guaido``, ``Sergey``/``Sergei``), given-name
  variants (``Bill``/``William``) and, for organisations, acronyms and word order (``State Department``/
  ``Department of State``);
* a person known only by a surname (``Lavrov``) joins a fuller name when exactly one known person fits, or
  when co-occurring entities and roles single one out; a single token never matches a first name;
* two people whose given names or middle initials conflict never merge (``George W. Bush`` vs
  ``George H. W. Bush``, ``Hillary Clinton`` vs ``Bill Clinton``).

It is incremental: an existing ``entity_id`` never changes, aliases grow, and within one call the most
specific names (most tokens) are resolved first so the outcome does not depend on article order for the
common "full name in one article, surname in another" case. Candidates come from blocking indexes (by
folded surname, normalised name and acronym), so known-entity count only costs index build time.
No I/O: profiles in, ids and profiles out; the caller persists them.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from tasks.lib import vocab
from tasks.lib.extract import entity_labels
from tasks.lib.records import LocalEntity, Role

MAX_NEIGHBOURS = 200  # evidence list cap per profile; keeps rows bounded for very frequent entities
MAX_ALIASES = 100
MAX_ROLES = 50

# Name-match strengths. STRONG matches are taken outright; weaker ones need a unique candidate or evidence.
EXACT, FOLDED, VARIANT, PARTIAL_MIDDLE, INITIAL, SURNAME_ONLY, FUZZY = 1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5
STRONG = VARIANT
MARGIN = 0.2  # total-score lead the best of several candidates needs over the runner-up
PROMINENCE_MIN, PROMINENCE_RATIO = 5, 5  # doc counts for the prominence prior on weak matches
# Label groups (tasks/lib/data/entity_labels.json): spaCy swaps GPE/LOC/FAC for the same place.
GROUPS = tuple(entity_labels.GROUPS)


@dataclass
class EntityProfile:
    """One row of the warehouse ``entities`` table plus the evidence used to resolve new mentions.

    Attributes:
        entity_id: stable id (never changes once issued).
        canonical_name: display name; a surname-only entity is upgraded to the first full name that joins it.
        label: PERSON, ORG, GPE, LOC, NORP, FAC, ...
        aliases: every surface form seen, first-seen order.
        roles: role strings seen with the entity (``Secretary of State``).
        neighbours: entity_ids that co-occurred with it in some article (capped at ``MAX_NEIGHBOURS``).
        doc_count: number of articles it was resolved in.
    """

    entity_id: str
    canonical_name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)
    doc_count: int = 0


@dataclass
class ArticleEntities:
    """One article's local entities and roles, as produced by the extract stage."""

    doc_id: str
    entities: list[LocalEntity]
    roles: list[Role] = field(default_factory=list)


@dataclass
class Resolution:
    """Result of :func:`resolve`.

    Attributes:
        ids: ``(doc_id, local entity key) -> entity_id`` for every local entity in the batch.
        profiles: new and updated profiles (each once), in first-touched order; upsert them by entity_id.
        created: entity_ids created in this call.
    """

    ids: dict[tuple[str, int], str]
    profiles: list[EntityProfile]
    created: list[str]


# ---------------------------------------------------------------- word lists


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in vocab.table("resolve_words.json").items()}


@lru_cache(maxsize=1)
def _given_variants() -> dict[str, frozenset[int]]:
    """Given name -> ids of the variant groups it belongs to."""
    groups: dict[str, set[int]] = defaultdict(set)
    for i, line in enumerate(vocab.lines("name_variants.txt")):
        for name in line.split():
            groups[_skeleton(name)].add(i)
    return {k: frozenset(v) for k, v in groups.items()}


@lru_cache(maxsize=1)
def _place_aliases() -> dict[str, str]:
    """Normalised place alias -> normalised canonical place name."""
    out: dict[str, str] = {}
    for line in vocab.lines("place_aliases.txt"):
        names = [n for n in line.split("\t") if n.strip()]
        for n in names:
            out[normalize_name(n)] = normalize_name(names[0])
    return out


# ---------------------------------------------------------------- normalisation


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Lower-case ASCII form of a name: diacritics folded, possessive and punctuation dropped.

    Args:
        name: surface or canonical name.

    Returns:
        e.g. ``"Juan Guaidó's"`` -> ``"juan guaido"``, ``"U.S."`` -> ``"us"``.
    """
    s = unidecode(name).lower()
    s = re.sub(r"['’`]s\b", "", s)  # possessive
    s = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", s)  # U.S. -> us, keeps "G. W." initials apart below
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return s.strip()


_FOLD_RULES = (
    (re.compile(r"^ye"), "e"),  # Yevgeny / Evgeny
    (re.compile(r"ph"), "f"),
    (re.compile(r"kh"), "h"),  # Mikhail / Mihail
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),  # Alexei / Aleksei
    (re.compile(r"w"), "v"),  # Wladimir / Vladimir
    (re.compile(r"(?:iy|yy|ij)$"), "i"),  # Dmitriy / Dmitri, Zelenskyy / Zelenskiy
    (re.compile(r"y"), "i"),  # Sergey / Sergei
    (re.compile(r"ou"), "u"),  # Iouri / Yuri-ish French transliterations
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters
)


@lru_cache(maxsize=200_000)
def _skeleton(token: str) -> str:
    """Transliteration-folded form of one name token (``sergey`` and ``sergei`` -> ``sergei``)."""
    s = re.sub(r"[^a-z]", "", unidecode(token).lower())
    for pattern, repl in _FOLD_RULES:
        s = pattern.sub(repl, s)
    return s


def _consonants(skel: str) -> str:
    return skel[0] + re.sub(r"[aeiou]", "", skel[1:]) if skel else skel


@dataclass(frozen=True)
class _PersonName:
    given: str  # skeleton of the first given name ("" for a single-token name)
    middles: tuple[str, ...]  # skeletons of middle names or initials
    surname: str  # skeleton of the last name token
    rest: tuple[str, ...]  # skeletons of every token after the first (second surnames, particles)
    suffix: str  # jr, sr, iii ... ("" when none)
    tokens: tuple[str, ...]  # all skeletons in order


@lru_cache(maxsize=200_000)
def _parse_person(name: str) -> _PersonName | None:
    words = _words()
    toks = normalize_name(name).split()
    while len(toks) > 1 and toks[0] in words["honorifics"]:
        toks = toks[1:]
    suffix = ""
    if len(toks) > 1 and toks[-1] in words["name_suffixes"]:
        suffix = toks.pop()
    skels = tuple(s for s in (_skeleton(t) for t in toks) if s)
    if not skels:
        return None
    if len(skels) == 1:
        return _PersonName("", (), skels[0], (skels[0],), suffix, skels)
    return _PersonName(skels[0], skels[1:-1], skels[-1], skels[1:], suffix, skels)


def _genders(names: list[str]) -> frozenset[str]:
    """Genders implied by courtesy titles in a set of names ("Mrs Howard" -> {"f"})."""
    words = _words()
    out = set()
    for n in names:
        first = normalize_name(n).split()[:1]
        if first and first[0] in words["male_honorifics"]:
            out.add("m")
        elif first and first[0] in words["female_honorifics"]:
            out.add("f")
    return frozenset(out)


def _org_key(name: str) -> str:
    """Order-free key for an organisation: content words sorted (``State Department`` = ``Department of State``)."""
    filler, skip = _words()["org_filler"], _words()["acronym_skip"]
    toks = [t for t in normalize_name(name).split() if t not in filler and t not in skip]
    return " ".join(sorted(toks))


def _acronym(name: str) -> str:
    """Initials of an organisation's content words (``National Security Council`` -> ``nsc``); "" if < 2."""
    skip, filler = _words()["acronym_skip"], _words()["org_filler"]
    toks = [t for t in normalize_name(name).split() if t not in skip and t not in filler]
    return "".join(t[0] for t in toks) if len(toks) >= 2 else ""


def _looks_like_acronym(surface: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return 2 <= len(letters) <= 8 and letters.isupper()


def entity_id_for(canonical_name: str, label: str) -> str:
    """Deterministic id for a new entity.

    Args:
        canonical_name: the entity's name when first seen.
        label: its NER label.

    Returns:
        ``"ent_"`` + 16 hex digits of sha1(label group | normalised name).
    """
    group = entity_labels.group_of(label)
    digest = hashlib.sha1(f"{group}|{normalize_name(canonical_name)}".encode()).hexdigest()
    return "ent_" + digest[:16]


def _role_keys(role: str) -> set[str]:
    """A role normalised, and its head word: "Housing Minister" in one article and "minister" in another agree."""
    words = [t for t in normalize_name(role).split() if t not in {"the", "former", "us", "then"}]
    head = words[:words.index("of")] if "of" in words else words  # "secretary of state" -> secretary
    return {" ".join(words), head[-1]} if head else set()


# ---------------------------------------------------------------- person name comparison


def _given_compatible(a: str, b: str) -> float:
    """Strength with which two given-name skeletons may denote the same first name (0 = conflict)."""
    if a == b:
        return FOLDED
    if len(a) == 1 or len(b) == 1:  # an initial
        return INITIAL if a[0] == b[0] else 0.0
    va, vb = _given_variants().get(a), _given_variants().get(b)
    if va and vb and va & vb:
        return VARIANT
    if len(a) >= 5 and len(b) >= 5 and _consonants(a) == _consonants(b):  # Mohammed / Muhammad
        return VARIANT
    return 0.0


def _middles_conflict(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle names conflict when both are given and differ (``W.`` vs ``H. W.``); an initial fits its name."""
    if not a or not b:
        return False
    if len(a) != len(b):
        return True
    return any(not (x == y or (min(len(x), len(y)) == 1 and x[0] == y[0])) for x, y in zip(a, b))


def person_match(query: str, known: str) -> float:
    """How strongly two person names may denote the same person, from the names alone.

    Args:
        query: the incoming name (canonical within its article).
        known: a known entity's name or alias.

    Returns:
        0.0 when they conflict, else one of EXACT, FOLDED, VARIANT, PARTIAL_MIDDLE, INITIAL,
        SURNAME_ONLY, FUZZY (see module constants).
    """
    q, k = _parse_person(query), _parse_person(known)
    if q is None or k is None:
        return 0.0
    if q.suffix and k.suffix and q.suffix != k.suffix:
        return 0.0
    if normalize_name(query) == normalize_name(known):
        return EXACT
    if q.tokens == k.tokens:
        return FOLDED
    if not q.given or not k.given:  # at least one side is a single token
        if not q.given and not k.given:
            return 0.0  # different single tokens
        single, full = (q, k) if not q.given else (k, q)
        # A lone token matches the surname, never a first or middle name ("Bill" is not Sonny Bill Williams).
        return SURNAME_ONLY if single.surname == full.surname else 0.0
    given = _given_compatible(q.given, k.given)
    if not given or _middles_conflict(q.middles, k.middles):
        return 0.0
    if q.surname == k.surname:
        score = min(given, VARIANT)
        if bool(q.middles) != bool(k.middles):
            score = min(score, PARTIAL_MIDDLE)
        return score
    # Second surnames: "Nicolas Maduro" vs "Nicolas Maduro Moros".
    short, long_ = (q, k) if len(q.tokens) < len(k.tokens) else (k, q)
    if len(short.tokens) == 2 and short.surname in long_.rest:
        return min(given, PARTIAL_MIDDLE)
    if (
        len(q.surname) >= 5
        and q.surname[0] == k.surname[0]
        and JaroWinkler.normalized_similarity(q.surname, k.surname) >= 0.9
    ):
        return min(given, FUZZY)  # typo-level surname difference: needs context evidence
    return 0.0


# ---------------------------------------------------------------- the resolver


class Resolver:
    """Blocking indexes over known entity profiles; resolves batches and learns from them.

    Keep one instance per run (or per process) to avoid rebuilding indexes; :func:`resolve` is the
    stateless wrapper.
    """

    def __init__(self, known: list[EntityProfile] | None = None) -> None:
        self.profiles: dict[str, EntityProfile] = {}
        self._by_token: dict[str, set[str]] = defaultdict(set)  # person: surname-ish token skeleton -> ids
        self._by_given_initial: dict[tuple[str, str], set[str]] = defaultdict(set)  # (given, surname[0])
        self._by_name: dict[tuple[str, str], set[str]] = defaultdict(set)  # (label group, normalised name)
        self._by_org_key: dict[str, set[str]] = defaultdict(set)
        self._by_acronym: dict[str, set[str]] = defaultdict(set)  # org known by an acronym: its letters
        self._by_initials: dict[str, set[str]] = defaultdict(set)  # org known by a full name: its initials
        for p in known or []:
            self._add(p)

    # -- indexing

    def _add(self, p: EntityProfile) -> None:
        self.profiles[p.entity_id] = p
        for name in [p.canonical_name, *p.aliases]:
            self._index_name(p, name)

    def _index_name(self, p: EntityProfile, name: str) -> None:
        for index, key in self._index_keys(p, name):
            index[key].add(p.entity_id)

    def _index_keys(self, p: EntityProfile, name: str) -> list[tuple[dict, object]]:
        """The blocking-index entries under which a profile is found by one of its names."""
        group = entity_labels.group_of(p.label)
        norm = normalize_name(name)
        if not norm:
            return []
        keys: list[tuple[dict, object]] = [(self._by_name, (group, norm))]
        if group == "PLACE" and norm in _place_aliases():
            keys.append((self._by_name, (group, _place_aliases()[norm])))
        if p.label == "PERSON":
            parsed = _parse_person(name)
            if parsed:
                keys += [(self._by_token, tok) for tok in parsed.rest]
                if parsed.given:
                    keys.append((self._by_given_initial, (parsed.given, parsed.surname[0])))
        elif p.label == "ORG":
            key = _org_key(name)
            if key:
                keys.append((self._by_org_key, key))
            if _looks_like_acronym(name):
                keys.append((self._by_acronym, norm.replace(" ", "")))
            elif acr := _acronym(name):
                keys.append((self._by_initials, acr))
        return keys

    def forget(self, entity_ids: set[str]) -> set[str]:
        """Drop entities (their only articles are being replaced); returns the ids of profiles whose
        neighbours named them, now pruned, so the caller can write those rows again."""
        for eid in entity_ids:
            p = self.profiles.pop(eid, None)
            if p is None:
                continue
            for name in [p.canonical_name, *p.aliases]:
                for index, key in self._index_keys(p, name):
                    if key in index:
                        index[key].discard(eid)
                        if not index[key]:
                            del index[key]
        pruned = set()
        for p in self.profiles.values():
            if not entity_ids.isdisjoint(p.neighbours):
                p.neighbours = [n for n in p.neighbours if n not in entity_ids]
                pruned.add(p.entity_id)
        return pruned

    # -- candidate scoring

    def _name_candidates(self, ent: LocalEntity) -> dict[str, float]:
        """Known entity ids that the local entity's names may denote, with the name-match strength."""
        names = list(dict.fromkeys([ent.canonical_name, *ent.aliases]))
        group = entity_labels.group_of(ent.label)
        out: dict[str, float] = {}

        def put(eid: str, score: float) -> None:
            if score > out.get(eid, 0.0):
                out[eid] = score

        if ent.label == "PERSON":
            parsed = _parse_person(ent.canonical_name)
            if parsed is None:
                return out
            ids: set[str] = set()
            for tok in parsed.rest:  # every token after the first may be (one of) the surname(s)
                ids |= self._by_token.get(tok, set())
            if parsed.given:  # typo-level surname variants share the given name and surname initial
                ids |= self._by_given_initial.get((parsed.given, parsed.surname[0]), set())
            full_known = {eid for eid in ids if _parse_person(self.profiles[eid].canonical_name).given}
            gender = _genders(names)
            for eid in sorted(ids):
                p = self.profiles[eid]
                if gender and len(gender | _genders(p.aliases)) > 1:
                    continue  # Mr vs Mrs: different people
                known_full = eid in full_known
                if parsed.given and not known_full and full_known & self._by_token.get(parsed.surname, set()):
                    continue  # a surname-only entity is absorbed only when no known full name competes
                if known_full and not person_match(ent.canonical_name, p.canonical_name):
                    continue  # aliases may add evidence but never bridge a conflict with the full name
                best = 0.0
                for n in [p.canonical_name, *p.aliases]:
                    n_parsed = _parse_person(n)
                    if n_parsed is None:
                        continue
                    if known_full and not n_parsed.given:
                        # A one-token alias ("Clinton") of a full-name entity is only a surname hint.
                        score = SURNAME_ONLY if not parsed.given and n_parsed.surname == parsed.surname else 0.0
                    else:
                        score = person_match(ent.canonical_name, n)
                        if score == EXACT and not parsed.given and full_known:
                            # a surname-only entity competes on evidence with the full names, not ahead
                            score = SURNAME_ONLY
                    best = max(best, score)
                if best:
                    put(eid, best)
            return out

        for name in names:
            norm = normalize_name(name)
            for eid in self._by_name.get((group, norm), ()):
                put(eid, EXACT)
            if group == "PLACE" and norm in _place_aliases():
                for eid in self._by_name.get((group, _place_aliases()[norm]), ()):
                    put(eid, FOLDED)
            if ent.label == "ORG":
                key = _org_key(name)
                for eid in self._by_org_key.get(key, ()) if key else ():
                    put(eid, FOLDED)
                # An acronym may stand for a known full name; a full name joins an entity known only by its
                # acronym (which then learns it). Not between full names, even through an acronym alias:
                # "Los Angeles" is not "London Assembly", nor "Banda Aceh" the "British Airways" known as "BA".
                if _looks_like_acronym(name):
                    for eid in self._by_initials.get(norm.replace(" ", ""), ()):
                        put(eid, SURNAME_ONLY)
                elif acronym := _acronym(name):
                    for eid in self._by_acronym.get(acronym, ()):
                        if all(_looks_like_acronym(a) for a in self.profiles[eid].aliases):
                            put(eid, SURNAME_ONLY)
        return out

    def _evidence(self, eid: str, roles: set[str], neighbours: set[str]) -> float:
        p = self.profiles[eid]
        score = 0.0
        if roles and roles & {k for r in p.roles for k in _role_keys(r)}:
            score += 0.2
        if neighbours:
            shared = len(neighbours & set(p.neighbours))
            score += min(0.3, 0.1 * shared)
        return score

    def _choose(self, cands: dict[str, float], roles: set[str], neighbours: set[str]) -> str | None:
        """Pick the known entity for one local entity, or None to create a new one."""
        if not cands:
            return None
        scored = sorted(
            ((name + self._evidence(eid, roles, neighbours), name, eid) for eid, name in cands.items()),
            key=lambda t: (-t[0], -t[1], -self.profiles[t[2]].doc_count, t[2]),
        )
        if len(scored) > 1 and scored[0][1] < STRONG:
            # Prominence prior for weak (e.g. surname-only) matches: "Blair" in the news is far more often
            # the Blair with 150 articles than a namesake with 3. Equally known namesakes get no boost.
            counts = sorted((self.profiles[e].doc_count for _, n, e in scored if n == scored[0][1]), reverse=True)
            by_count = max(scored, key=lambda t: (t[1], self.profiles[t[2]].doc_count))
            if len(counts) > 1 and counts[0] >= PROMINENCE_MIN and counts[0] >= PROMINENCE_RATIO * counts[1]:
                scored = sorted(
                    ((t[0] + (MARGIN if t is by_count else 0.0), t[1], t[2]) for t in scored),
                    key=lambda t: (-t[0], -t[1], -self.profiles[t[2]].doc_count, t[2]),
                )
        total, name, eid = scored[0]
        evidence = total - name
        if name <= FUZZY and evidence < 0.2:
            return None  # typo-level surname match without corroboration
        if len(scored) == 1:
            return eid
        second_total, second_name = scored[1][0], scored[1][1]
        if name >= STRONG and (name > second_name or second_name >= STRONG):
            return eid  # strong beats weaker; between equally strong duplicates the sort order decides
        if total - second_total >= MARGIN - 1e-9:
            return eid
        return None

    def _lone_namesake(self, ent: LocalEntity) -> str | None:
        """The known entity of a lone name no candidate won (``Smith`` among several Smiths), if any.

        Every unresolved ``Smith`` joins that one entity instead of adding another ``Smith`` each time: the
        ambiguous ones scored equal, so each new one would be as undecidable as the last.
        """
        parsed = _parse_person(ent.canonical_name) if ent.label == "PERSON" else None
        if parsed is None or parsed.given:
            return None
        namesakes = (self.profiles[e] for e in self._by_name.get(("PERSON", normalize_name(ent.canonical_name)), ()))
        lone = [p for p in namesakes if (known := _parse_person(p.canonical_name)) and not known.given]
        return min(lone, key=lambda p: (-p.doc_count, p.entity_id)).entity_id if lone else None

    def _relabelled(self, ent: LocalEntity, chosen: str | None) -> str | None:
        """For a PERSON mention, the non-person of the same name when far more articles label it so.

        The model reads a capitalised name as a person now and then (``Yukos``, ``Xbox``, ``Everton`` in a few
        of their articles): when most articles call the name an organisation, place or group, the PERSON label
        is the error. Only where the mention's own label has nothing better than the same name (``chosen``:
        none, or an entity of exactly this name), and with the prominence rule of surnames. The other way
        round is not trusted: the same model calls ``Anfield`` and ``Glasgow`` a person in most articles, and
        between ORG and place labels a name is often two real things (a city and its football club).
        """
        norm = normalize_name(ent.canonical_name)
        if ent.label != "PERSON" or (chosen is not None and
                                     normalize_name(self.profiles[chosen].canonical_name) != norm):
            return None
        others = [self.profiles[e] for g in GROUPS if g != "PERSON" for e in self._by_name.get((g, norm), ())
                  if normalize_name(self.profiles[e].canonical_name) == norm]
        if not others:
            return None
        best = min(others, key=lambda p: (-p.doc_count, p.entity_id))
        own = self.profiles[chosen].doc_count if chosen else 0
        if best.doc_count >= PROMINENCE_MIN and best.doc_count >= PROMINENCE_RATIO * max(own, 1):
            return best.entity_id
        return None

    # -- updating

    def _new_profile(self, ent: LocalEntity) -> EntityProfile:
        eid = base = entity_id_for(ent.canonical_name, ent.label)
        n = 1
        while eid in self.profiles:  # a distinct entity with the same name already exists
            n += 1
            eid = base + f"_{n}"
        p = EntityProfile(eid, ent.canonical_name, ent.label, aliases=[])
        self._add(p)
        return p

    def _add_neighbours(self, batch: list[ArticleEntities], ids: dict[tuple[str, int], str]) -> None:
        for a in batch:
            doc_ids = list(dict.fromkeys(ids[(a.doc_id, e.key)] for e in a.entities if (a.doc_id, e.key) in ids))
            for eid in doc_ids:
                p = self.profiles[eid]
                seen = set(p.neighbours)
                for other in doc_ids:
                    if other != eid and other not in seen and len(p.neighbours) < MAX_NEIGHBOURS:
                        p.neighbours.append(other)
                        seen.add(other)

    def _absorb(self, p: EntityProfile, ent: LocalEntity, roles: list[str], new_doc: bool) -> None:
        if p.label == "PERSON":
            cur, new = _parse_person(p.canonical_name), _parse_person(ent.canonical_name)
            if cur and new and not cur.given and new.given:
                p.canonical_name = ent.canonical_name  # surname-only entity learns the full name
        for alias in [ent.canonical_name, *ent.aliases]:
            if alias not in p.aliases and len(p.aliases) < MAX_ALIASES:
                p.aliases.append(alias)
                self._index_name(p, alias)
        for r in roles:
            if r not in p.roles and len(p.roles) < MAX_ROLES:
                p.roles.append(r)
        p.doc_count += int(new_doc)

    # -- public

    def resolve(self, batch: list[ArticleEntities]) -> Resolution:
        """Assign an entity_id to every local entity of the batch, creating or updating profiles.

        Args:
            batch: articles with their local entities and roles.

        Returns:
            A :class:`Resolution`; the resolver's own profiles are updated in place as well.
        """
        touched: dict[str, None] = {}
        created: list[str] = []
        ids: dict[tuple[str, int], str] = {}
        role_strings: dict[tuple[str, int], list[str]] = defaultdict(list)
        for a in batch:
            for r in a.roles:
                if r.role and r.role not in role_strings[(a.doc_id, r.entity_key)]:
                    role_strings[(a.doc_id, r.entity_key)].append(r.role)

        # Most specific first: multi-token people and all non-people, then single-token names.
        def specificity(item: tuple[int, int, ArticleEntities, LocalEntity]) -> tuple:
            _, _, _, ent = item
            parsed = _parse_person(ent.canonical_name) if ent.label == "PERSON" else None
            ntok = len(parsed.tokens) if parsed else 2
            return (0 if ntok >= 2 else 1, -ntok, item[0], item[1])

        items = [(ai, ei, a, e) for ai, a in enumerate(batch) for ei, e in enumerate(a.entities)]
        first_pass: list[tuple[ArticleEntities, LocalEntity]] = []
        deferred: list[tuple[ArticleEntities, LocalEntity]] = []
        for _, _, a, ent in sorted(items, key=specificity):
            cands = self._name_candidates(ent)
            strong = [eid for eid, s in cands.items() if s >= STRONG]
            if not cands or strong or len(cands) == 1:
                first_pass.append((a, ent))
            else:
                deferred.append((a, ent))  # ambiguous: decide once the article's other entities are known

        counted: set[tuple[str, str]] = set()
        for group in (first_pass, deferred):
            for a, ent in group:
                key = (a.doc_id, ent.key)
                neighbours = {ids[(a.doc_id, o.key)] for o in a.entities if (a.doc_id, o.key) in ids}
                roles = {k for r in role_strings.get(key, []) for k in _role_keys(r)}
                eid = self._choose(self._name_candidates(ent), roles, neighbours) or self._lone_namesake(ent)
                eid = self._relabelled(ent, eid) or eid
                if eid is None:
                    p = self._new_profile(ent)
                    created.append(p.entity_id)
                    eid = p.entity_id
                self._absorb(self.profiles[eid], ent, role_strings.get(key, []), (a.doc_id, eid) not in counted)
                counted.add((a.doc_id, eid))
                ids[key] = eid
                touched[eid] = None
            # Co-occurrence evidence, so the deferred (ambiguous) names can already use this batch's.
            self._add_neighbours(batch, ids)
        return Resolution(ids=ids, profiles=[self.profiles[e] for e in touched], created=created)


def resolve(batch: list[ArticleEntities], known: list[EntityProfile]) -> Resolution:
    """Resolve a batch of articles' entities against the known entities (stateless wrapper).

    Args:
        batch: articles with their local entities and roles.
        known: profiles already in the warehouse. They are copied, not modified.

    Returns:
        A :class:`Resolution` with an id for every ``(doc_id, key)`` and the new or updated profiles.
    """
    copies = [
        EntityProfile(p.entity_id, p.canonical_name, p.label, list(p.aliases), list(p.roles),
                      list(p.neighbours), p.doc_count)
        for p in known
    ]
    return Resolver(copies).resolve(batch)
