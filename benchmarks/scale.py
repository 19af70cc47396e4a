"""Scale run: the same corpus repeated N times with changed ids, to show memory stays flat as input grows.

Each copy of an article gets a first line naming its copy number, so every copy is a distinct source with its
own doc_id (and clusters with its originals as a near-duplicate, as a re-published wire story would).

    uv run python benchmarks/scale.py --factors 1 10 50 [--limit N] [--corpus DIR] [--workdir DIR]

Prints, per factor: articles, wall time, words/s and the peak memory of the run's processes (with what the flow,
the model worker and Prefect's API server held at that peak); each run's own log (per-batch timings, and a
memory line a minute) is appended to benchmarks/out/scale-runs.log.

A 50x run takes longer than some machines stay up. With ``--workdir`` each factor's corpus, warehouse and log are
kept there and the corpus is loaded as a backfill would be, in runs of ``--commit-every`` articles
(``newsflow run --max-new``), each starting with the warehouse's whole state; running the same command again
resumes after the last commit. Seconds are then summed over the runs recorded in the log (a run stopped by the
machine counts up to its last memory line, at most a minute short) and the peak is the highest of any run.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import Measured, run_measured

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "bbc"
LOG = ROOT / "benchmarks" / "out" / "scale-runs.log"  # each run's own log: per-batch timings


def make_corpus(source: Path, target: Path, factor: int, limit: int | None) -> tuple[int, int]:
    """Write ``factor`` copies of the corpus under ``target``; returns (articles, words)."""
    files = sorted(p for p in source.rglob("*.txt") if p.name.upper() != "README.TXT")[:limit]
    n = words = 0
    for copy in range(factor):
        out = target / f"copy{copy:03d}"
        out.mkdir(parents=True)
        for f in files:
            text = f.read_bytes().decode("utf-8", errors="replace")
            (out / f"{f.parent.name}_{f.name}").write_text(f"Edition {copy}\n{text}", encoding="utf-8")
            n += 1
            words += len(text.split())
    return n, words


def run_once(corpus: Path, warehouse: Path, prefect_home: Path, *, log: Path = LOG,
             options: Sequence[str] = ()) -> Measured:
    """One `newsflow run` (with extra CLI ``options``) in a fresh process: wall seconds and peak memory."""
    env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
    log.parent.mkdir(parents=True, exist_ok=True)
    return run_measured([sys.executable, "-m", "flows.cli", "run", str(corpus), "--warehouse", str(warehouse),
                         *options], cwd=ROOT, env=env, log=log)


MEASURE = re.compile(r"^\[measure\] \S+\s+(\d+) s: .*\(peaks so far ([\d,]+) / ([\d,]+)\)")


@dataclass
class Segment:
    """One `newsflow run` of a resumable run, as its log recorded it."""

    seconds: float = 0.0  # exact if it ended; if the machine stopped it, up to its last memory line
    peak_tree_mb: float = 0.0
    peak_process_mb: float = 0.0
    ended: bool = False
    more: bool = False  # it stopped at --max-new: files are left for the next run


def segments(log: Path) -> list[Segment]:
    found: list[Segment] = []
    for line in log.read_text().splitlines() if log.exists() else []:
        if line.startswith("=== "):
            found.append(Segment())
        elif found and (m := MEASURE.match(line)):
            seg = found[-1]
            seg.seconds, seg.peak_tree_mb, seg.peak_process_mb = (float(g.replace(",", "")) for g in m.groups())
            seg.ended = "ended with exit code 0" in line
        elif found and line.startswith("Stopped at --max-new"):
            found[-1].more = True
    return found


def resumable(workdir: Path, factor: int, corpus: Path, limit: int | None,
              commit_every: int) -> tuple[int, int, Measured]:
    """Load (or go on loading) one factor's corpus in ``workdir``; returns (articles, words, summed figures)."""
    home = workdir / f"x{factor}"
    made = home / "corpus.made"  # written last: a corpus half-written when the machine stopped is refused
    if not made.exists():
        if (home / "corpus").exists():
            raise SystemExit(f"{home / 'corpus'} is incomplete: remove {home} to start factor {factor} afresh")
        made.parent.mkdir(parents=True, exist_ok=True)
        made.write_text("{} {}\n".format(*make_corpus(corpus, home / "corpus", factor, limit)))
    n, words = (int(x) for x in made.read_text().split())
    log = home / "run.log"
    while not (done := segments(log)) or not done[-1].ended or done[-1].more:
        run = run_once(home / "corpus", home / "wh", home / "prefect", log=log,
                       options=["--max-new", str(commit_every)])
        print(f"  run {len(segments(log))}: {run.seconds:,.0f} s, peak {run.peak_tree_mb:,.0f} MB"
              f" (at the peak {run.parts()})", flush=True)
    done = segments(log)
    stopped = sum(not s.ended for s in done)
    print(f"  {len(done)} runs ({stopped} stopped by the machine and resumed)")
    return n, words, Measured(sum(s.seconds for s in done), max(s.peak_tree_mb for s in done),
                              max(s.peak_process_mb for s in done), {})  # each run's parts are printed above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles of the corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep each factor's corpus, warehouse and log here; run again to resume a stopped run")
    parser.add_argument("--commit-every", type=int, default=25_000, help="articles per run with --workdir")
    args = parser.parse_args()
    print(f"{'factor':>6} {'articles':>9} {'seconds':>9} {'words/s':>9} {'peak MB':>8} (all processes; largest one)")
    baseline = None
    for factor in args.factors:
        if args.workdir:
            n, words, run = resumable(args.workdir, factor, args.corpus, args.limit, args.commit_every)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                n, words = make_corpus(args.corpus, tmp / "corpus", factor, args.limit)
                run = run_once(tmp / "corpus", tmp / "wh", tmp / "prefect")
        peak = run.peak_tree_mb
        baseline = baseline or peak
        print(f"{factor:>6} {n:>9,} {run.seconds:>9.1f} {words / run.seconds:>9,.0f} {peak:>8,.0f}"
              f"  ({run.peak_process_mb:,.0f}; {peak / baseline - 1:+.0%} memory vs factor {args.factors[0]}"
              f"{'; at the peak ' + run.parts() if run.peak_parts_mb else ''})", flush=True)


if __name__ == "__main__":
    main()
