"""Suite for the mentions table."""

import great_expectations as gx

from expectations.entities import LABELS
from expectations.offsets import always_true, offset_expectations
from expectations.structural import suite_for
from warehouse.tables import MENTIONS


def build_suite() -> gx.ExpectationSuite:
    return suite_for(MENTIONS, [
        *offset_expectations(),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="label", value_set=LABELS, meta={"severity": "record", "why": "labels analysts filter on"}),
        always_true("entity_exists", "batch", "every mention references an existing entity"),
    ])
