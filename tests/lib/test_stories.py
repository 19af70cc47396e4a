"""Same-story clustering: rewrites of one event and copies of one article share a story, others do not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from tasks.lib.memory.stories import (
    StoryDoc,
    StoryParams,
    StoryStore,
    assign,
    features,
    keywords,
    signature,
    similarity,
)

# One event (a fictional dam failure) told by two outlets, a lightly edited copy of the first, and an
# unrelated article. Written for these tests.
DAM_WIRE = """
BRANSKO, Moravia - The Velka Orlice dam burst early on Tuesday, flooding the villages of Bransko and Hlinice
and forcing about 4,000 residents from their homes, regional governor Petra Novakova said.
Rescue teams in boats pulled dozens of people from rooftops in Hlinice as the Orlice river rose three metres
in an hour. Novakova said engineers had warned last spring that the concrete spillway was cracking.
"We asked for money to repair the spillway twice and we were refused twice," Novakova told reporters at an
emergency shelter in a Bransko school gymnasium. Two people were missing, police said.
The Moravian water authority, which operates the reservoir, said it would open an inquiry into the failure.
"""

DAM_BLOG = """
Thousands of people fled their homes in Moravia on Tuesday after the Velka Orlice dam gave way and sent a wall
of water through Hlinice and Bransko. Governor Petra Novakova said roughly 4,000 residents had been evacuated and
that engineers flagged cracks in the dam's spillway months ago. Her requests for repair funds were rejected, she
said, speaking at a shelter set up in a school in Bransko. Boats rescued residents stranded on rooftops in
Hlinice while the Orlice kept rising. Police said two people are still missing. The water authority that runs
the reservoir promised an inquiry.
"""

DAM_COPY = DAM_WIRE.replace("early on Tuesday", "on Tuesday morning").replace("Two people", "Two villagers")

CHESS = """
Grandmaster Ana Lindqvist won the Stavanger chess invitational on Sunday with a round to spare, beating
defending champion Tomas Okafor in a sharp Sicilian that lasted 61 moves. Lindqvist, 19, finished two points
clear of the field and takes home the 50,000 euro first prize. Okafor said he had misjudged an endgame with
rooks and opposite-coloured bishops. The organisers said next year's event will add a rapid section.
"""


def doc(doc_id: str, text: str, published: date | datetime | None = None, ents: list[str] | None = None) -> StoryDoc:
    return features(doc_id, text, ents or [], published)


def test_signature_and_keywords_shapes() -> None:
    sig = signature(DAM_WIRE)
    assert len(sig) == 128 and max(sig) < 2**32  # fits the warehouse's unsigned 32-bit values
    # Pinned: signatures already in the warehouse stay comparable with new ones only if these never change.
    assert sig[:4] == [100945583, 3826687, 37646385, 12059003]
    assert signature(DAM_WIRE) == sig  # deterministic across calls
    words, weights = keywords(DAM_WIRE, 10)
    assert "novakova" in words and "the" not in words and "said" not in words
    assert weights == sorted(weights, reverse=True)
    assert abs(sum(w * w for w in weights) - 1) < 1e-3


HEIST_US = """
Thieves smashed display cases at the Harborview jewelry center in Calverton on Friday and escaped in a gray
minivan with jewelry worth about 2 million dollars. Police said the jewelers' alarm program had been switched off.
"""
HEIST_UK = (HEIST_US.replace("jewelry", "jewellery").replace("center", "centre").replace("gray", "grey")
            .replace("jewelers", "jewellers").replace("program", "programme"))


def test_american_and_british_spellings_of_a_word_are_one_keyword() -> None:
    # Outlets on both sides of the Atlantic report one heist: the spelling must not split their keywords.
    assert keywords(HEIST_US) == keywords(HEIST_UK)
    assert "jewellery" in keywords(HEIST_US)[0] and "jewelry" not in keywords(HEIST_US)[0]
    assert similarity(doc("us", HEIST_US), doc("uk", HEIST_UK))[1] > 0.999


def test_similarity_separates_rewrite_copy_and_unrelated() -> None:
    wire, blog, copy, chess = doc("w", DAM_WIRE), doc("b", DAM_BLOG), doc("c", DAM_COPY), doc("x", CHESS)
    dup, score = similarity(wire, copy)
    assert dup >= 0.5  # near-duplicate
    dup, score = similarity(wire, blog)
    assert dup < 0.3 and score >= StoryParams().link  # rewrite: little shared text, same story
    dup, score = similarity(wire, chess)
    assert dup < 0.1 and score < 0.1


def test_batch_clusters_rewrites_and_copies_but_not_unrelated() -> None:
    docs = [doc("wire", DAM_WIRE), doc("chess", CHESS), doc("blog", DAM_BLOG), doc("copy", DAM_COPY)]
    got = assign(docs, [])
    assert got == {"wire": "wire", "blog": "wire", "copy": "wire", "chess": "chess"}


def test_story_is_named_after_earliest_article_and_membership_ignores_order() -> None:
    docs = [
        doc("blog", DAM_BLOG, date(2024, 5, 8)),
        doc("wire", DAM_WIRE, date(2024, 5, 7)),
        doc("chess", CHESS, date(2024, 5, 7)),
    ]
    got = assign(docs, [])
    assert got["blog"] == got["wire"] == "wire"
    assert assign(list(reversed(docs)), []) == got


def test_time_window_keeps_distant_rewrites_apart_but_not_copies() -> None:
    docs = [
        doc("wire", DAM_WIRE, date(2024, 5, 7)),
        doc("blog", DAM_BLOG, date(2024, 7, 1)),
        doc("copy", DAM_COPY, datetime(2024, 9, 1, 12, tzinfo=timezone.utc)),
    ]
    got = assign(docs, [])
    assert got["blog"] == "blog"
    assert got["copy"] == "wire"  # a republished copy is the same article whenever it appears


def test_incremental_joins_existing_story_and_keeps_ids() -> None:
    first = [doc("wire", DAM_WIRE), doc("chess", CHESS)]
    for d, story in assign(first, []).items():
        next(x for x in first if x.doc_id == d).story_id = story
    got = assign([doc("blog", DAM_BLOG)], first)
    assert got == {"blog": "wire"}
    # an unrelated newcomer starts its own story; existing ids are not touched
    assert assign([doc("chess2", CHESS.replace("Sunday", "Monday"))], first) == {"chess2": "chess"}
    assert [d.story_id for d in first] == ["wire", "chess"]


def test_two_existing_stories_are_never_merged() -> None:
    # The same event was (wrongly) stored as two stories; a new copy joins one of them, not both.
    existing = [doc("wire", DAM_WIRE), doc("blog", DAM_BLOG)]
    existing[0].story_id, existing[1].story_id = "s1", "s2"
    got = assign([doc("copy", DAM_COPY)], existing)
    assert got["copy"] == "s1"  # the near-duplicate link is the strongest


def test_a_store_places_batch_after_batch_as_assign_does_with_every_earlier_document() -> None:
    ents = ["ent_novakova", "ent_bransko"]
    batches = [[doc("wire", DAM_WIRE, ents=ents), doc("chess", CHESS)],
               [doc("blog", DAM_BLOG, ents=ents), doc("chess2", CHESS.replace("Sunday", "Monday"))],
               [doc("copy", DAM_COPY)]]
    store, placed = StoryStore(), []
    for batch in batches:
        expected = assign(batch, placed)
        assert store.place(batch) == expected
        placed += [replace(d, story_id=expected[d.doc_id]) for d in batch]
    assert expected == {"copy": "wire"}
    # A store rebuilt from the placed documents (as a run reads them back) places like the one that built them.
    assert StoryStore(placed).place([doc("copy2", DAM_COPY)]) == store.place([doc("copy2", DAM_COPY)])


def test_a_forgotten_document_no_longer_draws_its_copies() -> None:
    store = StoryStore()
    store.place([doc("wire", DAM_WIRE), doc("chess", CHESS)])
    store.forget(["wire"])
    assert store.place([doc("copy", DAM_COPY)]) == {"copy": "copy"}


@pytest.mark.parametrize("text", ["", "Short.", "Breaking news"])
def test_short_or_empty_texts_start_their_own_stories(text: str) -> None:
    got = assign([doc("a", text), doc("b", text), doc("wire", DAM_WIRE)], [])
    assert got == {"a": "a", "b": "b", "wire": "wire"}


def test_shared_rare_entities_raise_the_score() -> None:
    plain = similarity(doc("w", DAM_WIRE), doc("b", DAM_BLOG))[1]
    ents = ["ent_novakova", "ent_orlice_dam", "ent_bransko", "ent_hlinice"]
    with_entities = similarity(doc("w", DAM_WIRE, ents=ents), doc("b", DAM_BLOG, ents=ents))[1]
    assert with_entities > plain
    unrelated = similarity(doc("w", DAM_WIRE, ents=ents), doc("x", CHESS, ents=["ent_lindqvist"]))[1]
    assert unrelated < 0.1


def test_a_batch_is_compared_with_recent_documents_and_older_ones_of_its_dates(monkeypatch) -> None:
    from tasks.lib.memory import state

    monkeypatch.setattr(state, "RECENT_CANDIDATES", 2)

    def doc(doc_id, day, story="s"):
        return replace(features(doc_id, "Port strike halts cargo at Oakland docks", set(),
                                datetime(2024, 3, day) if day else None), story_id=story)

    index = state.StoryIndex(StoryStore([doc("far", 1), doc("near", 18), doc("undated", None), doc("r1", 2),
                                         doc("r2", None)]))
    names = index.store.doc_ids
    assert [names[r] for r in index.candidates([doc("new", 20)])] == ["near", "r1", "r2"]  # 1 March: too early
    assert [names[r] for r in index.candidates([doc("new2", None)])] == ["r1", "r2"]
    index.forget(["r1"])  # a replaced document is never a candidate
    assert [names[r] for r in index.candidates([doc("new3", None)])] == ["undated", "r2"]
    # The window is the index's own: a narrower one leaves out 18 March for a 20 March batch.
    narrow = state.StoryIndex(index.store, params=StoryParams(window_days=1))
    assert [names[r] for r in narrow.candidates([doc("new", 20)])] == ["undated", "r2"]


def test_older_documents_are_read_by_the_batch_window_once_and_replaced_ones_never(monkeypatch) -> None:
    from dataclasses import asdict

    from tasks.lib.memory import state

    monkeypatch.setattr(state, "RECENT_CANDIDATES", 1)
    utc = timezone.utc
    stored = {d.doc_id: d for d in (replace(doc("dam_wire", DAM_WIRE, datetime(2024, 5, 7, 9, tzinfo=utc)),
                                            story_id="dam_wire"),
                                    replace(doc("old_copy", DAM_COPY, datetime(2024, 5, 7, 10, tzinfo=utc)),
                                            story_id="old_copy"),
                                    replace(doc("chess", CHESS, datetime(2024, 6, 30, tzinfo=utc)), story_id="chess"))}
    reads = []

    def older(start, end):  # what story_features_window returns: rows published in [start, end)
        reads.append((start.date(), end.date()))
        return [asdict(d) for d in stored.values() if start <= d.published_at < end]

    # The run starts with the most recent document only; the dam story is read when a batch of its days comes.
    index = state.StoryIndex.from_rows([asdict(stored["chess"])], older=older)
    index.forget(["old_copy"])  # replaced by this run: never read back
    got = index.assign([state.StoryDoc("dam_blog", DAM_BLOG, datetime(2024, 5, 8, tzinfo=utc), set())])
    assert got == {"dam_blog": "dam_wire"}
    assert reads == [(date(2024, 5, 1), date(2024, 5, 16))]  # 8 May plus or minus the 7-day window
    assert "old_copy" not in index.store
    index.assign([state.StoryDoc("dam_later", DAM_BLOG, datetime(2024, 5, 9, tzinfo=utc), set())])
    assert reads[1:] == [(date(2024, 5, 16), date(2024, 5, 17))]  # only the day not read yet


# A look-alike event: another dam failure (other river, place, people and day), told by two outlets.
WEIR_WIRE = """
SERRA BRANCA, Portugal - An earth dam on the Ribeira de Alcarva collapsed on Saturday night, sending a torrent
through the town of Serra Branca and forcing some 900 people to leave, mayor Joao Ferreira said.
Firefighters in inflatable boats rescued elderly residents from flooded houses along the Alcarva, and the
civil protection agency said one man had died. Ferreira said the irrigation cooperative that owns the dam had
reported seepage at its base in January. "The cooperative told us the embankment was safe," Ferreira told
reporters at the fire station. Portugal's environment agency said it would inspect every earth dam in the
Alentejo region.
"""

WEIR_BLOG = """
One man died and about 900 people had to leave their homes in Serra Branca after an irrigation dam on the
Ribeira de Alcarva gave way late on Saturday, mayor Joao Ferreira said. Seepage had been reported at the
base of the embankment in January, the mayor said, but the cooperative that owns it called it safe. Firemen
used boats to reach old people trapped in their houses beside the Alcarva. The environment agency promised
inspections of the Alentejo's earth dams.
"""

DAM_HEADLINE = "Velka Orlice dam bursts in Moravia, flooding Bransko and Hlinice; governor Novakova blames spillway"


def groups(assignment: dict[str, str]) -> set[frozenset[str]]:
    by_story: dict[str, set[str]] = {}
    for doc_id, story in assignment.items():
        by_story.setdefault(story, set()).add(doc_id)
    return {frozenset(m) for m in by_story.values()}


def test_two_outlets_share_a_story_and_a_look_alike_event_stays_apart() -> None:
    docs = [doc("dam_wire", DAM_WIRE), doc("weir_wire", WEIR_WIRE), doc("dam_blog", DAM_BLOG),
            doc("weir_blog", WEIR_BLOG), doc("chess", CHESS)]
    assert groups(assign(docs, [])) == {frozenset({"dam_wire", "dam_blog"}), frozenset({"weir_wire", "weir_blog"}),
                                        frozenset({"chess"})}


@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4), (4, 3, 2, 1, 0), (2, 4, 0, 3, 1), (3, 0, 4, 1, 2)])
def test_the_order_of_documents_within_a_batch_does_not_change_the_grouping(order) -> None:
    docs = [doc("dam_wire", DAM_WIRE), doc("weir_wire", WEIR_WIRE), doc("dam_blog", DAM_BLOG),
            doc("weir_blog", WEIR_BLOG), doc("dam_copy", DAM_COPY)]
    got = assign([docs[k] for k in order], [])
    assert groups(got) == {frozenset({"dam_wire", "dam_blog", "dam_copy"}), frozenset({"weir_wire", "weir_blog"})}


def test_a_later_batch_joins_the_right_existing_story_and_ids_stay() -> None:
    store = StoryStore()
    first = store.place([doc("dam_wire", DAM_WIRE), doc("weir_wire", WEIR_WIRE)])
    assert first == {"dam_wire": "dam_wire", "weir_wire": "weir_wire"}
    second = store.place([doc("weir_blog", WEIR_BLOG), doc("dam_blog", DAM_BLOG)])
    assert second == {"weir_blog": "weir_wire", "dam_blog": "dam_wire"}
    assert store.story_ids[:2] == ["dam_wire", "weir_wire"]


def test_a_headline_only_record_joins_its_story() -> None:
    got = assign([doc("dam_wire", DAM_WIRE), doc("dam_blog", DAM_BLOG), doc("weir_wire", WEIR_WIRE),
                  doc("headline", DAM_HEADLINE)], [])
    assert got["headline"] == "dam_wire" and got["weir_wire"] == "weir_wire"


def test_the_days_an_article_names_are_kept_and_shared_ones_draw_articles_together() -> None:
    from tasks.lib.records import DateMention

    named = [DateMention("7 May 2024", date(2024, 5, 7), 0, 10, "day"), DateMention("May", date(2024, 5, 1), 20, 23,
                                                                                      "month")]
    d = features("w", DAM_WIRE, event_dates=named)
    assert d.event_days == [date(2024, 5, 7)]  # a month is too coarse to tell two events apart
    same_day = features("b", DAM_BLOG, event_dates=named[:1])
    other_day = features("b", DAM_BLOG, event_dates=[DateMention("9 March", date(2024, 3, 9), 0, 7, "day")])
    assert similarity(d, same_day)[1] > similarity(d, other_day)[1]


def test_undated_articles_cluster_on_content_and_dated_ones_within_the_window() -> None:
    undated = assign([doc("dam_wire", DAM_WIRE), doc("dam_blog", DAM_BLOG, None)], [])
    assert undated == {"dam_wire": "dam_wire", "dam_blog": "dam_wire"}
    apart = assign([doc("dam_wire", DAM_WIRE, date(2024, 5, 7)), doc("dam_blog", DAM_BLOG, date(2024, 6, 7))], [])
    assert apart == {"dam_wire": "dam_wire", "dam_blog": "dam_blog"}


def test_the_pipeline_index_uses_headline_and_named_days() -> None:
    from tasks.lib.memory import state
    from tasks.lib.records import DateMention

    index = state.StoryIndex()
    got = index.assign([state.StoryDoc("wire", DAM_WIRE, None, set()),
                        state.StoryDoc("head", "", None, set(), title=DAM_HEADLINE,
                                       dates=[DateMention("7 May 2024", date(2024, 5, 7), 0, 10, "day")])])
    assert got == {"wire": "wire", "head": "wire"}
    assert index.new_rows[1]["event_days"] == [date(2024, 5, 7)] and "novakova" in index.new_rows[1]["keywords"]


def test_benchmark_holds_out_both_stories_of_a_topic_and_scores_bcubed() -> None:
    from benchmarks.stories import bcubed, held_out, topic_of

    assert topic_of("10_1ecbplus") == topic_of("10_3ecb") == 10
    assert [t for t in range(1, 26) if held_out(t)] == [2, 4, 5, 9, 11, 13, 15, 16, 17, 21, 22, 25]
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed({"a": "1", "b": "1", "c": "2"}, gold) == (1.0, 1.0, 1.0)
    p, r, f = bcubed({"a": "1", "b": "2", "c": "2"}, gold)  # b split from a, merged with c
    assert (round(p, 3), round(r, 3)) == (round((1 + 0.5 + 0.5) / 3, 3), round((0.5 + 0.5 + 1) / 3, 3))


# Shares only its topic (the water authority, a reservoir, a village) with the dam failure. Written for these tests.
WATER_PRICES = """
The Moravian water authority will raise the price of drinking water by eight percent next year, its director
said on Thursday, to pay for inspections of its reservoirs and the concrete spillway of an older dam. Households
in Brno will pay about 400 crowns more a year. The authority said consumption fell during the dry summer while
repair costs rose. Consumer groups in Hlinice called the increase unfair to pensioners.
"""


def test_a_pair_of_copies_does_not_take_in_an_article_that_only_shares_its_topic() -> None:
    docs = [doc("dam_wire", DAM_WIRE), doc("dam_copy", DAM_COPY), doc("prices", WATER_PRICES)]
    assert assign(docs, []) == {"dam_wire": "dam_wire", "dam_copy": "dam_wire", "prices": "prices"}
    # Without the rule the copies' story would take it in: the article resembles each copy at 0.28.
    assert assign(docs, [], StoryParams(cohesion_single=0.0))["prices"] == "dam_wire"


@pytest.mark.parametrize("seed", range(4))
def test_the_same_articles_fed_in_shuffled_batches_group_as_in_one_batch(seed) -> None:
    import random

    docs = [doc("dam_wire", DAM_WIRE), doc("weir_wire", WEIR_WIRE), doc("dam_blog", DAM_BLOG),
            doc("weir_blog", WEIR_BLOG), doc("dam_copy", DAM_COPY), doc("chess", CHESS)]
    random.Random(seed).shuffle(docs)
    store, got = StoryStore(), {}
    for lo in range(0, len(docs), 2):
        got.update(store.place(docs[lo:lo + 2]))
    assert groups(got) == {frozenset({"dam_wire", "dam_blog", "dam_copy"}), frozenset({"weir_wire", "weir_blog"}),
                           frozenset({"chess"})}


def test_a_story_that_began_mixed_draws_only_its_main_event() -> None:
    # A small early batch put the weir failure into the dam story; ids never change, so it stays there, but the
    # story's core is the dam failure: a later report of the weir starts its own story, one of the dam joins.
    mixed = [replace(doc(d, text), story_id="dam_wire") for d, text in
             (("dam_wire", DAM_WIRE), ("dam_copy", DAM_COPY), ("dam_blog", DAM_BLOG), ("weir_wire", WEIR_WIRE))]
    got = StoryStore(mixed).place([doc("weir_blog", WEIR_BLOG), doc("headline", DAM_HEADLINE)])
    assert got == {"weir_blog": "weir_blog", "headline": "dam_wire"}


def test_a_batch_joins_an_existing_story_through_any_of_its_articles_as_one_batch_would() -> None:
    # The weir story is known from two outlets; its copy-free rewrite and a headline arrive later, one per batch.
    store = StoryStore()
    store.place([doc("weir_wire", WEIR_WIRE), doc("weir_blog", WEIR_BLOG), doc("chess", CHESS)])
    assert store.place([doc("dam_wire", DAM_WIRE)]) == {"dam_wire": "dam_wire"}
    assert store.place([doc("dam_blog", DAM_BLOG), doc("headline", DAM_HEADLINE)]) == {"dam_blog": "dam_wire",
                                                                                        "headline": "dam_wire"}


def test_over_the_item_budget_a_story_counts_as_one_and_still_draws_its_articles() -> None:
    placed = [replace(doc(d, text), story_id=story) for d, text, story in
              (("dam_wire", DAM_WIRE, "dam_wire"), ("dam_blog", DAM_BLOG, "dam_wire"),
               ("weir_wire", WEIR_WIRE, "weir_wire"), ("weir_blog", WEIR_BLOG, "weir_wire"))]
    new = [doc("headline", DAM_HEADLINE), doc("copy", DAM_COPY)]
    for budget in (1, 3000):  # 1: each story is one item (their sums), 3000: their articles one by one
        got = StoryStore(placed).place(new, params=StoryParams(max_items=budget))
        assert got == {"headline": "dam_wire", "copy": "dam_wire"}
