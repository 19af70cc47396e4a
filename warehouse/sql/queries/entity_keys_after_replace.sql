-- After entities_after_replace: the keys of the entities it deleted go with them.
delete from entity_keys
where entity_id not in (select entity_id from entities)
