"""Data-quality gates between stages: validate a stage's tables, set failing records aside, keep the rest.

Record-level failures remove the failing rows (a failing document takes its rows in every other
table with it) and turn them into quarantine rows whose reason names the expectation and the
observed value. Batch-level failures are returned for the flow to fail the run before commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from expectations.frames import extract_frames, stg_frame
from expectations.runner import validate_frame
from expectations.suites import SUITES
from warehouse.tables import quarantine_row


@dataclass
class GateResult:
    batch: dict[str, pa.Table]  # what passed
    quarantine: list[dict] = field(default_factory=list)
    dq: list[dict] = field(default_factory=list)  # dq_results rows (run_id added by the caller)
    failures: list[str] = field(default_factory=list)  # batch-level: the run must fail
    reports: list[tuple[str, object]] = field(default_factory=list)  # (suite, GX result) for Data Docs

    @property
    def passed(self) -> bool:
        return not self.failures


# Which table holds each stage's units of work: a failing row there sets the whole document aside.
_DOCUMENT_TABLE = {"ingest": "raw_articles", "clean": "stg_articles", "extract": "documents"}
# The suites each gate runs; other tables ride along (and lose the rows of set-aside documents).
STAGE_SUITES = {
    "ingest": ("raw_articles",),
    "clean": ("stg_articles",),
    "extract": ("documents", "entities", "mentions", "headline_mentions", "roles", "quotes", "amounts", "dates",
                "embeds", "stories"),
}


@cache
def suite(name: str):
    """The suite guarding table ``name``, built once per process (validating does not change it)."""
    return SUITES[name]()


def gate(stage: str, batch: dict[str, pa.Table]) -> GateResult:
    """Validate every table of ``batch`` with its suite and split passing from failing rows.

    Args:
        stage: ingest, clean or extract.
        batch: table name -> Arrow rows; suites exist for every name.
    """
    if stage == "extract":
        frames = extract_frames(batch)
    elif stage == "clean":
        frames = {"stg_articles": stg_frame(batch["stg_articles"]),
                  **{k: v.to_pandas() for k, v in batch.items() if k != "stg_articles"}}
    else:
        frames = {k: v.to_pandas() for k, v in batch.items()}
    result = GateResult(batch=dict(batch))
    checked_at = datetime.now(timezone.utc)
    bad: dict[str, dict[int, list[str]]] = {}
    for name, frame in frames.items():
        if name not in STAGE_SUITES[stage]:
            continue
        outcome = validate_frame(suite(name), frame)
        result.dq += [{**r, "stage": stage, "checked_at": checked_at} for r in outcome.results]
        result.failures += outcome.batch_failures
        result.reports.append((name, outcome.report))
        if outcome.bad_rows:
            bad[name] = outcome.bad_rows
    _set_aside(stage, result, bad)
    return result


def _set_aside(stage: str, result: GateResult, bad: dict[str, dict[int, list[str]]]) -> None:
    doc_table = _DOCUMENT_TABLE[stage]
    docs = result.batch.get(doc_table)
    source_of = _sources(docs)
    # A failing document row takes the document out of every table of the batch.
    dropped_docs: set[str] = set()
    for pos, reasons in bad.pop(doc_table, {}).items():
        row = docs.slice(pos, 1).to_pylist()[0]
        key = row.get("doc_id") or row["source_uri"]
        dropped_docs.add(key)
        result.quarantine.append(_row(stage, row.get("source_uri"), row, reasons, payload=row.get("text")))
    if dropped_docs:
        for name, table in result.batch.items():
            col = "doc_id" if "doc_id" in table.column_names else "source_uri"
            if col in table.column_names:
                result.batch[name] = table.filter(pc.invert(pc.is_in(table[col], pa.array(sorted(dropped_docs)))))
    # Other failing rows go alone.
    for name, rows in bad.items():
        table = result.batch[name]
        for pos, reasons in rows.items():
            row = table.slice(pos, 1).to_pylist()[0]
            if row.get("doc_id") in dropped_docs:
                continue
            result.quarantine.append(_row(stage, source_of.get(row.get("doc_id"), row.get("source_uri", "?")), row,
                                          reasons, payload=json.dumps(row, default=str, ensure_ascii=False)))
        keep = pa.array([i not in rows for i in range(table.num_rows)], pa.bool_())
        result.batch[name] = table.filter(keep)


def _sources(docs: pa.Table | None) -> dict[str, str]:
    if docs is None or "doc_id" not in docs.column_names:
        return {}
    return dict(zip(docs["doc_id"].to_pylist(), docs["source_uri"].to_pylist()))


def _row(stage: str, source_uri: str | None, row: dict, reasons: list[str], *, payload: str | None) -> dict:
    content_hash = row.get("content_hash")
    return quarantine_row(stage, source_uri or "?", "; ".join(reasons), content_hash=content_hash,
                          doc_id=row.get("doc_id") or (content_hash[:16] if content_hash else None), payload=payload)
