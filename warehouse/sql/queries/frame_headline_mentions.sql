-- A batch's headline mentions with the columns their checks read: frame_span's offset checks, read against
-- documents.title (the offsets point into the headline, not the text), and the entity it names exists.
with checked as (
    select t.*, {{frame_span}},
        e.entity_id is not null as entity_exists
    from headline_mentions t
    left join (select doc_id, title as text from documents) d using (doc_id)
    left join entities e using (entity_id)
)

select * from checked
