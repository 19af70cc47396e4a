"""A minimal warehouse writer for the reader tests: N load-like transactions through warehouse.store.

Usage: python -m tests.reliability.commit_loop WAREHOUSE N [--hang]
Each transaction opens the warehouse as the pipeline's load does (store.connect, which also
re-creates the views), inserts one document and three of its mentions, and commits. Prints one
line per failed transaction and exits 1 if any failed. With --hang the last transaction prints
READY after its inserts (their Parquet files written) and waits, uncommitted, to be killed.
"""

from __future__ import annotations

import sys
import time

from warehouse import store


def main(warehouse: str, n: int, hang: bool = False) -> int:
    failed = 0
    for i in range(n):
        try:
            con = store.connect(warehouse)
            try:
                con.execute("begin transaction")
                if i == 0:
                    con.execute("insert into entities (entity_id, canonical_name, label) values ('e1', 'T', 'PERSON')")
                con.execute("insert into documents (doc_id, source_uri, content_hash, text, word_count, run_id, "
                            "pipeline_version) values (?, ?, ?, 'Text.', 1, 'loop', 'test')", [f"d{i}", f"s{i}", f"h{i}"])
                for k in range(3):
                    con.execute("insert into mentions (doc_id, entity_id, text, label, start_char, end_char) "
                                "values (?, 'e1', 'T', 'PERSON', ?, ?)", [f"d{i}", k, k + 1])
                if hang and i == n - 1:
                    print("READY", flush=True)
                    time.sleep(600)
                con.execute("commit")
            finally:
                con.close()
        except Exception as exc:  # noqa: BLE001 - report every failed commit
            failed += 1
            print(f"commit {i} failed: {type(exc).__name__}: {str(exc)[:200]}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), "--hang" in sys.argv[3:]))
