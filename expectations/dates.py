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
        # A range runs forward: "2009-2010" ends after it starts; a reversed pair was misread.
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_value", column_B="value", or_equal=False, ignore_row_if="either_value_is_missing",
            meta={"severity": "record", "why": "a date range ends after it starts"}),
    ])
