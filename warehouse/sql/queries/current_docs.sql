-- The doc_ids the warehouse holds for some sources ($source_uris): the versions a run's changed sources replace.
select doc_id
from documents
where source_uri in (select unnest($source_uris::varchar[]))
order by doc_id
