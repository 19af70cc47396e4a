-- Each story as a timeline: its articles in publication order, undated ones last, with title and outlet.
-- A story is the articles, from any outlet, that report one event (tasks/lib/memory/stories.py): a new article joins
-- the story whose articles it resembles on average (distinctive words, resolved entities, the days it names;
-- a copy joins its original), or starts one; dated articles only join stories published within 7 days of
-- them. story_title is the title of the story's first article; story_outlets answers "how many outlets
-- covered this event" (articles without an outlet are not counted).
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

outlets as (
    select story_id, count(distinct outlet) as story_outlets from members group by story_id
),

final as (
    select
        story_id,
        first_value(title) over story_order as story_title,
        row_number() over story_order as position,
        count(*) over (partition by story_id) as story_articles,
        story_outlets,
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
    join outlets using (story_id)
    window story_order as (partition by story_id order by published_at asc nulls last, doc_id
                           rows between unbounded preceding and unbounded following)
)

select * from final order by story_id, position
