"""Names the statistical NER missed, found by their form or their place in the article.

Each finder takes the pieces found so far (spans already covered are left alone) and returns new pieces:
datelines folded into a date, initials plus a surname, given-name sequences, fixture sides after "v",
publications, names after "-based <noun>", acronyms defined in brackets, the names on results lines, and
(:func:`propagate`) further mentions of names labelled elsewhere in the article.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span

from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import DATELINE_TAIL, span_true_text, true_text
from tasks.lib.extract.entity_name_labels import initials_label
from tasks.lib.extract.entity_spans import (
    COLLECTIVE_NOUNS,
    FIXTURE_WORDS,
    INITIAL,
    INITIAL_SURNAME,
    MONTHS,
    NAME_INNER,
    ROMANISED_SYLLABLE,
    SCORE,
    WEEKDAYS,
    Piece,
    iso_date_at,
    line_start,
    lower_words,
    numbered_name_part,
)


def _covered(pieces: list[Piece]) -> set[int]:
    return {i for p in pieces for i in range(p.start, p.end)}


def swallowed_datelines(doc: Doc, pieces: list[Piece], other: list[Span], lines: list[tuple[int, int]]) -> list[Span]:
    """Datelines the model swallowed into a date ("LEEDS 2001-05-12"): the place is added to ``pieces``.

    Returns:
        ``other`` (the model's non-target spans) with each such date cut to start after the place.
    """
    covered = _covered(pieces)
    for ls, le in lines:
        j = ls
        while j < le and j - ls < 3 and doc[j].is_alpha and doc[j].text.isupper():
            j += 1
        if ls < j < le and ls not in covered and (iso_date_at(doc, j) or DATELINE_TAIL.match(doc[j].text) and gaz.is_place(doc[ls:j].text)):
            pieces.append(Piece(ls, j, "GPE", "rule"))
            other = [
                Span(doc, j, o.end, label=o.label_) if o.start < j <= o.end - 1 and o.start >= ls else o
                for o in other
            ]
    return other


def initial_names(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Initial-plus-surname names the model missed ("J. Adams", "T.O'Gorman")."""
    covered = _covered(pieces)
    added = []
    for tok in doc:
        if tok.i in covered:
            continue
        t = true_text(tok)
        if INITIAL_SURNAME.match(t):
            added.append(Piece(tok.i, tok.i + 1, "PERSON", "rule"))
        elif INITIAL.match(t) and tok.i + 1 < len(doc) and tok.i + 1 not in covered:
            nxt = doc[tok.i + 1]
            nt = true_text(nxt)
            label = initials_label([t, nt]) if nxt.is_alpha and not nt.isupper() else None
            if label:
                added.append(Piece(tok.i, tok.i + 2, label, "rule"))
                covered |= {tok.i, tok.i + 1}
    return added


def given_name_spans(doc: Doc, pieces: list[Piece]) -> list[Piece]:
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


def after_honorifics(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """People the model missed right after an honorific ("Lord Browne", "Mr Kilroy-Silk"): the capitalised words
    after it, unless they are a title ("Lord Chancellor", "Lord Justice Clarke") or a saint's place ("St Ives")."""
    covered, titles, added = _covered(pieces), gaz.single_titles(), []
    for tok in doc:
        if tok.i in covered or not gaz.person_honorific(true_text(tok)):
            continue
        j = tok.i + 1
        while (j < len(doc) and j - tok.i <= 3 and j not in covered and doc[j].is_alpha and not doc[j].is_stop
               and true_text(doc[j])[:1].isupper() and true_text(doc[j]).lower() not in titles):
            j += 1
            if j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                j += 1  # "Kilroy-Silk"
        if j > tok.i + 1 and doc[j - 1].is_alpha and (j == len(doc) or not doc[j].is_alpha or doc[j].is_lower):
            added.append(Piece(tok.i + 1, j, "PERSON", "rule"))
    return added


def hyphened_surnames(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Extend a person's span over a double-barrelled surname the model cut at the hyphen ("Maria Delgado-Ruiz"),
    or over the second syllable of a Korean or Chinese given name ("Moon Jae-in", "Lai Ching-te").

    Mutates the pieces; returns no new ones (the same signature as the other finders)."""
    starts = {p.start for p in pieces}
    for p in pieces:
        e = p.end
        if p.label != "PERSON" or e + 1 >= len(doc) or e + 1 in starts or doc[e].text != "-":
            continue
        if doc[e - 1].whitespace_ or doc[e].whitespace_:
            continue
        tail = true_text(doc[e + 1])
        if doc[e + 1].is_alpha and (tail[:1].isupper() and not tail.isupper() or e - p.start >= 2 and all(
                ROMANISED_SYLLABLE.match(w) for w in (true_text(doc[e - 1]), tail))):
            p.end = e + 2
    return []


def numbered_names(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Extend a broadcaster's name over the number the model left out ("Radio" of "Radio 4").

    Mutates the pieces; returns no new ones (the same signature as the other finders)."""
    starts = {p.start for p in pieces}
    for p in pieces:
        if p.label != "PERSON" and p.end < len(doc) and p.end not in starts and numbered_name_part(doc, p.end):
            p.end += 1
    return []


def fixture_sides(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Sides after "v"/"vs" the model missed or folded into a date ("May 18 v Worcestershire")."""
    if not lower_words(doc) & FIXTURE_WORDS:
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

def publications(doc: Doc, pieces: list[Piece]) -> list[Piece]:
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

def after_org_noun(doc: Doc, pieces: list[Piece]) -> list[Piece]:
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

def defined_acronyms(doc: Doc, pieces: list[Piece]) -> list[Piece]:
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

def table_names(doc: Doc, pieces: list[Piece], lines: list[tuple[int, int]]) -> tuple[list[Piece], set[int]]:
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


def propagate(doc: Doc, pieces: list[Piece], votes: dict, key_of: dict[int, str], surnames: set[str]) -> list[Piece]:
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
                if len(words) == 1 and (doc[i].is_stop or line_start(doc, i) and doc[i].lower_ in gaz.common_words()):
                    continue
                hit = Piece(i, j, label, "copy")
                break
        if hit:
            added.append(hit)
            i = hit.end
        else:
            i += 1
    return added

