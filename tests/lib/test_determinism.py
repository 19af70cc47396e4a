"""The same article gives the same extraction in every process.

Python salts the hash of strings per process (``PYTHONHASHSEED``), so the order of a set of words differs from one
process to the next; an extractor that takes the first item of such a set answers differently on another model
worker, a Dask worker or the next run. Each process here analyses the same articles under its own seed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [ROOT / "tests" / "fixtures" / "articles" / "harbor_strike.txt",
            *sorted((ROOT / "seeds").glob("*.txt"))]
# A woman whose apposition holds nouns of both genders (wife, businessman), then quoted as "she": read in set order,
# the first gendered noun gave her a gender, and under some seeds (6, with the code before the fix) "she" was the man.
RALLY = (
    "Tom Reed and Ann Moss spoke at the rally on Tuesday.\n\n"
    "Moss, the wife of a businessman who owns the Harbor Inn, lost her home in the fire.\n\n"
    "\u201cWe will rebuild,\u201d she said. The city has set aside $2.5 million for the repairs.\n"
)

_SCRIPT = """
import dataclasses, json, sys
from pathlib import Path
from tasks.lib.extract.analyze import analyze_doc
from tasks.lib.nlp.pipeline import load_pipeline
nlp = load_pipeline()
texts = [Path(p).read_text(encoding="utf-8") for p in sys.argv[1:]] + [sys.stdin.read()]
print(json.dumps([dataclasses.asdict(analyze_doc(doc)) for doc in nlp.pipe(texts)], sort_keys=True, default=str))
"""


def _analyses(seed: str) -> list[dict]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", _SCRIPT, *map(str, ARTICLES)], input=RALLY, cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _speakers(analysis: dict) -> list[str | None]:
    names = {e["key"]: e["canonical_name"] for e in analysis["entities"]}
    return [names.get(q["speaker_entity_key"]) for q in analysis["quotes"]]


def test_extraction_does_not_depend_on_the_process_hash_seed():
    first = _analyses("1")
    assert _speakers(first[-1]) == ["Ann Moss"]
    assert [a["value"] for a in first[-1]["amounts"]] == [2500000.0]
    for seed in ("6", "2"):
        assert _analyses(seed) == first, f"PYTHONHASHSEED={seed}"
