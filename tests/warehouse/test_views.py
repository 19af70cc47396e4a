"""The analyst views in warehouse/sql/, on a small hand-built warehouse, and `newsflow shell` over it."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, commit_rows, query, run_row
from warehouse import tables

JAN = datetime(2026, 1, 1, tzinfo=timezone.utc)

# Three articles of one story (one undated) and one of another; offsets are computed from the surface forms.
ARTICLES = {
    "doc_a": dict(title="Acme to cut jobs", published_at=JAN + timedelta(days=1), outlet="Daily Ledger", story="s1",
                  text="Acme Corp. will cut 300 jobs, the company said. Mayor Ana Lopez called it a blow. "
                       "The city expects to lose $2.5 million in taxes, Lopez said."),
    "doc_b": dict(title="Mayor meets Acme", published_at=JAN + timedelta(days=2), outlet="City Wire", story="s1",
                  text="Ana Lopez met Acme Corp. leaders on Tuesday.\nTalks with Bolt Inc. ended without a deal."),
    "doc_c": dict(title="Acme layoffs: what we know", published_at=None, outlet=None, story="s1",
                  text="Acme Corp. confirmed the cuts."),
    "doc_d": dict(title="Harbor reopens", published_at=JAN, outlet="Daily Ledger", story="s2",
                  text="The harbor reopened after 12 days."),
}
ENTITIES = [("ent_acme", "Acme Corp", "ORG"), ("ent_ana", "Ana Lopez", "PERSON"), ("ent_bolt", "Bolt Inc", "ORG")]
# (doc, entity, surface form, occurrence)
MENTIONS = [("doc_a", "ent_acme", "Acme Corp", 0), ("doc_a", "ent_ana", "Ana Lopez", 0),
            ("doc_a", "ent_ana", "Lopez", 1), ("doc_b", "ent_ana", "Ana Lopez", 0),
            ("doc_b", "ent_acme", "Acme Corp", 0), ("doc_b", "ent_bolt", "Bolt Inc", 0),
            ("doc_c", "ent_acme", "Acme Corp", 0)]
LABEL = {i: label for i, _, label in ENTITIES}
# (doc, surface form, kind, value, unit)
AMOUNTS = [("doc_a", "300 jobs", "quantity", 300.0, "jobs"), ("doc_a", "$2.5 million", "money", 2_500_000.0, "USD"),
           ("doc_d", "12 days", "quantity", 12.0, "days")]


def span(doc_id, surface, occurrence=0):
    text, start = ARTICLES[doc_id]["text"], -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    start, end = span("doc_a", "The city expects to lose $2.5 million in taxes")
    speaker = span("doc_a", "Lopez", 1)
    rows = {
        # Staged out of time order: the timeline must sort by publication, not by load.
        tables.DOCUMENTS: [
            {"doc_id": doc_id, "source_uri": f"/inbox/{doc_id}.txt", "content_hash": doc_id, "text": a["text"],
             "word_count": len(a["text"].split()), "title": a["title"], "published_at": a["published_at"],
             "outlet": a["outlet"], "story_id": a["story"], "run_id": "r1", "pipeline_version": "test"}
            for doc_id, a in sorted(ARTICLES.items(), reverse=True)],
        tables.STORIES: [{"story_id": a["story"], "doc_id": d} for d, a in ARTICLES.items()],
        tables.ENTITIES: [{"entity_id": i, "canonical_name": n, "label": label, "aliases": [n]}
                          for i, n, label in ENTITIES],
        tables.MENTIONS: [{"doc_id": d, "entity_id": e, "text": s, "label": LABEL[e],
                           "start_char": span(d, s, n)[0], "end_char": span(d, s, n)[1]} for d, e, s, n in MENTIONS],
        tables.AMOUNTS: [{"doc_id": d, "text": s, "kind": k, "value": v, "unit": u, "start_char": span(d, s)[0],
                          "end_char": span(d, s)[1]} for d, s, k, v, u in AMOUNTS],
        tables.ROLES: [{"doc_id": d, "entity_id": "ent_ana", "role": "Mayor"} for d in ("doc_a", "doc_b")],
        tables.QUOTES: [{"quote_id": "q1", "doc_id": "doc_a", "text": "The city expects ...", "kind": "indirect",
                         "speaker_entity_id": "ent_ana", "speaker_text": "Lopez", "speaker_start": speaker[0],
                         "speaker_end": speaker[1], "cue": "said", "start_char": start, "end_char": end,
                         "statement_id": "s_q1"}],
    }
    return commit_rows(tmp_path_factory.mktemp("views") / "wh", run_row("r1", docs=4, started_at=JAN),
                       [f"/inbox/{d}.txt" for d in ARTICLES], rows)


def test_entity_mentions_counts_articles_mentions_and_quotes(warehouse):
    rows = query(warehouse, "select entity, label, articles, mentions, quotes, first_published_at, last_published_at "
                            "from entity_mentions")
    assert [(r["entity"], r["articles"], r["mentions"], r["quotes"]) for r in rows] == [
        ("Acme Corp", 3, 3, 0), ("Ana Lopez", 2, 3, 1), ("Bolt Inc", 1, 1, 0)]
    acme = rows[0]
    # The undated article counts as an article but not for the dates.
    assert (acme["first_published_at"], acme["last_published_at"]) == (JAN + timedelta(days=1), JAN + timedelta(days=2))


@pytest.mark.parametrize("entity, expected", [
    ("Ana Lopez", [("Acme Corp", 2), ("Bolt Inc", 1)]),
    ("Acme Corp", [("Ana Lopez", 2), ("Bolt Inc", 1)]),
    ("Bolt Inc", [("Acme Corp", 1), ("Ana Lopez", 1)]),
])
def test_entity_cooccurrence_lists_everyone_seen_with_an_entity(warehouse, entity, expected):
    rows = query(warehouse, "select other_entity, articles from entity_cooccurrence where entity = ?", [entity])
    assert [(r["other_entity"], r["articles"]) for r in rows] == expected


def test_entity_cooccurrence_counts_each_pair_once_from_one_side(warehouse):
    rows = query(warehouse, "select entity, other_entity, articles from entity_cooccurrence "
                            "where entity_id < other_entity_id")
    assert {(r["entity"], r["other_entity"]): r["articles"] for r in rows} == {
        ("Acme Corp", "Ana Lopez"): 2, ("Acme Corp", "Bolt Inc"): 1, ("Ana Lopez", "Bolt Inc"): 1}


@pytest.mark.parametrize("entity, amount, scope, value, unit, sentence", [
    # "Corp." does not end the sentence, so Acme shares it with the job cuts.
    ("Acme Corp", "300 jobs", "sentence", 300.0, "jobs", "Acme Corp. will cut 300 jobs, the company said."),
    ("Acme Corp", "$2.5 million", "article", 2_500_000.0, "USD",
     "The city expects to lose $2.5 million in taxes, Lopez said."),
    # The sentence names her only by surname; that mention ties her to the amount.
    ("Ana Lopez", "$2.5 million", "sentence", 2_500_000.0, "USD",
     "The city expects to lose $2.5 million in taxes, Lopez said."),
    ("Ana Lopez", "300 jobs", "article", 300.0, "jobs", "Acme Corp. will cut 300 jobs, the company said."),
])
def test_amounts_by_entity_scopes_amounts_to_sentence_or_article(warehouse, entity, amount, scope, value, unit,
                                                                 sentence):
    rows = query(warehouse, "select scope, value, unit, kind, sentence, title from amounts_by_entity "
                            "where entity = ? and amount = ?", [entity, amount])
    assert len(rows) == 1
    row = rows[0]
    assert (row["scope"], row["value"], row["unit"], row["sentence"]) == (scope, value, unit, sentence)
    assert row["title"] == "Acme to cut jobs"


def test_amounts_by_entity_leaves_out_amounts_of_articles_without_entities(warehouse):
    assert query(warehouse, "select * from amounts_by_entity where amount = '12 days'") == []
    assert query(warehouse, "select count(*) as n from amounts_by_entity where entity = 'Bolt Inc'") == [{"n": 0}]


def test_story_timeline_orders_articles_by_publication_undated_last(warehouse):
    rows = query(warehouse, "select story_id, story_title, position, story_articles, story_outlets, title, outlet, "
                            "since_first from story_timeline")
    assert [(r["story_id"], r["position"], r["title"], r["outlet"]) for r in rows] == [
        ("s1", 1, "Acme to cut jobs", "Daily Ledger"),
        ("s1", 2, "Mayor meets Acme", "City Wire"),
        ("s1", 3, "Acme layoffs: what we know", None),
        ("s2", 1, "Harbor reopens", "Daily Ledger"),
    ]
    assert {r["story_title"] for r in rows if r["story_id"] == "s1"} == {"Acme to cut jobs"}
    assert [r["story_articles"] for r in rows] == [3, 3, 3, 1]
    assert [r["story_outlets"] for r in rows] == [2, 2, 2, 1]  # the third article names no outlet
    assert [r["since_first"] for r in rows] == [timedelta(0), timedelta(days=1), None, timedelta(0)]


def test_entity_roles_counts_articles_per_role(warehouse):
    rows = query(warehouse, "select entity, role, organisation, articles from entity_roles")
    assert rows == [{"entity": "Ana Lopez", "role": "Mayor", "organisation": None, "articles": 2}]


def test_shell_runs_sql_against_the_read_only_warehouse(warehouse):
    # With stdin not a terminal the DuckDB CLI reads the statements from it, as a script.
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "shell", "--warehouse", str(warehouse)], cwd=ROOT, timeout=60,
        input="select entity || '=' || articles as n from entity_mentions where label = 'PERSON';\n"
              "delete from documents;\n",
        capture_output=True, text=True)
    assert "Ana Lopez=2" in result.stdout, result.stderr
    assert "read-only" in result.stderr.lower() or "read only" in result.stderr.lower(), result.stderr
    assert query(warehouse, "select count(*) as n from documents") == [{"n": 4}]


def test_shell_print_gives_the_attach_statements(warehouse):
    from flows.cli import app

    result = CliRunner().invoke(app, ["shell", "--warehouse", str(warehouse), "--print"])
    assert result.exit_code == 0, result.output
    assert f"ducklake:sqlite:{warehouse.resolve() / 'catalog.sqlite'}" in result.stdout
    assert "READ_ONLY" in result.stdout and result.stdout.rstrip().endswith("USE lake;")


def test_shell_on_a_missing_warehouse_says_so(tmp_path):
    from flows.cli import app

    result = CliRunner().invoke(app, ["shell", "--warehouse", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no warehouse at" in result.output
