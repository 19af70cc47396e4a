-- The offset checks shared by every frame_* query of a table with character offsets into its document
-- (the table aliased t, its document d): the document exists, the offsets fall inside its text, and the
-- text at the offsets (span_text), which a suite compares with the stored surface. Included, not run alone.
d.doc_id is not null as doc_exists,
coalesce(t.start_char >= 0 and t.end_char <= length(d.text), false) as inside_text,
substr(d.text, t.start_char + 1, t.end_char - t.start_char) as span_text
