-- A batch's story assignments with the column their checks read: the document exists.
with checked as (
    select t.*, d.doc_id is not null as doc_exists
    from stories t
    left join documents d using (doc_id)
)

select * from checked
