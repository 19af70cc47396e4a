-- The entities some documents ($doc_ids) refer to, each with every document that refers to it:
-- what a run takes back from its resolver before the new versions of those documents resolve.
with refs as (
    select entity_id, doc_id from mentions
    union select entity_id, doc_id from roles
    union select org_entity_id, doc_id from roles where org_entity_id is not null
    union select speaker_entity_id, doc_id from quotes where speaker_entity_id is not null
)
select entity_id, list(distinct doc_id) as doc_ids
from refs
where entity_id in (select entity_id from refs where doc_id in (select unnest($doc_ids::varchar[])))
group by entity_id
