"""Person and organisation names for entity resolution: normalisation, blocking keys and name-match strength.

Names are compared after transliteration folding (``Guaidó``/``Guaido``, ``Sergey``/``Sergei``), given-name
variants (``Bill``/``William``) and, for organisations, acronyms and word order (``State Department``/
``Department of State``). Pure functions over strings; the resolver (resolve.py) decides what they mean.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from tasks.lib import vocab
from tasks.lib.extract import entity_labels

# Name-match strengths, strongest first (resolve.py decides which are strong enough alone).
EXACT, FOLDED, VARIANT, PARTIAL_MIDDLE, INITIAL, SURNAME_ONLY, FUZZY = 1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5


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
def place_aliases() -> dict[str, str]:
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
class PersonName:
    given: str  # skeleton of the first given name ("" for a single-token name)
    middles: tuple[str, ...]  # skeletons of middle names or initials
    surname: str  # skeleton of the last name token
    rest: tuple[str, ...]  # skeletons of every token after the first (second surnames, particles)
    suffix: str  # jr, sr, iii ... ("" when none)
    tokens: tuple[str, ...]  # all skeletons in order


@lru_cache(maxsize=200_000)
def parse_person(name: str) -> PersonName | None:
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
        return PersonName("", (), skels[0], (skels[0],), suffix, skels)
    return PersonName(skels[0], skels[1:-1], skels[-1], skels[1:], suffix, skels)


def genders(names: list[str]) -> frozenset[str]:
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


def org_key(name: str) -> str:
    """Order-free key for an organisation: content words sorted (``State Department`` = ``Department of State``)."""
    filler, skip = _words()["org_filler"], _words()["acronym_skip"]
    toks = [t for t in normalize_name(name).split() if t not in filler and t not in skip]
    return " ".join(sorted(toks))


def acronym(name: str) -> str:
    """Initials of an organisation's content words (``National Security Council`` -> ``nsc``); "" if < 2."""
    skip, filler = _words()["acronym_skip"], _words()["org_filler"]
    toks = [t for t in normalize_name(name).split() if t not in skip and t not in filler]
    return "".join(t[0] for t in toks) if len(toks) >= 2 else ""


def looks_like_acronym(surface: str) -> bool:
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


def role_keys(role: str) -> set[str]:
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
    q, k = parse_person(query), parse_person(known)
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
