"""The cyclic garbage collector in a `newsflow` process: start-up's objects are exempted from it.

Prefect, Great Expectations and DuckDB make ~0.4 M objects at import that live as long as the run. While a run
imported them the collector walked them 7 times (0.7 s on the way to the first batch), and at exit the
interpreter's last collections walked everything the run had made (1.2 s of a 70-file run). Frozen objects are
still freed when nothing refers to them; only cycles among them wait for the process to end.

Only the `newsflow` command's own process is tuned (``claim``): a caller that runs the CLI inside its own Python
(tests, notebooks) keeps its collector as it was.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

_own_process = False


def claim() -> None:
    """Mark this process as the `newsflow` command's own (called by its entry point)."""
    global _own_process
    _own_process = True


@contextmanager
def start_up() -> Iterator[None]:
    """Import what a run needs without collections, then freeze it, and freeze everything again at exit."""
    if not _own_process:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
        atexit.register(gc.freeze)
