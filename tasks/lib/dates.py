"""Date expressions resolved against the publish date."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from tasks.lib.records import DateMention


def extract_dates(doc: Doc, published_at: date | None) -> list[DateMention]:
    """Date mentions in the article (placeholder: none yet)."""
    return []
