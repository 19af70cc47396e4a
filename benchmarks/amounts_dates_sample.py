"""Draw the sentences of the amounts/dates gold benchmark (run once; the gold was then written by hand).

Sentences come from BBC and PolNeAR articles under the shared data root, drawn with a fixed seed
among sentences that mention a number, a month, a weekday or a relative date word (a sentence with
none of them has no amount or date to score). Usage:

    python benchmarks/amounts_dates_sample.py /work/shared/data > /tmp/sample.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

SEED = 29
PER_SOURCE = 100
_CUE = re.compile(
    r"\d|[$£€¥]|\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|week|month|year"
    r"|hundred|thousand|million|billion|dozen|two|three|four|five|six|seven|eight|nine|ten|twenty|penny|cents?)\b",
    re.I,
)
_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z0-9])")


def sentences(path: Path) -> list[str]:
    """Sentences of one article, split on paragraphs and sentence-final punctuation."""
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        out.extend(s.strip() for s in _SPLIT.split(para.strip()) if s.strip())
    return out


def draw(root: Path) -> list[dict]:
    rng = random.Random(SEED)
    sources = {
        "bbc": sorted(root.glob("bbc/*/*.txt")),
        "polnear": sorted(root.glob("polnear-*/text/*.txt")),
    }
    rows = []
    for name, files in sources.items():
        picked: set[tuple[str, str]] = set()
        while len(picked) < PER_SOURCE:
            path = rng.choice(files)
            cands = [s for s in sentences(path) if _CUE.search(s) and 30 <= len(s) <= 320]
            if cands:
                picked.add((str(path.relative_to(root)), rng.choice(cands)))
        rows.extend({"file": f, "sentence": s} for f, s in sorted(picked))
    return rows


if __name__ == "__main__":
    for i, row in enumerate(draw(Path(sys.argv[1]))):
        print(json.dumps({"id": f"s{i:03d}", **row}, ensure_ascii=False))
