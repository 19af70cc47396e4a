-- A batch's dates with the columns their checks read: frame_span's offset checks, read against the part of the
-- document the row points into (documents.title for a headline's date, documents.dateline for the dateline's),
-- and the year of the resolved value.
with parts as (
    {{document_parts}}
),

checked as (
    select t.*, {{frame_span}}, year(t.value) as value_year
    from dates t
    left join parts d on d.doc_id = t.doc_id and d.in_title = coalesce(t.in_title, false)
        and d.in_dateline = coalesce(t.in_dateline, false)
)

select * from checked
