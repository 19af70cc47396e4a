"""Words the tokenizer splits at a hyphen: ``scrum-half`` is three tokens (``scrum``, ``-``, ``half``).

Word lists hold such words whole; these read them as the tokens stand, or the tokens back as the word.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc


def as_tokens(words: str) -> tuple[str, ...]:
    """A lexicon entry's lower-cased tokens as the tokenizer splits them ("scrum-half" -> scrum, -, half)."""
    return tuple(t for t in re.split(r"\s+|(-)", words.lower()) if t)


def hyphened_words(doc: Doc) -> set[str]:
    """The document's distinct lower-case words the tokenizer split at a hyphen ("semi-final", "half-time")."""
    return {f"{doc[i - 1].lower_}-{doc[i + 1].lower_}" for i in range(1, len(doc) - 1)
            if doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_}


def word_before(doc: Doc, s: int) -> str:
    """The word ending right before token ``s``, whole where the tokenizer split it at a hyphen ("team-mate")."""
    i, word = s - 1, doc[s - 1].text
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        word = f"{doc[i - 2].text}-{word}"
    return word
