"""End-to-end throughput against what a user would do with the model by hand, on a real corpus.

Measures, in one invocation and on the same texts:
  (a1) raw ``nlp.pipe(texts, n_process=1)`` with the plain model;
  (aN) raw ``nlp.pipe(texts, n_process=N, batch_size=64)``, N the pipeline's model workers (``NEWS_N_PROCESS``,
       by default one per core available);
  (b)  ``newsflow run`` end to end into an empty warehouse, with the defaults (a fresh process: Prefect, GX,
       checks, load included);
  (c)  a no-op re-run of (b): nothing new to read;
and prints words/s, the ratios (b)/(a1) and (b)/(aN), wall times and the peak memory (RSS summed over the whole
process tree: flow, model workers, Prefect's temporary API server).

    uv run python benchmarks/throughput.py [CORPUS] [--n-process N] [--limit N]

CORPUS defaults to ../shared/data/bbc (2,225 BBC News articles, about 0.9M words). Without --n-process the run
uses the defaults a user gets (NEWS_N_PROCESS unset: "auto").
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


def raw_model(texts: list[str], n_process: int) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its model workers) of the plain model's ``nlp.pipe`` over the
    texts (as decoded by the pipeline's readers)."""
    from tasks.lib.nlp.pipeline import DEFAULT_MODEL

    nlp = importlib.import_module(DEFAULT_MODEL).load()  # the plain model, without newsflow's components
    cpu, start = _cpu(), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return time.perf_counter() - start, _cpu() - cpu


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def corpus_texts(files: list[Path]) -> list[str]:
    from tasks.lib.ingest.readers import read_path

    return [r.text for f in files for r in read_path(f) if hasattr(r, "text")]


LOG = ROOT / "benchmarks" / "out" / "throughput-runs.log"


def pipeline_run(paths: list[str], warehouse: Path, n_process: int | None, prefect_home: Path) -> Measured:
    """One `newsflow run` in a fresh process, timed and memory-sampled (its log goes to benchmarks/out/)."""
    env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
    if n_process is not None:
        env["NEWS_N_PROCESS"] = str(n_process)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    return run_measured([sys.executable, "-m", "flows.cli", "run", *paths, "--warehouse", str(warehouse)],
                        cwd=ROOT, env=env, log=LOG)


def copy_subset(files: list[Path], corpus: Path, target: Path) -> None:
    for f in files:
        dest = target / f.relative_to(corpus)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(f.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n-process", type=int, default=None,
                        help="model workers of the pipeline run [default: the pipeline's own, NEWS_N_PROCESS]")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from flows.settings import Settings

    workers = args.n_process if args.n_process is not None else Settings().n_process
    files = corpus_files(args.corpus, args.limit)
    texts = corpus_texts(files)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # The corpus as the pipeline sees it: a directory of files (a limited run gets a copy of the subset).
        paths = [str(args.corpus)]
        if args.limit:
            copy_subset(files, args.corpus, tmp / "corpus")
            paths = [str(tmp / "corpus")]
        # Warm the Prefect home so the first measured run does not pay one-off database migrations.
        pipeline_run([str(ROOT / "seeds")], tmp / "warmup", args.n_process, tmp / "prefect")

        raw_1 = raw_model(texts, 1)
        raw_n = raw_model(texts, workers) if workers > 1 else raw_1
        e2e = pipeline_run(paths, tmp / "wh", args.n_process, tmp / "prefect")
        noop = pipeline_run(paths, tmp / "wh", args.n_process, tmp / "prefect")
    report(args.corpus, len(files), words, workers, raw_1, raw_n, e2e, noop)


def report(corpus: Path, n_files: int, words: int, workers: int, raw_1: tuple[float, float],
           raw_n: tuple[float, float], e2e: Measured, noop: Measured) -> None:
    raw_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} available), "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"corpus: {corpus} ({n_files} articles, {words:,} words); pipeline model workers: {workers}")
    print("                                    wall s    words/s     CPU s")
    for label, (wall, cpu) in (("(a1) raw nlp.pipe, n_process=1", raw_1), (f"(aN) raw nlp.pipe, n_process={workers}", raw_n),
                               ("(b)  newsflow run (end to end)", (e2e.seconds, e2e.cpu_seconds))):
        print(f"{label:33s} {wall:8.1f}  {words / wall:9,.0f}  {cpu:8.1f}")
    print(f"     ratio (b)/(a1):             {raw_1[0] / e2e.seconds:8.2f}")
    print(f"     ratio (b)/(aN):             {raw_n[0] / e2e.seconds:8.2f}   <- same number of processes "
          f"(CPU: the model's {raw_n[1] / e2e.cpu_seconds:.0%} of the run's)")
    print(f"(c)  no-op re-run:               {noop.seconds:8.1f} s wall, {noop.cpu_seconds:.1f} s CPU "
          f"(peak {noop.peak_tree_mb:,.0f} MB)")
    print(f"peak memory: pipeline run {e2e.peak_tree_mb:,.0f} MB in all its processes "
          f"(largest one {e2e.peak_process_mb:,.0f} MB; at the peak {e2e.parts()}); "
          f"raw model's main process {raw_mb:,.0f} MB")


if __name__ == "__main__":
    main()
