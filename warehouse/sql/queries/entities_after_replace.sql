-- After a source's old version is replaced: delete entities nothing refers to any more.
delete from entities
where entity_id not in (select entity_id from ({{entity_refs}}))
