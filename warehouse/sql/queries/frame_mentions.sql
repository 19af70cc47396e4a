-- A batch's mentions with the columns their checks read: offsets, and the entity it names exists.
-- The offset checks are frame_span's, read against documents.dateline for a dateline mention (the dateline
-- is not part of the text).
with located as (
    select t.*, d.doc_id as document_id,
        case when t.in_dateline then d.dateline else d.text end as source_text
    from mentions t
    left join documents d using (doc_id)
),

checked as (
    select t.* exclude (document_id, source_text),
        t.document_id is not null as doc_exists,
        coalesce(t.start_char >= 0 and t.end_char <= length(t.source_text), false) as inside_text,
        substr(t.source_text, t.start_char + 1, t.end_char - t.start_char) as span_text,
        e.entity_id is not null as entity_exists
    from located t
    left join entities e using (entity_id)
)

select * from checked
