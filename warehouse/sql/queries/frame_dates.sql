-- A batch's dates with the columns their checks read: offsets, and the year of the resolved value.
with checked as (
    select t.*, {{frame_span}}, year(t.value) as value_year
    from dates t
    left join documents d using (doc_id)
)

select * from checked
