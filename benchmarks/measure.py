"""Run a command and measure it: wall seconds and peak memory of its whole process tree.

``newsflow run`` is more than one process (the flow's, its model workers' and Prefect's temporary API
server's), so memory is sampled as the sum of the tree's resident sets every ``interval`` seconds, along with
the largest single process and, at the peak, what each kind of process held.
"""

from __future__ import annotations

import resource
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
    peak_parts_mb: dict[str, float]  # at the tree's peak sample: MB by kind of process (see _kind)
    # CPU seconds (user + system) of the command and the descendants it waited for (model workers, Prefect's
    # API server): unlike wall time, barely moved by other work on a shared machine.
    cpu_seconds: float = 0.0

    def parts(self) -> str:
        return ", ".join(f"{kind} {mb:,.0f}" for kind, mb in self.peak_parts_mb.items())


def _kind(proc: psutil.Process, root: psutil.Process) -> str:
    """What a process of the run is, from its command line."""
    if proc.pid == root.pid:
        return "flow"
    cmd = " ".join(proc.cmdline())
    for marker, kind in (("spawn_main", "model"), ("uvicorn", "api server"), ("resource_tracker", "mp tracker")):
        if marker in cmd:
            return kind
    return "other"


def run_measured(cmd: list[str], *, cwd: Path, env: dict, log: Path | None = None,
                 interval: float = 0.5, report_every: float = 60.0) -> Measured:
    """Run ``cmd`` to completion (raising on a non-zero exit), sampling its tree's memory.

    With a ``log``, the command's output goes there, and every ``report_every`` seconds a ``[measure]`` line
    with the tree's memory: a long run's memory curve, readable while it runs or after it was stopped; and a last
    one with the exact length and peaks, which scale.py sums over the segments of a resumed run.
    """
    out = log.open("a") if log else subprocess.DEVNULL
    try:
        if log:
            out.write(f"=== {time.strftime('%H:%M:%S')} {' '.join(cmd)}\n")
            out.flush()
        cpu_before = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=out)
        root = psutil.Process(proc.pid)
        tree_peak = process_peak = 0
        peak_parts: dict[str, float] = {}
        kinds: dict[int, str] = {}
        next_report = start + report_every
        while proc.poll() is None:
            parts: dict[str, float] = {}
            largest = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    rss = p.memory_info().rss
                    if p.pid not in kinds:  # a command line is read once per process
                        kinds[p.pid] = _kind(p, root)
                    kind = kinds[p.pid]
                    parts[kind] = parts.get(kind, 0) + rss
                    largest = max(largest, rss)
            except psutil.Error:  # a process ended between listing and reading
                parts = {}
            if parts:
                process_peak = max(process_peak, largest)
                if sum(parts.values()) > tree_peak:
                    tree_peak, peak_parts = sum(parts.values()), parts
                if log and time.perf_counter() >= next_report:
                    next_report += report_every
                    now = ", ".join(f"{k} {v / 2**20:,.0f}" for k, v in parts.items())
                    out.write(f"[measure] {time.strftime('%H:%M:%S')} {time.perf_counter() - start:7.0f} s: "
                              f"tree {sum(parts.values()) / 2**20:,.0f} MB, largest {largest / 2**20:,.0f} MB "
                              f"(peaks so far {tree_peak / 2**20:,.0f} / {process_peak / 2**20:,.0f}) [{now}]\n")
                    out.flush()
            time.sleep(interval)
        seconds = time.perf_counter() - start
        if log:
            out.write(f"[measure] {time.strftime('%H:%M:%S')} {seconds:7.0f} s: ended with exit code "
                      f"{proc.returncode} (peaks so far {tree_peak / 2**20:,.0f} / {process_peak / 2**20:,.0f})\n")
    finally:
        if log:
            out.close()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return Measured(seconds, tree_peak / 2**20, process_peak / 2**20,
                    {kind: mb / 2**20 for kind, mb in peak_parts.items()}, _children_cpu() - cpu_before)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
