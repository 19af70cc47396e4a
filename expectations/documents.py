"""Suite for the documents table."""

import great_expectations as gx

from expectations.structural import suite_for
from warehouse.tables import DOCUMENTS


def build_suite() -> gx.ExpectationSuite:
    return suite_for(DOCUMENTS, [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="word_count", min_value=1, meta={"severity": "record", "why": "an article has words"}),
        # Every document is its source's only current version.
        gx.expectations.ExpectColumnValuesToBeUnique(
            column="source_uri", meta={"severity": "batch", "why": "one current version per source"}),
    ])
