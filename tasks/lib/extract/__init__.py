"""What one parsed article holds: entities, roles, quotes, amounts, dates.

Entities: ``entities`` groups an article's mentions into entities. The NER repairs run as spaCy components:
``entity_casing`` (ALL-CAPS lines re-read) and ``entity_rules`` (orchestration), which splits model spans
(``entity_spans``), adds names the model missed (``entity_missed``) and labels spans from evidence
(``entity_evidence`` with the cue list in data, ``entity_name_labels`` for a name's own words,
``entity_context`` for its surroundings); ``entity_gazetteer`` reads the word lists, ``entity_labels`` the label
groups, ``entity_dateline`` places the dateline, ``entity_headline`` finds the entities' names in the headline,
``entity_title_case`` where a person's name ends in a line in title case, ``entity_names`` what the article's own
names say (surnames, suffixes, people named in full).
``roles`` finds people's titles.
Amounts: ``amounts`` (one amount at a position: ranges, lists, pairs), ``amount_lexicon`` (number words,
currencies, the regexes built from them), ``amount_numbers`` (digits, words, scales), ``amount_units`` (currency
and qualifier before, unit after), ``amount_quantities`` (the noun a number counts), ``amount_signs`` (negatives).
Dates: ``dates`` (candidates, filters, tense), ``date_resolve`` (one expression to a day and granularity),
``date_calendar`` (word tables and calendar arithmetic), ``date_ranges`` (spans with an end).
"""
