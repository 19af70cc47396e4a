"""Suite for the dates table."""

import datetime as dt

import great_expectations as gx

from expectations.offsets import offset_expectations
from expectations.structural import suite_for
from warehouse.tables import DATES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(DATES, [
        *offset_expectations(),
        # News refers to history and plans; a resolved date outside 1000..2200 is a parsing error.
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="value", min_value=dt.date(1000, 1, 1), max_value=dt.date(2200, 12, 31),
            meta={"severity": "record", "why": "implausible resolved date"}),
    ])
