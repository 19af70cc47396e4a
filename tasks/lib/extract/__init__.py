"""What one parsed article holds: entities, roles, quotes, amounts, dates.

Amounts: ``amounts`` (one amount at a position: ranges, lists, pairs), ``amount_lexicon`` (number words,
currencies, the regexes built from them), ``amount_numbers`` (digits, words, scales), ``amount_units`` (currency
and qualifier before, unit after), ``amount_quantities`` (the noun a number counts), ``amount_signs`` (negatives).
Dates: ``dates`` (candidates, filters, tense), ``date_resolve`` (one expression to a day and granularity),
``date_calendar`` (word tables and calendar arithmetic), ``date_ranges`` (spans with an end).
"""
