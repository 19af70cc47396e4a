"""Scale run: the same corpus repeated N times with changed ids, to show memory stays flat as input grows.

Each copy of an article gets a first line naming its copy number, so every copy is a distinct source with its
own doc_id (and clusters with its originals as a near-duplicate, as a re-published wire story would).

    uv run python benchmarks/scale.py --factors 1 10 50 [--limit N] [--corpus DIR]

Prints, per factor: articles, wall time, words/s and the peak memory of the run's processes (with what the flow,
the model worker and Prefect's API server held at that peak); each run's own log (per-batch timings, and a
memory line a minute) is appended to benchmarks/out/scale-runs.log.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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


def run_once(corpus: Path, warehouse: Path, prefect_home: Path) -> Measured:
    """One `newsflow run` in a fresh process: wall seconds and peak memory of its processes."""
    env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
    LOG.parent.mkdir(parents=True, exist_ok=True)
    return run_measured([sys.executable, "-m", "flows.cli", "run", str(corpus), "--warehouse", str(warehouse)],
                        cwd=ROOT, env=env, log=LOG)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles of the corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    print(f"{'factor':>6} {'articles':>9} {'seconds':>9} {'words/s':>9} {'peak MB':>8} (all processes; largest one)")
    baseline = None
    for factor in args.factors:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            n, words = make_corpus(args.corpus, tmp / "corpus", factor, args.limit)
            run = run_once(tmp / "corpus", tmp / "wh", tmp / "prefect")
        peak = run.peak_tree_mb
        baseline = baseline or peak
        print(f"{factor:>6} {n:>9,} {run.seconds:>9.1f} {words / run.seconds:>9,.0f} {peak:>8,.0f}"
              f"  ({run.peak_process_mb:,.0f}; {peak / baseline - 1:+.0%} memory vs factor {args.factors[0]};"
              f" at the peak {run.parts()})", flush=True)


if __name__ == "__main__":
    main()
