-- A run's committed record and what it checked ($flow_run_id, or the latest run since $since when Prefect lost it):
-- the command line reports a run's outcome from this, never from Prefect's copy of the flow's result.
with run as (
    select *
    from runs
    where flow_run_id = $flow_run_id or ($flow_run_id is null and started_at >= $since)
    order by started_at desc
    limit 1
),

checks as (
    select count(*) as dq_checked, count(*) filter (where not success) as dq_failed
    from dq_results
    where run_id = (select run_id from run)
)

select
    run.run_id,
    run.status,
    run.message,
    round(epoch(run.finished_at) - epoch(run.started_at), 1) as duration_s,
    run.docs_seen,
    run.docs_loaded,
    run.docs_replaced,
    run.docs_skipped,
    run.docs_quarantined,
    run.files_skipped,
    checks.dq_checked,
    checks.dq_failed
from run, checks
