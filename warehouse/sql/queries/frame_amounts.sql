-- A batch's amounts with the columns their checks read: offsets, and a unit that fits the kind
-- (an ISO currency code for money, % and pp for percentages, any word for a quantity).
with checked as (
    select t.*, {{frame_span}},
        case t.kind
            when 'money' then coalesce(regexp_full_match(t.unit, '[A-Z]{3}'), false)
            when 'percent' then coalesce(t.unit = '%', false)
            when 'percentage_points' then coalesce(t.unit = 'pp', false)
            else coalesce(length(trim(t.unit)) > 0, false)
        end as unit_known
    from amounts t
    left join documents d using (doc_id)
)

select * from checked
