import pytest

from tasks.lib.evaluate_conll import _tag_spans, format_report, read_conll, score

SAMPLE = """-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
visited VBD I-VP O
New NNP I-NP I-LOC
York NNP I-NP I-LOC
Paris NNP I-NP B-LOC

-DOCSTART- -X- O O

BRUSSELS NNP I-NP I-LOC
"""


@pytest.mark.parametrize(
    "tags, spans",
    [
        (["I-PER", "I-PER", "O"], [(0, 2, "PER")]),  # IOB1
        (["B-PER", "I-PER", "B-PER"], [(0, 2, "PER"), (2, 3, "PER")]),  # IOB2 and B- between equals
        (["I-LOC", "I-ORG", "O", "I-ORG"], [(0, 1, "LOC"), (1, 2, "ORG"), (3, 4, "ORG")]),
    ],
)
def test_tag_spans(tags, spans):
    assert _tag_spans(tags) == spans


def test_read_conll_rebuilds_text_and_offsets(tmp_path):
    path = tmp_path / "mini.conll"
    path.write_text(SAMPLE, encoding="utf-8")
    docs = list(read_conll(path))
    assert len(docs) == 2
    first = docs[0]
    assert first.text == "EU rejects German call .\nPeter Blackburn visited New York Paris"
    got = {(first.text[s:e], label) for s, e, label in first.gold}
    assert got == {("EU", "ORG"), ("Peter Blackburn", "PER"), ("New York", "LOC"), ("Paris", "LOC")}
    assert docs[1].text == "BRUSSELS" and docs[1].n_tokens == 1


def test_score_counts_exact_spans_only():
    gold = [{(0, 5, "PER"), (10, 15, "LOC")}]
    pred = [{(0, 5, "PER"), (10, 14, "LOC"), (20, 25, "ORG")}]
    result = score(gold, pred)
    assert result["PER"]["f1"] == 1.0
    assert result["LOC"]["tp"] == 0 and result["LOC"]["fn"] == 1 and result["LOC"]["fp"] == 1
    assert result["ALL"]["precision"] == pytest.approx(1 / 3)
    assert result["ALL"]["recall"] == pytest.approx(1 / 2)


def test_format_report_has_a_row_per_label():
    s = score([{(0, 1, "PER")}], [{(0, 1, "PER")}])
    report = format_report({"system": s, "raw": s, "documents": 1, "tokens": 3, "seconds": {"system": 0.1, "raw": 0.1}})
    assert [line.split()[0] for line in report.splitlines()[1:5]] == ["PER", "ORG", "LOC", "ALL"]


@pytest.mark.model
def test_evaluate_runs_end_to_end(tmp_path):
    from tasks.lib.evaluate_conll import evaluate

    path = tmp_path / "mini.conll"
    path.write_text(SAMPLE, encoding="utf-8")
    result = evaluate(path)
    assert result["documents"] == 2
    assert 0.0 <= result["system"]["ALL"]["f1"] <= 1.0
