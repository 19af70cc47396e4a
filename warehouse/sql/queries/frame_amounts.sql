-- A batch's amounts with the columns their checks read: frame_span's offset checks, read against the part of the
-- document the row points into (documents.title for a headline's amount), and a unit that fits the kind (an ISO
-- currency code for money, % and pp for percentages, any word for a quantity).
with parts as (
    {{document_parts}}
),

checked as (
    select t.*, {{frame_span}},
        case t.kind
            when 'money' then coalesce(regexp_full_match(t.unit, '[A-Z]{3}'), false)
            when 'percent' then coalesce(t.unit = '%', false)
            when 'percentage_points' then coalesce(t.unit = 'pp', false)
            else coalesce(length(trim(t.unit)) > 0, false)
        end as unit_known
    from amounts t
    left join parts d on d.doc_id = t.doc_id and d.in_title = coalesce(t.in_title, false) and not d.in_dateline
)

select * from checked
