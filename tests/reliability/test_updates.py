"""Idempotency and updates through the real flow: re-runs add nothing, edits replace, deletions keep rows.

One scenario (four flow runs) is played once per module; each test asserts one promise about it.
"""

from __future__ import annotations

import os
import shutil
from types import SimpleNamespace

import pytest

from tests.reliability import harness

pytestmark = [pytest.mark.flow, pytest.mark.model]

FIXED_TEXT = ("Council members in Riverton voted 7-2 on Monday to expand the city's bus network, "
              "Mayor Ellen Park said.\n\"Riders have waited long enough,\" Park said after the vote.\n")


def _run(paths, wh):
    from flows.news_pipeline import news_pipeline

    summary = news_pipeline(paths=[str(p) for p in paths], warehouse=str(wh), batch_size=harness.BATCH)
    assert summary["status"] == "completed"
    return summary


def _doc_id(wh, path):
    return harness.rows(wh, "select doc_id from documents where source_uri = ?", [str(path)])[0]["doc_id"]


def _rows_of(wh, doc_id):
    from warehouse import tables

    return {t.name: harness.rows(wh, f"select count(*) as n from {t.name} where doc_id = ?", [doc_id])[0]["n"]
            for t in tables.DOC_TABLES}


@pytest.fixture(scope="module")
def scenario(prefect_harness, tmp_path_factory):
    """Load two articles and an empty file; re-run; edit one, fix the empty one, delete the third; re-run.

    Then a fresh run of the final corpus (the deleted file put back) into a second warehouse.
    """
    root = tmp_path_factory.mktemp("updates")
    inbox, wh, fresh, cwd = root / "in", root / "wh", root / "fresh", root / "cwd"
    shutil.copytree(harness.FIXTURES / "articles", inbox)
    cwd.mkdir()
    s = SimpleNamespace(inbox=inbox, wh=wh, cwd=cwd, harbor=inbox / "harbor_strike.txt",
                        budget=inbox / "city_budget.md", empty=inbox / "empty.txt")
    s.empty.write_bytes(b"")
    here = os.getcwd()
    os.chdir(cwd)  # anything written relative to the working directory would show up here
    try:
        s.first = _run([inbox], wh)
        s.snap1 = harness.snapshot(wh)
        s.old_harbor = _doc_id(wh, s.harbor)
        s.budget_id = _doc_id(wh, s.budget)
        s.budget_rows = _rows_of(wh, s.budget_id)

        s.again = _run([inbox], wh)
        s.snap2 = harness.snapshot(wh)

        s.harbor.write_text(s.harbor.read_text().replace("Maria Delgado", "Rosa Ibarra")
                            .replace("4 percent", "6 percent").replace("Pacific Maritime Association",
                                                                       "Harbor Employers Council"))
        s.empty.write_text(FIXED_TEXT)
        budget_bytes = s.budget.read_bytes()
        s.budget.unlink()
        s.third = _run([inbox], wh)
        s.snap3 = harness.snapshot(wh)

        s.budget.write_bytes(budget_bytes)
        s.fresh = _run([inbox], fresh)
        s.snap_fresh = harness.snapshot(fresh)
    finally:
        os.chdir(here)
    return s


def test_rerun_adds_nothing(scenario):
    s = scenario
    assert (s.first["docs_loaded"], s.first["docs_quarantined"]) == (2, 1)
    assert s.budget_rows["mentions"] > 0
    assert (s.again["docs_loaded"], s.again["docs_skipped"]) == (0, 2)
    diff = harness.compare(s.snap2, s.snap1)
    assert diff.differences == 0, str(diff)


def test_edited_source_replaces_its_old_version_everywhere(scenario):
    from warehouse import tables

    s = scenario
    assert (s.third["docs_loaded"], s.third["docs_replaced"], s.third["docs_quarantined"]) == (2, 1, 0)
    for table in (*tables.DOC_TABLES, tables.QUARANTINE):
        n = harness.rows(s.wh, f"select count(*) as n from {table.name} where doc_id = ?", [s.old_harbor])[0]["n"]
        assert n == 0, f"{table.name} keeps {n} rows of the replaced version"
    new_id = _doc_id(s.wh, s.harbor)
    assert "Rosa Ibarra" in harness.rows(s.wh, "select text from documents where doc_id = ?", [new_id])[0]["text"]
    amounts = [r["text"] for r in harness.rows(s.wh, "select text from amounts where doc_id = ?", [new_id])]
    assert any("6 percent" in a for a in amounts) and not any("4 percent" in a for a in amounts)
    mentions = {r["text"] for r in harness.rows(s.wh, "select text from mentions")}
    assert "Maria Delgado" not in mentions and "Rosa Ibarra" in mentions
    assert harness.problems(s.wh) == []


def test_fixed_source_leaves_quarantine(scenario):
    s = scenario
    assert harness.rows(s.wh, "select count(*) as n from quarantine")[0]["n"] == 0
    assert harness.rows(s.wh, "select count(*) as n from documents where source_uri = ?", [str(s.empty)])[0]["n"] == 1


def test_deleted_source_keeps_its_rows(scenario):
    # README: "A source whose file is deleted keeps its rows (an inbox may be emptied after loading)."
    s = scenario
    assert _rows_of(s.wh, s.budget_id) == s.budget_rows
    assert _doc_id(s.wh, s.budget) == s.budget_id


def test_nothing_written_outside_the_warehouse(scenario):
    assert harness.files_under(scenario.cwd) == set()


def test_edited_article_does_not_join_its_own_old_version(scenario):
    # Story ids are stable, so a story may keep the name of a replaced first article; but then other
    # articles share it. A story of one article named after another (its old version) is the bug.
    s = scenario
    alone_under_old_name = harness.rows(s.wh, """select story_id from stories group by story_id
        having count(*) = 1 and story_id not in (select doc_id from documents)""")
    assert alone_under_old_name == []


def test_update_equals_a_fresh_run_except_entities(scenario):
    s = scenario
    snap3 = {k: v for k, v in s.snap3.items() if k != "entities"}
    fresh = {k: v for k, v in s.snap_fresh.items() if k != "entities"}
    diff = harness.compare(snap3, fresh)
    assert diff.differences == 0, str(diff)


def test_update_leaves_no_entity_of_the_old_version(scenario):
    s = scenario
    orphans = harness.rows(s.wh, """select canonical_name from entities
        where entity_id not in (select entity_id from mentions)
          and entity_id not in (select entity_id from roles)
          and entity_id not in (select org_entity_id from roles where org_entity_id is not null)
          and entity_id not in (select speaker_entity_id from quotes where speaker_entity_id is not null)""")
    assert orphans == []
    counts = harness.rows(s.wh, """select e.canonical_name, e.doc_count, count(distinct m.doc_id) as n
        from entities e join mentions m using (entity_id) group by all having e.doc_count <> n""")
    assert counts == []


def test_update_equals_a_fresh_run_when_names_were_edited_out(scenario):
    """The edit renamed the spokeswoman and an organisation: their old entities are not inherited by the new
    names (same ids, names and neighbours as a fresh load), in every table. Surviving entities would keep the
    aliases of replaced versions (documented); none survive with changed aliases here."""
    s = scenario
    diff = harness.compare(s.snap3, s.snap_fresh)
    assert diff.differences == 0, str(diff)
    assert not any("Maria Delgado" in row for row in s.snap3["entities"])
