"""Suite for the roles table."""

import great_expectations as gx

from expectations.structural import suite_for
from warehouse.tables import ROLES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(ROLES, [
        # Titles are short noun phrases; 80 characters catches a clause swallowed by an appositive rule.
        gx.expectations.ExpectColumnValueLengthsToBeBetween(
            column="role", min_value=2, max_value=80, meta={"severity": "record", "why": "a title, not a clause"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="entity_exists", value_set=[True],
            meta={"severity": "batch", "why": "every role belongs to an existing entity"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="org_exists", value_set=[True],
            meta={"severity": "batch", "why": "a named organisation must be an existing entity"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="doc_exists", value_set=[True],
            meta={"severity": "batch", "why": "every row references a document of this load"}),
    ])
