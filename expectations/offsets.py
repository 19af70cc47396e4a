"""Checks shared by the tables whose rows point into documents and their text.

They read the derived columns the frame queries add (warehouse/sql/queries/frame_*.sql).
"""

import great_expectations as gx


def always_true(column: str, severity: str, why: str):
    """A derived boolean column holds on every row: ``severity`` says what a row where it does not costs."""
    return gx.expectations.ExpectColumnValuesToBeInSet(
        column=column, value_set=[True], meta={"severity": severity, "why": why})


def doc_exists():
    """Every row belongs to a document of the same load (a batch failure: the load lost track of its rows)."""
    return always_true("doc_exists", "batch", "every row references a document of this load")


def offset_expectations(surface: str = "text", source: str = "documents.text") -> list:
    """Offsets inside the text (``source``: the column they point into) and ``substr(text, start_char + 1,
    end_char - start_char)`` == the stored surface."""
    return [
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_char", column_B="start_char",
            meta={"severity": "record", "why": "a span has at least one character"}),
        doc_exists(),
        always_true("inside_text", "record", f"offsets must lie inside {source}"),
        gx.expectations.ExpectColumnPairValuesToBeEqual(
            column_A=surface, column_B="span_text",
            meta={"severity": "record", "why": "the stored surface is exactly the text at its offsets"}),
    ]
