"""Per-article entities: spaCy NER plus rules, canonicalised so one entity has one name and label."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.lib.records import LocalEntity, Mention

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")


def extract_entities(doc: Doc) -> tuple[list[LocalEntity], list[Mention]]:
    """Group the article's entity mentions into entities (placeholder: exact surface text)."""
    ents: dict[tuple[str, str], LocalEntity] = {}
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        key = (ent.text, ent.label_)
        if key not in ents:
            ents[key] = LocalEntity(key=len(ents), canonical_name=ent.text, label=ent.label_, aliases=[ent.text])
        mentions.append(Mention(ents[key].key, ent.text, ent.label_, ent.start_char, ent.end_char))
    return list(ents.values()), mentions
