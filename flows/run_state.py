"""What a run accumulates across its batches, and the policy that closes it.

The flow creates one ``Run``, passes every stage's output through ``Run.gated`` (checks, quarantine, data-quality
rows, what Data Docs show), and calls ``finish`` before the load: it counts the outcomes, stages the quarantine
and fails the run on batch-level data-quality failures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prefect.utilities.annotations import quote

from flows.summary import RunSummary, check_drift
from tasks.lib.batches import LoadCounts
from tasks.load import WarehouseState, read_extract_state
from tasks.validate import validate_stage
from warehouse import location, store, tables
from warehouse.held_reader import HeldReader

DOCS_FAILING_BATCHES = 10  # failing (stage, batch) checks shown in a run's Data Docs, besides the first batch's


def shown_in_docs(label: str, first: str, failing: bool, failing_shown: int) -> tuple[bool, int]:
    """Whether a stage check's GX results go into the run's Data Docs, and the count of failing ones shown after it.

    Every check of the run's first checked batch (``first``: batch 1, unless its files were all loaded before) is
    shown, then the first ``DOCS_FAILING_BATCHES`` checks of later batches that failed or set a record aside: a 50x
    run has hundreds of those, and each one's GX results take ~0.5 MB until the docs are built (``dq_results``
    keeps every check).
    """
    if label == first:
        return True, failing_shown
    shown = failing and failing_shown < DOCS_FAILING_BATCHES
    return shown, failing_shown + shown


class RunFailed(RuntimeError):
    """The run stopped before commit; the warehouse is unchanged but for the run's own record."""


@dataclass
class Run:
    """What a run accumulates across its batches before the load."""

    summary: RunSummary
    warehouse_dir: location.Warehouse
    state: WarehouseState
    staging: store.Staging
    quarantine: list[dict] = field(default_factory=list)
    dq_failed: list[dict] = field(default_factory=list)  # failing checks (all checks are staged as they come)
    failures: list[str] = field(default_factory=list)  # batch-level data-quality failures
    reports: list[tuple[str, str, object]] = field(default_factory=list)  # (batch, suite, GX result)
    failing_shown: int = 0  # failing checks of later batches whose GX results are kept for Data Docs
    first_checked: str | None = None  # label of the first batch checked, shown whole in Data Docs
    processed: list[str] = field(default_factory=list)  # sources read this run: their old rows get replaced
    counts: LoadCounts = field(default_factory=LoadCounts)
    owners: dict[str, str] = field(default_factory=dict)  # content_hash -> source_uri accepted by this run
    replacing: set[str] = field(default_factory=set)  # accepted sources the warehouse holds an older version of
    reprocess: bool = False  # unchanged sources are read again, their rows replaced (newsflow run --reprocess)
    sources: HeldReader = field(init=False)  # what the warehouse holds of each batch's sources, read per batch

    def __post_init__(self):
        self.sources = HeldReader(self.warehouse_dir)

    def extract_state(self):
        """The known entities and stories, read when the first batch needs them (a no-op run never does)."""
        if self.state.extract is None:
            self.state.extract = read_extract_state(self.warehouse_dir)
        return self.state.extract

    def gated(self, stage: str, batch: dict, label: str):
        checked = validate_stage(stage, quote(batch), batch_label=label)
        self.quarantine += checked.quarantine
        self.record_dq(checked.dq)
        self.failures += checked.failures
        failing = not checked.passed or bool(checked.quarantine)
        self.first_checked = self.first_checked or label
        shown, self.failing_shown = shown_in_docs(label, self.first_checked, failing, self.failing_shown)
        if shown:
            self.reports += [(f"{stage} {label}", suite, report) for suite, report in checked.reports]
        return checked.batch

    def record_dq(self, rows: list[dict]) -> None:
        """Stage data-quality results now (a 50x run checks 50k expectations); keep only the failures."""
        self.summary.dq_checked += len(rows)
        self.dq_failed += [r for r in rows if not r["success"]]
        self.staging.write(tables.DQ_RESULTS, [{**r, "run_id": self.summary.run_id} for r in rows])


def finish(run: Run) -> None:
    """Count outcomes, judge drift, stage the run's own rows; fail on batch-level data-quality failures."""
    summary = run.summary
    docs = run.staging.read(tables.DOCUMENTS, columns=["doc_id", "source_uri"])
    loaded = set(docs.column("doc_id").to_pylist())
    summary.docs_replaced = sum(1 for uri in docs.column("source_uri").to_pylist() if uri in run.replacing)
    # A set-aside mention does not set its article aside; a duplicate source does, though its twin loaded.
    summary.docs_quarantined = len({q["source_uri"] for q in run.quarantine
                                    if q["stage"] != "extract" or q.get("doc_id") not in loaded})
    summary.docs_seen = summary.docs_loaded + summary.docs_skipped + summary.docs_quarantined
    run.record_dq(check_drift(summary, run.counts, run.state.drift_history))
    if run.state.extract is not None:
        from tasks.lib.memory import entity_keys  # with the extract state: a no-op run never imports it

        entities = run.state.extract.entities
        changed = entities.changed_rows()
        run.staging.write(tables.ENTITIES, changed)
        run.staging.write(tables.ENTITY_KEYS, entity_keys.key_rows(changed))
        entities.close()  # the run has read every entity it needs
    run.sources.close()  # every batch is read
    run.staging.write(tables.QUARANTINE, [{**q, "run_id": summary.run_id} for q in run.quarantine])
    if run.failures:
        raise RunFailed("data-quality batch checks failed: " + "; ".join(run.failures[:5]))
    summary.status = "completed"
