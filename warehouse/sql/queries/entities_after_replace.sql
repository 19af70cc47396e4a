-- After a source's old version is replaced: delete entities nothing refers to any more.
delete from entities
where entity_id not in (
    select entity_id from mentions
    union select entity_id from roles
    union select org_entity_id from roles where org_entity_id is not null
    union select speaker_entity_id from quotes where speaker_entity_id is not null
)
