-- What each source looked like when last read: a source whose content hash is unchanged is skipped, and a record
-- whose content another source holds is set aside as a duplicate. All of them ($all), or those a batch needs: its
-- sources ($source_uris) and the sources holding its records' contents ($content_hashes), read per batch so that a
-- run does not hold the whole archive's sources.
with loaded as (
    select source_uri, content_hash from documents
),

set_aside as (
    select source_uri, content_hash from quarantine
    where content_hash is not null and stage in ('ingest', 'clean')
),

held as (
    select * from loaded
    union
    select * from set_aside
),

final as (
    select * from held
    where $all
        or source_uri in (select unnest($source_uris::varchar[]))
        or content_hash in (select unnest($content_hashes::varchar[]))
)

select * from final
