"""Data Docs land in the directory asked for, run after run, whatever the process served before."""

from expectations.suites import SUITES
from expectations.data_docs import build_data_docs
from expectations.runner import validate_frame
from warehouse import tables


def test_each_warehouse_gets_its_own_data_docs(tmp_path):
    bad = tables.ENTITIES.from_rows([{"entity_id": "e1", "canonical_name": "Ana", "label": "SPACESHIP"}])
    report = validate_frame(SUITES["entities"](), bad.to_pandas()).report
    for name in ("first", "second"):
        index = build_data_docs(tmp_path / name / "data_docs", f"run-{name}", [("extract batch 1", "entities", report)])
        assert index == tmp_path / name / "data_docs" / "index.html" and index.exists()
        pages = list((tmp_path / name / "data_docs" / "validations" / "entities").rglob("*.html"))
        assert len(pages) == 1
        assert "SPACESHIP" in pages[0].read_text()
