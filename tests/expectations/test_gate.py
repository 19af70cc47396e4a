"""Broken batches against the real suites: record failures are set aside, batch failures fail the run."""

from expectations.gate import gate
from warehouse import tables

TEXT = "Ana Lopez said prices rose 5 percent."


def batch(**overrides):
    rows = {
        "documents": [{"doc_id": "a" * 16, "source_uri": "/a.txt", "content_hash": "a" * 64, "text": TEXT,
                       "word_count": 7, "run_id": "r", "pipeline_version": "t"}],
        "entities": [{"entity_id": "ent_ana", "canonical_name": "Ana Lopez", "label": "PERSON",
                      "aliases": ["Ana Lopez"]}],
        "mentions": [{"doc_id": "a" * 16, "entity_id": "ent_ana", "text": "Ana Lopez", "label": "PERSON",
                      "start_char": 0, "end_char": 9, "in_dateline": False}],
        "amounts": [{"doc_id": "a" * 16, "text": "5 percent", "kind": "percent", "value": 5.0, "unit": "%",
                     "start_char": 27, "end_char": 36}],
        "quotes": [], "roles": [], "dates": [], "embeds": [], "stories": [],
    }
    rows.update(overrides)
    return {name: tables.BY_NAME[name].from_rows(r) for name, r in rows.items()}


def test_clean_batch_passes_every_check():
    result = gate("extract", batch())
    assert result.passed and not result.quarantine
    assert all(r["success"] for r in result.dq)
    assert {r["suite"] for r in result.dq} >= {"documents", "mentions", "amounts", "entities"}


def test_bad_offset_quarantines_only_that_mention():
    good = batch()["mentions"].to_pylist()[0]
    bad = {**good, "text": "Ana", "start_char": 4, "end_char": 7}
    result = gate("extract", batch(mentions=[good, bad]))
    assert result.passed
    assert result.batch["mentions"].num_rows == 1
    [q] = result.quarantine
    assert q["stage"] == "extract" and q["source_uri"] == "/a.txt"
    assert "expect_column_pair_values_to_be_equal(text, span_text)" in q["reason"]
    assert "'span_text': 'Lop'" in q["reason"]


def test_amount_without_a_number_is_quarantined():
    amount = {**batch()["amounts"].to_pylist()[0], "value": None}
    result = gate("extract", batch(amounts=[amount]))
    assert result.batch["amounts"].num_rows == 0
    assert "expect_column_values_to_not_be_null(value)" in result.quarantine[0]["reason"]


def test_rows_of_one_document_under_one_key_are_set_aside_and_the_rest_loads():
    good = batch()["mentions"].to_pylist()[0]
    other = {**good, "text": "Lopez", "start_char": 4, "end_char": 9}
    result = gate("extract", batch(mentions=[good, good, other]))
    assert result.passed
    assert result.batch["mentions"].to_pylist() == [other]
    assert result.batch["documents"].num_rows == 1
    assert len(result.quarantine) == 2
    assert all("expect_compound_columns_to_be_unique" in q["reason"] for q in result.quarantine)


def test_dangling_entity_fails_the_batch():
    mention = {**batch()["mentions"].to_pylist()[0], "entity_id": "ent_ghost"}
    result = gate("extract", batch(mentions=[mention]))
    assert not result.passed
    assert any("entity_exists" in f for f in result.failures)


def test_failing_document_takes_its_rows_with_it():
    docs = batch()["documents"].to_pylist()
    result = gate("extract", batch(documents=[{**docs[0], "word_count": 0}]))
    assert result.batch["documents"].num_rows == 0
    assert result.batch["mentions"].num_rows == 0 and result.batch["amounts"].num_rows == 0
    assert [q["doc_id"] for q in result.quarantine] == ["a" * 16]


def test_boilerplate_only_article_is_set_aside_at_clean():
    text = "\n".join(f"Council story {i}" for i in range(16))  # a page of links, 48 words
    art = {"doc_id": "b" * 16, "source_uri": "/links.html", "content_hash": "b" * 64, "text": text, "word_count": 48}
    result = gate("clean", {"stg_articles": tables.STG_ARTICLES.from_rows([art]),
                            "embeds": tables.EMBEDS.empty()})
    assert result.batch["stg_articles"].num_rows == 0
    assert result.quarantine[0]["reason"].endswith("observed {'short_line_share': 1.0}")  # no np.float64(...)
    assert result.batch["embeds"].num_rows == 0  # the empty embeds table passes through, still a table


def test_dateline_mention_is_checked_against_the_dateline():
    doc = {**batch()["documents"].to_pylist()[0], "dateline": "WASHINGTON"}
    good = {**batch()["mentions"].to_pylist()[0], "entity_id": "ent_dc", "text": "WASHINGTON", "label": "GPE",
            "start_char": 0, "end_char": 10, "in_dateline": True}
    wrong = {**good, "text": "WASHINGTON DC", "end_char": 13}  # past the dateline's end
    place = {"entity_id": "ent_dc", "canonical_name": "Washington", "label": "GPE", "aliases": ["WASHINGTON"]}
    ents = [*batch()["entities"].to_pylist(), place]
    result = gate("extract", batch(documents=[doc], entities=ents, mentions=[batch()["mentions"].to_pylist()[0], good]))
    assert result.passed and not result.quarantine
    result = gate("extract", batch(documents=[doc], entities=ents, mentions=[good, wrong]))
    assert [(r["text"], r["in_dateline"]) for r in result.batch["mentions"].to_pylist()] == [("WASHINGTON", True)]


def test_headline_and_dateline_amounts_and_dates_are_checked_against_their_part():
    doc = {**batch()["documents"].to_pylist()[0], "title": "Prices up 5% by Friday", "dateline": "LONDON, March 5"}
    in_title = {"doc_id": "a" * 16, "text": "5%", "kind": "percent", "value": 5.0, "unit": "%", "start_char": 10,
                "end_char": 12, "in_title": True}
    title_day = {"doc_id": "a" * 16, "text": "Friday", "start_char": 16, "end_char": 22, "in_title": True}
    dateline_day = {"doc_id": "a" * 16, "text": "March 5", "start_char": 8, "end_char": 15, "in_dateline": True}
    amounts = [*batch()["amounts"].to_pylist(), in_title]
    result = gate("extract", batch(documents=[doc], amounts=amounts, dates=[title_day, dateline_day]))
    assert result.passed and not result.quarantine
    # the same offsets read in the text (the flag lost) are wrong: only those rows are set aside
    lost = [{**in_title, "in_title": False}, {**dateline_day, "in_dateline": False}]
    result = gate("extract", batch(documents=[doc], amounts=[batch()["amounts"].to_pylist()[0], lost[0]],
                                   dates=[title_day, lost[1]]))
    assert [r["text"] for r in result.batch["amounts"].to_pylist()] == ["5 percent"]
    assert [r["text"] for r in result.batch["dates"].to_pylist()] == ["Friday"]
    assert len(result.quarantine) == 2


def test_frames_keep_the_batch_row_order():
    # the gate sets a failing row aside by its position in the frame: a frame must list the batch's rows in order
    from expectations.frames import extract_frames

    docs = [{**batch()["documents"].to_pylist()[0], "doc_id": d * 16, "title": f"Up {d}% by Friday"} for d in "ab"]
    amounts = [{"doc_id": "ab"[i % 2] * 16, "text": f"{i}", "kind": "quantity", "value": float(i), "unit": "cases",
                "start_char": i % 7, "end_char": i % 7 + 1, "in_title": i % 3 == 0} for i in range(60)]
    dates = [{"doc_id": "ab"[i % 2] * 16, "text": f"{i}", "start_char": i % 7, "end_char": i % 7 + 1,
              "in_title": i % 3 == 0, "in_dateline": i % 3 == 1} for i in range(60)]
    frames = extract_frames(batch(documents=docs, amounts=amounts, dates=dates))
    assert list(frames["amounts"]["text"]) == [r["text"] for r in amounts]
    assert list(frames["dates"]["text"]) == [r["text"] for r in dates]


def test_headline_mention_is_checked_against_the_title():
    doc = {**batch()["documents"].to_pylist()[0], "title": "Prices up, says Lopez"}
    good = {"doc_id": "a" * 16, "entity_id": "ent_ana", "text": "Lopez", "label": "PERSON", "start_char": 16,
            "end_char": 21}
    wrong = {**good, "start_char": 4, "end_char": 9}  # "Lopez" is at 4 in the text, not in the title
    result = gate("extract", batch(documents=[doc], headline_mentions=[good, wrong]))
    assert result.passed
    assert [(r["text"], r["start_char"]) for r in result.batch["headline_mentions"].to_pylist()] == [("Lopez", 16)]
    assert "expect_column_pair_values_to_be_equal(text, span_text)" in result.quarantine[0]["reason"]


def test_a_caption_record_passes_the_clean_checks():
    art = {"doc_id": "c" * 16, "source_uri": "/captions.jsonl#3", "content_hash": "c" * 64,
           "text": "Crowds in Paris", "word_count": 3}
    result = gate("clean", {"stg_articles": tables.STG_ARTICLES.from_rows([art]), "embeds": tables.EMBEDS.empty()})
    assert result.batch["stg_articles"].column("source_uri").to_pylist() == ["/captions.jsonl#3"]
    assert not result.quarantine
