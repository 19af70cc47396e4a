"""Plain records that the NLP library functions yield, one type per warehouse row kind.

Offsets are character offsets into the cleaned article text, end exclusive, so
``text[start_char:end_char]`` is the span. Entities are article-local here: ``entity_key``
numbers an entity within one article; the cross-article resolver turns keys into the
warehouse's stable ``entity_id`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class LocalEntity:
    """One real-world entity as seen in one article (all its mentions merged)."""

    key: int
    canonical_name: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC, ...
    aliases: list[str] = field(default_factory=list)


@dataclass
class Mention:
    entity_key: int
    text: str
    label: str
    start_char: int
    end_char: int
    in_dateline: bool = False  # offsets are then into the document's dateline, not its text


@dataclass
class Role:
    entity_key: int
    role: str  # e.g. "Secretary of State"
    org_entity_key: int | None = None
    start_char: int | None = None  # span of the role words, when they are in the text
    end_char: int | None = None


@dataclass
class Quote:
    text: str
    kind: str  # direct | indirect | mixed
    start_char: int
    end_char: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity_key: int | None = None
    # start_char of the first piece of the statement this piece belongs to (see quote_statements).
    statement_start: int | None = None


@dataclass
class Amount:
    text: str
    kind: str  # money | percent | percentage_points | quantity
    value: float | None
    unit: str | None  # ISO 4217 for money, "%" / "pp" for percent, counted noun for quantities
    start_char: int
    end_char: int
    qualifier: str | None = None  # about | more than | less than | at least | up to ...
    low: float | None = None  # ranges: "$1-2 billion"
    high: float | None = None
    in_title: bool = False  # offsets are then into the document's title (its headline), not its text


@dataclass
class DateMention:
    text: str
    value: date | None  # resolved; None when unresolvable or no publish date
    start_char: int
    end_char: int
    granularity: str | None = None  # day | week | weekend | month | quarter | half | season | year | decade
    end_value: date | None = None  # a range's end ("2009-2010" -> 2010-01-01); None when not a range
    in_title: bool = False  # offsets are then into the document's title, not its text
    in_dateline: bool = False  # ... or into its dateline ("WASHINGTON, June 10")


@dataclass
class Embed:
    platform: str  # twitter | instagram | facebook | ...
    author: str | None
    handle: str | None
    posted_at: date | datetime | None
    text: str


@dataclass
class Analysis:
    """Everything extracted from one article."""

    entities: list[LocalEntity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    headline_mentions: list[Mention] = field(default_factory=list)  # offsets into the title
    roles: list[Role] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
