-- Drift metrics of recent completed runs that loaded documents, newest first.
with final as (
    select quotes_per_1k_words, attributed_quote_share, entities_per_doc, quarantine_rate
    from runs
    where status = 'completed' and docs_loaded > 0
    order by started_at desc
    limit 20
)

select * from final
