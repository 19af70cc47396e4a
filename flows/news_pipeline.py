"""The news-pipeline flow: ingest -> validate -> clean -> validate -> extract -> validate -> load -> validate.

Tasks the flow calls in its own process get their data wrapped in ``quote``: Prefect otherwise walks every element
of every argument looking for futures, and the run's cross-batch state grows with the warehouse (profiled on a 9k-article run: 87% of the
flow thread's time in the resolve step went to that walk, growing with every batch).
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from flows.settings import Settings, apply_prefect_defaults

apply_prefect_defaults()

from prefect import flow, get_run_logger  # noqa: E402
from prefect.context import FlowRunContext  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from expectations import drift  # noqa: E402
from flows import reporting  # noqa: E402
from tasks.clean import clean_articles  # noqa: E402
from tasks.extract import extract_articles, resolve_articles  # noqa: E402
from tasks.ingest import discover_sources, ingest_articles  # noqa: E402
from tasks.lib import parsing  # noqa: E402
from tasks.lib.batches import LoadCounts  # noqa: E402
from tasks.load import WarehouseState, load_warehouse, read_replaced, read_state, record_failed_run  # noqa: E402
from tasks.validate import build_docs, validate_stage  # noqa: E402
from warehouse import location, store, tables  # noqa: E402

PIPELINE_VERSION = version("newsflow")
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
class RunSummary:
    run_id: str
    status: str = "running"
    flow_run_id: str | None = None
    flow_run_name: str | None = None
    docs_seen: int = 0
    docs_loaded: int = 0
    docs_replaced: int = 0
    docs_skipped: int = 0
    docs_quarantined: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    dq_checked: int = 0
    dq_failed: int = 0
    message: str | None = None
    duration_s: float = 0.0
    words_loaded: int = 0
    stats: dict[str, float | None] = field(default_factory=dict)  # drift metrics
    drift_flags: list[str] = field(default_factory=list)
    files_left: int = 0  # files not read because the run reached max_new: the next run reads them


@dataclass
class _Run:
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
    owners: dict[str, str] = field(default_factory=dict)  # content_hash -> source_uri, to catch duplicates

    def __post_init__(self):
        self.owners = {h: uri for uri, h in self.state.known.items()}

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


def _run_name() -> str:
    paths = flow_run.parameters.get("paths") or ["seeds"]
    label = ", ".join(Path(p).name or str(p) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
    return f"news-pipeline [{label}]"


@flow(name="news-pipeline", flow_run_name=_run_name, log_prints=False, validate_parameters=True)
def news_pipeline(paths: list[str] | None = None, warehouse: str | None = None, batch_size: int | None = None,
                  parallel_batches: int = 1, max_new: int | None = None) -> dict:
    """Load news articles from the given paths into the warehouse: clean text, entities, quotes, amounts, dates.

    A run commits once, at its end. ``max_new`` ends it (at a batch boundary) once it has read that many new or
    changed files, so a backfill can go in commits of a bounded size: the next run skips what this one loaded.
    """
    settings = Settings()
    paths = paths or ["seeds"]
    warehouse_dir = location.parse(warehouse or settings.warehouse_spec)  # a directory, or a catalog URL
    batch_size = batch_size or settings.batch_size
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    summary = RunSummary(run_id=f"{started:%Y%m%dT%H%M%S}Z-{uuid.uuid4().hex[:6]}",
                         flow_run_id=str(flow_run.id) if flow_run.id else None, flow_run_name=flow_run.name)
    run: _Run | None = None
    with store.writer_lock(warehouse_dir, timeout=settings.lock_timeout_seconds):
        if removed := store.clean_up_after_crashes(warehouse_dir):
            logger.warning("Removed %d data files left by a run that died before committing", removed)
        staging = store.Staging(warehouse_dir, summary.run_id)
        try:
            run = _Run(summary, warehouse_dir, read_state(warehouse_dir), staging)
            files, missing = discover_sources(paths)
            logger.info("Found %d article files under %s (%d paths missing)", len(files), paths, len(missing))
            run.quarantine += missing
            run.processed += [q["source_uri"] for q in missing]
            # Up to `parallel_batches` extractions run on the task runner's workers while the flow reads and
            # cleans the next batch and resolves finished ones in order (entity ids and stories depend on that
            # order). With the default thread runner one is in flight: the model works in its own process
            # while this one does everything else (two in flight measured no faster on the BBC corpus).
            in_flight: deque = deque()
            before = len(run.processed)  # missing paths: not files read
            for number, start in enumerate(range(0, len(files), batch_size), start=1):
                if max_new is not None and len(run.processed) - before >= max_new:
                    summary.files_left = len(files) - start
                    logger.info("Read %d new or changed files (max_new %d): committing; the next run reads the "
                                "%d files after them", len(run.processed) - before, max_new, summary.files_left)
                    break
                chunk = files[start:start + batch_size]
                label = f"batch {number}: {len(chunk)} files"
                articles, embeds = _ingest_and_clean(run, chunk, settings, label)
                reporting.progress(min(start + batch_size, len(files)), len(files))
                if not articles.num_rows:  # all unchanged or set aside: nothing to extract
                    continue
                finished = in_flight.popleft() if len(in_flight) >= max(parallel_batches, 1) else None
                if finished:
                    finished[-1].wait()
                in_flight.append((label, articles, embeds, extract_articles.submit(
                    articles, settings.spacy_model, settings.n_process, batch_label=label)))
                if finished:
                    _resolve_and_stage(run, *finished)
            while in_flight:
                _resolve_and_stage(run, *in_flight.popleft())
            parsing.stop_workers()  # the model is done: free its memory before the load needs some
            _finish(run)
            summary.rows = load_warehouse(warehouse_dir, staging, quote(run.processed),
                                          _run_row(summary, started, paths))
        except Exception as exc:
            summary.status, summary.message = "failed", f"{type(exc).__name__}: {exc}"
            logger.error("Run failed before commit; the warehouse is unchanged: %s", summary.message)
            record_failed_run(warehouse_dir, staging, _run_row(summary, started, paths))
            raise
        finally:
            summary.duration_s = round(time.monotonic() - clock, 2)
            quarantine, dq_failed = (run.quarantine, run.dq_failed) if run else ([], [])
            summary.dq_failed = len(dq_failed)
            reporting.publish(summary, quarantine, dq_failed)
            if run and run.reports:
                build_docs(warehouse_dir.local_dir / "data_docs", summary.run_id, run.reports)
            staging.remove()
    logger.info("Run %s: %d loaded, %d skipped unchanged, %d quarantined in %.1fs", summary.run_id,
                summary.docs_loaded, summary.docs_skipped, summary.docs_quarantined, summary.duration_s)
    return asdict(summary)


def _ingest_and_clean(run: _Run, chunk: list[Path], settings: Settings, label: str):
    """Read, check, clean and check one batch of files; returns its staged articles and embeds."""
    read = ingest_articles(chunk, quote(run.state.known), quote(run.owners), settings.max_bytes, batch_label=label)
    if read.raw.num_rows >= parsing.MIN_TEXTS_FOR_WORKERS and isinstance(
            FlowRunContext.get().task_runner, ThreadPoolTaskRunner):  # the model workers of this process
        parsing.start_workers(settings.spacy_model, settings.n_process)
    run.owners.update(read.owners)
    run.summary.docs_skipped += read.skipped
    run.processed += read.processed_sources
    run.quarantine += read.quarantine
    if not read.raw.num_rows:
        get_run_logger().info("%s: nothing new (%d unchanged, %d set aside at ingest)", label, read.skipped,
                              len(read.quarantine))
        return tables.STG_ARTICLES.empty(), tables.EMBEDS.empty()
    raw = run.gated("ingest", {"raw_articles": read.raw}, label)["raw_articles"]
    cleaned = clean_articles(quote(raw), settings.languages, batch_label=label)
    run.quarantine += cleaned.quarantine
    checked = run.gated("clean", {"stg_articles": cleaned.articles, "embeds": cleaned.embeds}, label)
    get_run_logger().info("%s: %d new or changed, %d unchanged, %d set aside at ingest, %d cleaned", label,
                          read.raw.num_rows, read.skipped, len(read.quarantine), checked["stg_articles"].num_rows)
    return checked["stg_articles"], checked["embeds"]


def _resolve_and_stage(run: _Run, label: str, articles, embeds, extraction) -> None:
    """Resolve a batch's entities and stories, check its rows and stage the ones that pass."""
    changed = [u for u in articles.column("source_uri").to_pylist() if u in run.state.known]
    replaced, support = read_replaced(run.warehouse_dir, quote(changed)) if changed else ([], None)
    rows = resolve_articles(quote(articles), quote(extraction.result()), quote(run.state.extract),
                            run.summary.run_id, PIPELINE_VERSION, quote(replaced), quote(support), batch_label=label)
    rows["embeds"] = embeds
    checked = run.gated("extract", rows, label)
    for name, table in checked.items():
        if name != "entities":  # written once at the end, from the index
            run.staging.write(tables.BY_NAME[name], table)
    run.counts.add(checked)
    run.summary.docs_loaded += checked["documents"].num_rows
    get_run_logger().info("%s: %d documents staged (%d so far)", label, checked["documents"].num_rows,
                          run.summary.docs_loaded)


def _finish(run: _Run) -> None:
    """Count outcomes, judge drift, stage the run's own rows; fail on batch-level data-quality failures."""
    summary = run.summary
    docs = run.staging.read(tables.DOCUMENTS, columns=["doc_id", "source_uri"])
    loaded = set(docs.column("doc_id").to_pylist())
    summary.docs_replaced = sum(1 for uri in docs.column("source_uri").to_pylist() if uri in run.state.known)
    # A set-aside mention does not set its article aside; a duplicate source does, though its twin loaded.
    summary.docs_quarantined = len({q["source_uri"] for q in run.quarantine
                                    if q["stage"] != "extract" or q.get("doc_id") not in loaded})
    summary.docs_seen = summary.docs_loaded + summary.docs_skipped + summary.docs_quarantined
    run.record_dq(_check_drift(summary, run.counts, run.state.drift_history))
    run.staging.write(tables.ENTITIES, run.state.extract.entities.changed_rows())
    run.staging.write(tables.QUARANTINE, [{**q, "run_id": summary.run_id} for q in run.quarantine])
    if run.failures:
        raise RunFailed("data-quality batch checks failed: " + "; ".join(run.failures[:5]))
    summary.status = "completed"


def _check_drift(summary: RunSummary, counts: LoadCounts, history: list[dict]) -> list[dict]:
    """The run's drift metrics, and dq_results rows judging them against earlier runs."""
    summary.words_loaded = counts.words
    summary.stats = drift.run_stats(words=counts.words, quotes=counts.quotes, attributed=counts.attributed,
                                    entity_mentions_per_doc=counts.entities_per_doc, docs_seen=summary.docs_seen,
                                    docs_quarantined=summary.docs_quarantined)
    checked_at = datetime.now(timezone.utc)
    rows = [{**r, "stage": "load", "checked_at": checked_at}
            for r in drift.drift_checks(summary.stats, history, docs_loaded=summary.docs_loaded)]
    summary.drift_flags = [r["expectation"].split(" ", 1)[0] for r in rows if not r["success"]]
    if summary.drift_flags:
        get_run_logger().warning("Drift: %s outside the range of earlier runs (see `newsflow dq`)",
                                 ", ".join(summary.drift_flags))
    return rows


def _run_row(summary: RunSummary, started: datetime, paths: list[str]) -> dict:
    return {
        "run_id": summary.run_id, "flow_run_id": summary.flow_run_id, "flow_run_name": summary.flow_run_name,
        "started_at": started, "finished_at": datetime.now(timezone.utc), "status": summary.status,
        "sources": [str(p) for p in paths], "docs_seen": summary.docs_seen, "docs_loaded": summary.docs_loaded,
        "docs_replaced": summary.docs_replaced, "docs_skipped": summary.docs_skipped,
        "docs_quarantined": summary.docs_quarantined, "pipeline_version": PIPELINE_VERSION,
        "message": summary.message, "words_loaded": summary.words_loaded, **summary.stats,
        "drift_flags": summary.drift_flags,
    }
