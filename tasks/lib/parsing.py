"""The model in its own processes, newsflow's rules in the caller's.

The statistical model is the only CPU-heavy part of a run. Giving it whole processes (``n_process``
of them, kept alive across batches so the model loads once) leaves the caller's process free to read,
clean, check, apply newsflow's components, extract and load on the other core, instead of sharing one
interpreter lock with the model. Docs come back serialized without their tensors (nothing downstream
reads them); newsflow's components then run on them here, so results equal an in-process ``nlp.pipe``.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.language import Language
from spacy.tokens import Doc

from tasks.lib.nlp import NEWSFLOW_PIPES

CHUNK = 32  # texts per round trip: small enough to stream, large enough to amortise pickling
# Below this many texts a batch is parsed in the calling process: starting a model process (imports and
# model load, a few seconds) costs more than it saves.
MIN_TEXTS_FOR_WORKERS = 2 * CHUNK

_worker_nlp: Language | None = None


def parse(nlp: Language, texts: Sequence[str], *, model: str, n_process: int = 1,
          batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts with ``nlp`` (the model plus newsflow's components), yielding Docs in input order.

    Args:
        nlp: the full pipeline, as from ``nlp.load_pipeline(model)``.
        texts: the articles' cleaned text.
        model: the pipeline package name, loaded again (without newsflow's components) by each worker.
        n_process: model worker processes; 0 parses in this process. Small batches, and code already
            running in a daemon process (a Dask worker, which may not start children), parse here too.
    """
    if len(texts) < MIN_TEXTS_FOR_WORKERS or not _workers_allowed(n_process):
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    pool = _pool(model, n_process)
    futures = [pool.submit(_parse_chunk, list(texts[i:i + CHUNK]), batch_size)
               for i in range(0, len(texts), CHUNK)]
    try:
        for future in futures:
            for data in future.result():
                yield _finish(nlp, Doc(nlp.vocab).from_bytes(data))
    except BrokenProcessPool:
        stop_workers()  # a worker died (killed, out of memory): a retry gets fresh workers
        raise
    finally:
        for future in futures:
            future.cancel()


def start_workers(model: str, n_process: int) -> None:
    """Start the model workers now, without waiting: loading the model takes seconds, which can overlap the
    reading and checking of the first batch instead of delaying its parse."""
    if _workers_allowed(n_process):
        pool = _pool(model, n_process)
        for _ in range(n_process):
            pool.submit(_ready)


def _workers_allowed(n_process: int) -> bool:
    # A daemon process (a Dask worker) may not start children.
    return n_process >= 1 and not multiprocessing.current_process().daemon


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start its workers (and load the model) now."""


def _finish(nlp: Language, doc: Doc) -> Doc:
    """Run newsflow's components, the part of the pipeline after the model's own, on a parsed Doc."""
    for name in NEWSFLOW_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc


_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()  # the flow's thread starts workers while the extract thread may parse


def _pool(model: str, n_process: int) -> ProcessPoolExecutor:
    with _pools_lock:
        if (model, n_process) not in _pools:
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
    _worker_nlp = importlib.import_module(model).load()  # the model alone: newsflow's components run in the parent
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed run (SIGKILL) cannot stop its workers, so they watch for it: no orphaned model processes."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _parse_chunk(texts: list[str], batch_size: int) -> list[bytes]:
    return [doc.to_bytes(exclude=["tensor"]) for doc in _worker_nlp.pipe(texts, batch_size=batch_size)]
