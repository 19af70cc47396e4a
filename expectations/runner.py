"""Running a Great Expectations suite on a batch and turning the result into rows and decisions.

Every expectation carries ``meta={"severity": ...}``:
    record   a failing row is quarantined with the expectation and the observed value; the run goes on
    batch    any failure fails the run before anything is committed
    warning  recorded in dq_results only
"""

from __future__ import annotations

import json
import logging
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.execution_engine import pandas_execution_engine  # noqa: E402
from great_expectations.expectations.expectation import Expectation  # noqa: E402

SEVERITIES = ("record", "batch", "warning")
for _name in ("great_expectations", "great_expectations.data_context.types.base"):
    logging.getLogger(_name).setLevel(logging.WARNING)
# GX fingerprints every batch (an md5 of pandas' hash of every cell, article texts included) for a marker in the
# result's metadata that nothing here reads: 17% of the checks' CPU. A threshold of 0 skips it (the results are
# the same; the Data Docs' batch metadata lacks the fingerprint).
pandas_execution_engine.HASH_THRESHOLD = 0


@dataclass
class Outcome:
    """What one suite said about one batch."""

    suite: str
    results: list[dict] = field(default_factory=list)  # dq_results rows, less run_id/stage/checked_at
    bad_rows: dict[int, list[str]] = field(default_factory=dict)  # row position -> reasons (record severity)
    batch_failures: list[str] = field(default_factory=list)
    report: object = None  # the GX validation result, for Data Docs

    @property
    def success(self) -> bool:
        return not self.bad_rows and not self.batch_failures


@lru_cache(maxsize=1)
def context():
    """The process's ephemeral GX context (suites are code; nothing is read from or written to disk)."""
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


@lru_cache(maxsize=1)
def _batch_definition():
    asset = context().data_sources.add_pandas("newsflow").add_dataframe_asset("batch")
    return asset.add_batch_definition_whole_dataframe("whole")


def validate_frame(suite: gx.ExpectationSuite, frame: pd.DataFrame) -> Outcome:
    """Validate ``frame`` against ``suite``; row positions in ``bad_rows`` index ``frame``."""
    frame = frame.reset_index(drop=True)
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    with _configurations_built_once():
        report = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    outcome = Outcome(suite.name, report=report)
    for res in report.results:
        config = res.expectation_config
        severity = (config.meta or {}).get("severity", "batch")
        columns = _columns(config.kwargs)
        name = f"{config.type}({', '.join(columns)})" if columns else config.type
        result = res.result or {}
        observed = result.get("observed_value")
        if observed is None and "unexpected_count" in result:
            observed = {"unexpected_percent": round(result.get("unexpected_percent") or 0.0, 3),
                        "examples": result.get("partial_unexpected_list", [])[:3]}
        raised = (res.exception_info or {}).get("raised_exception", False)
        if raised:  # an expectation that cannot be evaluated is a failure of the batch, never a silent pass
            observed = {"exception": str(res.exception_info.get("exception_message"))[:500]}
        success = bool(res.success) and not raised
        outcome.results.append({
            "suite": suite.name,
            "expectation": name,
            "success": success,
            "severity": severity,
            "observed_value": json.dumps(observed, default=str, ensure_ascii=False)[:2000],
            "unexpected_count": result.get("unexpected_count"),
            "element_count": result.get("element_count", len(frame)),
        })
        if success:
            continue
        rows = result.get("unexpected_index_list") or []
        if severity == "record" and rows:
            for pos in rows:
                pos = pos if isinstance(pos, int) else int(pos)
                seen = {c: _plain(frame.at[pos, c]) for c in columns if c in frame.columns}
                outcome.bad_rows.setdefault(pos, []).append(f"{suite.name}: {name} failed; observed {seen}")
        elif severity != "warning":
            outcome.batch_failures.append(f"{suite.name}: {name} failed; observed {observed}")
        _name_failing_rows(result, frame, columns)
    return outcome


_BUILD_CONFIGURATION = Expectation.configuration.fget
_validating = threading.Lock()


@contextmanager
def _configurations_built_once():
    """Within one validation, build each expectation's configuration once.

    GX rebuilds it (a pydantic ``dict()`` and a regex over the class name) every time it reads
    ``Expectation.configuration``: some 75 times per expectation per validation, a third of a run's validation
    CPU. Nothing changes an expectation during a validation, so the first build is returned to the others.
    Validations take turns (the property is patched on the class for the duration).
    """
    built: dict[int, tuple[Expectation, object]] = {}  # id -> (the expectation, kept alive; its configuration)

    def configuration(self):
        if (hit := built.get(id(self))) is None:
            hit = built[id(self)] = (self, _BUILD_CONFIGURATION(self))
        return hit[1]

    with _validating:
        Expectation.configuration = property(configuration)
        try:
            yield
        finally:
            Expectation.configuration = property(_BUILD_CONFIGURATION)


ID_COLUMNS = ("source_uri", "doc_id")  # how Data Docs name a failing row


def _name_failing_rows(result: dict, frame: pd.DataFrame, columns: list[str]) -> None:
    """Replace the failing rows' DataFrame positions in a GX result by their source_uri and doc_id (what a
    reader can look up), for the Data Docs pages; the positions have been used by then."""
    ids = [c for c in ID_COLUMNS if c in frame.columns]
    positions = result.get("unexpected_index_list") or []
    if not ids or len(columns) != 1 or not all(isinstance(p, int) for p in positions):
        return
    column = columns[0]
    result["unexpected_index_list"] = [
        {**{c: _plain(frame.at[p, c]) for c in ids}, column: _plain(frame.at[p, column])} for p in positions]
    result["unexpected_index_column_names"] = ids


def _columns(kwargs: dict) -> list[str]:
    cols = [kwargs[k] for k in ("column", "column_A", "column_B") if kwargs.get(k)]
    return cols + list(kwargs.get("column_list") or [])


def _plain(value):
    """A cell as a plain Python value: numpy scalars become numbers (a reason reads 1.0, not np.float64(1.0))."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):  # an array, not a scalar
            return str(value)
    if isinstance(value, float) and pd.isna(value):
        return None
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
