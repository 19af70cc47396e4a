"""Quotations and their speakers."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.lib.records import LocalEntity, Mention, Quote, Role


def extract_quotes(doc: Doc, entities: list[LocalEntity], mentions: list[Mention], roles: list[Role]) -> list[Quote]:
    """Direct, mixed and indirect quotes with speakers (placeholder: none yet)."""
    return []
