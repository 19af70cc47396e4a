-- Every (entity_id, doc_id) pair by which a document refers to an entity. Other queries include it by
-- name in double braces, so that a new referring column is added in one place.
select entity_id, doc_id from mentions
union select entity_id, doc_id from roles
union select org_entity_id, doc_id from roles where org_entity_id is not null
union select speaker_entity_id, doc_id from quotes where speaker_entity_id is not null
