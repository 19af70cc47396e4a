-- A batch's quotes with the columns their checks read: offsets, the speaker entity's label ('NONE' for an
-- unattributed quote, 'MISSING' for a dangling id), and the speaker span holds the speaker text.
with checked as (
    select t.*, {{frame_span}},
        case when t.speaker_entity_id is null then 'NONE' else coalesce(e.label, 'MISSING') end as speaker_label,
        t.speaker_entity_id is null or e.entity_id is not null as speaker_exists,
        t.speaker_text is null
          or coalesce(substr(d.text, t.speaker_start + 1, t.speaker_end - t.speaker_start) = t.speaker_text, false)
          as speaker_span_ok
    from quotes t
    left join documents d using (doc_id)
    left join entities e on e.entity_id = t.speaker_entity_id
)

select * from checked
