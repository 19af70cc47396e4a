"""The fine-tuned ``ner`` component: its committed bytes, loaded in place of the base model's own.

``evaluation/train_ner.py`` trains it from the pinned base model on the tuning half of CoNLL-2003 and writes
the component's bytes (``WEIGHTS``) and what they were trained from (:func:`meta_path`). Only the pinned default model
gets it; another model named by ``NEWS_SPACY_MODEL`` runs unchanged.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from tasks.lib import checked_files

WEIGHTS = Path(__file__).with_name("weights") / "ner_finetuned.bin"


class NerWeightsError(RuntimeError):
    """The fine-tuned NER bytes are missing, damaged or were trained for another base model."""


def meta_path(weights: Path) -> Path:
    return weights.with_suffix(".json")


def _base(nlp: Language) -> dict[str, str]:
    return {"base_model": nlp.meta.get("name", ""), "base_version": nlp.meta.get("version", "")}


def save(nlp: Language, weights: Path, info: dict) -> None:
    """Write the pipeline's ``ner`` bytes and a metadata file naming its base model and a checksum."""
    checked_files.write(weights, nlp.get_pipe("ner").to_bytes(exclude=["vocab"]), meta_path(weights),
                        {**_base(nlp), **info})


def install(nlp: Language, weights: Path = WEIGHTS) -> Language:
    """Replace the pipeline's ``ner`` weights with the fine-tuned ones.

    Raises:
        NerWeightsError: the file or its metadata is missing, its checksum does not match, or it was trained
            from another base model or version than ``nlp``.
    """
    data, meta = checked_files.read(weights, meta_path(weights), NerWeightsError, "fine-tuned NER weights",
                                    "uv run python -m evaluation.train_ner CONLL BBC_DIR")
    want = _base(nlp)
    got = {k: meta.get(k, "") for k in want}
    if got != want:
        raise NerWeightsError(
            f"{weights.name} was trained for {got['base_model']} {got['base_version']}, "
            f"not the installed {want['base_model']} {want['base_version']}: retrain with evaluation/train_ner.py."
        )
    nlp.get_pipe("ner").from_bytes(data, exclude=["vocab"])
    return nlp
