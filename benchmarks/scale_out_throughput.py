"""Throughput beyond one machine: local vs PostgreSQL+S3 warehouse, and 1 vs 2 Dask workers, on a BBC subset.

Every configuration is one `newsflow run` in a fresh process into an empty warehouse, on the same files:

    local      local warehouse directory, extraction in the flow's process (the default)
    pg+s3      DuckLake catalog on PostgreSQL, Parquet files on S3 (moto's server), extraction local
    dask x1    local warehouse, extraction on a `dask scheduler` with one `dask worker` process
    dask x2    the same with two worker processes

The servers are the ones the tests start (tests/distributed/servers.py), all on 127.0.0.1: the S3 and PostgreSQL
round trips are loopback ones, and the Dask workers share this machine's cores with the flow.

    uv run --group distributed python benchmarks/scale_out_throughput.py [CORPUS] [--limit 200] [--only local,dask-x2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure import run_measured  # noqa: E402

from tests.distributed import servers  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "bbc"
LOG = ROOT / "benchmarks" / "out" / "distributed-runs.log"
CONFIGS = ("local", "pg+s3", "dask-x1", "dask-x2")


def subset(corpus: Path, limit: int) -> list[Path]:
    """Every k-th article of the sorted corpus, so each section is in it."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    step = max(len(files) // limit, 1)
    return files[::step][:limit]


def remote_warehouse(pg_port: int, endpoint: str, name: str, local: Path) -> str:
    import boto3
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={pg_port} user=postgres dbname=postgres", autocommit=True) as pg:
        pg.execute(f"create database {name}")
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return f"postgres://postgres@127.0.0.1:{pg_port}/{name}?data=s3://{name}/wh&local={local}"


def measure(config: str, files: list[Path], work: Path, env: dict, remote: tuple[int, str]) -> float:
    """Seconds of one run of ``config`` (a fresh process, an empty warehouse)."""
    warehouse, runner, cluster = str(work / config.replace("+", "_")), [], None
    if config == "pg+s3":
        warehouse = remote_warehouse(*remote, "bench", work / "pg_local")
    if config.startswith("dask"):
        (work / config).mkdir()
        cluster = servers.DaskCluster(work / config, workers=int(config[-1]), env=env)
        runner = ["--task-runner", f"dask={cluster.address}"]
    try:
        return run_measured([sys.executable, "-m", "flows.cli", "run", *map(str, files), "--warehouse", warehouse,
                             *runner], cwd=ROOT, env=env, log=LOG).seconds
    finally:
        if cluster:
            cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--only", default=",".join(CONFIGS), help="comma-separated configurations")
    args = parser.parse_args()
    files = subset(args.corpus, args.limit)
    words = sum(len(f.read_text(errors="replace").split()) for f in files)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with tempfile.TemporaryDirectory() as tmp, prefect_test_harness(server_startup_timeout=180):
        work = Path(tmp)
        # One Prefect API for the flow and the Dask workers' task runs; S3 keys as a user would set them.
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_API_URL": PREFECT_API_URL.value(),
               "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": "us-east-1"}
        with servers.postgres() as pg_port, servers.s3(work) as endpoint:
            env["AWS_ENDPOINT_URL_S3"] = endpoint
            os.environ.update({k: env[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                   "AWS_ENDPOINT_URL_S3")})
            print(f"{len(files)} BBC files, {words:,} words; {os.cpu_count()} cores, "
                  f"load average {os.getloadavg()[0]:.1f} at start")
            print(f"{'configuration':<14}{'seconds':>9}{'docs/s':>9}{'words/s':>10}")
            for config in args.only.split(","):
                seconds = measure(config, files, work, env, (pg_port, endpoint))
                print(f"{config:<14}{seconds:9.1f}{len(files) / seconds:9.2f}{words / seconds:10,.0f}", flush=True)


if __name__ == "__main__":
    main()
