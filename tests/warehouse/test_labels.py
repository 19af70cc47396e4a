"""The entity label groups are one contract: extraction and the data-quality suites keep the same labels."""

import great_expectations as gx

from expectations.entities import build_suite
from tasks.lib.extract import entity_labels
from warehouse import labels


def test_label_groups_name_what_each_label_is():
    assert labels.GROUPS["PLACE"] == ("GPE", "LOC", "FAC")
    assert labels.group_of("LOC") == "PLACE" and labels.group_of("NORP") == "NORP"
    assert labels.group_of("WORK_OF_ART") == "WORK_OF_ART"  # outside the groups: its own group


def test_extractors_and_suites_keep_the_same_labels():
    assert entity_labels.ENTITY_LABELS == ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
    assert entity_labels.PLACE_LABELS == {"GPE", "LOC", "FAC"}
    (in_set,) = [e for e in build_suite().expectations
                 if isinstance(e, gx.expectations.ExpectColumnValuesToBeInSet) and e.column == "label"]
    assert in_set.value_set == list(entity_labels.ENTITY_LABELS)
