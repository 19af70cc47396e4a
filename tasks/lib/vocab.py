"""Every lexicon of the rules, read from ``tasks/lib/data`` by this one loader (each file read once per process).

Three shapes of file, one reader each:
- word lists (``.txt``): one entry per line; blank lines and lines starting with ``#`` are comments;
- tables (``.json``): an object whose keys starting with ``_`` are notes for the reader, dropped here;
- records (``.jsonl``): one JSON object per non-blank line.

The rule modules keep what they *do* with a lexicon (sets, regexes, lookups); what the words *are* lives only in
the data file, so a newcomer changes a word list without reading code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

_PACKAGE = "tasks.lib.data"


def read_text(name: str) -> str:
    """The raw text of a data file (for the few files with a format of their own)."""
    path = resources.files(_PACKAGE).joinpath(name)
    if not path.is_file():
        raise FileNotFoundError(f"lexicon {name!r} is not in {_PACKAGE} (tasks/lib/data/)")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """The entries of a word list, stripped, in file order."""
    out = (ln.strip() for ln in read_text(name).splitlines())
    return tuple(ln for ln in out if ln and not ln.startswith("#"))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of a word list as a set (case kept: the caller decides how to compare)."""
    return frozenset(lines(name))


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """A JSON table without its ``_`` notes. Callers must not mutate it: it is shared."""
    data = json.loads(read_text(name))
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not k.startswith("_")}
    return data


@lru_cache(maxsize=None)
def records(name: str) -> tuple[dict, ...]:
    """The rows of a JSON-lines file."""
    return tuple(json.loads(ln) for ln in read_text(name).splitlines() if ln.strip())
