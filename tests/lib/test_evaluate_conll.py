import pytest

from evaluation.conll import _tag_spans, fold_of, format_report, read_conll, score

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


# Two short articles written for the tests: a company, a city and a person; a person, a city and an
# organisation the raw model takes with its "the" (a wrong span, so one false positive and one miss).
ARTICLES = """-DOCSTART- -X- O O

Shares NNS I-NP O
of IN I-PP O
Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
rose VBD I-VP O
in IN I-PP O
London NNP I-NP I-LOC
on IN I-PP O
Monday NNP I-NP O
, , O O
said VBD I-VP O
John NNP I-NP I-PER
Smith NNP I-NP I-PER
. . O O

-DOCSTART- -X- O O

Mary NNP I-NP I-PER
Jones NNP I-NP I-PER
flew VBD I-VP O
to TO I-PP O
Paris NNP I-NP I-LOC
to TO I-PP O
meet VB I-VP O
officials NNS I-NP O
of IN I-PP O
the DT I-NP O
European NNP I-NP I-ORG
Commission NNP I-NP I-ORG
. . O O
"""


def test_fold_is_fixed_by_the_first_line(tmp_path):
    path = tmp_path / "two.conll"
    path.write_text(ARTICLES, encoding="utf-8")
    docs = list(read_conll(path))
    assert [fold_of(d) for d in docs] == ["tuning", "held_out"]
    # Order and neighbours do not move a document: the same article alone keeps its half.
    path.write_text(ARTICLES.split("-DOCSTART- -X- O O")[2], encoding="utf-8")
    assert [fold_of(d) for d in read_conll(path)] == ["held_out"]


def test_format_report_has_a_row_per_label_and_half():
    s = score([{(0, 1, "PER")}], [{(0, 1, "PER")}])
    folds = {"all": s, "tuning": s, "held_out": s}
    result = {"system": folds, "raw": folds, "model": "m", "documents": {"all": 1, "tuning": 1, "held_out": 0},
              "tokens": 3, "seconds": {"system": 0.1, "raw": 0.1}}
    lines = [line for line in format_report(result).splitlines() if line]
    assert [line.split()[0] for line in lines] == [
        "tuning", "label", "PER", "ORG", "LOC", "ALL",
        "held_out", "label", "PER", "ORG", "LOC", "ALL",
        "all", "label", "PER", "ORG", "LOC", "ALL", "model",
    ]


@pytest.mark.model
def test_evaluate_scores_each_half(tmp_path):
    from evaluation.conll import evaluate

    path = tmp_path / "two.conll"
    path.write_text(ARTICLES, encoding="utf-8")
    result = evaluate(path)
    assert result["documents"] == {"all": 2, "tuning": 1, "held_out": 1}
    assert result["system"]["all"]["ALL"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 6, "fp": 0, "fn": 0}
    # The raw model reads "the European Commission" with its article: wrong edges, no credit.
    raw_org = result["raw"]["held_out"]["ORG"]
    assert (raw_org["tp"], raw_org["fp"], raw_org["fn"]) == (0, 1, 1)
    assert result["raw"]["tuning"]["ALL"]["f1"] == 1.0
