"""tasks/extract.py: entities, quotes and amounts of a batch, then warehouse rows resolved against the warehouse."""

from __future__ import annotations

import pytest

from tests.tasks.conftest import by_source

pytestmark = pytest.mark.model

STRIKE_QUOTE = "We are not going back until the company takes safety seriously,"


def _analysis(cleaned, analyses, name):
    uris = cleaned.articles.column("source_uri").to_pylist()
    (i,) = [n for n, uri in enumerate(uris) if uri.endswith(name)]
    return analyses[i]


def test_extract_finds_people_quotes_and_amounts(cleaned, analyses):
    assert len(analyses) == cleaned.articles.num_rows == 2
    strike = _analysis(cleaned, analyses, "harbor_strike.txt")
    assert ("Maria Delgado", "PERSON") in {(e.canonical_name, e.label) for e in strike.entities}
    (quote,) = [q for q in strike.quotes if q.text == STRIKE_QUOTE]
    assert (quote.kind, quote.speaker_text, quote.cue) == ("direct", "Maria Delgado", "said")
    budget = _analysis(cleaned, analyses, "city_budget.md")
    assert ("$2.3 million", "money", 2_300_000.0, "USD") in {(a.text, a.kind, a.value, a.unit) for a in budget.amounts}


def test_resolve_gives_one_id_per_person_and_links_the_speaker(rows, cleaned):
    docs = rows["documents"]
    assert sorted(docs.column("doc_id").to_pylist()) == sorted(cleaned.articles.column("doc_id").to_pylist())
    assert set(docs.column("run_id").to_pylist()) == {"run-1"}
    strike = by_source(docs, "harbor_strike.txt")
    ids = {m["text"]: m["entity_id"] for m in rows["mentions"].to_pylist() if m["doc_id"] == strike["doc_id"]}
    assert ids["Maria Delgado"] == ids["Delgado"]  # the surname alone is the same person
    (quote,) = [q for q in rows["quotes"].to_pylist() if q["text"] == STRIKE_QUOTE]
    assert quote["doc_id"] == strike["doc_id"] and quote["speaker_entity_id"] == ids["Maria Delgado"]
    delgado = {e["entity_id"]: e for e in rows["entities"].to_pylist()}[ids["Maria Delgado"]]
    assert (delgado["canonical_name"], delgado["label"], delgado["doc_count"]) == ("Maria Delgado", "PERSON", 1)
    # Each article starts its own story: the two share no text and no one.
    assert sorted(rows["stories"].column("doc_id").to_pylist()) == sorted(docs.column("doc_id").to_pylist())
    assert len(set(rows["stories"].column("story_id").to_pylist())) == 2
