"""Suite for the embeds table."""

import great_expectations as gx

from expectations.offsets import doc_exists
from expectations.structural import suite_for
from warehouse.tables import EMBEDS


def build_suite() -> gx.ExpectationSuite:
    return suite_for(EMBEDS, [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="platform",
            value_set=["twitter", "x", "instagram", "facebook", "youtube", "tiktok", "bluesky", "mastodon",
                       "threads", "linkedin", "reddit", "other"],
            meta={"severity": "record", "why": "known platforms"}),
        doc_exists(),
    ])
