"""Money, percentages and counted quantities as numbers with units.

The numeric core (currency, number, scale, range, unit) is read with anchored regular expressions
over ``doc.text``, so odd tokenisations (``HK$10``, ``1.2bn``, ``5–10``) do not matter and offsets
are exact. Counted quantities need the parse: the counted noun is the plural head noun the number
modifies (``about 100 Russian soldiers`` -> ``soldiers``), and spaCy's DATE/TIME/ORDINAL entities
veto numbers that are years, times, ages or ordinals.

Conventions:
- ``value`` is fully scaled (``$1.5 billion`` -> 1.5e9); minor units are converted
  (``50p`` -> 0.5 GBP, ``20 cents`` -> 0.2 USD).
- Ranges (``$1-2 billion``, ``between 10 and 20 percent``) set ``low``/``high``; ``value`` is ``low``.
  A bare scale on the upper bound is shared (``$1-2 billion`` -> 1e9..2e9).
  ``from X to Y`` is two amounts (a change), not a range.
- ``basis points`` are converted to percentage points (25 bps -> 0.25 ``pp``).
- Bare currency words follow English-news usage (``dollars`` -> USD, ``pounds`` -> GBP);
  ambiguous ones (``pesos``, ``dinars``, ``kroner``) take the currency of the country the article names
  most (``Mexico``, ``Mexican``: MXN), else keep ``unit`` None.
- Vague amounts (``billions of dollars``, ``hundreds of people``) and the quantity ``one`` are not
  emitted: they have no number an analyst could sum.
- A list is one amount per number, each with the unit of the last (``45 and 50 cases``, ``5 and 10
  percent``); two values with their own units side by side (``42%-32.7%``) are two amounts.
- Signs: a glued minus (``-15€``) or accounting brackets (``($99.99)``) make ``value`` negative
  (``tasks/lib/extract/amount_signs.py``). Thousands may be grouped by spaces (``10 000``). Coins count as
  money with ``a``: ``a penny`` -> 0.01 GBP, ``a dime`` -> 0.10 USD.
- Fractions count only before a percent unit (``a quarter of a percentage point`` -> 0.25 pp); ``dozen``
  alone is 12; a margin keeps its number (``+/-3 points`` -> 3). A count after another number and "in" or
  "out of" is a ratio's base (``four in 10 voters``) and no amount; a glued ``m`` before a race
  (``the 60m hurdles``, ``tasks/lib/data/amount_distance_events.txt``) is metres, not millions.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc

from tasks.lib import vocab
from tasks.lib.extract.amount_lexicon import Lexicon, lexicon
from tasks.lib.extract.amount_numbers import Core, number_at, number_with_currency, parse_number, times
from tasks.lib.extract.amount_quantities import DocInfo, counted_quantity, make_amount, not_a_count
from tasks.lib.extract.amount_signs import apply_sign
from tasks.lib.extract.amount_units import Unit, currency_by_country, preceding, unit_after
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import Amount

__all__ = ["extract_amounts", "parse_number"]

# Verbs of change: after them "X to Y" names two values (before and after), not a range.
_CHANGE_VERBS = vocab.words("amount_change_verbs.txt")


def extract_amounts(doc: Doc) -> list[Amount]:
    """Money, percentages, percentage points and counted quantities in the article.

    Args:
        doc: a parsed spaCy Doc. Money and percentages need only the text; counted quantities
            need the tagger, parser and NER (on a blank pipeline they are simply not found).

    Returns:
        Amounts in text order, non-overlapping, with ``text == doc.text[start_char:end_char]``.
    """
    lex = lexicon()
    text = doc_text(doc)
    starts = sorted(
        {m.start() for m in lex.num_re.finditer(text)} | {m.start() for m in lex.word_re.finditer(text)}
    )
    # Computed once: Doc.text, has_annotation and ents each walk every token.
    info = DocInfo(text, doc.has_annotation("DEP"), [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    out: list[Amount] = []
    covered = -1
    for pos in starts:
        if pos < covered:
            continue
        found = _amounts_at(doc, pos, lex, info)
        if found:
            out.extend(apply_sign(doc, found, out[-1].end_char if out else -1))
            covered = max(a.end_char for a in found)
    return [_with_country_currency(a, text, lex) for a in out]


def _with_country_currency(amt: Amount, text: str, lex: Lexicon) -> Amount:
    """Money in an ambiguous currency word (``24.2 trillion pesos``) with its country's currency, when the
    article names one country for it more than any other."""
    if amt.kind != "money" or amt.unit is not None:
        return amt
    words = amt.text.split()
    code = currency_by_country(words[-1].lower(), text, lex) if words else None
    return dataclasses.replace(amt, unit=code) if code else amt



def _amounts_at(doc: Doc, pos: int, lex: Lexicon, info: DocInfo) -> list[Amount]:
    text = info.text
    core = number_at(text, pos, lex)
    if core is None:
        return []
    start, core.start, core.currency, qualifier = preceding(text, pos, lex)

    # Ranges and pairs: "$1-2 billion", "between 10 and 20 percent", "from 5% to 10%".
    high: Core | None = None
    pair = False
    first_unit = unit_after(text, core.end, lex)
    sep = _separator(text, core, first_unit, qualifier)
    listed = _is_list(sep, qualifier, first_unit, core) and _list_amounts(doc, core, sep.end(), start, qualifier, lex, info)
    if listed:
        return listed
    if sep:
        high, pair = _second_number(doc, text, core, sep, first_unit, qualifier, start, lex)
    if qualifier in ("between", "from"):
        if high is None:  # "between"/"from" without a second number is no qualifier
            start, qualifier = core.start, None
        else:
            qualifier = None
    if high is not None:
        if core.currency is None and high.currency:
            core.currency = high.currency
        if high.currency is None:
            high.currency = core.currency
        if not core.scaled and high.scaled and core.value * high.mult <= high.value:
            core.value = times(core.value, high.mult)
            core.mult, core.scaled = high.mult, True
        if not pair and not core.value < high.value:
            if sep and sep.group().strip() in ("-", "–", "—"):
                return []  # scores (3-1), season spans (2004-05), phone numbers
            high = None
    unit = _last_unit(text, core, high, first_unit, lex)
    end = unit.end if unit else (high or core).end
    kind, code, factor = _kind_of(core, unit)
    if kind != "money" and (core.needs_currency or (high and high.needs_currency)):
        return []

    low_v = times(core.value, factor)
    high_v = times(high.value, factor) if high is not None else None
    if kind == "quantity":
        q = counted_quantity(doc, info, core, high, start, end, qualifier)
        return [q] if q else []
    if core.ambiguous_m and kind != "money":
        return []
    if pair and high is not None:
        first_end = first_unit.end if first_unit else core.end
        a1 = make_amount(text, kind, low_v, code, core.start, first_end, None)
        a2 = make_amount(text, kind, high_v, code, high.start, end, None)
        return [a1, a2]
    amt = make_amount(text, kind, low_v, code, start, end, qualifier)
    if high_v is not None:
        amt.low, amt.high = low_v, high_v
    return [amt]


def _second_number(
    doc: Doc, text: str, core: Core, sep: re.Match, first_unit: Unit | None, qualifier: str | None, start: int, lex: Lexicon
) -> tuple[Core | None, bool]:
    """The number after a separator, and whether the two are a pair of values rather than a range."""
    word = sep.group().strip().lower()
    if word in ("and", "or") and qualifier != "between":
        return None, False
    high = number_with_currency(text, sep.end(), lex)
    if high is not None and first_unit is not None and unit_after(text, high.end, lex) is None:
        high = None
    if high is None:
        return None, False
    # "rose 5p to 350p" is a change between two amounts, "fell 3 to 4 percent" a range.
    own_units = (first_unit or core.currency or core.minor or core.percent) and (
        high.currency or high.minor or high.percent or unit_after(text, high.end, lex)
    )
    # "rose 5% to 7%" is a change; "42%-32.7%" two values side by side (a poll), not a range.
    pair = qualifier == "from" or (word == "to" and bool(own_units) and _after_change_verb(doc, start)) or (
        word in "-–—" and first_unit is not None and not core.value < high.value)
    return high, pair


def _last_unit(text: str, core: Core, high: Core | None, first_unit: Unit | None, lex: Lexicon) -> Unit | None:
    """The unit of the amount: after its last number, else after the first ("5%-10%"), glued "pc" wins."""
    last = high or core
    unit = unit_after(text, last.end, lex)
    if high is not None and unit is None and first_unit is not None:
        unit = first_unit
    if core.percent or last.percent:
        unit = Unit("percent", "%", last.end)
    return unit


def _kind_of(core: Core, unit: Unit | None) -> tuple[str, str | None, float]:
    """(kind, unit code, factor to the major unit) from the unit after the number or the currency before it."""
    if unit is None and (core.currency or core.minor):
        return "money", core.currency or core.minor[0], core.minor[1] if core.minor else 1.0
    if unit is None:
        return "quantity", None, 1.0
    code = core.currency if unit.kind == "money" and core.currency and unit.unit is None else unit.unit
    factor = core.minor[1] if unit.kind == "money" and core.minor else unit.factor
    return unit.kind, code, factor


def _separator(text: str, core: Core, first_unit: Unit | None, qualifier: str | None) -> re.Match | None:
    """What joins this number to a next one: a range dash, "to", "and", "or"; after a unit only a dash
    ("5%-10%", "42%-32.7%") or, after "between", "and" ("between 1% and 3%")."""
    sep = re.compile(r"\s*[-–—]\s*|\s+to\s+|\s+and\s+|\s+or\s+", re.I).match(text, core.end)
    if sep is None and first_unit is not None:
        after_unit = r"\s*[-–—]\s*|\s+and\s+" if qualifier == "between" else r"[-–—]"
        sep = re.compile(after_unit).match(text, first_unit.end)
    return sep


def _is_list(sep: re.Match | None, qualifier: str | None, first_unit: Unit | None, core: Core) -> bool:
    """A bare number then "and"/"or": maybe a list sharing the last one's unit ("45 and 50 cases")."""
    if sep is None or sep.group().strip().lower() not in ("and", "or") or qualifier == "between":
        return False
    return first_unit is None and not (core.currency or core.minor or core.percent)


def _list_amounts(
    doc: Doc, core: Core, pos: int, start: int, qualifier: str | None, lex: Lexicon, info: DocInfo
) -> list[Amount]:
    """One amount per listed number, each with the unit (and shared scale) of the last one."""
    nxt = number_at(info.text, pos, lex)
    rest = _amounts_at(doc, pos, lex, info) if nxt is not None else []
    if not rest or rest[0].low is not None or rest[0].value is None or not nxt.value:
        return []
    if not_a_count(doc, info, core):
        return []
    value = core.value
    if not core.scaled and nxt.scaled and value * nxt.mult <= nxt.value:
        value = times(value, nxt.mult)  # "3 or 4 million people"
    value = times(value, rest[0].value / nxt.value)  # the unit's factor: "5 and 10 cents"
    return [make_amount(info.text, rest[0].kind, value, rest[0].unit, start, core.end, qualifier), *rest]


def _after_change_verb(doc: Doc, start: int) -> bool:
    """Whether the amount follows a verb of change ("rose", "cut ... by"), making "X to Y" two values."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    for tok in doc[max(0, span.start - 3) : span.start]:
        if tok.lemma_.lower() in _CHANGE_VERBS or tok.lower_ in _CHANGE_VERBS:
            return True
    return False
