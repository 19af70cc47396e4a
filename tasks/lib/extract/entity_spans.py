"""What a name span is made of: the words that break or edge a name, and the model span split into names.

Shared by the entity components (``entity_rules``, ``entity_missed``, ``entity_context``, ``entity_name_labels``):
the constants that say which tokens may stand in a name, the :class:`Piece` they pass around, and
:func:`split_pieces`, which cuts a model span at punctuation, digits and joining words and trims its edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import span_true_text, true_text
from tasks.lib.extract.entity_labels import ENTITY_LABELS, ORG_LABELS, PLACE_LABELS

TARGET = frozenset(ENTITY_LABELS)
# Tokens that cannot be inside a name: a span is split there.
BREAKERS = {",", "(", ")", ":", ";", "-", "--", "_", "|", "/", "[", "]", "=", "+", "*", "•", "–", "—"}
LEADING_DROP = {"the", "a", "an"}
# Broadcasters and agencies named by a number ("Channel 4", "BBC Radio 5 Live", "BBC Four") or glued to one ("ITV1",
# "BBC2", "MI5"): there a number is part of the name, elsewhere it ends it ("Leicestershire 22 points"; "PS2" is a
# product).
NUMBERED_HEADS = {"Channel", "Radio", "BBC", "ITV"}
NUMBERED_ACRONYM = re.compile(r"^(?:BBC|ITV|MI|RTL|SVT|TF)\d{1,2}$")
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
# Nouns and verbs of a journey: the "to" after them is locative too ("travel to Paris", "a trip to Dublin").
JOURNEY = {"travel", "trip", "journey"}
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
# One romanised Korean or Chinese syllable ("Jae", "in", "Chan", "wook", "Ching", "te"): the two halves of a
# hyphened given name ("Moon Jae-in"), whose lower-case second half no English compound has ("Trump-led").
ROMANISED_SYLLABLE = re.compile(r"^(?:[bcdfghjklmnpqrstwxyz]h?|[bcdfghjklmnpqrstwxyz][gky]?)?[aeiouwy]{1,3}(?:ng|[nklmptb])?$",
                                re.IGNORECASE)


# ---------------------------------------------------------------- span rules


@dataclass
class Piece:
    start: int
    end: int
    label: str
    source: str  # "model" | "rule" | "copy"


FIXTURE_WORDS = {"v", "vs", "vs."}


def lower_words(doc: Doc) -> set[str]:
    """The document's distinct lower-case words, read from the token array (no Token objects)."""
    strings = doc.vocab.strings
    return {strings[h] for h in set(doc.to_array(LOWER).tolist())} if len(doc) else set()


def iso_date_at(doc: Doc, j: int) -> bool:
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


def line_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i].is_sent_start or doc[i - 1].text in {".", "!", "?", '"', "“"}


def keeps_the(doc: Doc, s: int, e: int) -> bool:
    """A "The" at token ``s`` is part of the name ``doc[s:e]`` ("The Guardian", "The Hague").

    Capitalised mid-sentence it is (writers capitalise it only as part of a name); opening a sentence,
    only before a publication's head word ("The Sunday Telegraph quoted ...").
    """
    if e - s < 2 or doc[s].text not in {"The", "THE"}:
        return False
    return not line_start(doc, s) or true_text(doc[e - 1]) in gaz.publication_words()


def numbered_name_part(doc: Doc, i: int) -> bool:
    """Token ``i`` is the number of a name: glued to an acronym ("ITV1", "MI5") or after a broadcaster's head
    word, in figures or a capitalised word ("Channel 4", "Radio 5", "BBC Four")."""
    text = doc[i].text
    number = text.isdigit() and len(text) <= 2 or doc[i].like_num and text.istitle() and text.isalpha()
    return bool(NUMBERED_ACRONYM.match(text)) or (i > 0 and number and doc[i - 1].text in NUMBERED_HEADS)


def hyphen_modifier(doc: Doc, p: Piece) -> bool:
    """The place or organisation ``p`` is glued by a hyphen to a lower-case word ("London-based", "NEC-backed",
    "pro-Moscow", "ex-Yukos"): a modifier of something else, which news annotation (CoNLL-2003's MISC) does not
    count as a mention of the place or body. Not a name particle ("al-Aqsa") or a name's inner word
    ("Stratford-upon-Avon"). A person keeps the mention ("a Ted Cruz-backed group" names him), as does a group
    ("Tory-led")."""
    if p.label not in ORG_LABELS | PLACE_LABELS:
        return False

    def glued(hyphen: int, w: int) -> bool:
        word = doc[w] if 0 <= w < len(doc) else None
        return (doc[hyphen].text == "-" and not doc[hyphen].whitespace_ and word is not None and word.is_alpha
                and word.is_lower and word.text not in NAME_PARTICLES and word.text not in NAME_INNER)

    return (p.end + 1 < len(doc) and not doc[p.end - 1].whitespace_ and glued(p.end, p.end + 1)
            or p.start >= 2 and not doc[p.start - 2].whitespace_ and glued(p.start - 1, p.start - 2))


def past_dangling_of(doc: Doc, ent: Span) -> Span:
    """An organisation span the model ended on "of" or "of the" ("the Office of the", "the Group of") runs on over
    the capitalised words after it ("Office of the Deputy Prime Minister", "Group of Eight")."""
    end = ent.end
    if ent.label_ != "ORG" or not any(ent[-k:].text.lower() in ("of", "of the") for k in (1, 2) if len(ent) > k):
        return ent
    while end < len(doc) and end - ent.end < 5 and doc[end].is_alpha and true_text(doc[end])[:1].isupper():
        end += 1
    return Span(doc, ent.start, end, label=ent.label_) if end > ent.end else ent


def split_pieces(doc: Doc, ent: Span) -> list[tuple[int, int]]:
    """Token ranges of the names in a model span: split at punctuation, digits and joining words, edges trimmed."""
    out, cur = [], []
    for tok in ent:
        text = tok.text
        brk = (
            tok.is_space
            or (text in BREAKERS and (text != "-" or tok.whitespace_ or (tok.i > 0 and doc[tok.i - 1].whitespace_)))
            or any(c.isdigit() for c in text) and not numbered_name_part(doc, tok.i)
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
            and (doc[s].is_lower or line_start(doc, s))
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


def institution_lists(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Join a department's list of remits the model or :func:`split_pieces` cut at its commas or its "and"
    ("Department for Culture, Media and Sport", "Department for Education and Skills"): an organisation
    piece opening with an institution's head word and "of"/"for" and ending in a remit word, then items of remit
    words (``gaz.remit_words``) that end with "and <item>" ("the Ministry of Defence and Boeing" stays two)."""
    out, absorbed = [], set()
    for p in sorted(pieces, key=lambda x: x.start):
        if id(p) in absorbed:
            continue
        end = _remit_list_end(doc, p) if p.label == "ORG" else None
        if end is not None:
            absorbed.update(id(q) for q in pieces if q is not p and p.start <= q.start and q.end <= end)
            p = Piece(p.start, end, p.label, p.source)
        out.append(p)
    return [p for p in out if id(p) not in absorbed]


def _remit_list_end(doc: Doc, p: Piece) -> int | None:
    """End of the list of remits after ``p`` ("..., Media and Sport"), or None when there is none."""
    remits = gaz.remit_words()
    if (p.end - p.start < 3 or true_text(doc[p.start]) not in gaz.org_words()
            or doc[p.start + 1].lower_ not in {"of", "for"} or doc[p.end - 1].text not in remits):
        return None
    j = p.end
    while j < len(doc) and doc[j].text in {",", "and"}:
        last = doc[j].text == "and" or j + 1 < len(doc) and doc[j + 1].text == "and"
        k = j + 1 + (doc[j].text == "," and last)
        run = k
        while run < len(doc) and run - k < 3 and doc[run].text in remits:
            run += 1
        if run == k:
            return None
        if last:
            return run
        j = run
    return None


def joined_aliases(doc: Doc, pieces: list[Piece], aliases: frozenset[str]) -> list[Piece]:
    """Join two adjacent pieces whose words together are a known alias the model cut in two ("Liberal" ORG
    and "Democrat" NORP of "Liberal Democrat leader"): one organisation."""
    by_start = {p.start: p for p in pieces}
    gone: set[int] = set()
    for p in sorted(pieces, key=lambda x: x.start):
        q = by_start.get(p.end)
        if id(p) in gone or q is None or q is p or span_true_text(doc[p.start:q.end]) not in aliases:
            continue
        p.end, p.label = q.end, "ORG"
        gone.add(id(q))
    return [p for p in pieces if id(p) not in gone]


def split_named_pairs(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Cut a piece ``A and B`` in two where the article names A or B on its own elsewhere (``First Bank and Union
    Bank`` ... ``a spokesman for First Bank``; ``The Aviator and Million Dollar Baby``) or both are one name
    (``Robocop and Robocop``): two names the model ran together. A name whose ``and`` follows its ``of``/``for``
    (``Department of Health and Human Services``) or that the article never takes apart (``Securities and
    Exchange Commission``) stays whole. A part the article names elsewhere takes that name's label (``Akon``
    stays a person when the model ran ``Akon and Kaiser Chiefs`` into one organisation)."""
    names: dict[str, str] = {}
    for p in pieces:
        names.setdefault(span_true_text(doc[p.start:p.end]), p.label)
    out = []
    for p in pieces:
        cut = next((i for i in range(p.start + 1, p.end - 1) if doc[i].text == "and"), None)
        if cut is None or not doc[cut + 1].text[:1].isupper() or any(
                doc[j].lower_ in ("of", "for", "on", "in") for j in range(p.start, cut)):
            out.append(p)
            continue
        left, right = span_true_text(doc[p.start:cut]), span_true_text(doc[cut + 1:p.end])
        if left == right or left in names or right in names:
            out += [Piece(p.start, cut, names.get(left, p.label), p.source),
                    Piece(cut + 1, p.end, names.get(right, p.label), p.source)]
        else:
            out.append(p)
    return out
