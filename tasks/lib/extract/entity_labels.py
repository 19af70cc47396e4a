"""The entity label groups (people, organisations, places, groups), read once from data/entity_labels.json."""

from __future__ import annotations

from tasks.lib import vocab

_DATA = vocab.table("entity_labels.json")
GROUPS: dict[str, tuple[str, ...]] = {name: tuple(labels) for name, labels in _DATA["groups"].items()}

PERSON_LABELS = frozenset(GROUPS["PERSON"])
ORG_LABELS = frozenset(GROUPS["ORG"])
PLACE_LABELS = frozenset(GROUPS["PLACE"])
GROUP_LABELS = frozenset(GROUPS["NORP"])
# Every label newsflow keeps as an entity, in the order of the data file.
ENTITY_LABELS: tuple[str, ...] = tuple(label for labels in GROUPS.values() for label in labels)
_GROUP_OF = {label: name for name, labels in GROUPS.items() for label in labels}


def group_of(label: str) -> str:
    """The group of a label ("GPE" -> "PLACE"); a label outside the groups is its own group."""
    return _GROUP_OF.get(label, label)
