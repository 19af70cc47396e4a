-- Each story (a cluster of articles about the same events) as a timeline: its articles in publication
-- order, undated ones last, with title and outlet. story_title is the title of the story's first article.
with members as (
    select
        s.story_id,
        d.doc_id,
        d.published_at,
        d.title,
        d.outlet,
        d.dateline,
        d.author,
        d.word_count,
        d.source_uri
    from stories as s
    join documents as d using (doc_id)
),

final as (
    select
        story_id,
        first_value(title) over story_order as story_title,
        row_number() over story_order as position,
        count(*) over (partition by story_id) as story_articles,
        published_at,
        published_at - min(published_at) over (partition by story_id) as since_first,
        title,
        outlet,
        dateline,
        author,
        word_count,
        doc_id,
        source_uri
    from members
    window story_order as (partition by story_id order by published_at asc nulls last, doc_id
                           rows between unbounded preceding and unbounded following)
)

select * from final order by story_id, position
