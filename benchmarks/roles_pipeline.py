"""Roles through the whole pipeline: `newsflow run` on the gold sentences' articles, `roles` read back with SQL.

Usage:
    uv run python benchmarks/roles_pipeline.py [--keep DIR] [--errors]

``benchmarks/roles.py`` analyses each gold sentence alone. A user runs `newsflow run` on the articles and reads
`roles` joined to `entities`: the whole article is parsed, a person is named by the entity's canonical name and a
role's offsets point into the cleaned text. This runs the real flow once on the 200 sentences' article files (named
as in the amounts and dates pipeline benchmark), finds each sentence in its stored text, takes the roles whose words
and a mention of whose person lie inside it (the gold was written from the sentence alone: `Sen.` ending one names
no one in it) and scores them with ``benchmarks/roles.py``'s scorer, per part. A sentence the cleaned text no longer
holds scores no hits.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.amounts_dates_pipeline import gold_run, place  # noqa: E402
from benchmarks.pipeline_io import add_keep, rows_by_source  # noqa: E402
from benchmarks.roles import GOLD, report  # noqa: E402

ROLES = """select d.source_uri, r.start_char, r.end_char, r.role, p.canonical_name as person, o.canonical_name as org,
    list(m.start_char) as person_at
from roles r join documents d using (doc_id) join entities p on p.entity_id = r.entity_id
left join entities o on o.entity_id = r.org_entity_id
left join mentions m on m.doc_id = r.doc_id and m.entity_id = r.entity_id
group by all"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_keep(parser)
    parser.add_argument("--errors", action="store_true", help="list the tuning part's misses and false roles")
    args = parser.parse_args()
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    with gold_run(gold, args.keep) as (warehouse, docs):
        roles = rows_by_source(warehouse, ROLES)
    preds, found = [], 0
    for row in gold:
        key, _, start = place(row, docs)
        found += start is not None
        end = (start or 0) + len(row["sentence"])
        preds.append([] if start is None else [
            {"person": r["person"], "role": r["role"], "org": r["org"]} for r in roles.get(key, [])
            if r["start_char"] is not None and start <= r["start_char"] and r["end_char"] <= end
            and any(start <= at < end for at in r["person_at"])])
    print(f"{len(gold)} sentences: {found} found in their stored article")
    report(gold, preds, lambda name, n, s: (
        f"{name:9} roles P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f} (gold {s['gold']}, predicted "
        f"{s['predicted']}; whole role {s['exact']:.3f}, owner {s['org']})"), args.errors)


if __name__ == "__main__":
    main()
