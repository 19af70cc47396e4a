"""The extraction stage as one pure function per article: a parsed spaCy Doc in, an Analysis out.

The flow's extract task and the evaluation commands both call this, so what is evaluated is
what runs in production.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from tasks.lib.extract import amounts, dates, entities, roles
from tasks.lib.extract.quotes import find as quotes
from tasks.lib.nlp import parsing
from tasks.lib.nlp.pipeline import DEFAULT_MODEL, load_pipeline
from tasks.lib.records import Analysis

BATCH_SIZE = 64  # texts per nlp.pipe batch
_parsing_here = threading.Lock()


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
    nlp: Language | None,
    texts: Iterable[str],
    published: Iterable[date | None] | None = None,
    *,
    model: str = DEFAULT_MODEL,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Parse and analyse texts, in input order: in ``n_process`` model worker processes (see ``parsing``), or in
    this process with ``nlp`` (loaded from ``model`` when None) for small batches and ``n_process=0``."""
    texts = list(texts) if not isinstance(texts, list) else texts
    published = list(published) if published is not None else [None] * len(texts)
    if parsing.workers_allowed(len(texts), n_process, model):
        yield from parsing.results(parsing.submit(model, n_process, analyze_chunk, list(zip(texts, published))))
        return
    with _parsing_here:  # the flow hands a batch over before the last one is done: one parses here at a time
        nlp = nlp or load_pipeline(model)
        for doc, pub in zip(nlp.pipe(texts, batch_size=BATCH_SIZE), published):
            yield analyze_doc(doc, pub)


def analyze_chunk(items: Sequence[tuple[str, date | None]]) -> list[Analysis]:
    """In a model worker: parse and analyse (text, published date) pairs with the worker's pipeline."""
    docs = parsing.worker_nlp().pipe([text for text, _ in items], batch_size=BATCH_SIZE)
    return [analyze_doc(doc, pub) for doc, (_, pub) in zip(docs, items)]
