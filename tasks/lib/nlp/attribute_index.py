"""The model's ``attribute_ruler`` matched through an index of its patterns: the same matches, less CPU.

The ruler maps each token's tag (and a few words and dependencies) to its part of speech, morphology and lemma
exceptions with a spaCy ``Matcher`` over its ~180 patterns; trying every pattern at every token made it 13% of the
model's CPU, more than the parser. Its patterns are single tokens or pairs compared for equality, ``IN``,
``NOT_IN`` or ``REGEX`` on LOWER, TAG, DEP and IS_SPACE: indexed by their first token's word or tag, a token is
checked against the few patterns that can match it. The ruler's own ``set_annotations`` then applies the matches
in its order. A pattern outside that shape leaves the ruler as it was.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc

_COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}  # in doc.to_array order
_ARRAY = [LOWER, TAG, DEP, IS_SPACE]


class UnsupportedPattern(ValueError):
    """A pattern this index does not reproduce exactly (the Matcher keeps it)."""


def index_attribute_ruler(nlp: Language) -> bool:
    """Give the pipeline's ``attribute_ruler`` the indexed ``match``; False (ruler unchanged) if any pattern is
    outside what the index reproduces."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = IndexedMatcher(nlp.vocab.strings, ruler.patterns)
    except UnsupportedPattern:
        return False
    return True


class IndexedMatcher:
    """``AttributeRuler.match`` for patterns of fixed length: (attr_id, match_id, start, end), sorted."""

    def __init__(self, strings, patterns: list[dict]):
        self.strings = strings
        # One index per anchor attribute (column -> value -> patterns), then the patterns with no anchor.
        self.indexes: list[dict[int, list]] = [defaultdict(list) for _ in _COLUMNS]
        self.others: list = []
        for attr_id, entry in enumerate(patterns):
            match_id = strings[str(attr_id)]  # the key the ruler's Matcher reports
            for pattern in entry["patterns"]:
                self._file(attr_id, match_id, pattern)

    def _file(self, attr_id: int, match_id: int, pattern: list[dict]) -> None:
        """Index a pattern under its first token's first anchorable attribute; what the look-up does not
        settle stays as checks: (token offset, column, test)."""
        checks = [(offset, _COLUMNS.get(attr), attr, value)
                  for offset, token in enumerate(pattern) for attr, value in token.items()]
        for n, (offset, column, attr, value) in enumerate(checks):
            keys = self._keys(value) if offset == 0 and column is not None else None
            if keys is not None:
                rest = [self._test(*c) for c in checks[:n] + checks[n + 1:]]
                for key in keys:
                    self.indexes[column][key].append((attr_id, match_id, len(pattern), rest))
                return
        self.others.append((attr_id, match_id, len(pattern), [self._test(*c) for c in checks]))

    def _keys(self, value) -> set[int] | None:
        """The values a lookup may use for a test: equality or IN; None for other tests."""
        if isinstance(value, bool):
            return {int(value)}
        if isinstance(value, str):
            return {self.strings[value]}
        if isinstance(value, dict) and set(value) == {"IN"}:
            return {self.strings[v] for v in value["IN"]}
        return None

    def _test(self, offset: int, column: int | None, attr: str, value) -> tuple[int, int, Callable[[int], bool]]:
        if column is None:
            raise UnsupportedPattern(attr)
        if isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op == "NOT_IN":
                return offset, column, (lambda v, no=frozenset(self.strings[a] for a in arg): v not in no)
            if op == "REGEX":
                return offset, column, (lambda v, rx=re.compile(arg): bool(rx.search(self.strings[v])))
        keys = self._keys(value)
        if keys is None:
            raise UnsupportedPattern(f"{attr}: {value!r}")
        return offset, column, (lambda v, ok=frozenset(keys): v in ok)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = doc.to_array(_ARRAY).tolist() if len(doc) else []
        found = set()
        for start, row in enumerate(rows):
            for candidates in [index.get(value) for index, value in zip(self.indexes, row)] + [self.others]:
                for attr_id, match_id, length, checks in candidates or ():
                    end = start + length
                    if end <= len(rows) and all(test(rows[start + offset][column]) for offset, column, test in checks):
                        found.add((attr_id, match_id, start, end))
        return sorted(found)
