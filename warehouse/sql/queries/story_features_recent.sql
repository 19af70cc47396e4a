-- Story features of the most recent documents ($1 of them: the last runs' loads), oldest first, as same-story
-- clustering compares new articles with them. Older documents are read by publication window on demand
-- (story_features_window), so a run never holds the whole table.
with final as (
    select f.doc_id, f.story_id, f.minhash, f.keywords, f.weights, f.entity_ids, f.published_at, f.n_shingles,
           f.event_days,
           d.run_id,
           row_number() over (order by d.run_id desc, f.published_at desc nulls last, f.doc_id desc) as age
    from story_features f
    join documents d using (doc_id)
)

select * exclude (run_id, age) from final where age <= $1 order by run_id, published_at nulls first, doc_id
