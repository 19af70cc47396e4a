"""The label a name's own words give it: initials, a company suffix, a gazetteer, a noun before it.

:func:`rule_label` is the ``name_words`` evidence of ``data/entity_evidence.json``: "J. Adams" is a person,
"Pirelli SpA" and "The Guardian" organisations, "Fed Cup" an event, "West Bank" a place.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import span_true_text, true_text
from tasks.lib.extract.entity_spans import (
    COMPANY_SUFFIXES,
    COMPASS_INITIALS,
    COMPASS_WORDS,
    INITIAL,
    INITIAL_SURNAME,
    NUMBERED_ACRONYM,
    numbered_name_part,
)
from tasks.lib.nlp.hyphens import word_before


def not_org_label(doc: Doc, s: int, e: int, words: list[str]) -> str | None:
    """EVENT (a competition, an award, an occasion), LAW (legislation), an index (PRODUCT) or TIME for names that
    are none of newsflow's entities."""
    lists = gaz.not_org()
    if len(words) == 1 and words[0] in lists["time_zones"]:
        return "TIME"  # "0800 GMT"
    if lists["named_events"] & {span_true_text(doc[s:e]), span_true_text(doc[max(s - 1, 0):e])}:
        return "EVENT"  # "won an Oscar", "the Grammys", "the Budget", "Six Nations" (the model may leave out "Six")
    if words[-1] in lists["law_heads"] and (len(words) > 1 and doc[s].ent_type_ != "PERSON"
                                            or len(words) == 1 and s > 0 and doc[s - 1].lower_ in {"the", "this"}):
        return "LAW"  # "the Finance Bill", "the Data Protection Act", "the Bill" (not "Bill Clinton", "Uncle Bill")
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


def event_end_after_place(doc: Doc, e: int) -> int | None:
    """End of an event named by a place and an event head right after it ("Hong Kong Open", "Athens Games",
    "Monaco Grand Prix"), where the model tagged the place alone; None when no head follows."""
    heads = gaz.not_org()["event_heads"]
    for n in (2, 1):  # "Grand Prix" before a one-word head
        words = [t.text.title() if t.is_upper else t.text for t in doc[e:e + n]]  # "HONG KONG OPEN" too
        if len(words) == n and all(t.is_alpha for t in doc[e:e + n]) and " ".join(words) in heads:
            return e + n
    return None


def is_acronym(word: str) -> bool:
    """A word in capitals as running text writes it ("ODPM", "M.A.S.K."; pass ``true_text``, so a shouted line's
    words count as re-cased)."""
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def initials_label(words: list[str]) -> str | None:
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


def rule_label(doc: Doc, s: int, e: int) -> str | None:
    toks = doc[s:e]
    words = [true_text(t) for t in toks]
    text = span_true_text(toks)
    if len(toks) == 1 and INITIAL_SURNAME.match(words[0]):
        return "PERSON"
    if len(toks) == 1 and words[0] in gaz.demonyms():
        return "NORP"  # "the Welsh forwards", "Chechens": a people
    if NUMBERED_ACRONYM.match(words[-1]) and len(toks) == 1 or len(toks) >= 2 and numbered_name_part(doc, e - 1):
        return "ORG"  # "ITV1", "MI5", "Channel 4", "BBC Radio 4"
    if "&" in words and len(toks) > 2:
        return "ORG"  # "A.G. Edwards & Sons", "Procter & Gamble": no person's name holds an ampersand
    if len(toks) >= 2 and INITIAL.match(words[0]):
        return initials_label(words)
    if gaz.is_country(text):
        return "GPE"
    if text in gaz.known_orgs():
        return "ORG"
    if len(toks) == 1 and doc[s].ent_type_ == "PERSON" and is_acronym(words[0]):
        return "ORG"  # "the ODPM said", "the MPAA": no one's name is written in capitals in running text
    other = not_org_label(doc, s, e, words)
    if other:
        return other
    if len(words) >= 2 and words[0] in COMPASS_WORDS and words[-1] in gaz.geo_words():
        return "LOC"  # "West Bank", "South Pacific": a region, whatever its head word
    if len(toks) == 1 and e < len(doc) and doc[e].lower_ in gaz.person_modified() and doc[e].is_lower:
        # "the Trump administration": a name modifying these nouns is a person's.
        if not gaz.is_place(text) and text not in gaz.org_words() and doc[s].ent_type_ != "NORP":
            return "PERSON"
    head = words[-1]
    if s > 0 and word_before(doc, s) in gaz.person_nouns() and not (s > 1 and doc[s - 2].lower_ == "to"):
        # "finalist MaliVai Washington", "team mate Les Ferdinand": a noun for a person, then the name.
        if head not in gaz.org_words() and head not in gaz.fac_words() and not gaz.is_place(text) and text not in gaz.known_orgs():
            return "PERSON"
    if s > 0 and doc[s - 1].text in gaz.org_nouns() and not gaz.is_country(text) and not gaz.is_place(text):
        return "ORG"  # "news agency Tanjug", "club Atalanta"
    if head in COMPANY_SUFFIXES and len(toks) > 1:
        return "ORG"  # "Pirelli SpA", "Lear Corp"
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
