-- How many entities the warehouse knows: a run reads them all at its start up to state.WHOLE_ENTITIES, else per batch.
select count(*) as n from entities
