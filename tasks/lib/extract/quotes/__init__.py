"""Quotations and their speakers.

find.py (one article's quotes, in order), marks.py (quotation marks paired into spans), lexicon.py (reporting
verbs and cue word lists, from data), cues.py (cues in the parse), content.py (a cue's complement),
speaker_phrase.py (who speaks through a cue), layouts.py (direct quotes: where the attribution sits),
colon.py (colon-ended lead-ins), mixed.py (mixed and indirect quotes), speakers.py (speaker phrase to
entity), statements.py (pieces of one statement), learned.py (quotations no rule took, vetted by a learned
scorer), quote_weights.py (its committed weights, weights/, checked against their manifest).
"""
