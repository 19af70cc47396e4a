"""The frames the suites validate: a stage's rows plus the derived columns their checks read.

Cross-table facts (does the document exist, is the text at the offsets the stored surface) are
computed here with DuckDB over the batch's Arrow tables, so each expectation stays a simple
column check and a failing row can be quarantined on its own.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pyarrow as pa

from warehouse import store, tables


def _frame_sql(table: str) -> str | None:
    """The query adding a table's derived columns (warehouse/sql/queries/frame_<table>.sql), if it has one."""
    name = f"frame_{table}"
    return store.query_sql(name) if (store.SQL_DIR / "queries" / f"{name}.sql").exists() else None


_ROW = "_batch_row"


def extract_frames(batch: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """Frames for the extract-stage suites; ``batch`` maps table name -> Arrow rows of this batch.

    A frame's rows are in the batch table's order: the gate sets a failing row aside by its position, and a join
    is free to reorder rows, so each table carries its row number through its query and the frame is sorted by it.
    """
    con = duckdb.connect()
    for table in tables.ALL:
        rows = batch.get(table.name, table.empty())
        con.register(table.name, rows.append_column(_ROW, pa.array(range(rows.num_rows), pa.int64())))
    frames = {}
    for table in tables.ALL:
        if table.name not in batch:
            continue
        sql = _frame_sql(table.name)
        frames[table.name] = (con.execute(f"select * exclude ({_ROW}) from ({sql}) order by {_ROW}").df() if sql
                              else batch[table.name].to_pandas())
    con.close()
    return frames


_SHORT_LINE_WORDS = 5
# A record shorter than this (a news flash, a caption, a one-sentence JSONL record) is not judged by its line
# lengths: it is all one short line by nature. Clean's menu check (navigation words) judges those instead.
SHORT_RECORD_LINES = 3
SHORT_RECORD_WORDS = 40


def short_line_share(text: str) -> float:
    """Share of the text's characters that sit in lines shorter than a sentence (menus, captions, links) and are
    not rows of a table, in a text long enough for that to mean boilerplate; 0.0 for a short record."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    total = sum(len(ln) for ln in lines)
    if not total:
        return 1.0
    if len(lines) < SHORT_RECORD_LINES or len(re.findall(r"\w+", text)) < SHORT_RECORD_WORDS:
        return 0.0
    short = sum(len(ln) for ln in lines if len(re.findall(r"\w+", ln)) < _SHORT_LINE_WORDS and not _table_row(ln))
    return short / total


_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


def _table_row(line: str) -> bool:
    # Two numbers or more make a line a row of a table (a score, a time, a standing: "Ekimov 1:07:30 3"), which
    # results and standings articles are made of; a menu or a link list rarely has more than one ("Page 2").
    return len(_NUMBER.findall(line)) >= 2


def stg_frame(articles: pa.Table) -> pd.DataFrame:
    frame = articles.to_pandas()
    frame["short_line_share"] = [short_line_share(t) for t in frame["text"]]
    return frame
