"""What a run with nothing new costs: `newsflow run`, and the flow itself with and without a Prefect server.

    uv run python benchmarks/startup.py [CORPUS] [--limit N]

Loads CORPUS (default: the first 300 BBC articles) into a fresh warehouse once, then times no-op re-runs:
(1) `newsflow run` as a user runs it, which finds nothing new and records the run without Prefect
(flows/nothing_new.py); then the flow itself, as a served deployment runs it, (2) without PREFECT_API_URL, so
Prefect starts its temporary API server for the run, and (3) with PREFECT_API_URL pointing at a server that is
already up (as `newsflow serve` or `prefect server start` provides). Prints wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from measure import run_measured
from throughput import DEFAULT_CORPUS, LOG, ROOT, copy_subset, corpus_files


def newsflow_run(paths: list[str], warehouse: Path, env: dict):
    return run_measured([sys.executable, "-m", "flows.cli", "run", *paths, "--warehouse", str(warehouse)],
                        cwd=ROOT, env=env, log=LOG)


def flow_run(paths: list[str], warehouse: Path, env: dict):
    """The flow called directly, as a deployment's run calls it: always a Prefect flow run."""
    code = ("import sys; from flows.prefect_api import apply_temporary_api_defaults; apply_temporary_api_defaults(); "
            "from flows.news_pipeline import news_pipeline; "
            "news_pipeline(paths=sys.argv[2:], warehouse=sys.argv[1])")
    return run_measured([sys.executable, "-c", code, str(warehouse), *paths], cwd=ROOT, env=env, log=LOG)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="the first N files (0: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        copy_subset(corpus_files(args.corpus, args.limit or None), args.corpus, tmp / "corpus")
        paths, warehouse = [str(tmp / "corpus")], tmp / "wh"
        env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect")}
        env.pop("PREFECT_API_URL", None)
        newsflow_run(paths, warehouse, env)  # the load (also creates Prefect's database)
        cli = newsflow_run(paths, warehouse, env)
        ephemeral = flow_run(paths, warehouse, env)
        os.environ["PREFECT_HOME"] = env["PREFECT_HOME"]
        sys.path.insert(0, str(ROOT))
        from flows.settings import apply_prefect_defaults

        apply_prefect_defaults()
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        try:
            served = flow_run(paths, warehouse, {**env, "PREFECT_API_URL": server.api_url})
        finally:
            server.stop()
    print(f"no-op re-run, newsflow run (no Prefect):    {cli.seconds:6.1f} s wall, "
          f"{cli.cpu_seconds:5.1f} s CPU, peak {cli.peak_tree_mb:,.0f} MB")
    print(f"no-op flow run, temporary API:              {ephemeral.seconds:6.1f} s wall, "
          f"{ephemeral.cpu_seconds:5.1f} s CPU, peak {ephemeral.peak_tree_mb:,.0f} MB")
    print(f"no-op flow run, API server already running: {served.seconds:6.1f} s wall, "
          f"{served.cpu_seconds:5.1f} s CPU, peak {served.peak_tree_mb:,.0f} MB")
    print(f"Prefect's temporary API costs this run {ephemeral.seconds - served.seconds:.1f} s wall, "
          f"{ephemeral.cpu_seconds - served.cpu_seconds:.1f} s CPU (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
