"""The `newsflow` command line: run the pipeline, query the warehouse, check runs, evaluate extraction."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from contextlib import contextmanager, nullcontext
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from flows import gc_tuning
from flows.prefect_api import apply_temporary_api_defaults, start_temporary_api
from flows.settings import Settings, apply_prefect_defaults

_USER_CONSOLE_LEVEL = os.environ.get("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL")
apply_prefect_defaults()

apply_temporary_api_defaults()

app = typer.Typer(help="newsflow: who said what, about whom, how much and when.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
evaluate_app = typer.Typer(help="Score extraction against gold annotations.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
# Pipes and files get wide lines instead of a terminal's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)

WarehouseOpt = Annotated[Optional[str], typer.Option("--warehouse", "-w", help="Warehouse directory, or "
                                                     "postgres://USER@HOST:PORT/DB?data=s3://BUCKET/PREFIX "
                                                     "[default: $NEWS_WAREHOUSE, $NEWS_WAREHOUSE_DIR or warehouse/]")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, csv or json")]


def _warehouse(spec: str | None) -> str:
    """The warehouse asked for (a directory or a URL, see warehouse/location.py), checked."""
    from warehouse import location

    spec = spec or Settings().warehouse_spec
    try:
        location.parse(spec)
    except location.LocationError as exc:
        err.print(f"[bold red]{exc}[/]")
        raise typer.Exit(2) from None
    return spec


def _quiet_console_logs(verbose: bool) -> None:
    """Show only warnings on the console unless asked (or set by the user); the Prefect UI keeps every line.
    Set before Prefect configures its logging, on first import."""
    if not verbose and _USER_CONSOLE_LEVEL is None:
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "WARNING"


@app.command()
def run(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files, directories or globs [default: seeds/]")] = None,
    warehouse: WarehouseOpt = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per extract batch")] = None,
    task_runner: Annotated[Optional[str], typer.Option(
        help="Where extraction runs: thread (default), dask (local cluster of 2 workers) or dask=ADDRESS")] = None,
    max_new: Annotated[Optional[int], typer.Option(
        min=1, help="Commit once this many new or changed files are read (whole batches); run again for the rest")
    ] = None,
    reprocess: Annotated[bool, typer.Option(
        "--reprocess", help="Extract again the files the warehouse holds unchanged (after upgrading newsflow): "
                            "their rows are replaced, none duplicated")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print Prefect's INFO log lines too "
                                          "(they always go to the Prefect UI)")] = False,
) -> None:
    """Run the news-pipeline flow on PATHS and load the results into the warehouse."""
    paths = paths or ["seeds"]
    if reprocess and max_new is not None:
        err.print("[bold red]--reprocess reads every file again, so --max-new could not resume it:[/] reprocess a "
                  "large archive folder by folder (nothing was run)")
        raise typer.Exit(2)
    with gc_tuning.start_up():
        root, api, runner, in_flight = _start_up(paths, warehouse, task_runner, verbose, reprocess)
    from flows import reporting
    from flows.news_pipeline import news_pipeline

    since, state, failure = datetime.now(timezone.utc), None, None
    reporting.last_summary = None
    try:
        with _progress_bar(), api.flow_settings() if api else nullcontext():
            state = news_pipeline.with_options(task_runner=runner)(
                paths=paths, warehouse=str(root), batch_size=batch_size,
                parallel_batches=in_flight, max_new=max_new, reprocess=reprocess, return_state=True)
    except Exception as exc:  # Prefect's own bookkeeping can raise after the flow body returned
        failure = exc
    raise typer.Exit(_report_run(root, since, state, failure, reporting.last_summary))


def _start_up(paths: list[str], warehouse: str | None, task_runner: str | None, verbose: bool,
              reprocess: bool = False):
    """Check the arguments, skip a run with nothing new (unless reprocessing), start Prefect's temporary API and
    import the flow; returns (warehouse, temporary API or None, task runner, batches in flight). Exits on a bad
    argument."""
    from flows.runners import check_spec
    from tasks.lib.ingest.discovery import missing_paths

    _quiet_console_logs(verbose)
    if missing := missing_paths(paths):
        err.print(f"[bold red]No such file or directory: {', '.join(missing)}[/] (nothing was run)")
        raise typer.Exit(2)
    try:
        check_spec(task_runner)
    except ValueError as exc:
        err.print(f"[bold red]{exc}[/]")
        raise typer.Exit(2) from None
    root = _warehouse(warehouse)
    if not reprocess and _nothing_new(paths, root, verbose):
        raise typer.Exit(0)
    api = start_temporary_api()
    from flows.runners import task_runner_for

    runner, in_flight = task_runner_for(task_runner)
    import flows.news_pipeline  # noqa: F401

    if api:
        # Great Expectations takes seconds to import and every run with something new checks its first batch:
        # importing it while Prefect's API server starts (a process of its own) takes it off that batch's way
        # to the model workers.
        import expectations.gate  # noqa: F401

        try:
            api.wait_healthy()
        except RuntimeError as exc:
            err.print(f"[bold red]Prefect's temporary API did not start: {exc}[/] (nothing was run; its errors "
                      "are above). Set PREFECT_API_URL to use a running Prefect server instead.")
            raise typer.Exit(1) from None
    return root, api, runner, in_flight


def _nothing_new(paths: list[str], root: str, verbose: bool) -> bool:
    """Record and print a run that finds every file unchanged, without Prefect (flows/nothing_new.py)."""
    from flows.nothing_new import record_if_nothing_new
    from flows.outcome import summary_lines
    from flows.reporting import skipped_files_text

    done = record_if_nothing_new(paths, root, Settings().max_bytes)
    if done is None:
        return False
    if done.skipped_files:
        err.print(f"[yellow]Skipped {skipped_files_text(done.skipped_files)}[/]")
    if verbose:
        err.print("Nothing new: the run was recorded without a Prefect flow run (no model, no checks to run).")
    for line in summary_lines(done.run, done.details):
        console.print(line)
    return True


def _report_run(root: Path, since: datetime, state, failure: Exception | None, details: dict | None) -> int:
    """Print a run's outcome as the warehouse committed it; returns the exit code.

    The ``runs`` row decides: Prefect's copy of the flow's result may be missing (``MissingResult``) when its
    database was locked, and a failure of its bookkeeping after the load committed does not undo the load.
    """
    from flows.outcome import committed_run, summary_lines

    flow_run_id = str(state.state_details.flow_run_id) if state is not None and state.state_details.flow_run_id \
        else (details or {}).get("flow_run_id")
    committed = committed_run(root, flow_run_id, since)
    if committed and committed["status"] == "completed":
        for line in summary_lines(committed, details):
            console.print(line)
        if failure is not None or not state.is_completed():
            why = failure or state.message or state.name
            err.print(f"[yellow]Warning: Prefect's bookkeeping failed after the load committed ({why}); "
                      "the run's data is in the warehouse.[/]")
        return 0
    if committed:
        err.print(f"[bold red]Run {committed['run_id']} failed:[/] {committed['message']}")
        return 1
    err.print(f"[bold red]Run failed before it recorded anything:[/] {failure or state.message or state.name}")
    return 1


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only)")],
    warehouse: WarehouseOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Run a read-only SQL query; print a table, CSV, or one JSON array of row objects."""
    from warehouse import store

    con = _open(warehouse)
    try:
        cur = con.execute(query)
    except Exception as exc:
        err.print(f"[bold red]Query failed:[/] {exc}")
        raise typer.Exit(2) from None
    if cur.description is None:
        return
    columns = [d[0] for d in cur.description]
    _print_rows(store.rows_as_dicts(cur), fmt, columns)


@app.command()
def status(warehouse: WarehouseOpt = None, limit: int = 10, fmt: FormatOpt = "table") -> None:
    """The last runs with their counts."""
    from warehouse import store

    rows = store.rows_as_dicts(_open(warehouse).execute(store.query_sql("run_status"), [limit]))
    if not rows and fmt == "table":
        console.print("No runs yet: `newsflow run` loads seeds/.")
        return
    _print_rows(rows, fmt)


@app.command()
def dq(
    run_id: Annotated[Optional[str], typer.Option("--run", help="Run id [default: the latest run]")] = None,
    warehouse: WarehouseOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """The data-quality checks of a run, failures first."""
    from warehouse import store

    con = _open(warehouse)
    run_id = run_id or (con.execute("select run_id from runs order by started_at desc limit 1").fetchone() or [None])[0]
    if run_id is None:
        err.print("No runs yet.")
        raise typer.Exit(1)
    rows = store.rows_as_dicts(con.execute(store.query_sql("dq_report"), [run_id]))
    if fmt == "table":
        failed = sum(1 for r in rows if not r["success"])
        console.print(f"Run {run_id}: {len(rows) - failed}/{len(rows)} checks passed")
    _print_rows(rows, fmt)


@app.command()
def serve(
    inbox: Annotated[Path, typer.Option("--inbox", help="Directory whose new or changed articles each run loads")],
    cron: Annotated[Optional[str], typer.Option(help="Cron schedule, e.g. '*/15 * * * *'")] = None,
    interval: Annotated[Optional[float], typer.Option(help="Seconds between runs")] = None,
    warehouse: WarehouseOpt = None,
    on_overlap: Annotated[str, typer.Option(help="A run due while another loads: queue (wait) or cancel")] = "queue",
    name: Annotated[str, typer.Option(help="Deployment name (news-pipeline/NAME)")] = "inbox",
) -> None:
    """Serve the pipeline as a scheduled Prefect deployment over INBOX, until Ctrl-C.

    Uses the Prefect server at PREFECT_API_URL; without one, starts a private server on 127.0.0.1.
    """
    from flows import deployments

    try:
        deployments.build_deployment(inbox, _warehouse(warehouse), cron=cron, interval=interval,
                                     on_overlap=on_overlap, name=name)
    except ValueError as exc:
        err.print(f"[bold red]{exc}[/]")
        raise typer.Exit(2) from None
    deployments.serve_inbox(inbox, _warehouse(warehouse), cron=cron, interval=interval, on_overlap=on_overlap,
                            name=name, echo=console.print)


@app.command()
def shell(
    warehouse: WarehouseOpt = None,
    print_only: Annotated[bool, typer.Option("--print", help="Print the SQL that attaches the warehouse "
                                             "in any DuckDB 1.5 session, instead of starting one")] = False,
) -> None:
    """An interactive DuckDB session with the warehouse attached read-only (.help, .quit)."""
    import subprocess

    from warehouse import location, store

    root = _warehouse(warehouse)
    try:
        found = store.exists(root)
    except store.WarehouseError as exc:
        err.print(f"[bold red]{exc}[/]")
        raise typer.Exit(2) from None
    if not found:
        err.print(f"[bold red]no warehouse at {location.parse(root)} "
                  "(run `newsflow run` first, or pass --warehouse)[/]")
        raise typer.Exit(2)
    # S3 keys are read with getenv by the printed SQL, never written out.
    statements = [f"{s};" for s in store.attach_statements(root, read_only=True, printable=True)]
    if print_only:
        sys.stdout.write("\n".join(statements) + "\n")
        return
    # The duckdb-cli wheel's CLI, the same DuckDB version as the library; it reads SQL from stdin when piped.
    command = [sys.executable, "-m", "duckdb_cli"]
    for statement in statements:
        command += ["-cmd", statement]
    raise typer.Exit(subprocess.call(command))


@evaluate_app.command("conll")
def evaluate_conll(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    model: Annotated[str | None, typer.Option(help="spaCy pipeline package (default: NEWS_SPACY_MODEL).")] = None,
) -> None:
    """PER/ORG/LOC span precision, recall and F1 on CoNLL-2003 data per fixed half, next to the raw model's."""
    from evaluation import conll as ev

    console.print(ev.format_report(ev.evaluate(file, model=model or Settings().spacy_model)))


@evaluate_app.command("polnear")
def evaluate_polnear(directory: Annotated[Path, typer.Argument(exists=True, file_okay=False)]) -> None:
    """Quote precision, recall, F1 and speaker accuracy on PolNeAR brat annotations."""
    from evaluation import polnear as ev

    console.print(ev.format_report(ev.evaluate(directory)))


@contextmanager
def _progress_bar():
    """A progress bar of files read, on a terminal only (logs and pipes get the INFO lines instead)."""
    from flows import reporting

    if not err.is_terminal:
        yield
        return
    with Progress(TextColumn("[bold]newsflow run"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("run", total=None)
        reporting.progress_hook = lambda done, total: bar.update(task, completed=done, total=total)
        try:
            yield
        finally:
            reporting.progress_hook = None


def _open(warehouse: str | None):
    from warehouse import store

    try:
        return store.connect(_warehouse(warehouse), read_only=True)
    except store.WarehouseError as exc:
        err.print(f"[bold red]{exc}[/]")
        raise typer.Exit(2) from None


def _print_rows(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as a table, CSV or JSON; ``columns`` name them when there are none (a CSV keeps its header)."""
    columns = list(rows[0]) if rows else columns or []
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, default=_json_default, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        if columns:
            writer = csv.DictWriter(buf, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
        sys.stdout.write(buf.getvalue())
    elif fmt == "table":
        table = RichTable(show_lines=False)
        for name in columns:
            table.add_column(name, overflow="fold")
        for r in rows:
            table.add_row(*(_cell(v) for v in r.values()))
        console.print(table)
        console.print(f"[dim]{len(rows)} rows[/]")
    else:
        err.print(f"Unknown format {fmt!r}: use table, csv or json")
        raise typer.Exit(2)


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    return str(value)


def main() -> None:
    gc_tuning.claim()
    app()


if __name__ == "__main__":
    main()
