"""Drift alarms: a run's own statistics checked against the warehouse's history of runs.

Extraction rarely breaks loudly; it goes quiet. A model or rule regression shows up as a collapse in
quotes per 1,000 words or in the share of quotes with a speaker, long before anyone reads the rows.
Each metric is compared with the median of recent completed runs; a value outside a robust band
(median +- 3 scaled MADs, never narrower than the metric's floor) is flagged in dq_results as a
warning, logged, and shown in the run's summary artifact.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    name: str
    rel_floor: float  # band never narrower than this share of the median...
    abs_floor: float  # ...nor than this absolute amount (for rates near zero)


METRICS = (
    # News prose carries a few quotes per 1,000 words; halving it is a regression, not a news cycle.
    Metric("quotes_per_1k_words", 0.5, 0.5),
    # Most quotes name their speaker; a drop of 20 points means speaker resolution broke.
    Metric("attributed_quote_share", 0.0, 0.2),
    # Articles mention a steady number of entities; half or double means NER or cleaning changed.
    Metric("entities_per_doc", 0.5, 1.0),
    # Quarantining 20 points more of the input than usual means a source or a reader broke.
    Metric("quarantine_rate", 0.0, 0.2),
)
MIN_HISTORY = 3  # runs needed before a verdict
MIN_DOCS = 3  # a run of one or two articles says nothing about rates
HISTORY_RUNS = 20


def run_stats(*, words: int, quotes: int, attributed: int, entity_mentions_per_doc: Sequence[int],
              docs_seen: int, docs_quarantined: int) -> dict[str, float | None]:
    """The run's drift metrics from its counts (None where undefined, e.g. no quotes at all)."""
    return {
        "quotes_per_1k_words": 1000 * quotes / words if words else None,
        "attributed_quote_share": attributed / quotes if quotes else None,
        "entities_per_doc": statistics.fmean(entity_mentions_per_doc) if entity_mentions_per_doc else None,
        "quarantine_rate": docs_quarantined / docs_seen if docs_seen else None,
    }


def drift_checks(current: Mapping[str, float | None], history: Sequence[Mapping[str, float | None]],
                 *, docs_loaded: int) -> list[dict]:
    """dq_results rows (suite ``drift``, severity ``warning``), one per metric.

    Args:
        current: this run's ``run_stats``.
        history: earlier completed runs' stats, newest first.
        docs_loaded: documents this run loaded (small runs get no verdict).
    """
    rows = []
    for metric in METRICS:
        value = current.get(metric.name)
        past = [h[metric.name] for h in history[:HISTORY_RUNS] if h.get(metric.name) is not None]
        observed: dict = {"value": _round(value), "history_runs": len(past)}
        success = True
        if value is not None and len(past) >= MIN_HISTORY and docs_loaded >= MIN_DOCS:
            median = statistics.median(past)
            mad = statistics.median(abs(p - median) for p in past) * 1.4826
            band = max(3 * mad, metric.rel_floor * abs(median), metric.abs_floor)
            observed.update(median=_round(median), low=_round(median - band), high=_round(median + band))
            success = abs(value - median) <= band
        else:
            observed["verdict"] = "no verdict: too little history or too few documents"
        rows.append({"suite": "drift", "expectation": f"{metric.name} within its history", "success": success,
                     "severity": "warning", "observed_value": json.dumps(observed), "unexpected_count": None,
                     "element_count": None})
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
