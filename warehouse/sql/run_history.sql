-- Every run, newest first, with how long it took and what it did.
with final as (
    select
        run_id,
        flow_run_name,
        status,
        date_trunc('second', started_at) as started_at,
        date_trunc('second', finished_at) as finished_at,
        round(epoch(finished_at) - epoch(started_at), 1) as duration_s,
        docs_seen,
        docs_loaded,
        docs_replaced,
        docs_skipped,
        docs_quarantined,
        pipeline_version,
        message,
        flow_run_id
    from runs
)

select * from final order by started_at desc, run_id desc
