"""Checks shared by every table whose rows point into documents.text."""

import great_expectations as gx


def offset_expectations(surface: str = "text") -> list:
    """Offsets inside the text and ``substr(text, start_char + 1, end_char - start_char)`` == the stored surface."""
    return [
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_char", column_B="start_char",
            meta={"severity": "record", "why": "a span has at least one character"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="doc_exists", value_set=[True],
            meta={"severity": "batch", "why": "every row references a document of this load"}),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="inside_text", value_set=[True],
            meta={"severity": "record", "why": "offsets must lie inside documents.text"}),
        gx.expectations.ExpectColumnPairValuesToBeEqual(
            column_A=surface, column_B="span_text",
            meta={"severity": "record", "why": "the stored surface is exactly the text at its offsets"}),
    ]
