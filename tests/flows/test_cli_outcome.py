"""The exit code of `newsflow run` tells what the warehouse committed, whatever happens to Prefect's bookkeeping."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ROOT, SEEDS, query

HERE = Path(__file__).parent


def test_a_committed_run_whose_prefect_api_dies_after_the_load_exits_0(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)  # the CLI's own temporary API, which the hook kills
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(HERE / "bookkeeping_fails.py"), "run", str(SEEDS),
                           "--warehouse", str(tmp_path / "wh")], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=900)
    runs = query(tmp_path / "wh", "select run_id, status, docs_loaded, docs_quarantined from runs")
    assert done.returncode == 0, done.stderr[-3000:]
    assert [(r["status"], r["docs_loaded"], r["docs_quarantined"]) for r in runs] == [("completed", 2, 0)]
    assert f"Run {runs[0]['run_id']} completed" in done.stdout
    assert "2 documents loaded" in done.stdout and "Documents by language: en 2" in done.stdout
    assert "Prefect's bookkeeping failed after the load committed" in done.stderr
    print(f"bookkeeping-failure run took {time.monotonic() - started:.0f}s")


def test_a_temporary_api_that_does_not_start_is_an_error_before_any_work(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT),
           # a database the server cannot open: its start-up fails, as with a full disk or a broken home
           "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path}/no/such/dir/prefect.db"}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(SEEDS), "--warehouse", str(tmp_path / "wh")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Prefect's temporary API did not start: the Prefect server exited" in " ".join(done.stderr.split())
    assert not (tmp_path / "wh").exists()  # nothing was run, not even a warehouse created


def test_a_missing_path_is_an_error_before_any_work(tmp_path):
    result = CliRunner().invoke(app, ["run", str(SEEDS), str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 2
    assert "No such file or directory" in result.output and "nope" in result.output
    assert not (tmp_path / "wh").exists()  # nothing was run, not even a warehouse created


GERMAN = ("Stadtrat beschließt Hochwasserschutz\n\nDer Stadtrat hat am Dienstag den Bau einer drei Kilometer langen "
          "Schutzmauer am Hafen beschlossen. Die Kosten von 420 Millionen Euro sollen aus Fördermitteln und einer neuen "
          "Anleihe bezahlt werden, sagte die Bürgermeisterin Anna Weber nach der Abstimmung.\n")
RECORDS = ('{"title": "Flood wall approved", "text": "The council approved a flood wall for the harbor on Tuesday."}\n'
           '{"title": "Rail strike called off", "text": ""}\n'
           '{"text": "Crowds in Paris", "title": null}\n')
MENU = "<html><head><title>Home</title></head><body><nav>News | Sport | Weather | Sign in</nav></body></html>"


def test_every_input_is_accounted_for_and_other_languages_load(prefect_harness, tmp_path, articles):
    (articles / "stadtrat.txt").write_text(GERMAN, encoding="utf-8")
    (articles / "short.jsonl").write_text(RECORDS, encoding="utf-8")
    (articles / "menu.html").write_text(MENU, encoding="utf-8")
    (articles / "budget.csv").write_text("year,total\n2024,5\n", encoding="utf-8")
    (articles / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    wh = tmp_path / "wh"
    result = CliRunner().invoke(app, ["run", str(articles), "--warehouse", str(wh)])
    assert result.exit_code == 0, result.output
    assert "Documents by language: en 5, de 1" in result.output, result.output
    assert "Files skipped for their extension: 2" in result.output
    assert 'See why: uv run newsflow sql "select stage, source_uri, reason from quarantine"' in result.output
    assert query(wh, "select docs_loaded, docs_quarantined, files_skipped from runs") == [
        {"docs_loaded": 6, "docs_quarantined": 1, "files_skipped": 2}]
    german = query(wh, "select doc_id, title, language, text from documents where source_uri like '%stadtrat.txt'")[0]
    assert (german["title"], german["language"]) == ("Stadtrat beschließt Hochwasserschutz", "de")
    assert german["text"].startswith("Der Stadtrat hat am Dienstag")
    assert query(wh, "select count(*) as n from mentions where doc_id = ?", [german["doc_id"]]) == [{"n": 0}]
    short = query(wh, "select title, text from documents where source_uri like '%short.jsonl#%' order by source_uri")
    assert [(d["title"], d["text"]) for d in short] == [
        ("Flood wall approved", "The council approved a flood wall for the harbor on Tuesday."),
        ("Rail strike called off", "Rail strike called off"), (None, "Crowds in Paris")]
    (menu,) = query(wh, "select source_uri, reason from quarantine")
    assert menu["source_uri"].endswith("menu.html") and menu["reason"].startswith("no_article: only navigation")
    status = CliRunner().invoke(app, ["status", "--warehouse", str(wh), "--format", "json"])
    assert json.loads(status.stdout)[0]["languages"] == "en 5, de 1"
    empty = CliRunner().invoke(app, ["sql", "select source_uri from quarantine where false", "-w", str(wh), "-f", "csv"])
    assert empty.stdout == "source_uri\n"  # zero rows keep their header
