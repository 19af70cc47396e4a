-- The last runs (? = how many), newest first, with their counts and the documents each holds per language.
with per_language as (
    select run_id, coalesce(language, 'unknown') as language, count(*) as n
    from documents
    group by all
),

languages as (
    select run_id, string_agg(language || ' ' || n, ', ' order by n desc, language) as languages
    from per_language
    group by run_id
)

select
    h.run_id, h.status, h.started_at, h.duration_s, h.docs_seen, h.docs_loaded, h.docs_replaced, h.docs_skipped,
    h.docs_quarantined, r.files_skipped, l.languages, h.message
from run_history as h
join runs as r using (run_id)
left join languages as l using (run_id)
order by h.started_at desc, h.run_id desc
limit ?
