-- Batch-level checks run inside the load transaction; any non-zero count rolls the load back.
-- Ordered by name, so that a failed load names its failures in the same order every time.
with duplicate_documents as (
    select 'documents.doc_id unique' as check_name, count(*) - count(distinct doc_id) as failures from documents
),

duplicate_sources as (
    select 'documents.source_uri unique', count(*) - count(distinct source_uri) from documents
),

duplicate_entities as (
    select 'entities.entity_id unique', count(*) - count(distinct entity_id) from entities
),

-- Every reference to a document, by the table holding it: a new table with doc_id is one line here.
doc_refs as (
    select 'mentions' as source, doc_id from mentions
    union all select 'headline_mentions', doc_id from headline_mentions
    union all select 'quotes', doc_id from quotes
    union all select 'amounts', doc_id from amounts
    union all select 'dates', doc_id from dates
    union all select 'embeds', doc_id from embeds
    union all select 'stories', doc_id from stories
    union all select 'story_features', doc_id from story_features
),

-- Every reference to an entity, by the column holding it.
entity_refs as (
    select 'mentions.entity_id' as source, entity_id from mentions
    union all select 'headline_mentions.entity_id', entity_id from headline_mentions
    union all select 'roles.entity_id', entity_id from roles
    union all select 'roles.org_entity_id', org_entity_id from roles where org_entity_id is not null
    union all select 'quotes.speaker_entity_id', speaker_entity_id from quotes where speaker_entity_id is not null
),

orphan_rows as (
    select source || '.doc_id references documents', count(*) from doc_refs
    where doc_id not in (select doc_id from documents)
    group by source
    union all
    select source || ' references entities', count(*) from entity_refs
    where entity_id not in (select entity_id from entities)
    group by source
),

-- The table's key (warehouse/tables.py): a dateline mention's offsets count in documents.dateline, not the text.
duplicate_mentions as (
    select 'mentions (doc_id, in_dateline, start_char, end_char) unique',
        count(*) - count(distinct (doc_id, coalesce(in_dateline, false), start_char, end_char)) from mentions
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

select * from final order by check_name
