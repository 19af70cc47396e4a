"""The article's language, with py3langid."""

from __future__ import annotations

import threading
from collections.abc import Collection
from functools import lru_cache

LANG_MIN_WORDS = 20  # below this, language evidence is too weak to reject an article
LANG_MIN_PROB = 0.80


_loading = threading.Lock()  # a run loads it on a warm-up thread (flows/news_pipeline.py): one load, not two


def identifier():
    """The language model, loaded on first use (~1.5 s: an LZMA-compressed file); concurrent first calls load once."""
    with _loading:
        return _load_identifier()


@lru_cache(maxsize=1)
def _load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """Most likely language of ``text`` (first 5,000 characters) and its probability."""
    lang, prob = identifier().classify(text[:5000])
    return lang, float(prob)


def detect_language_code(text: str, languages: Collection[str] = ("en",)) -> str:
    """The article's language: the detected one when the evidence is strong, otherwise the best-ranked of
    ``languages`` (the ones the extractors are built for).

    Short texts (under ``LANG_MIN_WORDS`` words) and low-confidence guesses do not count as strong: a
    two-line English flash is often guessed as something else. Every language is accepted; a non-English
    article loads as a document and skips the English-only extraction.
    """
    lang, prob = detect_language(text)
    if not languages or lang in languages:
        return lang
    if prob >= LANG_MIN_PROB and len(text.split()) >= LANG_MIN_WORDS and lang != "zxx":
        return lang
    ranked = [code for code, _ in identifier().rank(text[:5000]) if code in languages]
    return ranked[0] if ranked else next(iter(languages))
