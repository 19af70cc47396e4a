"""The pipeline's stages as pure functions over batches of documents.

The Prefect tasks in tasks/*.py are thin wrappers around these. Each stage returns the rows it
produced plus the inputs it set aside (``quarantine`` rows with a reason), never raising on bad
input, so one bad article cannot stop a run.
"""

from __future__ import annotations

import hashlib
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from tasks.lib.clean import article as clean
from tasks.lib.extract import date_dateline, entity_dateline, entity_headline
from tasks.lib.ingest import readers
from tasks.lib.records import Analysis, Embed, Quote
from warehouse import tables
from warehouse.tables import quarantine_row

if TYPE_CHECKING:  # the model, the extractors and the cross-batch state are imported when a batch needs them:
    # a run with nothing new to extract never pays for them
    from spacy.language import Language

    from tasks.lib.memory.state import EntityIndex, StoryIndex

def doc_id_for(content_hash: str) -> str:
    """A document's id: the first 16 hex digits of its source record's sha256."""
    return content_hash[:16]


# ---------------------------------------------------------------- ingest

@dataclass
class ReadResult:
    raw: pa.Table  # raw_articles rows of new or changed sources
    quarantine: list[dict] = field(default_factory=list)
    skipped: int = 0  # unchanged since the warehouse last saw them
    processed_sources: list[str] = field(default_factory=list)  # read this run: their old rows get replaced
    owners: dict[str, str] = field(default_factory=dict)  # content_hash -> source_uri of the records accepted
    replacing: list[str] = field(default_factory=list)  # accepted sources the warehouse holds an older version of


Read = readers.RawArticle | readers.Rejected


def read_files(paths: Sequence[Path], *, max_bytes: int) -> list[Read]:
    """Every record of the files (or why a file was rejected), in order; larger files are set aside as too_large."""
    return [item for path in paths for item in readers.read_path(path, max_bytes=max_bytes)]


def read_batch(paths: Sequence[Path], known: Mapping[str, str], *, max_bytes: int,
               owners: Mapping[str, str] | None = None) -> ReadResult:
    """Read source files and sort their records (``sort_records``) against holdings given whole: a new warehouse
    (``{}``), or a caller without one. A run looks its holdings up per batch instead (``tasks.ingest``)."""
    return sort_records(read_files(paths, max_bytes=max_bytes), known, owners)


def sort_records(items: Sequence[Read], held: Mapping[str, str], owners: Mapping[str, str] | None = None,
                 reprocess: bool = False) -> ReadResult:
    """Sort a batch's records: new or changed ones to load, unchanged ones skipped, copies and rejects set aside.

    Args:
        items: what ``read_files`` read.
        held: source_uri -> content_hash of what the warehouse holds (documents and quarantine): at least the
            batch's sources and the sources holding its records' contents (``store.known_sources``).
        owners: content_hash -> source_uri of the records earlier batches of this run accepted. A record with
            the same content as another source (the warehouse's or this run's) is set aside as a duplicate
            (its doc_id would collide).
        reprocess: read unchanged sources too, as new versions of themselves (their rows get replaced): what a
            newer newsflow extracts differently reaches the rows of articles loaded before it.
    """
    result = ReadResult(raw=tables.RAW_ARTICLES.empty())
    # This batch's records over the run's, over the warehouse's (views, not copies); when two held sources have
    # one content (a set-aside copy beside its original), the first by name owns it.
    owner_of_hash = ChainMap({}, owners or {}, {h: uri for uri, h in sorted(held.items(), reverse=True)})
    rows = []
    for item in items:
        if isinstance(item, readers.Rejected):
            result.processed_sources.append(item.source_uri)
            result.quarantine.append(quarantine_row("ingest", item.source_uri, item.reason, payload=item.payload))
            continue
        if held.get(item.source_uri) == item.content_hash and not reprocess:
            result.skipped += 1
            continue
        result.processed_sources.append(item.source_uri)
        twin = owner_of_hash.get(item.content_hash)
        if twin is not None and twin != item.source_uri:
            result.quarantine.append(quarantine_row(
                "ingest", item.source_uri, f"duplicate: same content as {twin}",
                content_hash=item.content_hash, doc_id=doc_id_for(item.content_hash)))
            continue
        owner_of_hash[item.content_hash] = result.owners[item.content_hash] = item.source_uri
        if item.source_uri in held:
            result.replacing.append(item.source_uri)
        rows.append({
            "source_uri": item.source_uri, "content_hash": item.content_hash, "format": item.format,
            "text": item.text, "title": item.title, "url": item.url, "author": item.author,
            "published_at": _utc(item.published_at), "outlet": item.source,
        })
    result.raw = tables.RAW_ARTICLES.from_rows(rows)
    return result


# ---------------------------------------------------------------- clean

@dataclass
class CleanResult:
    articles: pa.Table  # stg_articles rows
    embeds: pa.Table  # embeds rows
    quarantine: list[dict] = field(default_factory=list)


def clean_batch(raw: pa.Table, *, languages: Sequence[str]) -> CleanResult:
    """Clean raw records into staged articles; a record that cleans to nothing is set aside."""
    articles, embeds, quarantine = [], [], []
    for rec in raw.to_pylist():
        source = readers.RawArticle(
            source_uri=rec["source_uri"], content_hash=rec["content_hash"], text=rec["text"], format=rec["format"],
            title=rec["title"], url=rec["url"], author=rec["author"], published_at=rec["published_at"],
            source=rec["outlet"])
        doc_id = doc_id_for(rec["content_hash"])
        try:
            art = clean.clean_article(source, languages=languages)
        except clean.CleanError as exc:
            quarantine.append(quarantine_row("clean", rec["source_uri"], exc.reason, content_hash=rec["content_hash"],
                                             doc_id=doc_id, payload=rec["text"]))
            continue
        except Exception as exc:  # a cleaner bug must not lose the file: set it aside with the error
            quarantine.append(quarantine_row("clean", rec["source_uri"], f"clean_error: {type(exc).__name__}: {exc}",
                                             content_hash=rec["content_hash"], doc_id=doc_id, payload=rec["text"]))
            continue
        articles.append({
            "doc_id": doc_id, "source_uri": rec["source_uri"], "content_hash": rec["content_hash"],
            "title": art.title, "dateline": art.dateline, "published_at": _utc(art.published_at),
            "language": art.language, "text": art.text, "word_count": len(art.text.split()),
            "author": art.author, "url": art.url, "outlet": art.source,
        })
        embeds.extend(embed_row(doc_id, e) for e in art.embeds)
    return CleanResult(tables.STG_ARTICLES.from_rows(articles), tables.EMBEDS.from_rows(embeds), quarantine)


def embed_row(doc_id: str, embed: Embed) -> dict:
    row = asdict(embed)
    row["doc_id"] = doc_id
    row["posted_at"] = _utc(embed.posted_at)
    return row


# ---------------------------------------------------------------- extract

@dataclass
class ExtractState:
    """What extraction carries from batch to batch within a run and across runs."""

    entities: EntityIndex
    stories: StoryIndex


def analyze_batch(nlp: Language | None, articles: pa.Table, *, model: str, n_process: int = 1,
                  languages: Sequence[str] = ("en",)) -> list[Analysis]:
    """Parse and analyse a batch of staged articles, one Analysis per row (pure: safe on any worker).

    ``nlp`` is the pipeline for a batch parsed in this process; None loads ``model`` only if one is. Only
    articles in ``languages`` (those the model and lexicons are built for) are parsed; the others keep an empty
    Analysis: their documents load with text, title, language, dates and embeds, and no entities, quotes or
    amounts an English model would invent. Every article's dateline place is a mention and its dateline's date a
    date; the headline's amounts and dates are the article's, and each name of its entities that the headline
    writes is a headline mention.
    """
    from tasks.lib.extract import analyze

    langs = articles.column("language").to_pylist()
    chosen = [i for i, lang in enumerate(langs) if not languages or lang in languages]
    published = [_as_date(p) for p in articles.column("published_at").to_pylist()]
    texts = articles.column("text").to_pylist()
    out = [Analysis() for _ in langs]
    datelines, titles = (articles.column(c).to_pylist() for c in ("dateline", "title"))
    done = analyze.analyze_texts(nlp, [texts[i] for i in chosen], [published[i] for i in chosen],
                                 titles=[titles[i] for i in chosen], model=model, n_process=n_process)
    for i, analysis in zip(chosen, done):
        out[i] = analysis
    for an, dateline, pub in zip(out, datelines, published, strict=True):
        date_dateline.add_dateline_date(entity_dateline.add_dateline_place(an, dateline), dateline, pub)
    return [entity_headline.add_headline_mentions(an, title, text) for an, title, text in zip(out, titles, texts)]


def build_rows(articles: pa.Table, analyses: Sequence[Analysis], state: ExtractState, *, run_id: str,
               pipeline_version: str, replaced: Sequence[str] = (),
               support: Mapping[str, set[str]] | None = None) -> dict[str, pa.Table]:
    """Turn a batch's analyses into warehouse rows, resolving entities and stories against ``state``.

    ``state`` is updated, so ids stay stable across batches and runs; call this in batch order.
    ``replaced`` are the doc_ids of the warehouse's versions of these articles' sources, and ``support``
    (``store.entity_support`` of them) lets the entity index take back what those versions contributed;
    without it they are only dropped from stories.

    Returns:
        Table name -> Arrow rows for documents, entities (every entity the batch refers to), mentions,
        roles, quotes, amounts, dates and stories.
    """
    from tasks.lib.memory.state import StoryDoc

    arts = articles.to_pylist()
    state.stories.forget(replaced)
    state.entities.forget(replaced, support or {})
    ids = state.entities.resolve([(a["doc_id"], an.entities, an.roles) for a, an in zip(arts, analyses)])
    story_of = state.stories.assign([
        StoryDoc(a["doc_id"], a["text"], a["published_at"], {ids[(a["doc_id"], e.key)] for e in an.entities},
                 a.get("title"), an.dates)
        for a, an in zip(arts, analyses)])

    rows: dict[str, list[dict]] = {name: [] for name in
                                   ("documents", "mentions", "headline_mentions", "roles", "quotes", "amounts",
                                    "dates", "stories")}
    for art, an in zip(arts, analyses):
        doc_id = art["doc_id"]
        eid = {e.key: ids[(doc_id, e.key)] for e in an.entities}
        rows["documents"].append({**art, "story_id": story_of[doc_id], "run_id": run_id,
                                  "pipeline_version": pipeline_version})
        rows["stories"].append({"story_id": story_of[doc_id], "doc_id": doc_id})
        rows["mentions"] += [{"doc_id": doc_id, "entity_id": eid[m.entity_key], "text": m.text, "label": m.label,
                              "start_char": m.start_char, "end_char": m.end_char, "in_dateline": m.in_dateline}
                             for m in an.mentions]
        rows["headline_mentions"] += [{"doc_id": doc_id, "entity_id": eid[m.entity_key], "text": m.text,
                                       "label": m.label, "start_char": m.start_char, "end_char": m.end_char}
                                      for m in an.headline_mentions]
        rows["roles"] += _dedupe([{"doc_id": doc_id, "entity_id": eid[r.entity_key], "role": r.role,
                                   "org_entity_id": eid.get(r.org_entity_key), "start_char": r.start_char,
                                   "end_char": r.end_char} for r in an.roles], ("entity_id", "role"))
        rows["quotes"] += [{**_fields(q, "text", "kind", "cue", "cue_start", "cue_end", "speaker_text",
                                      "speaker_start", "speaker_end", "start_char", "end_char"),
                            "quote_id": quote_id(doc_id, q.start_char, q.end_char), "doc_id": doc_id,
                            "statement_id": statement_id(doc_id, q), "speaker_entity_id": eid.get(q.speaker_entity_key)}
                           for q in an.quotes]
        rows["amounts"] += [{**_fields(a, "text", "kind", "value", "unit", "qualifier", "low", "high",
                                       "start_char", "end_char", "in_title"), "doc_id": doc_id} for a in an.amounts]
        rows["dates"] += [{**_fields(d, "text", "value", "granularity", "start_char", "end_char", "end_value",
                                     "in_title", "in_dateline"), "doc_id": doc_id} for d in an.dates]
    out = {name: tables.BY_NAME[name].from_rows(r) for name, r in rows.items()}
    out["story_features"] = tables.STORY_FEATURES.from_rows(state.stories.new_rows)
    state.stories.new_rows = []
    referenced = set(ids.values())
    out["entities"] = tables.ENTITIES.from_rows(state.entities.rows(referenced))
    return out


def quote_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


def statement_id(doc_id: str, quote: Quote) -> str:
    """The id the pieces of one statement share: a hash of doc_id and the start of its first piece."""
    start = quote.statement_start if quote.statement_start is not None else quote.start_char
    return hashlib.sha1(f"{doc_id}:statement:{start}".encode()).hexdigest()[:16]


# ---------------------------------------------------------------- data quality

@dataclass
class LoadCounts:
    """Running totals of what a run loads, for its drift metrics."""

    words: int = 0
    quotes: int = 0
    attributed: int = 0
    entities_per_doc: list[int] = field(default_factory=list)

    def add(self, batch: Mapping[str, pa.Table]) -> None:
        docs, mentions, quotes = batch["documents"], batch["mentions"], batch["quotes"]
        self.words += sum(docs.column("word_count").to_pylist())
        self.quotes += quotes.num_rows
        self.attributed += quotes.num_rows - quotes.column("speaker_entity_id").null_count
        per_doc = {d: 0 for d in docs.column("doc_id").to_pylist()}
        if mentions.num_rows:
            grouped = mentions.group_by("doc_id").aggregate([("entity_id", "count_distinct")])
            for doc_id, n in zip(grouped["doc_id"].to_pylist(), grouped["entity_id_count_distinct"].to_pylist()):
                per_doc[doc_id] = n
        self.entities_per_doc += per_doc.values()


def _fields(obj, *names: str) -> dict:
    return {n: getattr(obj, n) for n in names}


def _dedupe(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        k = tuple(row[c] for c in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def _utc(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    try:
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    except OverflowError:  # a date at the calendar's edge is no publication date
        return None


def _as_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None
