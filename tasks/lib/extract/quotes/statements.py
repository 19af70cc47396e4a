"""Which quote pieces make one statement.

A statement is what one speaker said in one go, as the article lays it out: a quotation split by its
attribution (``"We will win," she said, "and soon."``, or a reported sentence around its attribution,
``South Carolina, he said, was "..."``), a quotation running over paragraphs (a paragraph
that opens with a mark and leaves it open, continued by the next), or the quoted paragraphs run on after a
lead-in ending in a colon or after the paragraph that attributed the one before. Pieces of a statement
share its cue; every other quote is a statement of its own. The pieces keep their own rows (their offsets
stay exact); ``Quote.statement_start``, the start of the statement's first piece, ties them together, and
the warehouse hashes it into ``statement_id``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks.lib.records import Quote


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
    for quote, key in pieces:
        prev = last.get(key) if key is not None else None
        if prev is not None and _same_statement(text, prev, quote, continued, para_of):
            quote.statement_start = prev.statement_start
        else:
            quote.statement_start = quote.start_char
        if key is not None:
            last[key] = quote


def _same_statement(text: str, prev: Quote, quote: Quote, continued: set[int], para_of: Sequence[int]) -> bool:
    """``quote`` carries on the statement whose latest piece is ``prev`` (both under one cue)."""
    if quote.start_char < prev.end_char:
        return False
    if prev.kind == quote.kind != "direct" and prev.end_char <= (quote.cue_start or -1) < quote.start_char:
        return para_of[quote.start_char] == para_of[prev.start_char]  # "X, he said, was "..."": either side
    if prev.kind != "direct" or quote.kind != "direct":
        return False
    if para_of[quote.start_char] == para_of[prev.start_char]:
        return True  # split by its attribution, or sentences run on in one paragraph
    if quote.start_char in continued:
        return True  # a paragraph left open, continued by the next
    # The next paragraph opens with a quotation under the same cue: it runs on ("X said:" / "“A.”" / "“B.”",
    # or "“A,” X said." / "“B.”"), as PolNeAR annotates it, one attribution for both.
    own_line = text[text.rfind("\n", 0, quote.start_char) + 1 : quote.start_char]
    return para_of[quote.start_char] - para_of[prev.start_char] == 1 and not own_line.strip(" \t\xa0\"“‘'")
