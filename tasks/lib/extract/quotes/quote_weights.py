"""The learned quote scorer's weights: a committed JSON file and a manifest with its checksum.

``evaluation/train_quote_scorer.py`` writes both (``save``); ``learned`` reads them once (``load``). A missing
or damaged file is an error, not a silent fallback to rules only: restore it with git or retrain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tasks.lib import checked_files

WEIGHTS = Path(__file__).with_name("weights") / "quote_scorer.json"


class QuoteWeightsError(RuntimeError):
    """The quote scorer's weights are missing or do not match their manifest's checksum."""


@dataclass(frozen=True)
class QuoteWeights:
    """Two logistic scorers over the same features (feature name -> weight, ``bias`` included): ``quote``, that a
    candidate is attributed content, and ``speaker``, that it is and its speaker is right; a candidate is taken
    when both reach their thresholds."""

    quote: dict[str, float]
    speaker: dict[str, float]
    quote_threshold: float
    speaker_threshold: float


def meta_path(weights: Path) -> Path:
    return weights.with_suffix(".meta.json")


def _rounded(weights: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 5) for k, v in sorted(weights.items()) if abs(v) >= 1e-4}


def save(w: QuoteWeights, path: Path, info: dict) -> None:
    """Write the weights (sorted, rounded: a stable diff) and a manifest with their checksum and provenance."""
    data = json.dumps({"quote": _rounded(w.quote), "speaker": _rounded(w.speaker),
                       "quote_threshold": round(w.quote_threshold, 4),
                       "speaker_threshold": round(w.speaker_threshold, 4)},
                      indent=0, sort_keys=True).encode("utf-8")
    checked_files.write(path, data, meta_path(path), info)


def read(path: Path) -> QuoteWeights:
    """The weights at ``path``, checked against their manifest.

    Raises:
        QuoteWeightsError: the file or its manifest is missing, or the checksum does not match.
    """
    data, _ = checked_files.read(path, meta_path(path), QuoteWeightsError, "quote scorer weights",
                                 "uv run python -m evaluation.train_quote_scorer")
    raw = json.loads(data)
    return QuoteWeights(raw["quote"], raw["speaker"], float(raw["quote_threshold"]), float(raw["speaker_threshold"]))


_disabled = [False]


@lru_cache(maxsize=1)
def _cached() -> QuoteWeights:
    return read(WEIGHTS)


def load() -> QuoteWeights | None:
    """The committed weights (read once), or None while rules-only extraction is asked for (training)."""
    return None if _disabled[0] else _cached()


def set_enabled(on: bool) -> None:
    """Turn the learned scorer on or off (the training script extracts its candidates with rules only)."""
    _disabled[0] = not on
