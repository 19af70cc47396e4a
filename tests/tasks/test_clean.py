"""tasks/clean.py: a batch of raw records cleaned into article text and metadata."""

from __future__ import annotations

from tasks.clean import clean_articles
from tasks.lib.batches import doc_id_for
from tests.tasks.conftest import by_source

GERMAN = ("Der Stadtrat hat am Dienstag den Bau einer drei Kilometer langen Hochwasserschutzmauer beschlossen. "
          "Die Kosten von 420 Millionen Euro sollen aus Fördermitteln und einer neuen Anleihe bezahlt werden, "
          "sagte die Bürgermeisterin nach der Abstimmung.")


def test_markdown_heading_becomes_the_title(cleaned):
    budget = by_source(cleaned.articles, "city_budget.md")
    assert budget["title"] == "Springfield council approves $2.3 million park plan"
    assert budget["text"].startswith("The Springfield City Council voted 7-2 on Monday")
    assert budget["language"] == "en" and budget["word_count"] == len(budget["text"].split())
    assert budget["doc_id"] == doc_id_for(budget["content_hash"])


def test_dateline_is_split_from_the_text(cleaned):
    strike = by_source(cleaned.articles, "harbor_strike.txt")
    assert strike["dateline"] == "OAKLAND, Calif."
    assert strike["text"].startswith("Dock workers at the Port of Oakland walked off the job on Tuesday")
    assert cleaned.quarantine == [] and cleaned.embeds.num_rows == 0


def test_an_article_in_another_language_is_a_document(read):
    german = {**read.raw.to_pylist()[0], "source_uri": "/de.txt", "text": GERMAN, "format": "txt"}
    result = clean_articles.fn(read.raw.from_pylist([german], schema=read.raw.schema), ["en"])
    assert result.quarantine == []
    [art] = result.articles.to_pylist()
    assert (art["source_uri"], art["language"], art["text"]) == ("/de.txt", "de", GERMAN)


def test_the_language_model_loads_once_when_the_warm_up_and_the_first_batch_meet():
    import threading

    from tasks.lib.clean import language

    language._load_identifier.cache_clear()
    threads = [threading.Thread(target=language.identifier) for _ in range(2)]
    for t in threads:
        t.start()
    assert language.detect_language_code(GERMAN) == "de"  # the flow's first article, while the others load
    for t in threads:
        t.join()
    assert language._load_identifier.cache_info().misses == 1
