"""The dateline's place ("WASHINGTON _ ...") as an entity mention of its article.

The cleaner moves the dateline out of ``documents.text`` into ``documents.dateline``, so the model never
reads it. Its place is added here like any other mention, so a query for the articles that mention
Washington finds the one datelined WASHINGTON: the mention joins the article's entity for that place when
the text names it too, else starts a new place entity. Its ``in_dateline`` flag says its offsets are into
``documents.dateline``, not ``documents.text``.
"""

from __future__ import annotations

import re

from tasks.lib.clean.datelines import dateline_date
from tasks.lib.extract.entities import normalize
from tasks.lib.extract.entity_labels import PLACE_LABELS
from tasks.lib.records import Analysis, LocalEntity, Mention

# "WASHINGTON/BEIJING", "MILWAUKEE, Wisconsin": one dateline may name several places.
_PLACE = re.compile(r"[^/,]+")


def _entity_for(analysis: Analysis, name: str) -> LocalEntity:
    """The article's place entity called ``name`` (canonical name or alias), else a new GPE entity."""
    key = normalize(name)
    for ent in analysis.entities:
        if ent.label in PLACE_LABELS and key in {normalize(ent.canonical_name), *map(normalize, ent.aliases)}:
            return ent
    ent = LocalEntity(key=len(analysis.entities), canonical_name=name, label="GPE", aliases=[])
    analysis.entities.append(ent)
    return ent


def add_dateline_place(analysis: Analysis, dateline: str | None) -> Analysis:
    """Add the dateline's place(s) to an article's entities and mentions.

    Args:
        analysis: the article's extraction (changed in place).
        dateline: ``documents.dateline``, e.g. ``WASHINGTON``, ``NEW YORK`` or ``LONDON, March 5`` (its date is
            ``date_dateline``'s); None when the article has none.

    Returns:
        The same analysis, with one mention per place of the dateline (``in_dateline=True``, offsets into
        the dateline) and a new GPE entity for a place the text does not name. A shouted place gets its
        usual capitals as canonical name (``NEW YORK`` -> ``New York``).
    """
    dateline = dateline or ""
    date = dateline_date(dateline)
    for m in _PLACE.finditer(dateline[:date[0]] if date else dateline):
        surface = m.group().strip()
        if not any(c.isalpha() for c in surface):
            continue
        start = m.start() + m.group().index(surface)
        name = surface.title() if surface.isupper() else surface
        ent = _entity_for(analysis, name)
        if surface not in ent.aliases:
            ent.aliases.append(surface)
        analysis.mentions.append(Mention(entity_key=ent.key, text=surface, label=ent.label, start_char=start,
                                         end_char=start + len(surface), in_dateline=True))
    return analysis
