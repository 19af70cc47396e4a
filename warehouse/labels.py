"""The entity label groups: which spaCy labels newsflow keeps and what kind of thing each names.

They are part of the warehouse contract: the domain of ``entities.label`` and ``mentions.label``, and a group's
name is part of every ``entity_id`` (sha1 of group and name). Read once from ``warehouse/entity_labels.json``;
extraction (``tasks.lib.extract.entity_labels``), resolution and the data-quality suites all take them from here.
"""

from __future__ import annotations

import json
from pathlib import Path

_DATA = json.loads(Path(__file__).with_name("entity_labels.json").read_text(encoding="utf-8"))
GROUPS: dict[str, tuple[str, ...]] = {name: tuple(labels) for name, labels in _DATA["groups"].items()}
# Every label newsflow keeps as an entity, in the order of the data file.
ENTITY_LABELS: tuple[str, ...] = tuple(label for labels in GROUPS.values() for label in labels)
_GROUP_OF = {label: name for name, labels in GROUPS.items() for label in labels}


def group_of(label: str) -> str:
    """The group of a label ("GPE" -> "PLACE"); a label outside the groups is its own group."""
    return _GROUP_OF.get(label, label)
