"""Suite for the quotes table."""

import great_expectations as gx

from expectations.offsets import always_true, offset_expectations
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
        always_true("speaker_exists", "batch", "a resolved speaker must be an existing entity"),
        always_true("speaker_span_ok", "record", "speaker_text is exactly the text at speaker_start..speaker_end"),
    ])
