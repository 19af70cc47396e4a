"""A long run's curve from its log: documents staged, memory and seconds per batch over time.

Reads the last run in a log written by benchmarks/measure.py (``[measure]`` lines every minute between the
run's own log lines), so a scale run can be followed while it goes, or read after it was stopped.

    uv run python benchmarks/scale_curve.py [LOG] [--every 10]

LOG defaults to benchmarks/out/scale-runs.log; a row is printed every ``--every`` minutes.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURE = re.compile(r"^\[measure\] (\S+)\s+(\d+) s: tree ([\d,]+) MB, largest ([\d,]+) MB \(peaks so far ([\d,]+)")
STAGED = re.compile(r"^(\d\d:\d\d:\d\d)\.\d+ .* batch (\d+): .* documents staged \((\d+) so far\)")


def _mb(text: str) -> int:
    return int(text.replace(",", ""))


def _seconds(clock: str) -> int:
    h, m, s = (int(x) for x in clock.split(":"))
    return h * 3600 + m * 60 + s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log", nargs="?", type=Path, default=ROOT / "benchmarks" / "out" / "scale-runs.log")
    ap.add_argument("--every", type=int, default=10, help="minutes between rows")
    args = ap.parse_args()
    lines = args.log.read_text().splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("=== "))
    print(lines[start])
    print(f"{'clock':>8} {'minutes':>7} {'batch':>5} {'docs':>7} {'s/batch':>7} {'tree MB':>7} {'flow MB':>7} "
          f"{'tree peak':>9}")
    batch = docs = 0
    last_batch, last_clock = 0, None
    batch_clock: dict[int, str] = {}
    for line in lines[start + 1:]:
        if staged := STAGED.match(line):
            batch, docs = int(staged[2]), int(staged[3])
            batch_clock[batch] = staged[1]
        elif (measured := MEASURE.match(line)) and int(measured[2]) % (60 * args.every) < 60:
            clock, tree, flow, peak = measured[1], _mb(measured[3]), _mb(measured[4]), _mb(measured[5])
            rate = ""
            if last_clock and batch > last_batch:
                rate = f"{(_seconds(batch_clock[batch]) - _seconds(last_clock)) / (batch - last_batch):.1f}"
            if batch:
                last_batch, last_clock = batch, batch_clock[batch]
            print(f"{clock:>8} {int(measured[2]) // 60:>7} {batch:>5} {docs:>7,} {rate:>7} {tree:>7,} {flow:>7,} "
                  f"{peak:>9,}")


if __name__ == "__main__":
    main()
