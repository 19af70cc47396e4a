"""Which quote pieces make one statement.

A statement is what one speaker said in one go, as the article lays it out: a quotation split by its
attribution (``"We will win," she said, "and soon."``), a quotation running over paragraphs (a paragraph
that opens with a mark and leaves it open, continued by the next), or the quoted paragraphs run on after a
lead-in ending in a colon. Pieces of a statement share its cue; every other quote is a statement of its
own. The pieces keep their own rows (their offsets stay exact); ``Quote.statement_start``, the start of the
statement's first piece, ties them together, and the warehouse hashes it into ``statement_id``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.lib.records import Quote

# A lead-in that introduces what follows: it ends in a colon, before the opening mark if any.
_COLON_END = re.compile(r":[\s\"“]*$")


def group_statements(
    text: str,
    pieces: Sequence[tuple[Quote, int | None]],
    continued: set[int],
    para_of: Sequence[int],
) -> None:
    """Set ``statement_start`` on every quote piece.

    Args:
        text: the article.
        pieces: each quote with a key of its cue (the cue token's index; None when it has none), in
            text order.
        continued: content starts of quotations that continue an open quotation of the paragraph before.
        para_of: paragraph index of every character offset.
    """
    last: dict[int, Quote] = {}  # cue key -> latest piece of its open statement
    colon_led: set[int] = set()  # statements introduced by a lead-in ending in a colon
    for quote, key in pieces:
        prev = last.get(key) if key is not None else None
        if prev is not None and _same_statement(text, prev, quote, continued, para_of, colon_led):
            quote.statement_start = prev.statement_start
        else:
            quote.statement_start = quote.start_char
            if _colon_lead(text, quote):
                colon_led.add(quote.start_char)
        if key is not None:
            last[key] = quote


def _same_statement(text: str, prev: Quote, quote: Quote, continued: set[int], para_of: Sequence[int],
                    colon_led: set[int]) -> bool:
    """``quote`` carries on the statement whose latest piece is ``prev`` (both under one cue)."""
    if prev.kind != "direct" or quote.kind != "direct" or quote.start_char < prev.end_char:
        return False
    if para_of[quote.start_char] == para_of[prev.start_char]:
        return True  # split by its attribution, or sentences run on in one paragraph
    if quote.start_char in continued:
        return True  # a paragraph left open, continued by the next
    # Quoted paragraphs after a lead-in ending in a colon: "X said:" / "“A.”" / "“B.”".
    own_line = text[text.rfind("\n", 0, quote.start_char) + 1 : quote.start_char]
    return (
        prev.statement_start in colon_led and para_of[quote.start_char] - para_of[prev.start_char] == 1
        and not own_line.strip(" \t\xa0\"“")
    )


def _colon_lead(text: str, quote: Quote) -> bool:
    """The quote's cue comes before it in the same sentence, which ends in a colon before the quote."""
    if quote.cue_end is None or quote.cue_end > quote.start_char:
        return False
    gap = text[quote.cue_end : quote.start_char]
    return bool(_COLON_END.search(gap)) and not re.search(r"[.!?]", gap)
