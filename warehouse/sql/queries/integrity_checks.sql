-- Batch-level checks run inside the load transaction; any non-zero count rolls the load back.
with duplicate_documents as (
    select 'documents.doc_id unique' as check_name, count(*) - count(distinct doc_id) as failures from documents
),

duplicate_sources as (
    select 'documents.source_uri unique', count(*) - count(distinct source_uri) from documents
),

duplicate_entities as (
    select 'entities.entity_id unique', count(*) - count(distinct entity_id) from entities
),

orphan_rows as (
    select 'mentions.doc_id references documents', count(*) from mentions where doc_id not in (select doc_id from documents)
    union all
    select 'mentions.entity_id references entities', count(*) from mentions where entity_id not in (select entity_id from entities)
    union all
    select 'roles.entity_id references entities', count(*) from roles where entity_id not in (select entity_id from entities)
    union all
    select 'roles.org_entity_id references entities', count(*) from roles
    where org_entity_id is not null and org_entity_id not in (select entity_id from entities)
    union all
    select 'quotes.doc_id references documents', count(*) from quotes where doc_id not in (select doc_id from documents)
    union all
    select 'quotes.speaker_entity_id references entities', count(*) from quotes
    where speaker_entity_id is not null and speaker_entity_id not in (select entity_id from entities)
    union all
    select 'amounts.doc_id references documents', count(*) from amounts where doc_id not in (select doc_id from documents)
    union all
    select 'dates.doc_id references documents', count(*) from dates where doc_id not in (select doc_id from documents)
    union all
    select 'embeds.doc_id references documents', count(*) from embeds where doc_id not in (select doc_id from documents)
    union all
    select 'stories.doc_id references documents', count(*) from stories where doc_id not in (select doc_id from documents)
    union all
    select 'story_features.doc_id references documents', count(*) from story_features
    where doc_id not in (select doc_id from documents)
),

duplicate_mentions as (
    select 'mentions (doc_id, start_char, end_char) unique', count(*) - count(distinct (doc_id, start_char, end_char)) from mentions
),

duplicate_quotes as (
    select 'quotes.quote_id unique', count(*) - count(distinct quote_id) from quotes
),

final as (
    select * from duplicate_documents
    union all select * from duplicate_sources
    union all select * from duplicate_entities
    union all select * from orphan_rows
    union all select * from duplicate_mentions
    union all select * from duplicate_quotes
)

select * from final
