-- What each source looked like when last read: a source whose content hash is unchanged is skipped.
with loaded as (
    select source_uri, content_hash from documents
),

set_aside as (
    select source_uri, content_hash from quarantine
    where content_hash is not null and stage in ('ingest', 'clean')
),

final as (
    select * from loaded
    union
    select * from set_aside
)

select * from final
