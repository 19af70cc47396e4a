"""What sits around a number: the currency and qualifier before it, the unit after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.lib.extract.amount_lexicon import Lexicon


def preceding(text: str, start: int, lex: Lexicon) -> tuple[int, int, str | None, str | None]:
    """Currency symbol/code and qualifier just before ``start``.

    Returns:
        (amount start, currency-or-number start, ISO code or None, lowercased qualifier or None).
    """
    window = text[max(0, start - 40) : start]
    base = start - len(window)
    currency = None
    cm = lex.pre_cur_re.search(window)
    if cm:
        currency = lex.symbols.get(cm.group(1)) if cm.group(1) else cm.group(2)
        start = base + cm.start()
        window = window[: cm.start()]
    cur_start = start
    qm = lex.qual_re.search(window)
    qualifier = None
    if qm:
        qualifier = " ".join(qm.group(1).lower().split())
        start = base + qm.start()
    return start, cur_start, currency, qualifier


@dataclass
class Unit:
    kind: str  # percent | percentage_points | money
    unit: str | None
    end: int
    factor: float = 1.0


def unit_after(text: str, pos: int, lex: Lexicon) -> Unit | None:
    sym = lex.trail_cur_re.match(text, pos)
    if sym:
        return Unit("money", lex.symbols[sym.group(1)], sym.end())
    m = lex.unit_re.match(text, pos)
    if not m:
        return None
    if m.group("pp"):
        return Unit("percentage_points", "pp", m.end())
    if m.group("bp"):
        return Unit("percentage_points", "pp", m.end(), 0.01)
    if m.group("pct"):
        return Unit("percent", "%", m.end())
    if m.group("code"):
        return Unit("money", m.group("code"), m.end())
    if m.group("minor"):
        if m.group("minor").istitle():
            return None  # "50 Cent", "the 2016 Pence campaign": a name, not small change
        code, factor = lex.minor[" ".join(m.group("minor").lower().split())]
        return Unit("money", code, m.end(), factor)
    name = " ".join(m.group("name").lower().split())
    # "200 pounds of cocaine" is a weight.
    if name.endswith(("pound", "pounds")) and re.match(r"\s+of\b", text[m.end() :]):
        return None
    return Unit("money", lex.names.get(name), m.end())


def currency_by_country(word: str, text: str, lex: Lexicon) -> str | None:
    """The currency an ambiguous word (``pesos``, ``dinars``, ``kroner``) means in this article: that of the
    country its text names most often (``Mexico``, ``Mexican``), None when none or a tie."""
    counts = sorted(((sum(m.group()[0].isupper() for m in cues.finditer(text)), code)
                     for code, cues in lex.by_country.get(word, {}).items()), reverse=True)
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]
