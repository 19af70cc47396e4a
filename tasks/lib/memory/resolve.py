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

from collections import defaultdict
from dataclasses import dataclass, field

from tasks.lib.extract import entity_labels
from tasks.lib.memory.names import (
    EXACT,
    FOLDED,
    FUZZY,
    SURNAME_ONLY,
    VARIANT,
    acronym,
    entity_id_for,
    genders,
    looks_like_acronym,
    normalize_name,
    org_key,
    parse_person,
    person_match,
    place_aliases,
    role_keys,
)
from tasks.lib.memory.profile_index import EntityProfile, ProfileIndex
from tasks.lib.records import LocalEntity, Role

MAX_NEIGHBOURS = 200  # evidence list cap per profile; keeps rows bounded for very frequent entities
MAX_ALIASES = 100
MAX_ROLES = 50

STRONG = VARIANT  # name matches this strong are taken outright; weaker ones need a unique candidate or evidence
MARGIN = 0.2  # total-score lead the best of several candidates needs over the runner-up
PROMINENCE_MIN, PROMINENCE_RATIO = 5, 5  # doc counts for the prominence prior on weak matches
# Label groups (tasks/lib/data/entity_labels.json): spaCy swaps GPE/LOC/FAC for the same place.
GROUPS = tuple(entity_labels.GROUPS)


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


class Resolver(ProfileIndex):
    """Resolves batches against the known profiles (its blocking indexes) and learns from them.

    Keep one instance per run (or per process) to avoid rebuilding indexes; :func:`resolve` is the
    stateless wrapper.
    """

    # -- candidate scoring

    def _name_candidates(self, ent: LocalEntity) -> dict[str, float]:
        """Known entity ids that the local entity's names may denote, with the name-match strength."""
        names = list(dict.fromkeys([ent.canonical_name, *ent.aliases]))
        if ent.label == "PERSON":
            return self._person_candidates(ent, names)
        group = entity_labels.group_of(ent.label)
        out: dict[str, float] = {}

        def put(eid: str, score: float) -> None:
            if score > out.get(eid, 0.0):
                out[eid] = score

        for name in names:
            norm = normalize_name(name)
            for eid in self._by_name.get((group, norm), ()):
                put(eid, EXACT)
            if group == "PLACE" and norm in place_aliases():
                for eid in self._by_name.get((group, place_aliases()[norm]), ()):
                    put(eid, FOLDED)
            if ent.label == "ORG":
                key = org_key(name)
                for eid in self._by_org_key.get(key, ()) if key else ():
                    put(eid, FOLDED)
                # An acronym may stand for a known full name; a full name joins an entity known only by its
                # acronym (which then learns it). Not between full names, even through an acronym alias:
                # "Los Angeles" is not "London Assembly", nor "Banda Aceh" the "British Airways" known as "BA".
                if looks_like_acronym(name):
                    for eid in self._by_initials.get(norm.replace(" ", ""), ()):
                        put(eid, SURNAME_ONLY)
                elif initials := acronym(name):
                    for eid in self._by_acronym.get(initials, ()):
                        if all(looks_like_acronym(a) for a in self.profiles[eid].aliases):
                            put(eid, SURNAME_ONLY)
        return out

    def _person_candidates(self, ent: LocalEntity, names: list[str]) -> dict[str, float]:
        """Known people the local person may be: found by surname tokens, scored on every name they have."""
        out: dict[str, float] = {}
        parsed = parse_person(ent.canonical_name)
        if parsed is None:
            return out
        ids: set[str] = set()
        for tok in parsed.rest:  # every token after the first may be (one of) the surname(s)
            ids |= self._by_token.get(tok, set())
        if parsed.given:  # typo-level surname variants share the given name and surname initial
            ids |= self._by_given_initial.get((parsed.given, parsed.surname[0]), set())
        full_known = {eid for eid in ids if parse_person(self.profiles[eid].canonical_name).given}
        gender = genders(names)
        for eid in sorted(ids):
            p = self.profiles[eid]
            if gender and len(gender | genders(p.aliases)) > 1:
                continue  # Mr vs Mrs: different people
            known_full = eid in full_known
            if parsed.given and not known_full and full_known & self._by_token.get(parsed.surname, set()):
                continue  # a surname-only entity is absorbed only when no known full name competes
            if known_full and not person_match(ent.canonical_name, p.canonical_name):
                continue  # aliases may add evidence but never bridge a conflict with the full name
            best = 0.0
            for n in [p.canonical_name, *p.aliases]:
                n_parsed = parse_person(n)
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
                out[eid] = best
        return out

    def _evidence(self, eid: str, roles: set[str], neighbours: set[str]) -> float:
        p = self.profiles[eid]
        score = 0.0
        if roles and roles & {k for r in p.roles for k in role_keys(r)}:
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
        parsed = parse_person(ent.canonical_name) if ent.label == "PERSON" else None
        if parsed is None or parsed.given:
            return None
        namesakes = (self.profiles[e] for e in self._by_name.get(("PERSON", normalize_name(ent.canonical_name)), ()))
        lone = [p for p in namesakes if (known := parse_person(p.canonical_name)) and not known.given]
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
            cur, new = parse_person(p.canonical_name), parse_person(ent.canonical_name)
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
            parsed = parse_person(ent.canonical_name) if ent.label == "PERSON" else None
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
                roles = {k for r in role_strings.get(key, []) for k in role_keys(r)}
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
