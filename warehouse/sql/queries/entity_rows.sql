-- Every known entity with its resolution evidence, as the extract stage's entity index loads it.
with final as (
    select entity_id, canonical_name, label, aliases, roles, neighbours, doc_count from entities
)

select * from final order by entity_id
