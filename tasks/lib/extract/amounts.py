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
  truly ambiguous ones (``pesos``) keep ``unit`` None.
- Vague amounts (``billions of dollars``, ``hundreds of people``) and the quantity ``one`` are not
  emitted: they have no number an analyst could sum.
- A list is one amount per number, each with the unit of the last (``45 and 50 cases``, ``5 and 10
  percent``); two values with their own units side by side (``42%-32.7%``) are two amounts.
- Signs: a glued minus (``-15€``) or accounting brackets (``($99.99)``) make ``value`` negative
  (``tasks/lib/extract/amount_signs.py``). Thousands may be grouped by spaces (``10 000``). Coins count as
  money with ``a``: ``a penny`` -> 0.01 GBP, ``a dime`` -> 0.10 USD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from spacy.tokens import Doc, Token

from tasks.lib import vocab
from tasks.lib.extract.amount_signs import MINUS, apply_sign
from tasks.lib.records import Amount



# Entity labels whose numbers are never counted quantities (years, clock times, ages, "3rd").
_NON_QUANTITY_ENTS = {"DATE", "TIME", "ORDINAL"}
# Entities that embed model numbers ("Boeing 747", "Windows 95").
_NAME_ENTS = {"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PERSON"}
# Words before a bare 4-digit number that make it a year ("since 2006", "the 2019 elections").
_YEAR_CUES = {
    "in", "since", "by", "from", "until", "till", "of", "the", "this", "that", "its", "their", "his",
    "her", "our", "my", "your", "before", "after", "during", "early", "late", "mid", "between",
}
_PLURAL_TAGS = {"NNS", "NNPS"}
# Verbs of change: after them "X to Y" names two values (before and after), not a range.
_CHANGE_VERBS = vocab.words("amount_change_verbs.txt")
# Digits with an optional glued suffix (1.2bn, 50p, 5pc); the suffix is vetted in code so 1990s,
# 10am and 2nd are rejected. When scanning, not after letters/dots/dashes (COVID-19, v1.2, 3-1).
_NUM_CORE = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*)([A-Za-z]+)?(?![\w]|[.,:/]\d)"
# "10 000" (space, no-break or thin space between thousands), "1,500", "1.5".
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A minus glued to an amount ("-15€", "−$5m") may start it; not the hyphen of "COVID-19" or "3-1".
_MINUS = MINUS


def _alternation(phrases, flags: str = "") -> str:
    """Regex alternation, longest first so 'more than' beats 'more'; spaces match any whitespace."""
    parts = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    abbrev: dict[str, float]
    abbrev_currency: dict[str, float]
    symbols: dict[str, str]
    names: dict[str, str | None]
    minor: dict[str, tuple[str, float]]
    codes: frozenset[str]
    stop_nouns: frozenset[str]
    measure_nouns: frozenset[str]
    num_re: re.Pattern
    num_core_re: re.Pattern
    word_re: re.Pattern
    scale_re: re.Pattern
    pre_cur_re: re.Pattern
    qual_re: re.Pattern
    unit_re: re.Pattern
    lead_cur_re: re.Pattern
    trail_cur_re: re.Pattern


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    nums = vocab.table("numbers.json")
    cur = vocab.table("currencies.json")
    words = list(nums["units"]) + list(nums["tens"]) + [s for s in nums["scales"] if not s.endswith("s")]
    word_alt = _alternation(words)
    symbols = cur["symbols"]
    sym_alt = _alternation(symbols)
    code_alt = _alternation(cur["codes"])
    names = {k: v for k, v in cur["names"].items()}
    minor = {k: (v[0], float(v[1])) for k, v in cur["minor_units"].items() if k != "p"}
    return _Lexicon(
        units=nums["units"],
        tens=nums["tens"],
        scales={k: float(v) for k, v in nums["scales"].items()},
        abbrev={k: float(v) for k, v in nums["abbrev"].items()},
        abbrev_currency={k: float(v) for k, v in nums["abbrev_with_currency"].items()},
        symbols=symbols,
        names=names,
        minor=minor,
        codes=frozenset(cur["codes"]),
        stop_nouns=vocab.words("quantity_stop_nouns.txt"),
        measure_nouns=vocab.words("amount_measure_nouns.txt"),
        num_re=re.compile(rf"(?:(?<=Rs\.)|(?<![\w.,/:\-–])|(?<=[{_MINUS}])(?<![^\s(\[][{_MINUS}]))(?:{_NUM_CORE})"),
        num_core_re=re.compile(_NUM_CORE),
        word_re=re.compile(
            rf"(?i)\b(?:half\s+an?|an?|{word_alt})(?:(?:\s+and\s+|\s+|-){word_alt})*\b(?!-(?!{word_alt}\b))"
        ),
        scale_re=re.compile(
            r"(?i:\s+|-)(?i:(hundred|thousand|million|billion|trillion|lakh|crore|bn|mn|mln|bln|tn|trn))\b(?!-(?!plus\b)\w)"
        ),
        pre_cur_re=re.compile(rf"(?:(?<![A-Za-z])({sym_alt})|\b({code_alt})\s?)\s?$"),
        qual_re=re.compile(
            rf"(?i)(?<![\w])({_alternation([*vocab.lines('amount_qualifiers.txt'), 'between', 'from'])})\s+$"
        ),
        unit_re=re.compile(
            r"(?:\s*-\s*|\s*)(?:"
            r"(?P<pp>(?i:percentage[\s-]+points?|%\s*points?|per\s*cent(?:age)?\s+points?|percent\s+points?))"
            r"|(?P<bp>(?i:basis\s+points?|bps?)\b)"
            r"|(?P<pct>%|(?i:per\s*cent|percent|pc)\b)"
            rf"|(?P<code>{code_alt})\b"
            rf"|(?P<minor>{_alternation(minor, 'i')})\b"
            rf"|(?P<name>{_alternation(names, 'i')})(?![\w])"
            r")"
        ),
        lead_cur_re=re.compile(rf"{sym_alt}\s?|{code_alt}\s"),
        # "15€", "15 €": a symbol after the number, not the currency of the next one ("5 $10").
        trail_cur_re=re.compile(rf"\s?({_alternation(k for k in symbols if not re.search('[A-Za-z]', k))})(?![\d\w])"),
    )


@dataclass
class _Core:
    """Currency? number scale? as parsed from the text."""

    start: int  # currency symbol start, else number start
    num_start: int
    end: int
    value: float
    scaled: bool  # an explicit scale word or suffix was read
    mult: float = 1.0  # the scale factor applied to the written number
    currency: str | None = None
    minor: tuple[str, float] | None = None  # glued "p" (pence)
    needs_currency: bool = False  # "$5M": M means million only next to a currency
    ambiguous_m: bool = False  # glued "m" without currency: million or metres
    percent: bool = False  # glued "pc"
    words: bool = False


def _parse_words(text: str, lex: _Lexicon) -> float | None:
    """Value of an English number phrase ("three hundred and fifty", "half a million"), None if odd."""
    toks = re.findall(r"[a-z]+", text.lower())
    total, current, seen, last = 0.0, 0.0, False, None
    if toks[:1] == ["half"]:
        toks, mult = toks[1:], 0.5
    else:
        mult = 1.0
    for i, w in enumerate(toks):
        if w == "and":
            if last not in ("hundred", "thousand", "million", "billion", "trillion"):
                return None
            continue
        if w in ("a", "an"):
            if i != 0:
                return None
            current, seen = 1.0, True
        elif w in lex.units or w in lex.tens:
            v = lex.units.get(w, lex.tens.get(w))
            # "twenty five" is fine, "five twenty" and "two three" are not one number.
            if last in lex.units or (last in lex.tens and w in lex.tens) or (last in lex.tens and v >= 10):
                return None
            current += v
            seen = True
        elif w in lex.scales:
            scale = lex.scales[w]
            if not seen and current == 0:
                return None
            current = current or 1.0
            if scale == 100:
                current *= 100
            elif w == "dozen":
                current *= 12
            else:
                total += current * scale
                current = 0.0
        else:
            return None
        last = w
    if not seen:
        return None
    return (total + current) * mult


def _parse_number(text: str, pos: int, lex: _Lexicon) -> _Core | None:
    """Parse [currency] number [scale] starting exactly at ``pos`` (currency included if present)."""
    cur_m = lex.lead_cur_re.match(text, pos)
    start, currency = pos, None
    if cur_m:
        currency = lex.symbols.get(cur_m.group().strip()) or cur_m.group().strip()
        pos = cur_m.end()
    core = _number_at(text, pos, lex, inner=True)
    if core is None:
        return None
    core.start = start
    if currency:
        core.currency = currency
    return core


def _number_at(text: str, pos: int, lex: _Lexicon, *, inner: bool = False) -> _Core | None:
    m = (lex.num_core_re if inner else lex.num_re).match(text, pos)
    if m:
        return _digits_core(m, lex, text)
    w = lex.word_re.match(text, pos)
    if w:
        return _words_core(w, lex, text)
    return None


def _digits_core(m: re.Match, lex: _Lexicon, text: str) -> _Core | None:
    raw, suffix = m.group(1), m.group(2)
    if not re.fullmatch(_DIGITS, raw):
        return None
    core = _Core(m.start(), m.start(), m.end(), 0.0, False)
    number = Decimal(re.sub(r"[,\s]", "", raw))
    if suffix:
        low = suffix.lower()
        if low == "m":
            core.ambiguous_m = suffix == "m"
            core.needs_currency = suffix == "M"
            core.mult = 1e6
        elif low in lex.abbrev and suffix == low:
            core.mult = lex.abbrev[low]
        elif suffix in lex.abbrev_currency:
            core.mult = lex.abbrev_currency[suffix]
            core.needs_currency = True
        elif low == "p":
            core.minor = ("GBP", 0.01)
        elif low == "pc":
            core.percent = True
        else:
            return None  # 1990s, 10am, 2nd, 3D
        core.scaled = low not in ("p", "pc")
    if not core.scaled and not core.percent and not core.minor:
        s = lex.scale_re.match(text, core.end)
        if s:
            core.mult = lex.scales.get(s.group(1).lower()) or lex.abbrev[s.group(1).lower()]
            core.end, core.scaled = s.end(), True
    # Decimal so 8.2bn is 8200000000.0, not 8199999999.999999.
    core.value = float(number * Decimal(str(core.mult)))
    return core


def _words_core(m: re.Match, lex: _Lexicon, text: str) -> _Core | None:
    phrase = m.group()
    # Longest prefix that parses: "two and three" -> "two".
    parts = list(re.finditer(r"[A-Za-z]+", phrase))
    for k in range(len(parts), 0, -1):
        sub = phrase[: parts[k - 1].end()]
        if parts[k - 1].group().lower() == "and":
            continue
        val = _parse_words(sub, lex)
        if val is not None:
            end = m.start() + len(sub)
            scaled = any(p.group().lower() in lex.scales for p in parts[:k])
            first = parts[0].group().lower()
            if first in ("a", "an", "half") and not scaled and not (first != "half" and _coin_after(text, end, lex)):
                return None  # "a" counts only scales ("a million") and coins ("a penny", "a dime")
            scale_words = [p.group().lower() for p in parts[:k] if p.group().lower() in lex.scales]
            mult = lex.scales[scale_words[-1]] if scale_words and scale_words[-1] != "hundred" else 1.0
            return _Core(m.start(), m.start(), end, val, scaled, mult=mult, words=True)
    return None


def _coin_after(text: str, pos: int, lex: _Lexicon) -> bool:
    m = lex.unit_re.match(text, pos)
    return bool(m and m.group("minor") and not m.group("minor").istitle())


def _preceding(text: str, start: int, lex: _Lexicon) -> tuple[int, int, str | None, str | None]:
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
class _Unit:
    kind: str  # percent | percentage_points | money
    unit: str | None
    end: int
    factor: float = 1.0


def _unit_after(text: str, pos: int, lex: _Lexicon) -> _Unit | None:
    sym = lex.trail_cur_re.match(text, pos)
    if sym:
        return _Unit("money", lex.symbols[sym.group(1)], sym.end())
    m = lex.unit_re.match(text, pos)
    if not m:
        return None
    if m.group("pp"):
        return _Unit("percentage_points", "pp", m.end())
    if m.group("bp"):
        return _Unit("percentage_points", "pp", m.end(), 0.01)
    if m.group("pct"):
        return _Unit("percent", "%", m.end())
    if m.group("code"):
        return _Unit("money", m.group("code"), m.end())
    if m.group("minor"):
        if m.group("minor").istitle():
            return None  # "50 Cent", "the 2016 Pence campaign": a name, not small change
        code, factor = lex.minor[" ".join(m.group("minor").lower().split())]
        return _Unit("money", code, m.end(), factor)
    name = " ".join(m.group("name").lower().split())
    # "200 pounds of cocaine" is a weight.
    if name.endswith(("pound", "pounds")) and re.match(r"\s+of\b", text[m.end() :]):
        return None
    return _Unit("money", lex.names.get(name), m.end())


def extract_amounts(doc: Doc) -> list[Amount]:
    """Money, percentages, percentage points and counted quantities in the article.

    Args:
        doc: a parsed spaCy Doc. Money and percentages need only the text; counted quantities
            need the tagger, parser and NER (on a blank pipeline they are simply not found).

    Returns:
        Amounts in text order, non-overlapping, with ``text == doc.text[start_char:end_char]``.
    """
    lex = _lexicon()
    text = doc.text
    starts = sorted(
        {m.start() for m in lex.num_re.finditer(text)} | {m.start() for m in lex.word_re.finditer(text)}
    )
    # Computed once: Doc.text, has_annotation and ents each walk every token.
    info = _DocInfo(text, doc.has_annotation("DEP"), [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    out: list[Amount] = []
    covered = -1
    for pos in starts:
        if pos < covered:
            continue
        found = _amounts_at(doc, pos, lex, info)
        if found:
            out.extend(apply_sign(doc, found, out[-1].end_char if out else -1))
            covered = max(a.end_char for a in found)
    return out


@dataclass
class _DocInfo:
    text: str
    parsed: bool
    ents: list[tuple[int, int, str]]


def _amounts_at(doc: Doc, pos: int, lex: _Lexicon, info: _DocInfo) -> list[Amount]:
    text = info.text
    core = _number_at(text, pos, lex)
    if core is None:
        return []
    start, core.start, core.currency, qualifier = _preceding(text, pos, lex)

    # Ranges and pairs: "$1-2 billion", "between 10 and 20 percent", "from 5% to 10%".
    high: _Core | None = None
    pair = False
    first_unit = _unit_after(text, core.end, lex)
    sep = _separator(text, core, first_unit, qualifier)
    listed = _is_list(sep, qualifier, first_unit, core) and _list_amounts(doc, core, sep.end(), start, qualifier, lex, info)
    if listed:
        return listed
    if sep and not (first_unit and sep.group().strip().lower() == "and" and qualifier != "between"):
        word = sep.group().strip().lower()
        if word in ("and", "or") and qualifier != "between":
            sep = None
        else:
            high = _parse_number(text, sep.end(), lex)
            if high is not None and first_unit is not None:
                second_unit = _unit_after(text, high.end, lex)
                if second_unit is None:
                    high = None
            if high is not None:
                # "rose 5p to 350p" is a change between two amounts, "fell 3 to 4 percent" a range.
                own_units = (first_unit or core.currency or core.minor or core.percent) and (
                    high.currency or high.minor or high.percent or _unit_after(text, high.end, lex)
                )
                # "rose 5% to 7%" is a change; "42%-32.7%" two values side by side (a poll), not a range.
                pair = qualifier == "from" or (word == "to" and bool(own_units) and _after_change_verb(doc, start)) or (
                    word in "-–—" and first_unit is not None and not core.value < high.value)
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
            core.value = _times(core.value, high.mult)
            core.mult, core.scaled = high.mult, True
        if not pair and not core.value < high.value:
            if sep and sep.group().strip() in ("-", "–", "—"):
                return []  # scores (3-1), season spans (2004-05), phone numbers
            high = None
    last = high or core
    unit = _unit_after(text, last.end, lex)
    if high is not None and unit is None and first_unit is not None:
        unit = first_unit
    if core.percent or last.percent:
        unit = _Unit("percent", "%", last.end)
    end = unit.end if unit else last.end

    if unit is None and (core.currency or core.minor):
        kind, code, factor = "money", core.currency or core.minor[0], core.minor[1] if core.minor else 1.0
    elif unit is not None:
        kind, code, factor = unit.kind, unit.unit, unit.factor
        if unit.kind == "money" and core.currency and unit.unit is None:
            code = core.currency
    else:
        kind, code, factor = "quantity", None, 1.0
    if kind != "money" and (core.needs_currency or (high and high.needs_currency)):
        return []
    if kind == "money" and core.minor:
        factor = core.minor[1]

    low_v = _times(core.value, factor)
    high_v = _times(high.value, factor) if high is not None else None
    if kind == "quantity":
        q = _quantity(doc, info, core, high, start, end, qualifier)
        return [q] if q else []
    if core.ambiguous_m and kind != "money":
        return []
    if pair and high is not None:
        first_end = first_unit.end if first_unit else core.end
        a1 = _amount(text, kind, low_v, code, core.start, first_end, None)
        a2 = _amount(text, kind, high_v, code, high.start, end, None)
        return [a1, a2]
    amt = _amount(text, kind, low_v, code, start, end, qualifier)
    if high_v is not None:
        amt.low, amt.high = low_v, high_v
    return [amt]


def _separator(text: str, core: _Core, first_unit: _Unit | None, qualifier: str | None) -> re.Match | None:
    """What joins this number to a next one: a range dash, "to", "and", "or"; after a unit only a dash
    ("5%-10%", "42%-32.7%") or, after "between", "and" ("between 1% and 3%")."""
    sep = re.compile(r"\s*[-–—]\s*|\s+to\s+|\s+and\s+|\s+or\s+", re.I).match(text, core.end)
    if sep is None and first_unit is not None:
        after_unit = r"\s*[-–—]\s*|\s+and\s+" if qualifier == "between" else r"[-–—]"
        sep = re.compile(after_unit).match(text, first_unit.end)
    return sep


def _is_list(sep: re.Match | None, qualifier: str | None, first_unit: _Unit | None, core: _Core) -> bool:
    """A bare number then "and"/"or": maybe a list sharing the last one's unit ("45 and 50 cases")."""
    if sep is None or sep.group().strip().lower() not in ("and", "or") or qualifier == "between":
        return False
    return first_unit is None and not (core.currency or core.minor or core.percent)


def _list_amounts(
    doc: Doc, core: _Core, pos: int, start: int, qualifier: str | None, lex: _Lexicon, info: _DocInfo
) -> list[Amount]:
    """One amount per listed number, each with the unit (and shared scale) of the last one."""
    nxt = _number_at(info.text, pos, lex)
    rest = _amounts_at(doc, pos, lex, info) if nxt is not None else []
    if not rest or rest[0].low is not None or rest[0].value is None or not nxt.value:
        return []
    if _not_a_count(doc, info, core):
        return []
    value = core.value
    if not core.scaled and nxt.scaled and value * nxt.mult <= nxt.value:
        value = _times(value, nxt.mult)  # "3 or 4 million people"
    value = _times(value, rest[0].value / nxt.value)  # the unit's factor: "5 and 10 cents"
    return [_amount(info.text, rest[0].kind, value, rest[0].unit, start, core.end, qualifier), *rest]


def _not_a_count(doc: Doc, info: _DocInfo, core: _Core) -> bool:
    """A year, time or name where a listed count was expected ("in 2004 and 300 people")."""
    raw = info.text[core.num_start : core.end]
    if re.fullmatch(r"1\d{3}|20\d{2}", raw):
        return True
    # The small model often tags a lone listed number DATE ("found 45 and 50 cases"): only an entity
    # wider than the number itself ("45 minutes", "Boeing 747") vetoes it.
    return any(s < core.end and core.num_start < e and (lab in _NON_QUANTITY_ENTS or lab in _NAME_ENTS)
               and (s, e) != (core.num_start, core.end) for s, e, lab in info.ents)


def _times(a: float, b: float) -> float:
    return float(Decimal(str(a)) * Decimal(str(b)))


def _after_change_verb(doc: Doc, start: int) -> bool:
    """Whether the amount follows a verb of change ("rose", "cut ... by"), making "X to Y" two values."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    for tok in doc[max(0, span.start - 3) : span.start]:
        if tok.lemma_.lower() in _CHANGE_VERBS or tok.lower_ in _CHANGE_VERBS:
            return True
    return False


def _amount(text, kind, value, unit, start, end, qualifier) -> Amount:
    return Amount(
        text=text[start:end], kind=kind, value=value, unit=unit, start_char=start, end_char=end, qualifier=qualifier
    )


def _quantity(
    doc: Doc, info: _DocInfo, core: _Core, high: _Core | None, start: int, end: int, qualifier: str | None
) -> Amount | None:
    """A counted quantity, or None when the number counts nothing (years, scores, ages, names)."""
    lex = _lexicon()
    text = info.text
    if core.words and core.value == 1 and high is None:
        return None  # "one of the", "a" - too vague to be a count
    if re.search(r"(?i)\b(?:one|1)\s+in\s+$", text[max(0, start - 12) : start]):
        return None  # "one in five workers" is a ratio, not five workers
    span = doc.char_span(core.num_start, end, alignment_mode="expand")
    if span is None or not info.parsed:
        return None
    # "3 and 5 million" tagged DATE: a number scaled by a million or more is never a year, time or age.
    big = max(core.mult, high.mult if high else 0) >= 1e6
    for ent_start, ent_end, label in info.ents:
        if ent_start < end and core.num_start < ent_end:
            if (label in _NON_QUANTITY_ENTS and not big) or label in _NAME_ENTS:
                return None
    first = span[0]
    prev = doc[first.i - 1] if first.i > 0 else None
    raw = text[core.num_start : core.end]
    if prev is not None and prev.pos_ == "PROPN" and not qualifier and prev.i + 1 == first.i:
        return None  # "Boeing 747 jets", "Apollo 11 astronauts"
    if re.fullmatch(r"1\d{3}|20\d{2}|21\d{2}", raw) and not core.scaled:
        if prev is None or prev.lower_ in _YEAR_CUES or prev.pos_ in ("DET", "PRON"):
            return None
    noun, of_form = _counted_noun(span[-1], lex)
    if noun is None:
        return None
    if noun.pos_ == "PROPN" and core.words and text[core.num_start].isupper() and not first.is_sent_start:
        return None  # a name: "Six Nations", "the Big Four"
    if core.ambiguous_m and noun.tag_ not in _PLURAL_TAGS:
        return None
    q_end = max(end, noun.idx + len(noun.text))
    unit = noun.text if noun.pos_ == "PROPN" else noun.text.lower()
    amt = _amount(text, "quantity", core.value, unit, start, q_end, qualifier)
    if high is not None:
        amt.low, amt.high = core.value, high.value
    return amt


def _counted_noun(last: Token, lex: _Lexicon) -> tuple[Token | None, bool]:
    """The plural noun a number counts: "100 Russian soldiers", "two of their military planes"."""
    doc = last.doc
    i = last.i + 1
    of_form = False
    if i < len(doc) and doc[i].lower_ == "of":
        of_form, i = True, i + 1
    for tok in doc[i : i + 6]:
        # The first plural noun ("800 metres favourites" counts metres), else the head of the phrase
        # ("500 oil workers").
        compound = tok.dep_ == "compound" and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("NOUN", "PROPN")
        if tok.i == i and not of_form and tok.lower_ in lex.measure_nouns and tok.i + 1 < len(doc) and (
            compound or doc[tok.i + 1].pos_ in ("ADJ", "NOUN", "PROPN")
        ):
            return tok, False  # a singular unit measures what follows: "three megapixel camera phones"
        if tok.pos_ in ("NOUN", "PROPN") and (tok.tag_ in _PLURAL_TAGS or not compound):
            if tok.tag_ not in _PLURAL_TAGS or tok.lower_ in lex.stop_nouns or tok.lemma_.lower() in lex.stop_nouns:
                return None, of_form
            linked = tok in last.ancestors or tok in last.subtree or tok.i == last.i + 1
            nxt = doc[tok.i + 1] if compound else None
            if nxt is not None and nxt.tag_ in _PLURAL_TAGS and tok.lemma_.lower() not in lex.measure_nouns:
                tok = nxt  # a plural modifier names a kind of the head: "two cosmetics brands" counts brands
            return (tok, of_form) if linked else (None, of_form)
        if tok.pos_ in ("ADJ", "ADV", "NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ == "amod"):
            continue
        if of_form and tok.pos_ in ("DET", "PRON") and tok.dep_ in ("det", "poss"):
            continue
        if tok.text in ("-", "‑") and tok.i > i:  # "military-grade"; a hyphen right after the number ("35-year-old") stops
            continue
        if tok.i > i and doc[tok.i - 1].text in ("-", "‑") and not doc[tok.i - 1].whitespace_:
            continue  # the second word of a hyphened modifier: "eight stand-by jurors"
        break
    return None, of_form


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or English words ("1,500", "three", "a", "twenty-one").

    Args:
        text: the whole number phrase, nothing else.

    Returns:
        The value, or None for vague or non-numeric phrases ("a few", "several").
    """
    lex = _lexicon()
    t = " ".join(text.strip().split())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    if t.lower() in ("a", "an", "a single", "one single"):
        return 1.0
    if t.lower() in ("a couple of", "couple of", "a couple"):
        return 2.0
    if not re.fullmatch(r"[A-Za-z\s-]+", t):
        return None
    return _parse_words(t, lex)
