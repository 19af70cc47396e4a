"""Money, percentages and counted quantities as numbers with units."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.lib.records import Amount


def extract_amounts(doc: Doc) -> list[Amount]:
    """Amounts in the article (placeholder: none yet)."""
    return []
