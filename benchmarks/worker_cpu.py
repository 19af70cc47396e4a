"""CPU seconds of what a model worker does, component by component, on a sample of a corpus (one process).

Parses every ``--every``-th article of the corpus once, then times on copies of the parsed Docs: spaCy's pipes one
by one (tokenizer, the model's components over paragraphs, joining them, newsflow's two components) and each
extractor (entities, roles, quotes, amounts, dates), in CPU seconds of this process. The parsed Docs are cached under benchmarks/out/ (keyed by
the sample), so a tuning loop on the extractors reparses nothing.

    uv run python benchmarks/worker_cpu.py [CORPUS] [--limit 300]

Run it twice, before and after a change, on an otherwise quiet machine: the figures move with the load.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import DocBin  # noqa: E402

from tasks.lib.clean.article import CleanError, clean_article  # noqa: E402
from tasks.lib.extract import amounts, dates, entities, roles  # noqa: E402
from tasks.lib.extract.quotes import find as quotes  # noqa: E402
from tasks.lib.ingest.readers import read_path  # noqa: E402
from tasks.lib.nlp import paragraphs  # noqa: E402
from tasks.lib.nlp.pipeline import NEWSFLOW_PIPES, load_pipeline  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def sample_texts(corpus: Path, limit: int) -> list[str]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    texts = []
    for f in files[:: max(1, len(files) // limit)][:limit]:
        for item in read_path(f):
            if not hasattr(item, "text"):  # a file the readers set aside
                continue
            try:
                texts.append(clean_article(item).text)
            except CleanError:
                pass
    return texts


def pipe_seconds(nlp, texts: list[str]) -> dict[str, float]:
    """CPU seconds of the tokenizer and of each pipe, as a worker parses (``tasks.lib.nlp.paragraphs``): the model's
    pipes over the sample's paragraphs, then joining each article's paragraphs, then newsflow's pipes on the articles."""
    pieces = [paragraphs.paragraphs(t) for t in texts]
    cpu = time.process_time()
    docs = [nlp.make_doc(p) for parts in pieces for p in parts]
    out = {"tokenizer": time.process_time() - cpu}
    for name, proc in nlp.pipeline:
        if name == NEWSFLOW_PIPES[0]:
            cpu, flat = time.process_time(), iter(docs)
            docs = [paragraphs.join([next(flat) for _ in parts]) for parts in pieces]
            out["join paragraphs"] = time.process_time() - cpu
        cpu = time.process_time()
        batch = paragraphs.PARAGRAPHS_PER_BATCH if name not in NEWSFLOW_PIPES else 64
        docs = list(proc.pipe(docs, batch_size=batch)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        out[f"pipe {name}"] = time.process_time() - cpu
    return out


def extractor_seconds(docs) -> dict[str, float]:
    """CPU seconds of each extractor over the parsed sample, called as ``analyze_doc`` calls them."""
    spent = dict.fromkeys(("entities", "roles", "quotes", "amounts", "dates"), 0.0)

    def timed(name, fn, *args):
        cpu = time.process_time()
        result = fn(*args)
        spent[name] += time.process_time() - cpu
        return result

    for doc in docs:
        ents, mentions = timed("entities", entities.extract_entities, doc)
        found_roles = timed("roles", roles.extract_roles, doc, ents, mentions)
        timed("quotes", quotes.extract_quotes, doc, ents, mentions, found_roles)
        timed("amounts", amounts.extract_amounts, doc)
        timed("dates", dates.extract_dates, doc, None)
    return {f"extract {k}": v for k, v in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "bbc")
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    nlp = load_pipeline()
    texts = sample_texts(args.corpus, args.limit)
    figures = pipe_seconds(nlp, texts)
    cache = OUT / f"worker_cpu-{args.corpus.name}-{args.limit}-paragraphs.spacy"
    if not cache.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(DocBin(docs=list(paragraphs.parse(nlp, texts)), store_user_data=True).to_bytes())
    figures |= extractor_seconds(list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab)))
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words; CPU seconds:")
    for name, seconds in figures.items():
        print(f"  {name:32} {seconds:7.2f}")
    model = sum(v for k, v in figures.items() if k.startswith("pipe") and k[5:] not in NEWSFLOW_PIPES)
    ours = sum(v for k, v in figures.items() if k[5:] in NEWSFLOW_PIPES or k.startswith(("extract", "join")))
    print(f"  {'the model (tokenizer + its pipes)':32} {model + figures['tokenizer']:7.2f}")
    print(f"  {'newsflow (its 2 pipes + extractors)':32} {ours:7.2f}")


if __name__ == "__main__":
    main()
