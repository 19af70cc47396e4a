"""Suite for the amounts table."""

import great_expectations as gx

from expectations.offsets import always_true, offset_expectations
from expectations.structural import suite_for
from warehouse.tables import AMOUNTS


def build_suite() -> gx.ExpectationSuite:
    return suite_for(AMOUNTS, [
        *offset_expectations(),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="kind", value_set=["money", "percent", "percentage_points", "quantity"],
            meta={"severity": "record", "why": "the kinds analysts sum separately"}),
        # Analysts sum this column: an amount without a number is useless and would silently drop from sums.
        gx.expectations.ExpectColumnValuesToNotBeNull(
            column="value", meta={"severity": "record", "why": "amounts have numeric values"}),
        always_true("unit_known", "record", "money in an ISO 4217 code, % or pp for percentages, a noun for counts"),
        # A range is one row with low < high ("between 3 and 5 million"); value is its low end.
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="high", column_B="low", or_equal=False, ignore_row_if="either_value_is_missing",
            meta={"severity": "record", "why": "a range's high end is above its low end"}),
        gx.expectations.ExpectColumnPairValuesToBeEqual(
            column_A="value", column_B="low", ignore_row_if="either_value_is_missing",
            meta={"severity": "record", "why": "a range's value is its low end"}),
    ])
