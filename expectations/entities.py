"""Suite for the entities table."""

import great_expectations as gx

from expectations.structural import suite_for
from warehouse.labels import ENTITY_LABELS
from warehouse.tables import ENTITIES

# The labels newsflow keeps (warehouse/entity_labels.json); anything else is a broken extraction.
LABELS = list(ENTITY_LABELS)


def build_suite() -> gx.ExpectationSuite:
    return suite_for(ENTITIES, [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="label", value_set=LABELS, meta={"severity": "record", "why": "labels analysts filter on"}),
        gx.expectations.ExpectColumnValueLengthsToBeBetween(
            column="canonical_name", min_value=1, max_value=200,
            meta={"severity": "record", "why": "a name, not a paragraph swallowed by NER"}),
    ])
