"""The number of model workers changes how fast a run goes, never what it loads."""

import pytest

from tasks.lib.nlp import parsing
from tests.conftest import query, same_rows, scalar

pytestmark = [pytest.mark.flow, pytest.mark.model]

PEOPLE = [("Maria Delgado", "Acme Shipping"), ("Kenji Watanabe", "Northwind Bank"), ("Olga Petrova", "Baltic Rail"),
          ("Ahmed Karimi", "Harbor Energy"), ("Sophie Laurent", "Lumen Pharma")]
TOPICS = ["a strike at its Rotterdam terminal", "a takeover bid for a rival", "job cuts at its Leeds plant",
          "a fine from the competition regulator", "a new factory in Ohio"]


def _article(i: int) -> str:
    name, company = PEOPLE[i % len(PEOPLE)]
    topic = TOPICS[(i // len(PEOPLE)) % len(TOPICS)]
    day = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][i % 5]
    return (f"{company} faces questions over {topic}, its {i + 1}th announcement this year.\n"
            f'"We will not comment on rumours," said {name}, the chief executive of {company}, on {day}.\n'
            f"Analysts said the plan could cost {company} ${i % 7 + 1}.{i % 10} billion by March {2027 + i % 3}, "
            f"and {i % 30 + 2} percent of its staff could be affected.\n"
            f"{name.split()[-1]} told reporters in London that the board would meet again in {i % 11 + 2} weeks.\n")


ARTICLES = [_article(i) for i in range(2 * 64 + 2)]  # batches of 64, 64 and 2 (the last to the running workers)


def test_rows_are_the_same_whatever_the_number_of_model_workers(prefect_harness, tmp_path, monkeypatch):
    from flows.news_pipeline import news_pipeline

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, text in enumerate(ARTICLES):
        (inbox / f"business_{i:03d}.txt").write_text(text)
    pools = []
    real_pool = parsing._pool
    monkeypatch.setattr(parsing, "_pool", lambda *args: pools.append(args[1]) or real_pool(*args))
    for workers in (0, 1, 2):
        monkeypatch.setenv("NEWS_N_PROCESS", str(workers))
        summary = news_pipeline(paths=[str(inbox)], warehouse=str(tmp_path / f"wh{workers}"), batch_size=64)
        assert summary["docs_loaded"] == len(ARTICLES)

    assert set(pools) == {1, 2}  # the worker runs did parse in workers (the 0 run in the flow's process)
    for workers in (1, 2):
        same_rows(tmp_path / f"wh{workers}", tmp_path / "wh0")
    wh = tmp_path / "wh2"
    speakers = query(wh, """select d.source_uri, e.canonical_name from quotes q join documents d using (doc_id)
                            join entities e on e.entity_id = q.speaker_entity_id where q.text like 'We will not%'""")
    assert len(speakers) == len(ARTICLES)
    assert {s["canonical_name"] for s in speakers if s["source_uri"].endswith("business_129.txt")} == {"Sophie Laurent"}
    assert scalar(wh, "select count(*) from amounts where kind = 'money' and value = 3.2e9") > 0
