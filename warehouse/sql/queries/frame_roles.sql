-- A batch's roles with the columns their checks read: the document, the entity and its organisation exist.
with checked as (
    select t.*,
        d.doc_id is not null as doc_exists,
        e.entity_id is not null as entity_exists,
        t.org_entity_id is null or o.entity_id is not null as org_exists
    from roles t
    left join documents d using (doc_id)
    left join entities e using (entity_id)
    left join entities o on o.entity_id = t.org_entity_id
)

select * from checked
