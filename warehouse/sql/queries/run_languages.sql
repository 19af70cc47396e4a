-- Documents a run (? = run_id) loaded, per language, most first.
select coalesce(language, 'unknown') as language, count(*) as documents
from documents
where run_id = ?
group by all
order by documents desc, language
