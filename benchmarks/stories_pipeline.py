"""Same-story clusters through the whole pipeline: `newsflow run` on ECB+'s JSONL, the `stories` table read back.

Usage:
    uv run python benchmarks/stories_pipeline.py [../shared/data/ecbplus-dev] [--keep DIR]

``benchmarks/stories.py`` clusters the documents' features directly, as one batch; a user feeds the file to
`newsflow run`, which reads, cleans, checks and extracts it in batches and writes `stories`. This runs the real flow
once on the file, reads each record's story with SQL and scores BCubed per document (as ``stories.py`` does) on all
documents and on each half (``stories.held_out``: both stories of a topic on one side). A record the run set
aside has no story and is counted apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pipeline_io import add_keep, link_inbox, warehouse_for  # noqa: E402
from benchmarks.stories import held_out, score_line, topic_of  # noqa: E402
from warehouse import location, store  # noqa: E402

SQL = "select d.source_uri, s.story_id from stories s join documents d using (doc_id)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ecb", type=Path, nargs="?", default=ROOT.parent / "shared" / "data" / "ecbplus-dev")
    add_keep(parser)
    args = parser.parse_args()
    source = args.ecb / "stories.jsonl"
    records = {n: json.loads(line) for n, line in enumerate(source.read_text().splitlines(), 1) if line.strip()}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        link_inbox(work / "inbox", [source])
        warehouse = warehouse_for(work / "inbox", work)
        con = store.connect(location.parse(str(warehouse)))
        rows = con.execute(SQL).fetchall()
        con.close()
    got = {records[int(uri.rsplit("#", 1)[1])]["id"]: story for uri, story in rows}
    gold = {r["id"]: r["story"] for r in records.values()}
    print(f"ECB+ through `newsflow run`: {len(records)} records, {len(got)} in a story "
          f"({len(records) - len(got)} set aside)")
    print(score_line("all", got, gold))
    for name, keep in (("tuning half", False), ("held-out half", True)):
        half = {d: s for d, s in got.items() if held_out(topic_of(d)) == keep}
        print(score_line(name, half, gold))


if __name__ == "__main__":
    main()
