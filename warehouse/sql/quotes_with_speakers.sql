-- Who said what: each quote with its speaker's canonical name, label and roles in that article.
with speaker_roles as (
    select doc_id, entity_id, string_agg(distinct role, '; ' order by role) as speaker_roles
    from roles
    group by doc_id, entity_id
),

final as (
    select
        q.quote_id,
        q.doc_id,
        d.title,
        d.published_at,
        e.canonical_name as speaker,
        e.label as speaker_label,
        r.speaker_roles,
        q.speaker_text,
        q.cue,
        q.kind,
        q.text as quote,
        q.start_char,
        q.end_char
    from quotes as q
    join documents as d using (doc_id)
    left join entities as e on e.entity_id = q.speaker_entity_id
    left join speaker_roles as r on r.doc_id = q.doc_id and r.entity_id = q.speaker_entity_id
)

select * from final
