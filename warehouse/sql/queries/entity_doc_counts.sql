-- After a source's old version is replaced: recount the articles each entity is mentioned in.
update entities
set doc_count = counted.n
from (select entity_id, count(distinct doc_id) as n from mentions group by entity_id) as counted
where entities.entity_id = counted.entity_id and entities.doc_count is distinct from counted.n
