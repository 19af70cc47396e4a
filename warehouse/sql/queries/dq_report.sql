-- The data-quality checks of one run (? = run_id), failures first.
with final as (
    select stage, suite, expectation, success, severity, unexpected_count, element_count, observed_value
    from dq_results
    where run_id = ?
)

select * from final
order by success, case severity when 'batch' then 0 when 'record' then 1 else 2 end, stage, suite, expectation
