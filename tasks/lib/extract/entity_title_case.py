"""A person's name inside a line in title case ("Marine Le Pen Backs Trump.", "Claim That Donald Trump Mocked").

Headlines of related stories and of the article itself, kept in the text of plain-text files, capitalise every
word, so the model runs a name on into the words after it or starts it with the words before it, and the case no
longer tells where the name ends. The article's own names tell it: the part kept is a person's name the article
gives elsewhere, and the words cut off are English words, not parts of a name.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from wordfreq import zipf_frequency

from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_names import known_person, person_surnames

# Words a headline capitalises that prose leaves in lower case.
SMALL_WORDS = frozenset(
    "a an and as at but by for from in into is of on or over than that the this to up was were with".split())
MIN_LINE_WORDS = 4
TITLE_LINE_WORD_ZIPF = 2.5  # "stuns" 2.9, "backs" 4.1: an English word, not a name ("Sotomayor" 2.3)


def in_title_case_line(doc: Doc, i: int) -> bool:
    """Token ``i`` stands in a line of four words or more, each capitalised but for small words, at least one of
    those capitalised too (``To``, ``By``, ``The``): a headline, not a sentence or a list of names."""
    start = i
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    end = i
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    words = [t for t in doc[start:end] if t.is_alpha]
    return (len(words) >= MIN_LINE_WORDS and all(w.text[0].isupper() or w.text in SMALL_WORDS for w in words)
            and any(w.lower_ in SMALL_WORDS and w.text[0].isupper() for w in words[1:]))


def headline_word(token: Token, named: dict[str, str], name: str) -> bool:
    """``token``, next to the person ``name``, is a headline's English word: no surname of another person the
    article names ("Hillary Rodham Clinton" keeps its last word), no given name unless the parser reads it as
    another part of speech (the name list holds "Made", "Will" and "Key" too)."""
    word = token.text
    return (token.is_alpha and word not in person_surnames(named, besides=name)
            and zipf_frequency(word.lower(), "en") >= TITLE_LINE_WORD_ZIPF
            and (word not in gaz.first_names() or token.pos_ != "PROPN"))


def title_case_name(doc: Doc, s: int, e: int, named: dict[str, str]) -> tuple[int, int]:
    """Token range of the person's name in ``doc[s:e]``, a person's span in a line in title case: its longest part
    that is a person the article names, when the words before that part and the first word after it are a
    headline's words ("Marine Le Pen Backs Trump" -> "Marine Le Pen", "That Donald Trump Mocked A Reporter" ->
    "Donald Trump"); else a given name and the word after it, when the rest are a headline's words holding a small
    word ("Marco Rubio Responds To Question" -> "Marco Rubio"; "Rand Paul Scores Direct Hit" is left); else the
    span itself, as outside such a line."""
    if e - s < 2 or not in_title_case_line(doc, s):
        return s, e
    span = doc[s:e].text
    named = {n: label for n, label in named.items() if span not in n}  # the span itself names no one yet
    for size in range(e - s - 1, 0, -1):
        for a in range(s, e - size + 1):
            name = doc[a:a + size].text
            if (known_person(name, named) and all(headline_word(t, named, name) for t in doc[s:a])
                    and (a + size == e or headline_word(doc[a + size], named, name))):
                return a, a + size
    rest = doc[s + 2:e]  # a name the article gives nowhere else
    if (doc[s].text in gaz.first_names() and doc[s + 1].is_alpha and len(rest)
            and all(headline_word(t, named, "") for t in rest) and any(t.lower_ in SMALL_WORDS for t in rest)):
        return s, s + 2
    return s, e
