-- Who is in the news: every entity with the articles and mentions naming it, the quotes it is credited
-- with, and when it was first and last published about. Most-covered first.
with mention_counts as (
    select
        m.entity_id,
        count(distinct m.doc_id) as articles,
        count(*) as mentions,
        min(d.published_at) as first_published_at,
        max(d.published_at) as last_published_at
    from mentions as m
    join documents as d using (doc_id)
    group by m.entity_id
),

quote_counts as (
    select speaker_entity_id as entity_id, count(*) as quotes
    from quotes
    where speaker_entity_id is not null
    group by speaker_entity_id
),

final as (
    select
        e.entity_id,
        e.canonical_name as entity,
        e.label,
        m.articles,
        m.mentions,
        coalesce(q.quotes, 0) as quotes,
        m.first_published_at,
        m.last_published_at,
        e.aliases
    from mention_counts as m
    join entities as e using (entity_id)
    left join quote_counts as q using (entity_id)
)

select * from final order by articles desc, mentions desc, entity
