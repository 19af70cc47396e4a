"""The schema in tables.py is the one source: the warehouse, the suites and the README follow it."""

from pathlib import Path

import pytest

from expectations.suites import SUITES
from warehouse import docs, store, tables

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_table_reference_is_generated_from_the_schema():
    text = README.read_text()
    block = text.split(docs.BEGIN, 1)[1].split(docs.END, 1)[0]
    assert block.strip() == docs.table_reference().strip(), "run `uv run python -m warehouse.docs`"


def test_warehouse_tables_have_exactly_the_schema_columns(tmp_path):
    con = store.connect(tmp_path / "wh")
    for table in tables.ALL:
        cols = [r[0] for r in con.execute(f"describe {table.name}").fetchall()]
        assert cols == table.columns, table.name


def test_new_schema_column_is_added_to_an_existing_warehouse(tmp_path, monkeypatch):
    import pyarrow as pa

    store.connect(tmp_path / "wh").close()
    extended = tables.Table("documents", "", tables.DOCUMENTS.schema.append(pa.field("section", pa.string())),
                            key=("doc_id",))
    monkeypatch.setattr(tables, "ALL", (extended,) + tables.ALL[1:])
    con = store.connect(tmp_path / "wh")
    assert "section" in [r[0] for r in con.execute("describe documents").fetchall()]


@pytest.mark.parametrize("table", tables.STAGES + tuple(t for t in tables.ALL if t.name in SUITES),
                         ids=lambda t: t.name)
def test_every_suite_checks_the_schema_columns_and_required_fields(table):
    suite = SUITES[table.name]()
    assert suite.name == table.name
    kinds = {(e.expectation_type, getattr(e, "column", None)) for e in suite.expectations}
    assert ("expect_table_columns_to_match_set", None) in kinds
    for name in table.required:
        assert ("expect_column_values_to_not_be_null", name) in kinds


def test_every_analyst_table_has_a_suite_or_is_pipeline_bookkeeping():
    bookkeeping = {"runs", "dq_results", "quarantine"}
    assert {t.name for t in tables.ALL if not t.internal} - bookkeeping <= set(SUITES)
