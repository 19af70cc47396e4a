"""Data Docs land in the directory asked for, list every run's validations and read with no network."""

import re
from pathlib import Path

from expectations.data_docs import build_data_docs
from expectations.runner import validate_frame
from expectations.suites import SUITES
from warehouse import tables

REFS = re.compile(r'(?:src|href)="([^"#]+)"')
ARTICLE = {"doc_id": "d" * 16, "source_uri": "/inbox/empty-story.txt", "content_hash": "d" * 64, "text": "x",
           "word_count": 0}


def _report(suite, table, rows):
    frame = table.from_rows(rows).to_pandas()
    if suite == "stg_articles":
        frame["short_line_share"] = 0.0
    return validate_frame(SUITES[suite](), frame).report


def test_each_warehouse_gets_its_own_data_docs(tmp_path):
    report = _report("entities", tables.ENTITIES, [{"entity_id": "e1", "canonical_name": "Ana", "label": "SPACESHIP"}])
    for name in ("first", "second"):
        index = build_data_docs(tmp_path / name / "data_docs", f"run-{name}", [("extract batch 1", "entities", report)])
        assert index == tmp_path / name / "data_docs" / "index.html" and index.exists()
        pages = list((tmp_path / name / "data_docs" / "validations" / "entities").rglob("*.html"))
        assert len(pages) == 1
        assert "SPACESHIP" in pages[0].read_text()


def test_index_lists_every_run_offline_with_rows_named_by_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative warehouse, as `make run` uses: GX wants absolute paths
    report = _report("stg_articles", tables.STG_ARTICLES, [ARTICLE])
    for run_id in ("20261204T010000Z-aaaaaa", "20261204T020000Z-bbbbbb"):
        index = build_data_docs(Path("warehouse/data_docs"), run_id, [("clean batch 1: 1 files", "stg_articles", report)])
    html = index.read_text()
    assert "20261204T010000Z-aaaaaa" in html and "20261204T020000Z-bbbbbb" in html  # both runs' validations
    site = index.parent
    pages = [index, *site.glob("validations/stg_articles/*/*/*.html"), site / "expectations" / "stg_articles.html"]
    assert len(pages) == 4
    for page in pages:
        text = page.read_text()
        scripts_and_styles = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert [u for u in scripts_and_styles if "vega" not in u] == [], page  # only GX's charts stay online
        for ref in REFS.findall(text):
            if not ref.startswith(("http", "mailto")):
                assert (page.parent / ref).resolve().exists(), (page, ref)  # every local link resolves
    assert "fa-check-circle" in html or "fa-times" in html  # status icons ...
    assert (site / "static/vendor/fontawesome-free-6.6.0/webfonts/fa-solid-900.woff2").exists()  # ... and their font
    validation = next(site.glob("validations/stg_articles/20261204T020000Z-bbbbbb/*/*.html")).read_text()
    assert "/inbox/empty-story.txt" in validation and "d" * 16 in validation  # the failing row, by source and id


def test_run_ids_that_read_as_dates_with_an_offset_still_build(tmp_path):
    # dateutil reads an id ending in "ad" (the era) as a time with an offset: "...Z-5406ad" as UTC-54:06, which
    # failed the build before GX was given a run time of its own, and "...Z-2306ad" as UTC-23:06
    report = _report("stg_articles", tables.STG_ARTICLES, [ARTICLE])
    for run_id in ("20261205T160757Z-5406ad", "20261205T160757Z-2306ad"):
        build_data_docs(tmp_path / "data_docs", run_id, [("clean batch 1: 1 files", "stg_articles", report)])
    runs = sorted(p.name for p in (tmp_path / "data_docs" / "validations" / "stg_articles").iterdir())
    assert runs == ["20261205T160757Z-2306ad", "20261205T160757Z-5406ad"]
