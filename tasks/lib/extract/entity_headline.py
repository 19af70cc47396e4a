"""The headline's names as headline mentions of its article's entities.

The cleaner keeps a headline (a short first line, or the record's title field) in ``documents.title``, not in
``documents.text``, so the model never reads it. Where the headline writes a name the text gives one of the
article's entities (its canonical name or a surface form seen in the text), that is a headline mention of the
entity (``headline_mentions``, offsets into ``documents.title``, apart from ``mentions``, whose offsets point into
the text): an analyst finds who a story is headlined on. A name only the headline gives is not taken: a
headline's capitals (``Trump Just Responded To Rubio``) and clipped grammar make the model unreliable there.
"""

from __future__ import annotations

import re

from tasks.lib.records import Analysis, Mention


def add_headline_mentions(analysis: Analysis, title: str | None, text: str | None) -> Analysis:
    """Record a headline mention for each name of the article's entities the headline writes.

    Args:
        analysis: the article's extraction (changed in place).
        title: ``documents.title``; None when the article has none.
        text: ``documents.text``: a title-only record's text is its headline, already read.

    Returns:
        The same analysis with ``headline_mentions`` set: one per name found (offsets into the title), longest
        names first and none overlapping (``Gordon Brown`` before ``Brown``); a headline in capitals is matched
        without regard to case (``BROWN ALLY REJECTS ...``).
    """
    if not title or not analysis.entities or (text or "").strip() == title.strip():
        return analysis
    flags = re.IGNORECASE if title.isupper() else 0
    names = sorted({(name, ent.key) for ent in analysis.entities for name in (ent.canonical_name, *ent.aliases)
                    if len(name) > 1}, key=lambda n: (-len(n[0]), n))
    label = {ent.key: ent.label for ent in analysis.entities}
    taken: list[tuple[int, int, int]] = []
    for name, key in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", title, flags):
            if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                taken.append((m.start(), m.end(), key))
    analysis.headline_mentions = [Mention(entity_key=key, text=title[s:e], label=label[key], start_char=s, end_char=e)
                                  for s, e, key in sorted(taken)]
    return analysis
