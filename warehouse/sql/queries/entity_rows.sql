-- Every known entity, as the extract stage's entity index loads it.
with final as (
    select entity_id, canonical_name, label, aliases from entities
)

select * from final order by entity_id
