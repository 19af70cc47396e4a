-- Story features of known documents, as same-story clustering compares new articles with them: oldest run
-- first, so that a run's "most recent documents" are the ones loaded last.
with final as (
    select f.doc_id, f.story_id, f.minhash, f.keywords, f.weights, f.entity_ids, f.published_at, f.n_shingles,
           f.event_days,
           d.run_id
    from story_features f
    join documents d using (doc_id)
)

select * exclude (run_id) from final order by run_id, published_at nulls first, doc_id
