"""The extraction stage as one pure function per article: a parsed spaCy Doc in, an Analysis out.

The flow's extract task and the evaluation commands both call this, so what is evaluated is
what runs in production.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from tasks.lib import amounts, dates, entities, parsing, quotes, roles
from tasks.lib.nlp import DEFAULT_MODEL
from tasks.lib.records import Analysis


def analyze_doc(doc: Doc, published_at: date | None = None) -> Analysis:
    """Extract entities, roles, quotes, amounts and dates from one parsed article."""
    ents, mentions = entities.extract_entities(doc)
    article_roles = roles.extract_roles(doc, ents, mentions)
    return Analysis(
        entities=ents,
        mentions=mentions,
        roles=article_roles,
        quotes=quotes.extract_quotes(doc, ents, mentions, article_roles),
        amounts=amounts.extract_amounts(doc),
        dates=dates.extract_dates(doc, published_at),
    )


def analyze_texts(
    nlp: Language,
    texts: Iterable[str],
    published: Iterable[date | None] | None = None,
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Parse texts (the model in ``n_process`` worker processes, see ``parsing``) and analyse each, in input order."""
    texts = list(texts) if not isinstance(texts, list) else texts
    published = list(published) if published is not None else [None] * len(texts)
    docs = parsing.parse(nlp, texts, model=model, n_process=n_process, batch_size=batch_size)
    for doc, pub in zip(docs, published):
        yield analyze_doc(doc, pub)
