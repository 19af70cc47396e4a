"""What the benchmarks that go through the whole pipeline share: one `newsflow run` into a fresh warehouse, rows
read back with SQL per source file, and offsets in a stored (cleaned) text mapped back to the file's raw text, so
that a scorer written for raw files scores what a user of the warehouse gets."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse import location, store  # noqa: E402


def link_inbox(inbox: Path, files: Iterable[Path], name: Callable[[Path], str] = lambda f: f.name) -> None:
    """Symlink ``files`` into ``inbox`` (the folder a run reads), under ``name`` (by default their own)."""
    inbox.mkdir(parents=True, exist_ok=True)
    for f in files:
        if not (inbox / name(f)).exists():
            (inbox / name(f)).symlink_to(f.resolve())


def rows_by_source(warehouse: Path, sql: str) -> dict[str, list[dict]]:
    """Rows of ``sql`` (which selects ``d.source_uri``) grouped by the resolved path of their source file."""
    con = store.connect(location.parse(str(warehouse)))
    try:
        out: dict[str, list[dict]] = {}
        for r in store.rows_as_dicts(con.execute(sql)):
            out.setdefault(str(Path(r["source_uri"].removeprefix("file://")).resolve()), []).append(r)
        return out
    finally:
        con.close()


def add_keep(parser) -> None:
    """The ``--keep DIR`` option of a pipeline benchmark (see ``warehouse_for``)."""
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it (default: a temporary one); "
                        "a warehouse already there is scored again without a new run")


def warehouse_for(inbox: Path, work: Path) -> Path:
    """The warehouse of one `newsflow run` over ``inbox`` under ``work``: run now, unless a kept work directory
    holds one already (its run is scored again as it is)."""
    warehouse = work / "warehouse"
    return warehouse if warehouse.exists() else run_pipeline(inbox, work)


def run_pipeline(inbox: Path, work: Path) -> Path:
    """One `newsflow run` over ``inbox`` into a fresh warehouse under ``work``; returns the warehouse."""
    warehouse = work / "warehouse"
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}
    subprocess.run([sys.executable, "-m", "flows.cli", "run", str(inbox), "--warehouse", str(warehouse)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return warehouse


class OffsetMap:
    """Offsets in a cleaned text mapped back to the raw text it came from.

    Cleaning mostly normalises white space (paragraph breaks, no-break spaces), so the texts are walked side by
    side, white space matching white space; where they part otherwise (a line taken out), the rest is aligned on
    the texts' common runs (difflib: slower, exact enough).
    """

    def __init__(self, raw: str, clean: str):
        self.raw_of: list[int] = []
        i = 0
        for j, ch in enumerate(clean):
            while i < len(raw) and raw[i].isspace() and not ch.isspace():
                i += 1  # white space cleaning took out
            if i < len(raw) and (raw[i] == ch or (raw[i].isspace() and ch.isspace())):
                self.raw_of.append(i)
                i += 1
                continue
            self._align_rest(raw, clean, i, j)
            break
        self.raw_of.append(len(raw) if len(self.raw_of) == len(clean) else self.raw_of[-1] + 1)

    def _align_rest(self, raw: str, clean: str, i: int, j: int) -> None:
        blocks = difflib.SequenceMatcher(None, raw[i:], clean[j:], autojunk=False).get_matching_blocks()
        for k in range(j, len(clean)):
            b = max((b for b in blocks if b.b <= k - j), key=lambda b: b.b, default=None)
            self.raw_of.append(i + (b.a + min(k - j - b.b, b.size) if b else 0))

    def __call__(self, offset: int) -> int:
        return self.raw_of[min(offset, len(self.raw_of) - 1)]
