"""End-to-end throughput against the model's own speed, on a real corpus.

Measures, in one process tree and on the same texts:
  (a) raw ``nlp.pipe`` with the same model and n_process;
  (b) ``newsflow run`` end to end into an empty warehouse (a fresh process: Prefect, GX, load included);
  (c) a no-op re-run of (b);
and prints words/s, the ratio (b)/(a), wall times and peak memory.

    uv run python benchmarks/throughput.py [CORPUS] [--n-process N] [--limit N]

CORPUS defaults to ../shared/data/bbc (2,225 BBC News articles, about 0.9M words).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from measure import Measured, run_measured

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "bbc"


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    return files[:limit] if limit else files


def raw_model(files: list[Path], n_process: int) -> tuple[float, int]:
    """Seconds and words for the plain model's nlp.pipe over the files' texts (as decoded by the pipeline)."""
    sys.path.insert(0, str(ROOT))
    from tasks.lib.nlp import DEFAULT_MODEL
    from tasks.lib.readers import read_path

    nlp = importlib.import_module(DEFAULT_MODEL).load()  # the plain model, without newsflow's components
    texts = [r.text for f in files for r in read_path(f) if hasattr(r, "text")]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return time.perf_counter() - start, words


LOG = ROOT / "benchmarks" / "out" / "throughput-runs.log"


def pipeline_run(paths: list[str], warehouse: Path, n_process: int, prefect_home: Path) -> Measured:
    """One `newsflow run` in a fresh process, timed and memory-sampled (its log goes to benchmarks/out/)."""
    env = {**os.environ, "NEWS_N_PROCESS": str(n_process), "PREFECT_HOME": str(prefect_home)}
    LOG.parent.mkdir(parents=True, exist_ok=True)
    return run_measured([sys.executable, "-m", "flows.cli", "run", *paths, "--warehouse", str(warehouse)],
                        cwd=ROOT, env=env, log=LOG)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    args = parser.parse_args()

    files = corpus_files(args.corpus, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # The corpus as the pipeline sees it: a directory of files (a limited run gets a copy of the subset).
        if args.limit:
            subset = tmp / "corpus"
            for f in files:
                target = subset / f.relative_to(args.corpus)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(f.read_bytes())
            paths = [str(subset)]
        else:
            paths = [str(args.corpus)]
        # Warm the Prefect home so the first measured run does not pay one-off database migrations.
        pipeline_run([str(ROOT / "seeds")], tmp / "warmup", args.n_process, tmp / "prefect")

        raw_s, words = raw_model(files, args.n_process)
        e2e = pipeline_run(paths, tmp / "wh", args.n_process, tmp / "prefect")
        noop = pipeline_run(paths, tmp / "wh", args.n_process, tmp / "prefect")

    e2e_s, noop_s = e2e.seconds, noop.seconds
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"corpus: {args.corpus} ({len(files)} articles, {words:,} words), n_process={args.n_process}")
    print(f"(a) raw nlp.pipe:         {raw_s:8.1f} s  {words / raw_s:8,.0f} words/s")
    print(f"(b) newsflow run (e2e):   {e2e_s:8.1f} s  {words / e2e_s:8,.0f} words/s")
    print(f"    ratio (b)/(a):        {raw_s / e2e_s:8.2f}")
    print(f"(c) no-op re-run:         {noop_s:8.1f} s")
    print(f"peak memory: pipeline run {e2e.peak_tree_mb:,.0f} MB in all its processes "
          f"(largest one {e2e.peak_process_mb:,.0f} MB; at the peak {e2e.parts()}); "
          f"raw model process {self_mb:,.0f} MB")


if __name__ == "__main__":
    main()
