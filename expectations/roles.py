"""Suite for the roles table."""

import great_expectations as gx

from expectations.offsets import always_true, doc_exists
from expectations.structural import suite_for
from warehouse.tables import ROLES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(ROLES, [
        # Titles are short noun phrases; 80 characters catches a clause swallowed by an appositive rule.
        gx.expectations.ExpectColumnValueLengthsToBeBetween(
            column="role", min_value=2, max_value=80, meta={"severity": "record", "why": "a title, not a clause"}),
        always_true("entity_exists", "batch", "every role belongs to an existing entity"),
        always_true("org_exists", "batch", "a named organisation must be an existing entity"),
        doc_exists(),
    ])
