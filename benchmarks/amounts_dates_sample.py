"""Draw the sentences of the amounts/dates gold benchmark (run once; the gold was then written by hand).

Sentences come from BBC and PolNeAR articles under the shared data root, drawn with a fixed seed
among sentences that mention a number, a month, a weekday or a relative date word (a sentence with
none of them has no amount or date to score). Usage:

    python benchmarks/amounts_dates_sample.py /work/shared/data > /tmp/sample.jsonl

The second draw (s200 onwards, issue 29) favours amounts: seed 2911, 80 sentences per source, among
sentences with a digit, a currency sign or a number word, skipping sentences already drawn:

    python benchmarks/amounts_dates_sample.py /work/shared/data --seed 2911 --per-source 80 --numbers \
        --skip benchmarks/data/amounts_dates_gold.jsonl --first-id 200 > /tmp/sample2.jsonl

The third draw (s360 onwards) favours dates: seed 2913, 100 PolNeAR sentences naming a date:

    python benchmarks/amounts_dates_sample.py /work/shared/data --seed 2913 --per-source 100 --dates \
        --only polnear --skip benchmarks/data/amounts_dates_gold.jsonl --first-id 360 > /tmp/sample3.jsonl

a fourth (s460 onwards) the same with ``--seed 2914 --first-id 460`` and a fifth (s560 onwards) with
``--seed 2915 --first-id 560``, each drawn after the one before was added to the gold.
The sixth (s660 onwards) favours amounts again: ``--seed 2916 --per-source 50 --numbers --first-id 660``.
The seventh (s760 onwards) favours dates: ``--seed 2917 --per-source 60 --dates --only polnear --first-id 760``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SEED = 29
PER_SOURCE = 100
_CUE = re.compile(
    r"\d|[$£€¥]|\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|week|month|year"
    r"|hundred|thousand|million|billion|dozen|two|three|four|five|six|seven|eight|nine|ten|twenty|penny|cents?)\b",
    re.I,
)
# The second draw: a sentence with a digit, a currency sign or a number word (amounts are plentiful).
_NUMBER_CUE = re.compile(
    r"\d|[$£€¥]|\b(?:hundred|thousand|million|billion|dozen|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|twenty|thirty|forty|fifty|penny|pence|cents?|dollars?|pounds?|euros?|percent)\b",
    re.I,
)
# The third draw: a sentence naming a date (PolNeAR only: its publish dates make relative dates scoreable).
_DATE_CUE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|(?:1[89]|20)\d\d|yesterday|today|tomorrow|tonight|(?:last|next|this|past)\s+(?:week|month|year|weekend)|ago)\b",
)
_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z0-9])")


def sentences(path: Path) -> list[str]:
    """Sentences of one article, split on paragraphs and sentence-final punctuation."""
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        out.extend(s.strip() for s in _SPLIT.split(para.strip()) if s.strip())
    return out


def draw(root: Path, seed: int = SEED, per_source: int = PER_SOURCE, cue: re.Pattern = _CUE,
         skip: frozenset[str] = frozenset(), only: str | None = None) -> list[dict]:
    rng = random.Random(seed)
    sources = {
        "bbc": sorted(root.glob("bbc/*/*.txt")),
        "polnear": sorted(root.glob("polnear-*/text/*.txt")),
    }
    rows = []
    for name, files in sources.items():
        if only and name != only:
            continue
        picked: set[tuple[str, str]] = set()
        while len(picked) < per_source:
            path = rng.choice(files)
            cands = [s for s in sentences(path) if cue.search(s) and 30 <= len(s) <= 320 and s not in skip]
            if cands:
                picked.add((str(path.relative_to(root)), rng.choice(cands)))
        rows.extend({"file": f, "sentence": s} for f, s in sorted(picked))
    return rows


def drawn(gold: Path | None) -> frozenset[str]:
    """The sentences of a gold file (none without one): a later draw does not take them again."""
    if gold is None:
        return frozenset()
    return frozenset(json.loads(line)["sentence"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--per-source", type=int, default=PER_SOURCE)
    ap.add_argument("--numbers", action="store_true", help="only sentences with a digit, currency or number word")
    ap.add_argument("--dates", action="store_true", help="only sentences naming a date")
    ap.add_argument("--only", choices=["bbc", "polnear"], help="draw from one source")
    ap.add_argument("--skip", type=Path, help="a gold file whose sentences are not drawn again")
    ap.add_argument("--first-id", type=int, default=0)
    args = ap.parse_args()
    cue = _NUMBER_CUE if args.numbers else _DATE_CUE if args.dates else _CUE
    rows = draw(args.root, args.seed, args.per_source, cue, drawn(args.skip), args.only)
    for i, row in enumerate(rows, start=args.first_id):
        print(json.dumps({"id": f"s{i:03d}", **row}, ensure_ascii=False))


if __name__ == "__main__":
    main()
