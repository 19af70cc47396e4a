-- One row per statement: the pieces of a quote split by its attribution, run over paragraphs or on after
-- a colon, joined in text order, with the speaker and cue they share (taken from the first piece).
-- Rows loaded before statement_id existed are statements of one piece each.
with pieces as (
    select
        q.*,
        coalesce(q.statement_id, q.quote_id) as sid,
        row_number() over (partition by q.doc_id, coalesce(q.statement_id, q.quote_id) order by q.start_char) as n
    from quotes as q
),

grouped as (
    select
        doc_id,
        sid,
        string_agg(text, ' ' order by start_char) as text,
        min(start_char) as start_char,
        max(end_char) as end_char,
        count(*) as pieces
    from pieces
    group by doc_id, sid
),

final as (
    select
        g.sid as statement_id,
        g.doc_id,
        g.text,
        f.kind,
        f.speaker_entity_id,
        e.canonical_name as speaker,
        f.speaker_text,
        f.speaker_start,
        f.speaker_end,
        f.cue,
        f.cue_start,
        f.cue_end,
        g.start_char,
        g.end_char,
        g.pieces
    from grouped as g
    join pieces as f on f.doc_id = g.doc_id and f.sid = g.sid and f.n = 1
    left join entities as e on e.entity_id = f.speaker_entity_id
)

select * from final
