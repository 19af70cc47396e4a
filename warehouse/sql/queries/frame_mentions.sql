-- A batch's mentions with the columns their checks read: offsets, and the entity it names exists.
with checked as (
    select t.*, {{frame_span}}, e.entity_id is not null as entity_exists
    from mentions t
    left join documents d using (doc_id)
    left join entities e using (entity_id)
)

select * from checked
