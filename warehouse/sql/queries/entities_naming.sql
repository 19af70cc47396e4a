-- The entities whose neighbours name any of some entities ($ids): their lists are pruned when those are dropped.
select entity_id from entities where list_has_any(neighbours, $ids::varchar[]) order by entity_id
