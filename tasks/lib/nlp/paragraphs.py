"""Articles parsed paragraph by paragraph, so that no sentence runs over a line break.

A cleaned article holds one paragraph per line. Parsed whole, the model lets sentences run from one paragraph into
the next: the closing quotation mark that ends a paragraph starts a sentence that runs on into the next one, and a
headline or a time stamp without a full stop runs into the sentence below it (5% of the sentences of 600 BBC and
PolNeAR articles). Here the model's own components parse each paragraph, with the line break after it, on its own;
the parses are joined into one Doc with the article's tokens and text (offsets into the whole article, as before);
then newsflow's components, which read the whole article (a name's other mentions, its casing), run on that Doc.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from tasks.lib.nlp.pipeline import NEWSFLOW_PIPES

PARAGRAPHS_PER_BATCH = 512  # about 32 articles' paragraphs per nlp.pipe batch
_BREAK = re.compile(r"\n\s*")  # a line break with the blank lines and indentation after it


def paragraphs(text: str) -> list[str]:
    """``text`` cut after each line break (and the whitespace after it): the pieces join back to ``text``."""
    cuts = [m.end() for m in _BREAK.finditer(text) if m.end() < len(text)]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def parse_model(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Each text parsed by the model's components (not newsflow's) one paragraph at a time, as one Doc, in order."""
    counts: deque[int] = deque()

    def pieces() -> Iterator[str]:
        for text in texts:
            parts = paragraphs(text)
            counts.append(len(parts))  # before its pieces are parsed, so it is there when their Docs come back
            yield from parts

    ours = [name for name in NEWSFLOW_PIPES if name in nlp.pipe_names]
    parsed = nlp.pipe(pieces(), batch_size=PARAGRAPHS_PER_BATCH, disable=ours)
    for doc in parsed:
        yield join([doc, *(next(parsed) for _ in range(counts.popleft() - 1))])


def join(parts: list[Doc]) -> Doc:
    """One article's paragraph Docs as one Doc: their tokens, text and annotations, offsets into the article."""
    return Doc.from_docs(parts, ensure_whitespace=False) if len(parts) > 1 else parts[0]


def add_newsflow(nlp: Language, doc: Doc) -> Doc:
    """``doc`` (a model parse) after newsflow's components of ``nlp``."""
    for name in NEWSFLOW_PIPES:
        if name in nlp.pipe_names:
            doc = nlp.get_pipe(name)(doc)
    return doc


def parse(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Each text through the whole pipeline ``nlp``, paragraph by paragraph (see the module), in order."""
    for doc in parse_model(nlp, texts):
        yield add_newsflow(nlp, doc)
