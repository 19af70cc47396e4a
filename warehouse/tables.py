"""The warehouse schema: every table declared once, everything else derived from it.

DuckLake tables are created from these pyarrow schemas, loads cast to them, the structural
Great Expectations suites are generated from them, and the README's table reference mirrors them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")


def col(name: str, type_: pa.DataType, doc: str, *, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    schema: pa.Schema
    key: tuple[str, ...]  # unique per row
    doc_scoped: bool = True  # rows belong to one document and go when it is replaced
    internal: bool = False  # pipeline state, not part of the analyst contract

    @property
    def columns(self) -> list[str]:
        return self.schema.names

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.schema if not f.nullable]

    def empty(self) -> pa.Table:
        return self.schema.empty_table()

    def from_rows(self, rows: list[dict]) -> pa.Table:
        """Build an Arrow table of this schema from row dicts (missing keys become NULL)."""
        return pa.Table.from_pylist(rows, schema=self.schema)


DOC_ID = col("doc_id", pa.string(), "Stable content hash of the source record (16 hex).", nullable=False)
ENTITY_ID = col("entity_id", pa.string(), "Stable id of the real-world entity.", nullable=False)
START = col("start_char", pa.int64(), "Character offset into documents.text, inclusive.", nullable=False)
END = col("end_char", pa.int64(), "Character offset into documents.text, exclusive.", nullable=False)
IN_TITLE = col("in_title", pa.bool_(), "True: in the headline (documents.title), which is not part of documents.text; "
              "false or NULL (rows loaded before the column): in the text.")
RUN_ID = col("run_id", pa.string(), "The newsflow run that wrote the row.", nullable=False)

DOCUMENTS = Table(
    "documents",
    "One cleaned article: the latest version of each source.",
    pa.schema([
        DOC_ID,
        col("source_uri", pa.string(), "Where the article came from: file path, or path#N for record N of a JSON(L) file.", nullable=False),
        col("content_hash", pa.string(), "sha256 of the raw source record; unchanged sources are skipped.", nullable=False),
        col("title", pa.string(), "Headline, from metadata or the first line."),
        col("dateline", pa.string(), "Dateline: its place, with the region and the date when given (WASHINGTON; "
            "PARIS, France; LONDON, March 5), without the agency; its place and date are a mention and a date."),
        col("published_at", TS, "Publication time from metadata, else the ISO date an article file's name holds "
            "(outlet_2016-09-12_slug.txt); NULL when unknown, never invented."),
        col("language", pa.string(), "Detected language (ISO 639-1)."),
        col("text", pa.string(), "Cleaned body; every offset in the warehouse points into it (a dateline "
            "mention's or date's into documents.dateline; headline_mentions' and a headline's amounts and dates "
            "(in_title) into documents.title).", nullable=False),
        col("word_count", pa.int64(), "Words in text.", nullable=False),
        col("author", pa.string(), "Byline, when known."),
        col("url", pa.string(), "Canonical URL, when known."),
        col("outlet", pa.string(), "Publishing outlet, when known."),
        col("story_id", pa.string(), "Same-story cluster (see stories)."),
        RUN_ID,
        col("pipeline_version", pa.string(), "newsflow version that extracted the rows.", nullable=False),
    ]),
    key=("doc_id",),
)

ENTITIES = Table(
    "entities",
    "One real-world person, organisation, place or group, across all articles.",
    pa.schema([
        ENTITY_ID,
        col("canonical_name", pa.string(), "Full name, e.g. Mike Pompeo.", nullable=False),
        col("label", pa.string(), "PERSON, ORG, GPE, LOC, NORP, FAC.", nullable=False),
        col("aliases", pa.list_(pa.string()), "Surface forms seen, e.g. [Pompeo, Mike Pompeo]."),
        col("roles", pa.list_(pa.string()), "Titles and roles seen with the entity, e.g. [Secretary of State]."),
        col("doc_count", pa.int64(), "Articles the entity was found in."),
        col("neighbours", pa.list_(pa.string()), "entity_ids seen in the same articles (resolution evidence)."),
    ]),
    key=("entity_id",),
    doc_scoped=False,
)

ENTITY_KEYS = Table(
    "entity_keys",
    "Pipeline state: the name keys each entity is found under (normalised name, surname tokens, organisation "
    "key, acronym ...), so a run reads only the entities its articles' names may resolve to.",
    pa.schema([
        col("key", pa.string(), "Blocking key, kind|value (tasks/lib/memory/entity_keys.py).", nullable=False),
        ENTITY_ID,
    ]),
    key=("key", "entity_id"),
    doc_scoped=False,
    internal=True,
)

MENTIONS = Table(
    "mentions",
    "One mention of an entity in an article.",
    pa.schema([
        DOC_ID,
        ENTITY_ID,
        col("text", pa.string(), "Surface form as written.", nullable=False),
        col("label", pa.string(), "Entity label.", nullable=False),
        col("start_char", pa.int64(), "Character offset into documents.text (into documents.dateline when "
            "in_dateline), inclusive.", nullable=False),
        col("end_char", pa.int64(), "Character offset, exclusive (see start_char).", nullable=False),
        col("in_dateline", pa.bool_(), "True: the mention is the article's dateline place (e.g. WASHINGTON), "
            "which is not part of documents.text; false or NULL (rows loaded before the column): in the text."),
    ]),
    key=("doc_id", "in_dateline", "start_char", "end_char"),
)

HEADLINE_MENTIONS = Table(
    "headline_mentions",
    "A name in an article's headline that its text gives one of the article's entities (who a story is "
    "headlined on).",
    pa.schema([
        DOC_ID,
        ENTITY_ID,
        col("text", pa.string(), "Surface form as the headline writes it.", nullable=False),
        col("label", pa.string(), "Entity label (as in the text).", nullable=False),
        col("start_char", pa.int64(), "Character offset into documents.title, inclusive.", nullable=False),
        col("end_char", pa.int64(), "Character offset into documents.title, exclusive.", nullable=False),
    ]),
    key=("doc_id", "start_char", "end_char"),
)

ROLES = Table(
    "roles",
    "A title or role held by a person in an article.",
    pa.schema([
        DOC_ID,
        ENTITY_ID,
        col("role", pa.string(), "e.g. Secretary of State, spokesman, Housing Minister, chief economist, former Leader, "
            "vice-chairman: the title with its field and qualifiers.", nullable=False),
        col("org_entity_id", pa.string(), "Organisation or country the role belongs to; NULL when none."),
        col("start_char", pa.int64(), "Offset of the role words, when in the text."),
        col("end_char", pa.int64(), "End offset of the role words, exclusive."),
    ]),
    key=("doc_id", "entity_id", "role"),
)

QUOTES = Table(
    "quotes",
    "One quote piece: a statement, or a piece of one split by its attribution or run over paragraphs.",
    pa.schema([
        col("quote_id", pa.string(), "Stable id: hash of doc_id and offsets.", nullable=False),
        DOC_ID,
        col("text", pa.string(), "The statement (without outer quotation marks).", nullable=False),
        col("kind", pa.string(), "direct, mixed or indirect.", nullable=False),
        col("speaker_entity_id", pa.string(), "Who said it; NULL when unattributed."),
        col("speaker_text", pa.string(), "Surface span naming the speaker, e.g. he, Palladino."),
        col("speaker_start", pa.int64(), "Offset of speaker_text."),
        col("speaker_end", pa.int64(), "End offset of speaker_text, exclusive."),
        col("cue", pa.string(), "Reporting verb or phrase, e.g. said, according to."),
        START,
        END,
        col("statement_id", pa.string(), "Shared by the pieces of one statement (a quote split by its attribution, "
            "run over paragraphs or on after a colon): hash of doc_id and its first piece's start.", nullable=False),
        col("cue_start", pa.int64(), "Offset of cue."),
        col("cue_end", pa.int64(), "End offset of cue, exclusive."),
    ]),
    key=("quote_id",),
)

AMOUNTS = Table(
    "amounts",
    "Money, a percentage or a counted quantity.",
    pa.schema([
        DOC_ID,
        col("text", pa.string(), "Surface form, e.g. $1.5 billion.", nullable=False),
        col("kind", pa.string(), "money, percent, percentage_points or quantity.", nullable=False),
        col("value", pa.float64(), "Fully scaled, signed number: $1.5 billion -> 1500000000, ($99.99) -> -99.99."),
        col("unit", pa.string(), "ISO 4217 code (pesos: of the country the article names most), %, pp, or the "
            "counted noun."),
        col("qualifier", pa.string(), "about, more than, up to ... when stated."),
        col("low", pa.float64(), "Range low end, when a range (value = low); a list (45 and 50) is one row each."),
        col("high", pa.float64(), "Range high end, when a range."),
        col("start_char", pa.int64(), "Character offset into documents.text (into documents.title when in_title), "
            "inclusive.", nullable=False),
        col("end_char", pa.int64(), "Character offset, exclusive (see start_char).", nullable=False),
        IN_TITLE,
    ]),
    key=("doc_id", "in_title", "start_char", "end_char"),
)

DATES = Table(
    "dates",
    "A date expression, resolved against the publish date when relative.",
    pa.schema([
        DOC_ID,
        col("text", pa.string(), "Surface form, e.g. Monday, March 25, 2019.", nullable=False),
        col("value", pa.date32(), "Resolved date (a range's start); NULL when unresolvable."),
        col("granularity", pa.string(), "day, week, weekend, month, quarter, half, season, year or decade."),
        col("start_char", pa.int64(), "Character offset into documents.text (into documents.title when in_title, "
            "documents.dateline when in_dateline), inclusive.", nullable=False),
        col("end_char", pa.int64(), "Character offset, exclusive (see start_char).", nullable=False),
        col("end_value", pa.date32(), "A range's end at the same granularity (2009-2010 -> 2010-01-01); NULL otherwise."),
        IN_TITLE,
        col("in_dateline", pa.bool_(), "True: the date the dateline states (LONDON, March 5), which is not part of "
            "documents.text; false or NULL (rows loaded before the column): not in the dateline."),
    ]),
    key=("doc_id", "in_title", "in_dateline", "start_char", "end_char"),
)

EMBEDS = Table(
    "embeds",
    "A social media post embedded in an article (removed from its text).",
    pa.schema([
        DOC_ID,
        col("platform", pa.string(), "twitter, instagram, facebook ...", nullable=False),
        col("author", pa.string(), "Display name."),
        col("handle", pa.string(), "Account handle without @."),
        col("posted_at", TS, "When posted, as the embed says."),
        col("text", pa.string(), "The post's text.", nullable=False),
    ]),
    key=("doc_id", "platform", "handle", "text"),
)

STORIES = Table(
    "stories",
    "An article's membership in a story: the articles, from any outlet, that report one event (e.g. one "
    "earthquake, one trade offer). A new article joins the story whose articles it resembles on average "
    "(distinctive words, resolved entities, the days it names; copies join their original), or starts one; "
    "dated articles join only stories published within 7 days of them, undated ones cluster on content. "
    "Story ids never change once given.",
    pa.schema([
        col("story_id", pa.string(), "Story id: the doc_id of the story's first article (earliest published, "
            "else first loaded).", nullable=False),
        DOC_ID,
    ]),
    key=("doc_id",),
)

STORY_FEATURES = Table(
    "story_features",
    "Pipeline state: what same-story clustering compares new articles with.",
    pa.schema([
        DOC_ID,
        col("story_id", pa.string(), "The document's story.", nullable=False),
        col("minhash", pa.list_(pa.int64()), "MinHash signature of word 4-grams (near-duplicate detection)."),
        col("keywords", pa.list_(pa.string()), "Distinctive words, strongest first."),
        col("weights", pa.list_(pa.float64()), "Keyword weights, same order."),
        col("entity_ids", pa.list_(pa.string()), "Resolved entities of the article."),
        col("published_at", TS, "Publication time, when known."),
        col("n_shingles", pa.int64(), "Distinct 4-grams the signature was built from."),
        col("event_days", pa.list_(pa.date32()), "Days the article names (resolved dates of day granularity)."),
    ]),
    key=("doc_id",),
    internal=True,
)

RUNS = Table(
    "runs",
    "One pipeline run.",
    pa.schema([
        RUN_ID,
        col("flow_run_id", pa.string(), "Prefect flow run id (find it in the Prefect UI); empty for a run that found "
            "nothing new, which `newsflow run` records without Prefect."),
        col("flow_run_name", pa.string(), "Prefect flow run name."),
        col("started_at", TS, "Run start.", nullable=False),
        col("finished_at", TS, "Run end."),
        col("status", pa.string(), "completed or failed.", nullable=False),
        col("sources", pa.list_(pa.string()), "Paths the run was given."),
        col("docs_seen", pa.int64(), "Source records found.", nullable=False),
        col("docs_loaded", pa.int64(), "Documents written (new or changed).", nullable=False),
        col("docs_replaced", pa.int64(), "Of those, new versions of a known source.", nullable=False),
        col("docs_skipped", pa.int64(), "Unchanged since an earlier run.", nullable=False),
        col("docs_quarantined", pa.int64(), "Set aside with a reason.", nullable=False),
        col("files_skipped", pa.int64(), "Files in the run's folders skipped for their extension (listed in the log)."),
        col("pipeline_version", pa.string(), "newsflow version.", nullable=False),
        col("message", pa.string(), "Why a run failed."),
        col("words_loaded", pa.int64(), "Words in the documents loaded."),
        col("quotes_per_1k_words", pa.float64(), "Drift metric: quotes loaded per 1,000 words."),
        col("attributed_quote_share", pa.float64(), "Drift metric: share of quotes with a resolved speaker."),
        col("entities_per_doc", pa.float64(), "Drift metric: distinct entities per loaded document."),
        col("quarantine_rate", pa.float64(), "Drift metric: share of documents seen that were quarantined."),
        col("drift_flags", pa.list_(pa.string()), "Metrics outside their history (see dq_results suite drift)."),
    ]),
    key=("run_id",),
    doc_scoped=False,
)

DQ_RESULTS = Table(
    "dq_results",
    "One expectation evaluated in a run.",
    pa.schema([
        RUN_ID,
        col("stage", pa.string(), "ingest, clean, extract or load.", nullable=False),
        col("suite", pa.string(), "Suite name (= the table it guards).", nullable=False),
        col("expectation", pa.string(), "Expectation type and column.", nullable=False),
        col("success", pa.bool_(), "Passed?", nullable=False),
        col("severity", pa.string(), "record (failures quarantined), batch (failure fails the run) or warning.", nullable=False),
        col("observed_value", pa.string(), "What was observed (JSON)."),
        col("unexpected_count", pa.int64(), "Rows that failed."),
        col("element_count", pa.int64(), "Rows checked."),
        col("checked_at", TS, "When.", nullable=False),
    ]),
    key=(),
    doc_scoped=False,
)

QUARANTINE = Table(
    "quarantine",
    "An input or record set aside, with its reason.",
    pa.schema([
        RUN_ID,
        col("stage", pa.string(), "Where it was stopped: ingest, clean, extract or load.", nullable=False),
        col("source_uri", pa.string(), "Source file or record.", nullable=False),
        col("content_hash", pa.string(), "Hash of the source record, when read."),
        col("doc_id", pa.string(), "Document, when known."),
        col("reason", pa.string(), "Why: '<code>: <detail>' or the failed expectation and observed value.", nullable=False),
        col("payload", pa.string(), "Enough of the input to retry (truncated)."),
        col("quarantined_at", TS, "When.", nullable=False),
    ]),
    key=(),
    doc_scoped=False,
)

# Stage outputs that are validated but not stored: ingest's raw records and clean's staged articles.
RAW_ARTICLES = Table(
    "raw_articles",
    "One source record as read from disk (ingest output).",
    pa.schema([
        col("source_uri", pa.string(), "File path, or path#N for record N of a JSON(L) file.", nullable=False),
        col("content_hash", pa.string(), "sha256 of the raw record.", nullable=False),
        col("format", pa.string(), "txt, md, html or json.", nullable=False),
        col("text", pa.string(), "Decoded content (HTML source for pages).", nullable=False),
        col("title", pa.string(), "Title from metadata."),
        col("url", pa.string(), "URL from metadata."),
        col("author", pa.string(), "Author from metadata."),
        col("published_at", TS, "Publication time from metadata."),
        col("outlet", pa.string(), "Outlet from metadata."),
    ]),
    key=("source_uri",),
    doc_scoped=False,
)

STG_ARTICLES = Table(
    "stg_articles",
    "One cleaned article before extraction (clean output).",
    pa.schema([f for f in DOCUMENTS.schema if f.name not in ("story_id", "run_id", "pipeline_version")]),
    key=("doc_id",),
    doc_scoped=False,
)
STAGES: tuple[Table, ...] = (RAW_ARTICLES, STG_ARTICLES)

ALL: tuple[Table, ...] = (
    DOCUMENTS, ENTITIES, ENTITY_KEYS, MENTIONS, HEADLINE_MENTIONS, ROLES, QUOTES, AMOUNTS, DATES, EMBEDS, STORIES,
    STORY_FEATURES, RUNS, DQ_RESULTS, QUARANTINE,
)
BY_NAME = {t.name: t for t in ALL}
# Tables whose rows hang off one document and are replaced with it.
DOC_TABLES = tuple(t for t in ALL if t.doc_scoped)


PAYLOAD_CHARS = 2000  # enough of a set-aside input to see what it was and retry it


def quarantine_row(stage: str, source_uri: str, reason: str, *, content_hash: str | None = None,
                   doc_id: str | None = None, payload: str | None = None) -> dict:
    """A quarantine row, less run_id (the run adds it when staging)."""
    return {
        "stage": stage, "source_uri": _utf8(source_uri), "content_hash": content_hash, "doc_id": doc_id,
        "reason": _utf8(reason), "payload": _utf8(payload[:PAYLOAD_CHARS]) if payload else None,
        "quarantined_at": datetime.now(timezone.utc),
    }


def _utf8(value: str) -> str:
    # Bad input is exactly what lands here: lone surrogates and the like must not stop the row being stored.
    return value.encode("utf-8", "replace").decode("utf-8")
