-- Story features of the most recent documents ($1 of them: the last runs' loads), oldest first, as same-story
-- clustering compares new articles with them. Older documents are read by publication window on demand
-- (story_features_window), so a run never holds the whole table. The recent ones are picked on narrow columns
-- first: ranking whole rows would sort every document's signature and keywords.
with ranked as (
    select f.doc_id, d.run_id, f.published_at,
           row_number() over (order by d.run_id desc, f.published_at desc nulls last, f.doc_id desc) as age
    from story_features f
    join documents d using (doc_id)
),

recent as (
    select doc_id, run_id from ranked where age <= $1
),

final as (
    select f.doc_id, f.story_id, f.minhash, f.keywords, f.weights, f.entity_ids, f.published_at, f.n_shingles,
           f.event_days,
           r.run_id
    from story_features f
    join recent r using (doc_id)
)

select * exclude (run_id) from final order by run_id, published_at nulls first, doc_id
