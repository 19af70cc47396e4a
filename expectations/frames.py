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

from warehouse import tables

_SPAN = """
    d.doc_id is not null as doc_exists,
    coalesce(t.start_char >= 0 and t.end_char <= length(d.text), false) as inside_text,
    substr(d.text, t.start_char + 1, t.end_char - t.start_char) as span_text
"""

# One derived-column query per table; {span} adds the offset checks.
DERIVED_SQL = {
    "mentions": """
        select t.*, {span}, e.entity_id is not null as entity_exists
        from mentions t left join documents d using (doc_id) left join entities e using (entity_id)""",
    "quotes": """
        select t.*, {span},
            case when t.speaker_entity_id is null then 'NONE' else coalesce(e.label, 'MISSING') end as speaker_label,
            t.speaker_entity_id is null or e.entity_id is not null as speaker_exists,
            t.speaker_text is null
              or coalesce(substr(d.text, t.speaker_start + 1, t.speaker_end - t.speaker_start) = t.speaker_text, false)
              as speaker_span_ok
        from quotes t left join documents d using (doc_id) left join entities e on e.entity_id = t.speaker_entity_id""",
    "amounts": """
        select t.*, {span},
            case t.kind
                when 'money' then coalesce(regexp_full_match(t.unit, '[A-Z]{{3}}'), false)
                when 'percent' then coalesce(t.unit = '%', false)
                when 'percentage_points' then coalesce(t.unit = 'pp', false)
                else coalesce(length(trim(t.unit)) > 0, false)
            end as unit_known
        from amounts t left join documents d using (doc_id)""",
    "dates": "select t.*, {span}, year(t.value) as value_year from dates t left join documents d using (doc_id)",
    "roles": """
        select t.*, d.doc_id is not null as doc_exists, e.entity_id is not null as entity_exists,
            t.org_entity_id is null or o.entity_id is not null as org_exists
        from roles t left join documents d using (doc_id) left join entities e using (entity_id)
        left join entities o on o.entity_id = t.org_entity_id""",
    "embeds": "select t.*, d.doc_id is not null as doc_exists from embeds t left join documents d using (doc_id)",
    "stories": "select t.*, d.doc_id is not null as doc_exists from stories t left join documents d using (doc_id)",
}


def extract_frames(batch: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """Frames for the extract-stage suites; ``batch`` maps table name -> Arrow rows of this batch."""
    con = duckdb.connect()
    for table in tables.ALL:
        con.register(table.name, batch.get(table.name, table.empty()))
    frames = {}
    for table in tables.ALL:
        if table.name not in batch:
            continue
        sql = DERIVED_SQL.get(table.name)
        frames[table.name] = (con.execute(sql.format(span=_SPAN)).df() if sql
                              else batch[table.name].to_pandas())
    con.close()
    return frames


_SHORT_LINE_WORDS = 5
# A record shorter than this (a news flash, a caption, a one-sentence JSONL record) is not judged by its line
# lengths: it is all one short line by nature. Clean's menu check (navigation words) judges those instead.
SHORT_RECORD_LINES = 3
SHORT_RECORD_WORDS = 40


def short_line_share(text: str) -> float:
    """Share of the text's characters that sit in lines shorter than a sentence (menus, captions, links), in a
    text long enough for that to mean boilerplate; 0.0 for a short record."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    total = sum(len(ln) for ln in lines)
    if not total:
        return 1.0
    if len(lines) < SHORT_RECORD_LINES or len(re.findall(r"\w+", text)) < SHORT_RECORD_WORDS:
        return 0.0
    short = sum(len(ln) for ln in lines if len(re.findall(r"\w+", ln)) < _SHORT_LINE_WORDS)
    return short / total


def stg_frame(articles: pa.Table) -> pd.DataFrame:
    frame = articles.to_pandas()
    frame["short_line_share"] = [short_line_share(t) for t in frame["text"]]
    return frame
