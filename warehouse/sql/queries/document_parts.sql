-- The parts of each document a row's offsets may point into, one row per part: the text, the headline
-- (in_title) and the dateline (in_dateline). A frame joins its rows to the part their flags name. Included, not
-- run alone.
select doc_id, false as in_title, false as in_dateline, text from documents
union all
select doc_id, true as in_title, false as in_dateline, title as text from documents
union all
select doc_id, false as in_title, true as in_dateline, dateline as text from documents
