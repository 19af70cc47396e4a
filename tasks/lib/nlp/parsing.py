"""The model and newsflow's rules in worker processes; the caller's process reads, checks, resolves and loads.

Parsing and the per-article extraction are the CPU-heavy part of a run. Giving them whole processes (``n_process``
of them, kept alive across batches so the model loads once) leaves the caller's process free to read, clean,
check, resolve and load, instead of sharing one interpreter lock with the model. Each worker runs the whole
pipeline (the model plus newsflow's components) and the extractors, and sends back only the small extraction
records: no parsed Doc crosses a process boundary, so results equal an in-process run by construction.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported by the workers and in-process parsing only: a run with nothing new skips it
    from spacy.language import Language

CHUNK = 32  # texts per round trip: small enough to stream and to balance the workers, large enough to amortise
# Below this many texts a batch is parsed in the calling process: starting a model process (imports and
# model load, a few seconds) costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 2 * CHUNK

_worker_nlp: Language | None = None


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's or `taskset`'s), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity on this platform (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def workers_allowed(n_texts: int, n_process: int, model: str | None = None) -> bool:
    """Whether a batch of ``n_texts`` goes to worker processes (else it is parsed in the calling process).

    A small batch goes to the workers too once they run for ``model`` (a run's last, short batch): parsing it here
    would load the model into this process as well, and share its interpreter lock with the flow.
    """
    # A daemon process (a Dask worker) may not start children.
    if n_process < 1 or multiprocessing.current_process().daemon:
        return False
    return n_texts >= MIN_TEXTS_FOR_WORKERS or (model, n_process) in _pools


def submit(model: str, n_process: int, fn: Callable[[list], list], items: Sequence) -> list[Future]:
    """Queue ``fn(chunk)`` on the model workers for each chunk of ``items``, in order, without waiting.

    ``fn`` must be a module-level function (workers import it) and may call ``worker_nlp()``. The pool serves
    chunks first in, first out: a batch submitted while another is parsing starts as soon as that one is done.
    """
    pool = _pool(model, n_process)
    return [pool.submit(fn, list(items[i:i + CHUNK])) for i in range(0, len(items), CHUNK)]


def results(futures: list[Future]) -> Iterator:
    """The items of each chunk's result, in order; an abandoned iteration cancels the chunks not yet started."""
    try:
        for future in futures:
            yield from future.result()
    except BrokenProcessPool:
        stop_workers()  # a worker died (killed, out of memory): a retry gets fresh workers
        raise
    finally:
        for future in futures:
            future.cancel()


def worker_nlp() -> Language:
    """The pipeline of this worker process, loaded once when the worker started."""
    if _worker_nlp is None:
        raise RuntimeError("worker_nlp() is only available in a model worker process")
    return _worker_nlp


def start_workers(model: str, n_process: int) -> None:
    """Start the model workers now, without waiting: loading the model takes seconds, which can overlap the
    reading and checking of the first batch instead of delaying its parse."""
    if workers_allowed(MIN_TEXTS_FOR_WORKERS, n_process):
        pool = _pool(model, n_process)
        for _ in range(n_process):
            pool.submit(_ready)


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start its workers (and load the model) now."""


_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()  # the flow's thread starts workers while the extract thread may parse


def _pool(model: str, n_process: int) -> ProcessPoolExecutor:
    with _pools_lock:
        if (model, n_process) not in _pools:
            from tasks.lib.nlp.pipeline import require_model

            require_model(model)
            # spawn, not fork: the flow's process runs threads (Prefect's event loop) a fork would copy mid-state.
            _pools[model, n_process] = ProcessPoolExecutor(
                n_process, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                initargs=(model, os.getpid()))
        return _pools[model, n_process]


@atexit.register
def stop_workers() -> None:
    """Stop every model worker this process started (they also exit on their own when it dies)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=False, cancel_futures=True)


def _start_worker(model: str, parent: int) -> None:
    global _worker_nlp
    from tasks.lib.nlp.pipeline import load_pipeline

    _worker_nlp = load_pipeline(model)  # the model and newsflow's components, as in the calling process
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed run (SIGKILL) cannot stop its workers, so they watch for it: no orphaned model processes."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)
