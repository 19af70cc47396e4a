"""The load step at scale, without the model: one run's commit of N documents, and a small run on top of them.

A run stages its rows to Parquet batch by batch and commits them in one DuckLake transaction at the end,
with whole-warehouse integrity checks inside it. That step's time and memory grow with the run and the
warehouse, not with the model, so it is measured here on its own: a real warehouse of a few hundred BBC
articles (made with `newsflow run`, or given with --source) is copied with changed ids into a staging area
of ``--docs`` documents, one Parquet file per copy and table as a run's batches would write, then
  (1) committed into an empty warehouse (a 50x run's final load), and
  (2) one more copy committed on top (a scheduled run's load into a large warehouse),
each in a fresh process, timed and memory-sampled.

    uv run python benchmarks/load_scale.py [--docs 111250] [--source WAREHOUSE] [--articles 250]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from measure import run_measured

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse import store, tables  # noqa: E402

BBC = ROOT.parent / "shared" / "data" / "bbc"
LOG = ROOT / "benchmarks" / "out" / "load-scale.log"
# Columns that must stay unique per copy (story ids are doc ids of a story's first article).
SUFFIXED = {"doc_id": "~", "quote_id": "~", "story_id": "~", "source_uri": "#"}


def make_source(target: Path, articles: int) -> Path:
    """A real warehouse of the first ``articles`` BBC articles."""
    corpus = target / "corpus"
    corpus.mkdir(parents=True)
    for f in sorted(p for p in BBC.rglob("*.txt") if p.name.upper() != "README.TXT")[:articles]:
        (corpus / f"{f.parent.name}_{f.name}").write_bytes(f.read_bytes())
    run_measured([sys.executable, "-m", "flows.cli", "run", str(corpus), "--warehouse", str(target / "wh")],
                 cwd=ROOT, env={**os.environ, "PREFECT_HOME": str(target / "prefect")}, log=LOG)
    return target / "wh"


def stage_copies(source: Path, staging: store.Staging, copies: range) -> int:
    """Write ``copies`` of the source's document rows (ids suffixed with the copy number) as staged batches."""
    con = store.connect(source, read_only=True)
    try:
        for table in tables.DOC_TABLES:
            (staging.dir / table.name).mkdir(parents=True, exist_ok=True)
            for k in copies:
                changed = ", ".join(f"{c} || '{SUFFIXED[c]}{k}' as {c}" for c in table.columns if c in SUFFIXED)
                select = f"select * replace ({changed}) from {table.name}" if changed else f"select * from {table.name}"
                target = staging.dir / table.name / f"{k:05d}.parquet"
                con.execute(f"copy ({select}) to '{target}' (format parquet)")
        entities = staging.dir / tables.ENTITIES.name
        entities.mkdir(parents=True, exist_ok=True)
        con.execute(f"copy (select * from entities) to '{entities / '00000.parquet'}' (format parquet)")
        return con.execute("select count(*) from documents").fetchone()[0] * len(copies)
    finally:
        con.close()


def commit(warehouse: Path, staging_root: Path, run_id: str) -> None:
    """Commit one staged run (called in a fresh process by ``measure_commit``)."""
    staging = store.Staging(staging_root, run_id)
    processed = staging.read(tables.DOCUMENTS, columns=["source_uri"]).column("source_uri").to_pylist()
    now = datetime.now(timezone.utc)
    run_row = {"run_id": run_id, "started_at": now, "finished_at": now, "status": "completed",
               "docs_seen": len(processed), "docs_loaded": len(processed), "docs_replaced": 0, "docs_skipped": 0,
               "docs_quarantined": 0, "pipeline_version": "load-scale"}
    con = store.connect(warehouse)
    try:
        start = time.perf_counter()
        counts = store.commit_run(con, staging, processed, run_row)
        print(json.dumps({"seconds": time.perf_counter() - start, "rows": counts}))
    finally:
        con.close()


def measure_commit(warehouse: Path, staging_root: Path, run_id: str) -> str:
    m = run_measured([sys.executable, __file__, "--commit", str(warehouse), str(staging_root), run_id],
                     cwd=ROOT, env=dict(os.environ), log=LOG)
    rows = json.loads([line for line in LOG.read_text().splitlines() if line.startswith("{")][-1])["rows"]
    return (f"{m.seconds:6.1f} s, peak {m.peak_process_mb:,.0f} MB; "
            f"{rows.get('documents', 0):,} documents, {rows.get('mentions', 0):,} mentions")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=111_250, help="documents in the big run (50x BBC: 111,250)")
    ap.add_argument("--source", type=Path, help="an existing warehouse to copy [default: made from BBC]")
    ap.add_argument("--articles", type=int, default=250, help="BBC articles in the made source warehouse")
    ap.add_argument("--commit", nargs=3, metavar=("WAREHOUSE", "STAGING_ROOT", "RUN_ID"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.commit:
        commit(Path(args.commit[0]), Path(args.commit[1]), args.commit[2])
        return
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = args.source or make_source(tmp / "source", args.articles)
        con = store.connect(source, read_only=True)
        per_copy = con.execute("select count(*) from documents").fetchone()[0]
        con.close()
        copies = -(-args.docs // per_copy)
        staged = stage_copies(source, store.Staging(tmp / "stage", "big"), range(copies))
        stage_copies(source, store.Staging(tmp / "stage", "small"), range(copies, copies + 1))
        print(f"source: {per_copy} documents; big run: {copies} copies, {staged:,} documents", flush=True)
        print(f"(1) commit into an empty warehouse: {measure_commit(tmp / 'wh', tmp / 'stage', 'big')}", flush=True)
        print(f"(2) one more copy on top:           {measure_commit(tmp / 'wh', tmp / 'stage', 'small')}")


if __name__ == "__main__":
    main()
