-- Entities with no row in entity_keys (a warehouse written before the key table): their keys are added.
select entity_id from entities where entity_id not in (select entity_id from entity_keys) order by entity_id
