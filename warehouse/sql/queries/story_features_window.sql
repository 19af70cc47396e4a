-- Story features of the documents published in [$1, $2), oldest run first: the older candidates of a batch whose
-- articles are dated (undated documents are compared only while they are among the recent ones).
with final as (
    select f.doc_id, f.story_id, f.minhash, f.keywords, f.weights, f.entity_ids, f.published_at, f.n_shingles,
           f.event_days,
           d.run_id
    from story_features f
    join documents d using (doc_id)
    where f.published_at >= $1 and f.published_at < $2
)

select * exclude (run_id) from final order by run_id, published_at, doc_id
