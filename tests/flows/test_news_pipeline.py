"""The real news-pipeline flow, end to end, into a temporary DuckLake warehouse."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from expectations.suites import SUITES
from tests.conftest import SEEDS, query, same_rows, scalar

pytestmark = [pytest.mark.flow, pytest.mark.model]

TABLE_COUNTS = "select (select count(*) from {t}) as n"
TABLES = ("documents", "entities", "mentions", "roles", "quotes", "amounts", "dates", "embeds", "stories")


def counts(warehouse):
    return {t: scalar(warehouse, TABLE_COUNTS.format(t=t)) for t in TABLES}


def run(paths, warehouse, **options):
    from flows.news_pipeline import news_pipeline

    return news_pipeline(paths=[str(p) for p in paths], warehouse=str(warehouse), **options)


@pytest.fixture(scope="module")
def seeded(prefect_harness, tmp_path_factory):
    """One real run over seeds/ shared by the read-only checks below."""
    wh = _RunWarehouse(tmp_path_factory.mktemp("seeded") / "wh")
    wh.summary = run([SEEDS], wh)
    return wh


class _RunWarehouse(type(Path())):
    """A warehouse path that also carries the run summary of the flow run that filled it."""


def quote_speaker(wh, opening):
    return scalar(wh, """select e.canonical_name from quotes q join entities e on e.entity_id = q.speaker_entity_id
                         where q.text like ?""", [opening + "%"])


def test_seed_quotes_have_their_speakers(seeded):
    assert quote_speaker(seeded, "The continued insertion") == "Robert Palladino"
    assert quote_speaker(seeded, "The Kremlin is standing") == "Mike Pompeo"
    assert scalar(seeded, "select count(*) from quotes where kind = 'direct'") >= 5


def test_seed_people_are_one_entity_each_across_both_articles(seeded):
    people = {r["canonical_name"]: r for r in query(seeded, """
        select e.canonical_name, count(distinct m.doc_id) as docs, list(distinct m.text) as forms
        from entities e join mentions m using (entity_id) where e.label = 'PERSON' group by 1""")}
    for name in ("Sergey Lavrov", "Mike Pompeo", "Nicolas Maduro", "Robert Palladino", "Juan Guaido"):
        assert people[name]["docs"] == 2, name
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= set(people["Sergey Lavrov"]["forms"])
    assert scalar(seeded, "select count(distinct story_id) from documents") == 1
    roles = {(r["canonical_name"], r["role"]) for r in query(seeded, """
        select e.canonical_name, r.role from roles r join entities e using (entity_id)""")}
    assert {("Mike Pompeo", "Secretary of State"), ("Robert Palladino", "spokesman")} <= roles


def test_seed_amounts_are_numbers_with_units(seeded):
    amounts = {(r["value"], r["unit"]) for r in query(seeded, "select value, unit from amounts")}
    assert {(49.9, "%"), (1.5e9, "USD"), (17e9, "USD"), (3e6, "people")} <= amounts


def test_seed_second_article_is_cleaned_of_boilerplate_and_its_embed(seeded):
    text = scalar(seeded, "select text from documents where source_uri like '%001_55f260d87e670f26.txt'")
    assert "Recommended" not in text.splitlines()
    assert "#Russia is deploying" not in text
    embed = query(seeded, "select author, handle, posted_at, text from embeds")[0]
    assert (embed["author"], embed["handle"]) == ("Marco Rubio", "marcorubio")
    assert embed["posted_at"].date().isoformat() == "2019-03-25"
    assert embed["text"].startswith("#Russia is deploying military personnel")


def test_seed_run_passes_every_suite_and_publishes_its_artifacts(seeded):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    assert scalar(seeded, "select count(*) from dq_results where not success") == 0
    suites = {r["suite"] for r in query(seeded, "select distinct suite from dq_results")}
    assert suites == set(SUITES) | {"drift"}  # every table's suite ran, and the run was judged for drift
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[seeded.summary["flow_run_id"]])))
        flow_run = client.read_flow_run(seeded.summary["flow_run_id"])
    by_key = {a.key: a for a in artifacts}
    assert "| loaded | 2 |" in by_key["run-summary"].data
    assert "checks passed (100.0%)" in by_key["run-summary"].data
    assert "quarantine" in by_key
    assert flow_run.name.endswith("2 loaded, 0 unchanged, 0 quarantined")
    assert (seeded / "data_docs" / "index.html").exists()


def test_seeds_load_and_rerun_changes_nothing(prefect_harness, tmp_path):
    wh = tmp_path / "wh"
    first = run([SEEDS], wh)
    assert first["status"] == "completed"
    assert first["docs_loaded"] == 2
    assert scalar(wh, "select count(*) from documents") == 2
    assert scalar(wh, "select count(*) from mentions") > 20
    assert scalar(wh, "select dateline from documents where source_uri like '%000_5fcdaa78abfe3979.txt'") == "WASHINGTON"
    # Every mention's offsets point at its surface text: in the cleaned body, or in the dateline for its place.
    assert scalar(wh, """select count(*) from mentions m join documents d using (doc_id)
                         where substr(case when m.in_dateline then d.dateline else d.text end,
                                      m.start_char + 1, m.end_char - m.start_char) <> m.text""") == 0
    assert query(wh, """select e.canonical_name, e.label, m.text from mentions m join entities e using (entity_id)
                        where m.in_dateline""") == [{"canonical_name": "Washington", "label": "GPE", "text": "WASHINGTON"}]
    before = counts(wh)

    second = run([SEEDS], wh)
    assert (second["docs_loaded"], second["docs_skipped"]) == (0, 2)
    assert counts(wh) == before
    runs = query(wh, "select status, docs_loaded, docs_skipped, flow_run_id from runs order by started_at")
    assert [(r["status"], r["docs_loaded"], r["docs_skipped"]) for r in runs] == [("completed", 2, 0),
                                                                                    ("completed", 0, 2)]
    assert all(r["flow_run_id"] for r in runs)
    assert scalar(wh, "select count(*) from dq_results where not success and severity = 'batch'") == 0


def test_reprocess_extracts_unchanged_files_again_and_replaces_their_rows(prefect_harness, tmp_path):
    # After an upgrade, `--reprocess` reads files the warehouse holds unchanged as new versions of themselves: their
    # rows are replaced in one commit, none duplicated, and what a single run would hold is what is left.
    from flows.cli import app

    wh = tmp_path / "wh"
    run([SEEDS], wh)
    before = counts(wh)
    doc_ids = {r["doc_id"] for r in query(wh, "select doc_id from documents")}

    result = CliRunner().invoke(app, ["run", str(SEEDS), "--warehouse", str(wh), "--reprocess"])
    assert result.exit_code == 0, result.output
    assert "2 documents loaded (2 replaced an earlier version), 0 skipped unchanged" in result.output
    assert counts(wh) == before
    assert {r["doc_id"] for r in query(wh, "select doc_id from documents")} == doc_ids
    assert query(wh, "select docs_loaded, docs_replaced, docs_skipped from runs order by started_at") == [
        {"docs_loaded": 2, "docs_replaced": 0, "docs_skipped": 0},
        {"docs_loaded": 2, "docs_replaced": 2, "docs_skipped": 0}]
    run([SEEDS], tmp_path / "once")
    same_rows(wh, tmp_path / "once")
    # Every file is read again, so a --max-new commit could never be resumed: refused before any work.
    refused = CliRunner().invoke(app, ["run", str(SEEDS), "--warehouse", str(wh), "--reprocess", "--max-new", "1"])
    assert refused.exit_code == 2 and "nothing was run" in refused.output
    assert counts(wh) == before


def test_a_headline_names_the_article_s_entities(prefect_harness, tmp_path):
    # A BBC-style file: the headline is its own first line, so it becomes documents.title, not text.
    src = tmp_path / "in" / "balls.txt"
    src.parent.mkdir()
    src.write_text("Brown ally rejects Budget spree\n\nChancellor Gordon Brown's closest ally has denied suggestions "
                   "there will be a Budget giveaway. Ed Balls said Mr Brown would not risk the economy.\n")
    wh = tmp_path / "wh"
    assert run([src.parent], wh)["docs_loaded"] == 1
    rows = query(wh, """select e.canonical_name, h.text, substr(d.title, h.start_char + 1, h.end_char - h.start_char)
                            as at_offsets
                        from headline_mentions h join entities e using (entity_id) join documents d using (doc_id)""")
    assert rows == [{"canonical_name": "Gordon Brown", "text": "Brown", "at_offsets": "Brown"}]
    # mentions keep pointing into the text only
    assert scalar(wh, """select count(*) from mentions m join documents d using (doc_id) where not m.in_dateline
                         and substr(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.text""") == 0
    assert scalar(wh, "select count(*) from dq_results where suite = 'headline_mentions' and success") > 0
    assert scalar(wh, "select count(*) from dq_results where not success") == 0

    again = run([src.parent], wh)  # a re-run adds nothing
    assert (again["docs_loaded"], scalar(wh, "select count(*) from headline_mentions")) == (0, 1)


def test_bad_files_are_quarantined_and_the_rest_loads(prefect_harness, tmp_path, articles):
    (articles / "empty.txt").write_bytes(b"")
    (articles / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (articles / "zz_copy_of_budget.md").write_bytes((articles / "city_budget.md").read_bytes())
    wh = tmp_path / "wh"
    # One file per batch: the copy is caught as a duplicate across batches, not only within one.
    summary = run([articles, tmp_path / "no-such-dir"], wh, batch_size=1)
    assert summary["status"] == "completed"
    assert summary["docs_loaded"] == 2
    reasons = {r["source_uri"].rsplit("/", 1)[-1]: r["reason"] for r in query(wh, "select * from quarantine")}
    assert reasons["empty.txt"].startswith("empty")
    assert reasons["blob.txt"].startswith("binary")
    assert reasons["no-such-dir"].startswith("missing")
    assert reasons["zz_copy_of_budget.md"] == f"duplicate: same content as {articles / 'city_budget.md'}"
    assert summary["docs_quarantined"] == 4
    titles = {r["title"] for r in query(wh, "select title from documents")}
    assert "Springfield council approves $2.3 million park plan" in titles

    # A re-run neither duplicates the quarantine rows nor the documents.
    again = run([articles, tmp_path / "no-such-dir"], wh)
    assert again["docs_loaded"] == 0
    assert scalar(wh, "select count(*) from quarantine") == 4
    assert scalar(wh, "select count(*) from documents") == 2


def test_changed_source_replaces_its_old_rows(prefect_harness, tmp_path, articles):
    wh = tmp_path / "wh"
    run([articles], wh)
    path = articles / "harbor_strike.txt"
    old_id = scalar(wh, "select doc_id from documents where source_uri = ?", [str(path)])
    path.write_text(path.read_text().replace("Maria Delgado", "Maria Delgado-Ruiz"))

    summary = run([articles], wh)
    assert (summary["docs_loaded"], summary["docs_replaced"], summary["docs_skipped"]) == (1, 1, 1)
    assert scalar(wh, "select count(*) from documents") == 2
    new_id = scalar(wh, "select doc_id from documents where source_uri = ?", [str(path)])
    assert new_id != old_id
    for table in ("mentions", "quotes", "amounts", "dates", "stories", "roles"):
        assert scalar(wh, f"select count(*) from {table} where doc_id = ?", [old_id]) == 0, table
    assert "Maria Delgado-Ruiz" in {r["text"] for r in query(wh, "select text from mentions where doc_id = ?",
                                                             [new_id])}


def test_a_backfill_in_bounded_commits_loads_the_rows_of_one_run(prefect_harness, tmp_path, articles):
    from flows.cli import app

    paths = [SEEDS, articles, tmp_path / "missing"]  # four files, two batches of two; a missing path
    run(paths, tmp_path / "whole", batch_size=2)
    wh = tmp_path / "parts"
    # (the command line refuses a missing path before any work: the flow itself quarantines it)
    args = ["run", *map(str, paths[:2]), "--warehouse", str(wh), "--batch-size", "2", "--max-new", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 documents loaded" in result.output
    assert "Stopped at --max-new: 2 files not read yet" in result.output
    assert scalar(wh, "select count(*) from documents") == 2

    rest = run(paths, wh, batch_size=2, max_new=2)
    assert (rest["docs_loaded"], rest["docs_skipped"], rest["files_left"]) == (2, 2, 0)
    same_rows(wh, tmp_path / "whole")  # same entity ids, speakers and stories as one run over all four
    # Its first checked batch is batch 2 (batch 1 was loaded before): its checks are in the run's Data Docs.
    assert any(rest["run_id"] in str(page) for page in (wh / "data_docs").rglob("*.html"))


def test_cli_run_then_sql_json(prefect_harness, tmp_path):
    from flows.cli import app

    wh = tmp_path / "wh"
    cli = CliRunner()
    result = cli.invoke(app, ["run", str(SEEDS), "--warehouse", str(wh)])
    assert result.exit_code == 0, result.output
    assert "2 documents loaded" in result.output
    result = cli.invoke(app, ["sql", "select count(*) as n from documents", "--warehouse", str(wh), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 2}]
    result = cli.invoke(app, ["status", "--warehouse", str(wh), "--format", "json"])
    assert json.loads(result.stdout)[0]["docs_loaded"] == 2
    result = cli.invoke(app, ["dq", "--warehouse", str(wh), "--format", "csv"])
    assert result.exit_code == 0 and "mentions" in result.stdout


def test_a_batch_large_enough_for_model_workers_loads_and_frees_them(prefect_harness, tmp_path, monkeypatch):
    from tasks.lib.nlp import parsing
    from tests.lib.test_parsing import TEXTS

    pools = []
    real_pool = parsing._pool
    monkeypatch.setattr(parsing, "_pool", lambda *args: pools.append(args) or real_pool(*args))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, text in enumerate(TEXTS):  # 70 articles: one batch big enough to parse in worker processes
        (inbox / f"dock_{i:03d}.txt").write_text(text)
    wh = tmp_path / "wh"
    summary = run([inbox], wh)

    assert summary["docs_loaded"] == len(TEXTS)
    assert scalar(wh, """select e.canonical_name from quotes q join documents d using (doc_id)
                         join entities e on e.entity_id = q.speaker_entity_id
                         where d.source_uri like '%dock_001.txt' and q.text like 'We are not going back%'""") == \
        "Ahmed Karimi"
    assert pools  # parsed by the model's worker processes ...
    assert not parsing._pools  # ... which were stopped before the load, their memory freed
