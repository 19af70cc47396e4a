"""Negative amounts: a glued minus ("-15€", "−$5m", "-0.3%") or accounting brackets ("($99.99)").

Brackets are the accounting negative only around money that follows no other amount and no noun:
"£546m ($1.04bn)" is a conversion and "Acme ($12)" a price, while "the loss was ($99.99)" is negative.
The sign is applied to ``value`` of single amounts (not ranges), and the span widens over the sign.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import Amount

MINUS = "-−"
_NOUNISH = {"NOUN", "PROPN", "NUM", "SYM"}


def _negate(a: Amount, start: int, end: int, text: str) -> Amount:
    return replace(a, text=text[start:end], start_char=start, end_char=end, value=-a.value)


def _glued_minus(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in MINUS and (start == 1 or text[start - 2] in " \t\n([")


def _accounting(doc: Doc, a: Amount, prev_end: int) -> bool:
    text = doc_text(doc)
    s, e = a.start_char, a.end_char
    if a.kind != "money" or s == 0 or text[s - 1] != "(" or text[e : e + 1] != ")":
        return False
    if prev_end >= 0 and not text[prev_end : s - 1].strip():
        return False  # "£546m ($1.04bn)": a conversion of the amount before
    before = doc.char_span(s - 1, s, alignment_mode="expand")
    if before is None or before.start == 0:
        return True
    prev = doc[before.start - 1]
    return prev.pos_ not in _NOUNISH and not prev.text[-1:].isdigit()


def apply_sign(doc: Doc, amounts: list[Amount], prev_end: int) -> list[Amount]:
    """The amounts found at one position, negated where written negative.

    Args:
        doc: the parsed article (the word before a bracket decides between a price and a negative).
        amounts: amounts just read at one position, in text order.
        prev_end: end offset of the amount before them, or -1.
    """
    out = []
    for a in amounts:
        signable = a.low is None and a.value is not None and a.value > 0  # ranges keep low < high
        if signable and _glued_minus(doc_text(doc), a.start_char):
            a = _negate(a, a.start_char - 1, a.end_char, doc_text(doc))
        elif signable and _accounting(doc, a, prev_end):
            a = _negate(a, a.start_char - 1, a.end_char + 1, doc_text(doc))
        out.append(a)
        prev_end = a.end_char
    return out
