"""The entity label groups as the extractors use them: one set of labels per kind of thing.

The groups themselves are part of the warehouse contract (``warehouse/labels.py``, data in
``warehouse/entity_labels.json``): the data-quality suites check the same labels.
"""

from __future__ import annotations

from warehouse.labels import ENTITY_LABELS, GROUPS, group_of

__all__ = ["ENTITY_LABELS", "GROUPS", "GROUP_LABELS", "MISC", "NAME_LABELS", "ORG_LABELS", "PERSON_LABELS", "PLACE_LABELS",
           "group_of"]

PERSON_LABELS = frozenset(GROUPS["PERSON"])
ORG_LABELS = frozenset(GROUPS["ORG"])
PLACE_LABELS = frozenset(GROUPS["PLACE"])
GROUP_LABELS = frozenset(GROUPS["NORP"])

# A rule's label for a name that is no person's and of no kind kept here (a work, a product, a venue: CoNLL-2003's
# MISC; tasks/lib/data/entity_evidence.json); never stored.
MISC = "MISC"
# Labels of spans that are names: a number or a date word inside one is part of the name ("Boeing 747", "Windows 95",
# "the Fourth of July Parade"), not an amount or a date.
NAME_LABELS = frozenset({*PERSON_LABELS, *ORG_LABELS, *PLACE_LABELS, *GROUP_LABELS, "PRODUCT", "WORK_OF_ART", "LAW",
                         "EVENT", MISC})
