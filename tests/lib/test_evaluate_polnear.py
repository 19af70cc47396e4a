"""The PolNeAR evaluation on a tiny brat directory written here."""

from __future__ import annotations

import pytest

from evaluation import polnear as ev

TEXT = (
    "Mayor Ruth Lang opened the bridge on Monday.\n\n"
    "“It took six years, but it is finally done,” Lang said. “Now we fix the roads.”\n\n"
    "Critics called the project a “vanity bridge” last year.\n\n"
    "The council said the budget was balanced.\n"
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _write_dir(tmp_path, ann_lines: list[str]) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story_one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "story_one_b222.ann").write_text("\n".join(ann_lines) + "\n", encoding="utf-8")
    # A second annotator's file is ignored: only the first per text is gold.
    (tmp_path / "attributions" / "story_one_zzzz.ann").write_text("", encoding="utf-8")


def _gold_lines() -> list[str]:
    a1 = _span(TEXT, "“It took six years, but it is finally done,”")
    a2 = _span(TEXT, "“Now we fix the roads.”")
    src = _span(TEXT, "Lang said")[0], _span(TEXT, "Lang said")[0] + 4
    cue = _span(TEXT, "said. “Now")[0], _span(TEXT, "said. “Now")[0] + 4
    b = _span(TEXT, "the project a “vanity bridge”")
    bsrc = _span(TEXT, "Critics")
    bcue = _span(TEXT, "called")
    c = _span(TEXT, "the budget was balanced")
    return [
        f"T1\tContent {a1[0]} {a1[1]};{a2[0]} {a2[1]}\t{TEXT[a1[0]:a1[1]]} {TEXT[a2[0]:a2[1]]}",
        f"T2\tSource {src[0]} {src[1]}\tLang",
        f"T3\tCue {cue[0]} {cue[1]}\tsaid",
        f"T4\tAttribution {cue[0]} {cue[1]}\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        f"T5\tContent {b[0]} {b[1]}\t{TEXT[b[0]:b[1]]}",
        f"T6\tSource {bsrc[0]} {bsrc[1]}\tCritics",
        f"T7\tCue {bcue[0]} {bcue[1]}\tcalled",
        "E2\tAttribution:T7 Content:T5 Cue:T7 Source:T6",
        # No quotation mark in the content: not part of the quote evaluation.
        f"T8\tContent {c[0]} {c[1]}\t{TEXT[c[0]:c[1]]}",
        "E3\tAttribution:T7 Content:T8",
    ]


def test_read_brat_discontinuous_content(tmp_path):
    _write_dir(tmp_path, _gold_lines())
    rows = ev.read_brat(tmp_path / "attributions" / "story_one_b222.ann")
    assert len(rows) == 3
    first = rows[0]
    assert [TEXT[a:b] for a, b in first.content] == ["“It took six years, but it is finally done,”", "“Now we fix the roads.”"]
    lang = TEXT.index("Lang said")
    assert first.source == [(lang, lang + 4)] and first.source_text == "Lang"
    assert TEXT[first.cue[0][0] : first.cue[0][1]] == "said"
    assert rows[2].source is None  # no Source
    gold = ev.gold_quotes(tmp_path / "attributions" / "story_one_b222.ann")
    assert len(gold) == 2  # the unquoted indirect attribution is left out


def test_a_statement_resumed_after_its_attribution_is_one_gold_quote(tmp_path):
    # PolNeAR writes `"...," he said. "..."` either as one discontinuous Content or as Content and Content2 of one
    # event: both are one statement, scored against our pieces joined by their cue.
    a1 = _span(TEXT, "“It took six years, but it is finally done,”")
    a2 = _span(TEXT, "“Now we fix the roads.”")
    cue = _span(TEXT, "said. “Now")[0], _span(TEXT, "said. “Now")[0] + 4
    ann = tmp_path / "a.ann"
    ann.write_text(
        f"T1\tContent {a1[0]} {a1[1]}\t{TEXT[a1[0]:a1[1]]}\nT2\tCue {cue[0]} {cue[1]}\tsaid\n"
        f"E1\tAttribution:T2 Cue:T2 Content:T1 Content2:T3\nT3\tContent {a2[0]} {a2[1]}\t{TEXT[a2[0]:a2[1]]}\n",
        encoding="utf-8",
    )
    [row] = ev.read_brat(ann)
    assert [TEXT[a:b] for a, b in row.content] == ["“It took six years, but it is finally done,”", "“Now we fix the roads.”"]
    [gold] = ev.gold_quotes(ann)
    pieces = ev.PredQuote(frozenset(range(*a1)) | frozenset(range(*a2)), frozenset(), None)
    assert ev.score_document([gold], [pieces])["matched"] == 1


def test_pairs_take_the_first_annotation_file(tmp_path):
    _write_dir(tmp_path, _gold_lines())
    [(txt, ann)] = ev.pairs(tmp_path)
    assert txt.name == "story_one.txt" and ann.name == "story_one_b222.ann"


@pytest.mark.parametrize(
    "pred, matched, speaker_correct",
    [
        ((0, 10, (20, 25)), 1, 1),  # identical extent, speaker overlaps
        ((0, 6, (20, 25)), 1, 1),  # IoU 0.6
        ((0, 4, (20, 25)), 0, 0),  # IoU 0.4: no match
        ((0, 10, (30, 35)), 1, 0),  # matched, wrong speaker
    ],
)
def test_score_document_iou_and_speaker(pred, matched, speaker_correct):
    gold = [ev.GoldQuote(frozenset(range(0, 10)), frozenset(range(20, 24)), "Lang")]
    start, end, (ss, se) = pred
    p = [ev.PredQuote(frozenset(range(start, end)), frozenset(range(ss, se)), None)]
    counts = ev.score_document(gold, p)
    assert (counts["matched"], counts["speaker_correct"]) == (matched, speaker_correct)


def test_speaker_by_shared_capitalised_name():
    gold = [ev.GoldQuote(frozenset(range(0, 10)), frozenset(range(50, 60)), "Mayor Ruth Lang")]
    p = [ev.PredQuote(frozenset(range(0, 10)), frozenset(range(80, 82)), "Ruth Lang")]
    assert ev.score_document(gold, p)["speaker_correct"] == 1


@pytest.mark.model
def test_evaluate_end_to_end(tmp_path):
    _write_dir(tmp_path, _gold_lines())
    result = ev.evaluate(tmp_path)
    assert result["documents"] == 1 and result["gold"] == 2
    # The split quote is one attribution (pieces grouped by cue) spoken by Lang; the mixed quote is
    # the critics'; the unquoted indirect statement is not scored.
    assert (result["predicted"], result["matched"], result["speaker_correct"]) == (2, 2, 2)
    assert result["f1"] == 1.0 and result["speaker_accuracy"] == 1.0
    # Verb-cued: only Lang's "said" is a verb of saying ("called" is not), and it is found.
    assert (result["verb"]["gold"], result["verb"]["matched"]) == (1, 1)
    report = ev.format_report(result)
    assert "F1" in report and "speaker accuracy" in report


def test_evaluate_empty_directory_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        ev.evaluate(tmp_path)


def test_held_out_fold_is_fixed_by_file_name():
    names = [f"outlet_2016-0{i % 9 + 1}-01_story-{i}" for i in range(500)]
    fold = [n for n in names if ev.held_out(n)]
    # About a fifth, pinned: the fold is fixed once by a hash of the name (not a random draw), so a change to
    # the hash would silently move articles that were tuned on into the held-out fold.
    assert len(fold) == 87
    assert fold[:3] == ["outlet_2016-01-01_story-9", "outlet_2016-01-01_story-18", "outlet_2016-08-01_story-25"]
    assert fold == [n for n in names if ev.held_out(n)]
    assert [n for n in ("story-a", "story-b", "story-c", "story-d", "story-e") if ev.held_out(n)] == ["story-a", "story-e"]


def test_typewriter_double_mark_content_is_a_gold_quote(tmp_path):
    # ''...'' is the double mark of newswire archives: such content is a quote like “...”.
    (tmp_path / "a.ann").write_text(
        "T1\tContent 0 14\t''We won,'' he\nT2\tCue 15 19\tsaid\n"
        "T3\tContent 30 40\tit's a 'no'\nT4\tCue 21 25\tsaid\n"
        "E1\tAttribution:T2 Content:T1 Cue:T2\nE2\tAttribution:T4 Content:T3 Cue:T4\n",
        encoding="utf-8",
    )
    assert [len(g.chars) for g in ev.gold_quotes(tmp_path / "a.ann")] == [14]
