-- Some entities ($ids) with their resolution evidence, as the extract stage's entity index reads them per batch.
select entity_id, canonical_name, label, aliases, roles, neighbours, doc_count
from entities
where entity_id in (select unnest($ids::varchar[]))
order by entity_id
