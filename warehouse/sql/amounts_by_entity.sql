-- Amounts (money, percentages, counted quantities) with the entities of their sentence or article.
-- scope is 'sentence' when the entity is mentioned in the amount's sentence, else 'article' (mentioned
-- elsewhere in the same article): filter `scope = 'sentence'` for amounts tied to the entity.
-- Sentences are approximate: they end at . ! or ? followed by a space, or at a line break; initials and
-- common abbreviations (U.S., Mr., Corp.) do not end one. sentence is the amount's sentence; a headline's amount
-- (in_title) has the headline as its sentence, and the entities the headline names in it.
with windows as (
    -- Up to 600 characters either side of the amount; abbreviation dots become '_' (same length).
    select
        a.doc_id,
        a.start_char,
        a.end_char,
        greatest(a.start_char - 600, 0) as window_start,
        regexp_replace(
            substr(d.text, greatest(a.start_char - 600, 0) + 1, a.start_char - greatest(a.start_char - 600, 0)),
            '\b(Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|Col|Capt|Lt|Sgt|St|Jr|Sr|No|Inc|Corp|Co|Ltd|vs|[A-Z])\.',
            '\1_', 'g') as before_text,
        regexp_replace(
            substr(d.text, a.end_char + 1, 600),
            '\b(Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|Col|Capt|Lt|Sgt|St|Jr|Sr|No|Inc|Corp|Co|Ltd|vs|[A-Z])\.',
            '\1_', 'g') as after_text
    from amounts as a
    join documents as d using (doc_id)
    where not coalesce(a.in_title, false)
),

sentences as (
    select
        doc_id,
        false as in_title,
        start_char,
        end_char,
        -- after the last sentence end before the amount ...
        window_start + length(regexp_extract(before_text, '(?s)^.*(?:[.!?]["”’)\]]*\s|\n)', 0)) as sentence_start,
        -- ... up to the first one after it (or the line's end)
        end_char + length(coalesce(
            nullif(regexp_extract(after_text, '^[^\n]*?[.!?]["”’)\]]*(?:\s|$)', 0), ''),
            regexp_extract(after_text, '^[^\n]*', 0))) as sentence_end
    from windows
    union all
    select a.doc_id, true as in_title, a.start_char, a.end_char, 0 as sentence_start, length(d.title) as sentence_end
    from amounts as a
    join documents as d using (doc_id)
    where a.in_title
),

headline_entities as (
    select distinct doc_id, entity_id from headline_mentions
),

entity_scope as (
    select
        s.doc_id,
        s.in_title,
        s.start_char,
        s.end_char,
        m.entity_id,
        -- a dateline mention has offsets into the dateline, not the text: in the article, in no sentence (NULL: rows
        -- loaded before the column existed)
        bool_or(case when s.in_title then h.entity_id is not null
            else not coalesce(m.in_dateline, false) and m.start_char >= s.sentence_start and m.end_char <= s.sentence_end
        end) as in_sentence
    from sentences as s
    join mentions as m on m.doc_id = s.doc_id
    left join headline_entities as h on s.in_title and h.doc_id = m.doc_id and h.entity_id = m.entity_id
    group by all
),

final as (
    select
        x.entity_id,
        e.canonical_name as entity,
        e.label as entity_label,
        case when x.in_sentence then 'sentence' else 'article' end as scope,
        a.text as amount,
        a.kind,
        a.value,
        a.unit,
        a.qualifier,
        a.low,
        a.high,
        trim(substr(if(s.in_title, d.title, d.text), s.sentence_start + 1, s.sentence_end - s.sentence_start)) as sentence,
        a.doc_id,
        d.title,
        d.published_at,
        a.start_char,
        a.end_char,
        s.in_title
    from entity_scope as x
    join sentences as s using (doc_id, in_title, start_char, end_char)
    join amounts as a on a.doc_id = s.doc_id and coalesce(a.in_title, false) = s.in_title
        and a.start_char = s.start_char and a.end_char = s.end_char
    join entities as e on e.entity_id = x.entity_id
    join documents as d on d.doc_id = x.doc_id
)

select * from final order by entity, published_at, doc_id, start_char
