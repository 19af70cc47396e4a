-- The entities some documents ($doc_ids) refer to, each with every document that refers to it:
-- what a run takes back from its resolver before the new versions of those documents resolve.
with refs as ({{entity_refs}})
select entity_id, list(distinct doc_id) as doc_ids
from refs
where entity_id in (select entity_id from refs where doc_id in (select unnest($doc_ids::varchar[])))
group by entity_id
