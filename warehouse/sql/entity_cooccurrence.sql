-- Entities mentioned in the same article, with how many articles mention both. Each pair appears twice,
-- once from each side, so `where entity = '...'` lists everyone seen with that entity; add
-- `where entity_id < other_entity_id` to count each pair once.
with doc_entities as (
    select distinct doc_id, entity_id from mentions
),

pairs as (
    select
        a.entity_id,
        b.entity_id as other_entity_id,
        count(*) as articles,
        min(d.published_at) as first_published_at,
        max(d.published_at) as last_published_at
    from doc_entities as a
    join doc_entities as b on b.doc_id = a.doc_id and b.entity_id <> a.entity_id
    join documents as d on d.doc_id = a.doc_id
    group by a.entity_id, b.entity_id
),

final as (
    select
        p.entity_id,
        e.canonical_name as entity,
        e.label,
        p.other_entity_id,
        o.canonical_name as other_entity,
        o.label as other_label,
        p.articles,
        p.first_published_at,
        p.last_published_at
    from pairs as p
    join entities as e on e.entity_id = p.entity_id
    join entities as o on o.entity_id = p.other_entity_id
)

select * from final order by articles desc, entity, other_entity
