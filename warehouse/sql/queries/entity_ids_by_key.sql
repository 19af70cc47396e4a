-- The entities stored under any of some blocking keys ($keys): those a batch's mentions may resolve to.
select distinct entity_id from entity_keys where key in (select unnest($keys::varchar[]))
