"""Suite for the stories table."""

import great_expectations as gx

from expectations.offsets import doc_exists
from expectations.structural import suite_for
from warehouse.tables import STORIES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(STORIES, [doc_exists()])
