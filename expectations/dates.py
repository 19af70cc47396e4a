"""Suite for the dates table."""

import great_expectations as gx

from expectations.offsets import offset_expectations
from expectations.structural import suite_for
from warehouse.tables import DATES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(DATES, [
        *offset_expectations(),
        # News refers to history and plans; a resolved date outside 1000..2200 is a parsing error.
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="value_year", min_value=1000, max_value=2200,
            meta={"severity": "record", "why": "implausible resolved date"}),
    ])
