"""Run a command and measure it: wall seconds and peak memory of its whole process tree.

``newsflow run`` is more than one process (the flow's and its model workers'), so memory is sampled as
the sum of the tree's resident sets every ``interval`` seconds, along with the largest single process.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass
class Measured:
    seconds: float
    peak_tree_mb: float  # sum of the tree's RSS at its peak sample
    peak_process_mb: float  # the largest single process seen


def run_measured(cmd: list[str], *, cwd: Path, env: dict, log: Path | None = None,
                 interval: float = 0.5, report_every: float = 60.0) -> Measured:
    """Run ``cmd`` to completion (raising on a non-zero exit), sampling its tree's memory.

    With a ``log``, the command's output goes there, and every ``report_every`` seconds a ``[measure]`` line
    with the tree's memory: a long run's memory curve, readable while it runs or after it was stopped.
    """
    out = log.open("a") if log else subprocess.DEVNULL
    try:
        if log:
            out.write(f"=== {time.strftime('%H:%M:%S')} {' '.join(cmd)}\n")
            out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=out)
        root = psutil.Process(proc.pid)
        tree_peak = process_peak = 0
        next_report = start + report_every
        while proc.poll() is None:
            try:
                rss = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
            except psutil.Error:  # a process ended between listing and reading
                rss = []
            if rss:
                tree_peak, process_peak = max(tree_peak, sum(rss)), max(process_peak, max(rss))
                if log and time.perf_counter() >= next_report:
                    next_report += report_every
                    out.write(f"[measure] {time.strftime('%H:%M:%S')} {time.perf_counter() - start:7.0f} s: "
                              f"tree {sum(rss) / 2**20:,.0f} MB, largest {max(rss) / 2**20:,.0f} MB "
                              f"(peaks so far {tree_peak / 2**20:,.0f} / {process_peak / 2**20:,.0f})\n")
                    out.flush()
            time.sleep(interval)
        seconds = time.perf_counter() - start
    finally:
        if log:
            out.close()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return Measured(seconds, tree_peak / 2**20, process_peak / 2**20)
