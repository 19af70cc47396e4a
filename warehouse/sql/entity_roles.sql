-- The titles and roles each person is given, with the organisation or country when known, in how many
-- articles, and when first and last.
with final as (
    select
        r.entity_id,
        e.canonical_name as entity,
        r.role,
        r.org_entity_id,
        o.canonical_name as organisation,
        count(distinct r.doc_id) as articles,
        min(d.published_at) as first_published_at,
        max(d.published_at) as last_published_at
    from roles as r
    join entities as e on e.entity_id = r.entity_id
    left join entities as o on o.entity_id = r.org_entity_id
    join documents as d on d.doc_id = r.doc_id
    group by all
)

select * from final order by entity, articles desc, role
