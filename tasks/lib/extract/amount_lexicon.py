"""The amount lexicon: number words, scales, currencies and the regular expressions built from them.

Read once from ``numbers.json``, ``currencies.json`` and the amount word lists (through ``vocab``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.lib import vocab
from tasks.lib.extract.amount_signs import MINUS

# Digits with an optional glued suffix (1.2bn, 50p, 5pc); the suffix is vetted in code so 1990s,
# 10am and 2nd are rejected. When scanning, not after letters/dots/dashes (COVID-19, v1.2, 3-1).
_NUM_CORE = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*)([A-Za-z]+)?(?![\w]|[.,:/]\d)"
# "10 000" (space, no-break or thin space between thousands), "1,500", "1.5".
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A minus glued to an amount ("-15€", "−$5m") may start it; not the hyphen of "COVID-19" or "3-1".
_MINUS = MINUS


def alternation(phrases, flags: str = "") -> str:
    """Regex alternation, longest first so 'more than' beats 'more'; spaces match any whitespace."""
    parts = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    abbrev: dict[str, float]
    abbrev_currency: dict[str, float]
    symbols: dict[str, str]
    names: dict[str, str | None]
    by_country: dict[str, dict[str, re.Pattern]]  # ambiguous name -> ISO code -> the words naming its countries
    minor: dict[str, tuple[str, float]]
    codes: frozenset[str]
    stop_nouns: frozenset[str]
    measure_nouns: frozenset[str]
    distance_events: frozenset[str]
    fractions: dict[str, float]
    num_re: re.Pattern
    num_core_re: re.Pattern
    word_re: re.Pattern
    fraction_re: re.Pattern
    scale_re: re.Pattern
    pre_cur_re: re.Pattern
    qual_re: re.Pattern
    unit_re: re.Pattern
    lead_cur_re: re.Pattern
    trail_cur_re: re.Pattern


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    nums = vocab.table("numbers.json")
    cur = vocab.table("currencies.json")
    words = list(nums["units"]) + list(nums["tens"]) + [s for s in nums["scales"] if not s.endswith("s")]
    word_alt = alternation(words)
    symbols = cur["symbols"]
    sym_alt = alternation(symbols)
    code_alt = alternation(cur["codes"])
    names = {k: v for k, v in cur["names"].items()}
    cues_of = {group: {code: re.compile(rf"(?i)(?<![\w-]){alternation(cues)}(?![\w-])") for code, cues in codes.items()}
               for group, codes in cur["by_country"].items()}
    by_country = {word: cues_of[group] for word, group in cur["ambiguous"].items()}  # "pesos", "peso": one group
    minor = {k: (v[0], float(v[1])) for k, v in cur["minor_units"].items() if k != "p"}
    return Lexicon(
        units=nums["units"],
        tens=nums["tens"],
        scales={k: float(v) for k, v in nums["scales"].items()},
        abbrev={k: float(v) for k, v in nums["abbrev"].items()},
        abbrev_currency={k: float(v) for k, v in nums["abbrev_with_currency"].items()},
        symbols=symbols,
        names=names,
        by_country=by_country,
        minor=minor,
        codes=frozenset(cur["codes"]),
        stop_nouns=vocab.words("quantity_stop_nouns.txt"),
        measure_nouns=vocab.words("amount_measure_nouns.txt"),
        distance_events=vocab.words("amount_distance_events.txt"),
        fractions={k: float(v) for k, v in nums["fractions"].items()},
        # "+/-3 points", "±3%": a margin of error, read without its sign
        num_re=re.compile(
            rf"(?:(?<=Rs\.)|(?<=\+/-)|(?<=±)|(?<![\w.,/:\-–])|(?<=[{_MINUS}])(?<![^\s(\[][{_MINUS}]))(?:{_NUM_CORE})"
        ),
        num_core_re=re.compile(_NUM_CORE),
        word_re=re.compile(
            rf"(?i)\b(?:half\s+an?|(?:an?\s+)?half(?=[\s-]dozen\b)|an?|{word_alt})(?:(?:\s+and\s+|\s+|-){word_alt})*\b(?!-(?!{word_alt}\b))"
        ),
        # "a quarter of a", "three quarters of a", "half of a": a fraction of the unit that follows.
        fraction_re=re.compile(
            rf"(?i)\b(?:(an?|{alternation(nums['units'])})[\s-]+)?({alternation(nums['fractions'])})\s+(?:of\s+)?an?\b"
        ),
        scale_re=re.compile(
            r"(?i:\s+|-)(?i:(hundred|thousand|million|billion|trillion|lakh|crore|bn|mn|mln|bln|tn|trn))\b(?!-(?!plus\b)\w)"
        ),
        pre_cur_re=re.compile(rf"(?:(?<![A-Za-z])({sym_alt})|\b({code_alt})\s?)\s?$"),
        qual_re=re.compile(
            rf"(?i)(?<![\w])({alternation([*vocab.lines('amount_qualifiers.txt'), 'between', 'from'])})\s+$"
        ),
        unit_re=re.compile(
            r"(?:\s*-\s*|\s*)(?:"
            r"(?P<pp>(?i:percentage[\s-]+points?|%\s*points?|per\s*cent(?:age)?\s+points?|percent\s+points?))"
            r"|(?P<bp>(?i:basis\s+points?|bps?)\b)"
            r"|(?P<pct>%|(?i:per\s*cent|percent)\b|pc\b)"  # "PC" after a number is a computer: "a 386 PC"
            rf"|(?P<code>{code_alt})\b"
            rf"|(?P<minor>{alternation(minor, 'i')})\b"
            rf"|(?P<name>{alternation(names, 'i')})(?![\w])"
            r")"
        ),
        lead_cur_re=re.compile(rf"{sym_alt}\s?|{code_alt}\s"),
        # "15€", "15 €": a symbol after the number, not the currency of the next one ("5 $10").
        trail_cur_re=re.compile(rf"\s?({alternation(k for k in symbols if not re.search('[A-Za-z]', k))})(?![\d\w])"),
    )
