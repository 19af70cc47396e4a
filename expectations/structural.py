"""Structural expectations generated from the one schema source, warehouse/tables.py."""

from __future__ import annotations

import great_expectations as gx

from expectations.runner import context
from warehouse.tables import Table

BATCH = {"severity": "batch"}
RECORD = {"severity": "record"}


def structural_expectations(table: Table) -> list:
    """Columns present (batch), required columns non-null (record), key unique (record for a document's own
    rows, batch for the rest)."""
    exps: list = [
        gx.expectations.ExpectTableColumnsToMatchSet(
            column_set=table.columns, exact_match=False,
            meta={**BATCH, "why": "a missing column means the stage's output schema broke"}),
    ]
    exps += [
        gx.expectations.ExpectColumnValuesToNotBeNull(
            column=name, meta={**RECORD, "why": "declared NOT NULL in tables.py"})
        for name in table.required
    ]
    # Two rows of one document under one key are an extractor's slip on that article: they are set aside with
    # their reason and the run goes on. A duplicate document or entity is a fault of the run itself.
    key_meta = {**(RECORD if table.doc_scoped and table.name != "documents" else BATCH), "why": "primary key"}
    if len(table.key) == 1:
        exps.append(gx.expectations.ExpectColumnValuesToBeUnique(column=table.key[0], meta=key_meta))
    elif table.key:
        exps.append(gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=list(table.key), meta=key_meta))
    return exps


def suite_for(table: Table, business: list) -> gx.ExpectationSuite:
    """A suite named like the table it guards: generated structure plus hand-written business checks."""
    context()  # GX needs an active context to build suites
    suite = gx.ExpectationSuite(name=table.name)
    for exp in structural_expectations(table) + business:
        suite.add_expectation(exp)
    return suite
