"""Suite for ingest's output: every record read has content and a proper hash."""

import great_expectations as gx

from expectations.structural import suite_for
from warehouse.tables import RAW_ARTICLES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(RAW_ARTICLES, [
        # The hash is the idempotency key; anything but 64 hex digits would break skip/replace logic.
        gx.expectations.ExpectColumnValuesToMatchRegex(
            column="content_hash", regex=r"^[0-9a-f]{64}$", meta={"severity": "record", "why": "sha256 hex"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="format", value_set=["txt", "md", "html", "json"],
            meta={"severity": "record", "why": "the formats the cleaner understands"}),
        # Readers reject empty input; an empty record here means a reader bug, set the record aside.
        gx.expectations.ExpectColumnValueLengthsToBeBetween(
            column="text", min_value=1, meta={"severity": "record", "why": "nothing to clean"}),
    ])
