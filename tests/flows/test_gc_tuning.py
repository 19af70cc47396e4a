"""Only the `newsflow` command's own process has its garbage collector tuned; a caller's stays as it was."""

import gc
import subprocess
import sys

from flows import gc_tuning


def test_a_caller_running_the_cli_in_its_own_python_keeps_its_collector():
    frozen = gc.get_freeze_count()
    with gc_tuning.start_up():
        assert gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_commands_own_process_imports_without_collections_then_freezes_even_when_start_up_exits():
    script = """
import gc
from flows import gc_tuning
gc_tuning.claim()
try:
    with gc_tuning.start_up():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
        raise SystemExit(2)  # a bad argument ends start-up
except SystemExit:
    pass
assert gc.isenabled(), "collector left off"
assert gc.get_freeze_count() >= 1000, gc.get_freeze_count()
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr

