"""The news-pipeline flow: ingest -> validate -> clean -> validate -> extract -> validate -> load -> validate.

The run's bookkeeping lives beside it: ``flows.run_state`` (what a run accumulates, and the policy that closes
it) and ``flows.summary`` (what it reports).

Tasks the flow calls in its own process get their data wrapped in ``quote``: Prefect otherwise walks every element
of every argument looking for futures, and the run's cross-batch state grows with the warehouse (profiled on a 9k-article run: 87% of the
flow thread's time in the resolve step went to that walk, growing with every batch).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import deque
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from flows.settings import Settings, apply_prefect_defaults

apply_prefect_defaults()

from prefect import flow, get_run_logger  # noqa: E402
from prefect.context import FlowRunContext  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from flows import reporting  # noqa: E402
from flows.run_state import Run, finish  # noqa: E402
from flows.summary import PIPELINE_VERSION, RunSummary, new_run_id, run_row  # noqa: E402
from tasks.clean import clean_articles  # noqa: E402
from tasks.extract import extract_articles, resolve_articles  # noqa: E402
from tasks.ingest import discover_sources, ingest_articles  # noqa: E402
from tasks.lib.nlp import parsing  # noqa: E402
from tasks.load import load_warehouse, read_replaced, read_state, record_failed_run  # noqa: E402
from tasks.validate import build_docs  # noqa: E402
from warehouse import location, store, tables  # noqa: E402


def _run_name() -> str:
    paths = flow_run.parameters.get("paths") or ["seeds"]
    label = ", ".join(Path(p).name or str(p) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
    return f"news-pipeline [{label}]"


@flow(name="news-pipeline", flow_run_name=_run_name, log_prints=False, validate_parameters=True)
def news_pipeline(paths: list[str] | None = None, warehouse: str | None = None, batch_size: int | None = None,
                  parallel_batches: int = 1, max_new: int | None = None, reprocess: bool = False) -> dict:
    """Load news articles from the given paths into the warehouse: clean text, entities, quotes, amounts, dates.

    A run commits once, at its end. ``max_new`` ends it (at a batch boundary) once it has read that many new or
    changed files, so a backfill can go in commits of a bounded size: the next run skips what this one loaded.
    ``reprocess`` reads the files the warehouse holds unchanged as well and replaces their rows (after an upgrade).
    """
    settings = Settings()
    paths = paths or ["seeds"]
    warehouse_dir = location.parse(warehouse or settings.warehouse_spec)  # a directory, or a catalog URL
    batch_size = batch_size or settings.batch_size
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    clock = time.monotonic()
    summary = RunSummary(run_id=new_run_id(started),
                         flow_run_id=str(flow_run.id) if flow_run.id else None, flow_run_name=flow_run.name)
    run: Run | None = None
    with store.writer_lock(warehouse_dir, timeout=settings.lock_timeout_seconds):
        if removed := store.clean_up_after_crashes(warehouse_dir):
            logger.warning("Removed %d data files left by a run that died before committing", removed)
        staging = store.Staging(warehouse_dir, summary.run_id)
        try:
            run = Run(summary, warehouse_dir, read_state(warehouse_dir), staging, reprocess=reprocess)
            files, missing, skipped = discover_sources(paths)
            logger.info("Found %d article files under %s (%d paths missing)", len(files), paths, len(missing))
            summary.files_skipped = len(skipped)
            if skipped:
                logger.warning("Skipped %s", reporting.skipped_files_text(skipped))
            run.quarantine += missing
            run.processed += [q["source_uri"] for q in missing]
            _run_batches(run, files, settings, batch_size, parallel_batches, max_new)
            parsing.stop_workers()  # the model is done: free its memory before the load needs some
            finish(run)
            summary.rows = load_warehouse(warehouse_dir, staging, quote(run.processed),
                                          run_row(summary, started, paths))
        except Exception as exc:
            summary.status, summary.message = "failed", f"{type(exc).__name__}: {exc}"
            logger.error("Run failed before commit; the warehouse is unchanged: %s", summary.message)
            record_failed_run(warehouse_dir, staging, run_row(summary, started, paths))
            raise
        finally:
            if run is not None:
                run.sources.close()
            summary.duration_s = summary.duration_s or round(time.monotonic() - clock, 1)
            try:
                _report(run, summary, warehouse_dir)
            finally:
                staging.remove()
    logger.info("Run %s: %d loaded, %d skipped unchanged, %d quarantined in %.1fs", summary.run_id,
                summary.docs_loaded, summary.docs_skipped, summary.docs_quarantined, summary.duration_s)
    return asdict(summary)


@functools.cache  # once per process: what it loads stays loaded
def _start_warm_up() -> None:
    """Once a run has read something new, load on a thread what the rest of its first batch will need: the
    language model (~1.5 s: an LZMA file) and the entity and story code (wordfreq's import inspects the caller's
    stack: ~1 s from inside a Prefect task, less here). Either would happen on first use anyway; the import lock
    and ``identifier``'s lock keep it to one load. A run with nothing new (a served deployment's usual run)
    loads neither."""
    threading.Thread(target=_warm_up, name="newsflow-warm-up", daemon=True).start()


def _warm_up() -> None:
    from tasks.lib.clean.language import identifier

    identifier()
    import tasks.lib.memory.state  # noqa: F401


def _report(run: Run | None, summary: RunSummary, warehouse_dir: location.Warehouse) -> None:
    """Data Docs, artifacts and the summary for the caller: nothing here may fail a run, and the pages are built
    even when Prefect's API is gone (its task machinery then cannot start the task)."""
    quarantine, dq_failed = (run.quarantine, run.dq_failed) if run else ([], [])
    summary.dq_failed = len(dq_failed)
    reporting.hand_over(asdict(summary))
    if run and run.reports:
        args = (warehouse_dir.local_dir.resolve() / "data_docs", summary.run_id, run.reports)
        try:
            summary.docs_path, summary.docs_error = build_docs(*args)
        except Exception as exc:
            get_run_logger().warning("Prefect could not run build-data-docs (%s); building them here", exc)
            summary.docs_path, summary.docs_error = build_docs.fn(*args)
    reporting.publish(summary, quarantine, dq_failed)
    reporting.hand_over(asdict(summary))


def _run_batches(run: Run, files: list[Path], settings: Settings, batch_size: int, parallel_batches: int,
                 max_new: int | None) -> None:
    """Ingest, clean, extract, resolve and stage the files batch by batch (up to ``max_new`` new or changed files)."""
    summary = run.summary
    # Extractions run on the task runner's workers while the flow reads and cleans the next batch and
    # resolves finished ones in order (entity ids and stories depend on that order). A batch is handed
    # over before the flow waits for the one before it, so the model workers' queue never runs dry
    # between batches; `parallel_batches` more stay in flight while the flow resolves.
    in_flight: deque = deque()
    before = len(run.processed)  # missing paths: not files read
    for number, start in enumerate(range(0, len(files), batch_size), start=1):
        if max_new is not None and len(run.processed) - before >= max_new:
            summary.files_left = len(files) - start
            get_run_logger().info("Read %d new or changed files (max_new %d): committing; the next run reads "
                                  "the %d files after them", len(run.processed) - before, max_new, summary.files_left)
            break
        chunk = files[start:start + batch_size]
        label = f"batch {number}: {len(chunk)} files"
        articles, embeds = _ingest_and_clean(run, chunk, settings, label)
        reporting.progress(min(start + batch_size, len(files)), len(files))
        if not articles.num_rows:  # all unchanged or set aside: nothing to extract
            continue
        in_flight.append((label, articles, embeds, extract_articles.submit(
            articles, settings.spacy_model, settings.n_process, batch_label=label,
            languages=tuple(settings.languages))))
        while len(in_flight) > max(parallel_batches, 1):
            _resolve_and_stage(run, *in_flight.popleft())
    while in_flight:
        _resolve_and_stage(run, *in_flight.popleft())


def _ingest_and_clean(run: Run, chunk: list[Path], settings: Settings, label: str):
    """Read, check, clean and check one batch of files; returns its staged articles and embeds."""
    read = ingest_articles(chunk, quote(run.sources), quote(run.owners), settings.max_bytes, batch_label=label,
                           reprocess=run.reprocess)
    if read.raw.num_rows >= parsing.MIN_TEXTS_FOR_WORKERS and isinstance(
            FlowRunContext.get().task_runner, ThreadPoolTaskRunner):  # the model workers of this process
        parsing.start_workers(settings.spacy_model, settings.n_process)
    if read.raw.num_rows:
        _start_warm_up()
    run.owners.update(read.owners)
    run.replacing.update(read.replacing)
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


def _resolve_and_stage(run: Run, label: str, articles, embeds, extraction) -> None:
    """Resolve a batch's entities and stories, check its rows and stage the ones that pass."""
    changed = [u for u in articles.column("source_uri").to_pylist() if u in run.replacing]
    replaced, support = read_replaced(run.warehouse_dir, quote(changed)) if changed else ([], None)
    rows = resolve_articles(quote(articles), quote(extraction.result()), quote(run.extract_state()),
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
