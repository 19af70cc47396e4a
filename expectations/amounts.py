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
    ])
