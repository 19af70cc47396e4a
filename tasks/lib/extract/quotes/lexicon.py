"""The reporting-verb lexicon and the word lists around cues, read once from data."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from tasks.lib import vocab


@lru_cache(maxsize=1)
def cue_words() -> dict[str, set[str]]:
    """Word lists around cues (``quote_cues.json``): each list as a set of lower-case words."""
    return {k: {w.lower() for w in v} for k, v in vocab.table("quote_cues.json").items()}


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, tuple[str | None, bool]]:
    """The reporting-verb lexicon: lemma -> (required particle or None, weak flag)."""
    out: dict[str, tuple[str | None, bool]] = {}
    for line in vocab.lines("reporting_verbs.txt"):
        weak = line.endswith("~")
        words = line.rstrip("~").split()
        out[words[0]] = (words[1] if len(words) > 1 else None, weak)
    return out


def strong_cue(tok: Token) -> bool:
    """A reporting verb that may introduce a statement of its own (not a weak one)."""
    entry = reporting_verbs().get(tok.lemma_.lower())
    return entry is not None and entry[0] is None and not entry[1]


def weak_cue(tok: Token) -> bool:
    """A reporting verb that attributes only quoted content ("called the plan "a disaster"")."""
    entry = reporting_verbs().get(tok.lemma_.lower())
    return entry is not None and entry[0] is None and entry[1]
