"""Titles and roles held by people in an article."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.lib.records import LocalEntity, Mention, Role


def extract_roles(doc: Doc, entities: list[LocalEntity], mentions: list[Mention]) -> list[Role]:
    """Roles from title patterns and appositives (placeholder: none yet)."""
    return []
