"""Suite for the headline_mentions table: mentions whose offsets point into documents.title."""

import great_expectations as gx

from expectations.entities import LABELS
from expectations.offsets import always_true, offset_expectations
from expectations.structural import suite_for
from warehouse.tables import HEADLINE_MENTIONS


def build_suite() -> gx.ExpectationSuite:
    return suite_for(HEADLINE_MENTIONS, [
        *offset_expectations(source="documents.title"),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="label", value_set=LABELS, meta={"severity": "record", "why": "labels analysts filter on"}),
        always_true("entity_exists", "batch", "every headline mention references an existing entity"),
    ])
