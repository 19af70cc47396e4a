"""Draw the sentences of the roles gold benchmark (run once; the gold was then written by hand).

Sentences come from BBC and PolNeAR articles under the shared data root (the amounts/dates sampler's drawing), with
a fixed seed, among sentences naming someone by a capitalised pair of words after a lower-case word or a comma (a
name that is not the sentence's first word: a sentence with no name has no role to score; the cue knows no title,
so sentences without a role are drawn too, and test precision). Usage (the first draw, then the second):

    python benchmarks/roles_sample.py /work/shared/data > /tmp/roles_sample.jsonl
    python benchmarks/roles_sample.py /work/shared/data --seed 3101 --skip benchmarks/data/roles_gold.jsonl \
        --first-id 100 > /tmp/roles_sample2.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.amounts_dates_sample import draw, drawn  # noqa: E402

SEED = 31
PER_SOURCE = 50
_NAME_CUE = re.compile(r"[a-z,]\s+[A-Z][a-z]+\s+[A-Z][a-z][\w'-]*")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--per-source", type=int, default=PER_SOURCE)
    ap.add_argument("--skip", type=Path, help="a gold file whose sentences are not drawn again")
    ap.add_argument("--first-id", type=int, default=0)
    args = ap.parse_args()
    for i, row in enumerate(draw(args.root, args.seed, args.per_source, _NAME_CUE, drawn(args.skip)),
                            start=args.first_id):
        print(json.dumps({"id": f"r{i:03d}", **row, "roles": []}, ensure_ascii=False))


if __name__ == "__main__":
    main()
