"""The extraction stage as one pure function per article: a parsed spaCy Doc in, an Analysis out.

The flow's extract task and the evaluation commands both call this, so what is evaluated is
what runs in production.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from tasks.lib.extract import amounts, dates, entities, roles
from tasks.lib.extract.quotes import find as quotes
from tasks.lib.nlp import paragraphs, parsing
from tasks.lib.nlp.pipeline import DEFAULT_MODEL, load_pipeline
from tasks.lib.records import Analysis

_parsing_here = threading.Lock()


def analyze_doc(doc: Doc, published_at: date | None = None, title: Doc | None = None) -> Analysis:
    """Extract entities, roles, quotes, amounts and dates from one parsed article.

    ``title`` is its parsed headline, which the body does not hold (``documents.title``): the headline's amounts
    and dates are the article's too (``in_title``, offsets into the title). Its names are matched to the body's
    entities later (``entity_headline``): a headline's capitals and clipped grammar make a name the body does
    not give unreliable, while a number or a date reads the same there.
    """
    ents, mentions = entities.extract_entities(doc)
    article_roles = roles.extract_roles(doc, ents, mentions)
    analysis = Analysis(
        entities=ents,
        mentions=mentions,
        roles=article_roles,
        quotes=quotes.extract_quotes(doc, ents, mentions, article_roles),
        amounts=amounts.extract_amounts(doc),
        dates=dates.extract_dates(doc, published_at),
    )
    if title is not None:
        analysis.amounts += [replace(a, in_title=True) for a in amounts.extract_amounts(title)]
        analysis.dates += [replace(d, in_title=True) for d in dates.extract_dates(title, published_at)]
    return analysis


def title_to_read(text: str, title: str | None) -> str:
    """The headline to parse beside the body: none ("") when there is none or it is the body (a title-only
    record, whose headline is its text)."""
    return "" if not title or not title.strip() or title.strip() == text.strip() else title


def analyze_texts(
    nlp: Language | None,
    texts: Iterable[str],
    published: Iterable[date | None] | None = None,
    *,
    titles: Iterable[str | None] | None = None,
    model: str = DEFAULT_MODEL,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Parse and analyse texts (with their ``titles``, when given: see ``analyze_doc``), in input order: in
    ``n_process`` model worker processes (see ``parsing``), or in this process with ``nlp`` (loaded from ``model``
    when None) for small batches and ``n_process=0``."""
    texts = list(texts) if not isinstance(texts, list) else texts
    published = list(published) if published is not None else [None] * len(texts)
    heads = [title_to_read(text, title) for text, title in zip(texts, titles or [None] * len(texts), strict=True)]
    items = list(zip(texts, published, heads))
    if parsing.workers_allowed(len(texts), n_process, model):
        yield from parsing.results(parsing.submit(model, n_process, analyze_chunk, items))
        return
    with _parsing_here:  # the flow hands a batch over before the last one is done: one parses here at a time
        yield from _analyze(nlp or load_pipeline(model), items)


def analyze_chunk(items: Sequence[tuple[str, date | None, str]]) -> list[Analysis]:
    """In a model worker: parse and analyse (text, published date, headline) triples with its pipeline."""
    return list(_analyze(parsing.worker_nlp(), items))


def _analyze(nlp: Language, items: Sequence[tuple[str, date | None, str]]) -> Iterator[Analysis]:
    docs = paragraphs.parse(nlp, [text for text, _, _ in items])
    heads = paragraphs.parse(nlp, [head for _, _, head in items])
    for doc, head, (_, pub, title) in zip(docs, heads, items):
        yield analyze_doc(doc, pub, head if title else None)
