"""Suite for the stories table."""

import great_expectations as gx

from expectations.structural import suite_for
from warehouse.tables import STORIES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(STORIES, [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="doc_exists", value_set=[True],
            meta={"severity": "batch", "why": "every row references a document of this load"}),
    ])
