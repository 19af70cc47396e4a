"""tasks/ingest.py: finding article files and reading a batch of them."""

from __future__ import annotations

from tasks.ingest import discover_sources, ingest_articles
from tests.conftest import commit_rows, run_row
from tests.tasks.conftest import MAX_BYTES, by_source
from warehouse import store, tables
from warehouse.held_reader import HeldReader


def test_discover_lists_the_files_and_quarantines_a_missing_path(article_dir, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    files, missing, skipped = discover_sources.fn([str(article_dir), str(tmp_path), str(article_dir / "gone")])
    assert [f.name for f in files] == ["city_budget.md", "harbor_strike.txt"]
    assert [f.name for f in skipped] == ["photo.jpg"]
    assert [(q["stage"], q["source_uri"], q["reason"]) for q in missing] == [
        ("ingest", str(article_dir / "gone"), f"missing: no such file or directory: {article_dir / 'gone'}")]


def test_ingest_reads_every_new_file(read, article_dir):
    assert read.raw.num_rows == 2 and read.skipped == 0 and read.quarantine == []
    assert read.processed_sources == [str(article_dir / "city_budget.md"), str(article_dir / "harbor_strike.txt")]
    strike = by_source(read.raw, "harbor_strike.txt")
    assert strike["format"] == "txt"
    assert strike["text"].startswith("OAKLAND, Calif. (AP) — Dock workers at the Port of Oakland walked off")
    assert by_source(read.raw, "city_budget.md")["format"] == "md"


def hold(warehouse, documents: dict[str, str]) -> None:
    """Commit documents (source_uri -> content_hash) to a real warehouse, as a finished run would have."""
    commit_rows(warehouse, run_row("r1", docs=len(documents)), list(documents), {tables.DOCUMENTS: [
        {"doc_id": h[:16], "source_uri": uri, "content_hash": h, "text": "Held.", "word_count": 1,
         "story_id": h[:16], "run_id": "r1", "pipeline_version": "test"} for uri, h in documents.items()]})


def test_ingest_skips_what_the_warehouse_holds_unchanged_and_sets_aside_a_copy_of_its_content(
        read, article_dir, tmp_path):
    strike, budget = (str(article_dir / n) for n in ("harbor_strike.txt", "city_budget.md"))
    hashes = {r["source_uri"]: r["content_hash"] for r in read.raw.to_pylist()}
    elsewhere = tmp_path / "elsewhere.md"  # the budget's content, held under another name
    elsewhere.write_bytes((article_dir / "city_budget.md").read_bytes())
    warehouse = tmp_path / "wh"
    hold(warehouse, {budget: hashes[budget], strike: "0" * 64})  # the strike: an older version, read again
    again = ingest_articles.fn([*sorted(article_dir.iterdir()), elsewhere], HeldReader(warehouse), {},
                               MAX_BYTES)
    assert again.skipped == 1
    assert again.raw.column("source_uri").to_pylist() == [strike]
    assert again.replacing == [strike]
    assert [(q["source_uri"], q["reason"]) for q in again.quarantine] == [
        (str(elsewhere), f"duplicate: same content as {budget}")]


def test_ingest_sets_aside_a_copy_and_a_binary_file(tmp_path, article_dir):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((article_dir / "harbor_strike.txt").read_bytes())
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02 stream")
    store.connect(tmp_path / "wh").close()
    result = ingest_articles.fn([article_dir / "harbor_strike.txt", copy, binary], HeldReader(tmp_path / "wh"),
                                {}, MAX_BYTES)
    assert result.raw.column("source_uri").to_pylist() == [str(article_dir / "harbor_strike.txt")]
    reasons = {q["source_uri"]: q["reason"].split(":")[0] for q in result.quarantine}
    assert reasons == {str(copy): "duplicate", str(binary): "binary"}
    assert result.processed_sources == [str(article_dir / "harbor_strike.txt"), str(copy), str(binary)]
