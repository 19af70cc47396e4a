"""Numbers as written in news text: digits with suffixes and scales ("1.2bn", "10 000", "50p"), English
number words ("three hundred and fifty", "half a million") and a leading currency ("$5m")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tasks.lib.extract.amount_lexicon import _DIGITS, Lexicon, lexicon


@dataclass
class Core:
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


def _parse_words(text: str, lex: Lexicon) -> float | None:
    """Value of an English number phrase ("three hundred and fifty", "half a million"), None if odd."""
    toks = re.findall(r"[a-z]+", text.lower())
    total, current, seen, last = 0.0, 0.0, False, None
    if toks[:1] in (["a"], ["an"]) and toks[1:2] == ["half"]:
        toks = toks[1:]  # "a half-dozen"
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
            if not seen and current == 0 and w != "dozen":
                return None  # "million" alone is no number; "the dozen surveys" are twelve
            current, seen = current or 1.0, True
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


def number_with_currency(text: str, pos: int, lex: Lexicon) -> Core | None:
    """Parse [currency] number [scale] starting exactly at ``pos`` (currency included if present)."""
    cur_m = lex.lead_cur_re.match(text, pos)
    start, currency = pos, None
    if cur_m:
        currency = lex.symbols.get(cur_m.group().strip()) or cur_m.group().strip()
        pos = cur_m.end()
    core = number_at(text, pos, lex, inner=True)
    if core is None:
        return None
    core.start = start
    if currency:
        core.currency = currency
    return core


def number_at(text: str, pos: int, lex: Lexicon, *, inner: bool = False) -> Core | None:
    m = (lex.num_core_re if inner else lex.num_re).match(text, pos)
    if m:
        return _digits_core(m, lex, text)
    f = lex.fraction_re.match(text, pos)
    if f and _percent_after(text, f.end(), lex):  # "a quarter of a percentage point"
        value = lex.units.get((f.group(1) or "a").lower(), 1) * lex.fractions[f.group(2).lower()]
        return Core(f.start(), f.start(), f.end(), value, False, words=True)
    w = lex.word_re.match(text, pos)
    if w:
        return _words_core(w, lex, text)
    return None


def _digits_core(m: re.Match, lex: Lexicon, text: str) -> Core | None:
    raw, suffix = m.group(1), m.group(2)
    if not re.fullmatch(_DIGITS, raw):
        return None
    core = Core(m.start(), m.start(), m.end(), 0.0, False)
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
        elif suffix == "pc":
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


def _words_core(m: re.Match, lex: Lexicon, text: str) -> Core | None:
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
            if first in ("a", "an", "half") and not scaled and not (
                (first != "half" and _coin_after(text, end, lex)) or _percent_after(text, end, lex)
            ):
                return None  # "a" counts only scales ("a million"), coins ("a penny") and points ("half a point")
            scale_words = [p.group().lower() for p in parts[:k] if p.group().lower() in lex.scales]
            mult = lex.scales[scale_words[-1]] if scale_words and scale_words[-1] != "hundred" else 1.0
            return Core(m.start(), m.start(), end, val, scaled, mult=mult, words=True)
    return None


def _percent_after(text: str, pos: int, lex: Lexicon) -> bool:
    """A percent or percentage-point unit follows: "half a percentage point", "a quarter of a percent"."""
    m = lex.unit_re.match(text, pos)
    return bool(m and (m.group("pp") or m.group("bp") or m.group("pct")) and not text[m.end() : m.end() + 1].isalpha())


def _coin_after(text: str, pos: int, lex: Lexicon) -> bool:
    m = lex.unit_re.match(text, pos)
    return bool(m and m.group("minor") and not m.group("minor").istitle())


def times(a: float, b: float) -> float:
    return float(Decimal(str(a)) * Decimal(str(b)))



def parse_number(text: str) -> float | None:
    """The value of a number written in digits or English words ("1,500", "three", "a", "twenty-one").

    Args:
        text: the whole number phrase, nothing else.

    Returns:
        The value, or None for vague or non-numeric phrases ("a few", "several").
    """
    lex = lexicon()
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
