"""Suite for the quotes table."""

import great_expectations as gx

from expectations.offsets import offset_expectations
from expectations.structural import suite_for
from warehouse.tables import QUOTES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(QUOTES, [
        *offset_expectations(),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="kind", value_set=["direct", "mixed", "indirect"],
            meta={"severity": "record", "why": "the three kinds analysts filter on"}),
        # People, organisations and groups ("the protesters") speak; places and dates do not.
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="speaker_label", value_set=["PERSON", "ORG", "NORP", "GPE", "NONE"],
            meta={"severity": "record", "why": "a speaker is a person, organisation, group or government"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="speaker_exists", value_set=[True],
            meta={"severity": "batch", "why": "a resolved speaker must be an existing entity"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="speaker_span_ok", value_set=[True],
            meta={"severity": "record", "why": "speaker_text is exactly the text at speaker_start..speaker_end"}),
    ])
