"""The entity label groups as the extractors use them: one set of labels per kind of thing.

The groups themselves are part of the warehouse contract (``warehouse/labels.py``, data in
``warehouse/entity_labels.json``): the data-quality suites check the same labels.
"""

from __future__ import annotations

from warehouse.labels import ENTITY_LABELS, GROUPS, group_of

__all__ = ["ENTITY_LABELS", "GROUPS", "GROUP_LABELS", "ORG_LABELS", "PERSON_LABELS", "PLACE_LABELS", "group_of"]

PERSON_LABELS = frozenset(GROUPS["PERSON"])
ORG_LABELS = frozenset(GROUPS["ORG"])
PLACE_LABELS = frozenset(GROUPS["PLACE"])
GROUP_LABELS = frozenset(GROUPS["NORP"])
