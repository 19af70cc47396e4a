-- Story features of known documents, as same-story clustering compares new articles with them.
with final as (
    select doc_id, story_id, minhash, keywords, weights, entity_ids, published_at, n_shingles
    from story_features
)

select * from final order by doc_id
