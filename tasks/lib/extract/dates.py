"""Date expressions resolved against the publish date.

Candidates are spaCy DATE entities (plus TIME entities naming a day, "Saturday night") and rule
matches the small model misses (weekday names, "25 March 2019", "this weekend", "three months
prior"). Durations ("three years"), ages ("35-year-old"), frequencies ("annual", "every year") and
bare numbers are not dates and are dropped.

Resolution conventions (``value`` is the first day of the period named; ``granularity`` says
which period: day, week, weekend, month, quarter, half, season, year, decade):
- Relative expressions resolve against ``published_at``; with no publish date their ``value`` is
  None (never today's date). Absolute dates with a year resolve without one.
- A weekday name is the most recent such day on or before the publish date ("Monday" in a Monday
  article is that day), unless the sentence is future tense ("will meet on Monday") or says
  "next" (then the next such day on or after / strictly after). "last Monday" is strictly before.
- "this weekend" / "the weekend" is the Saturday of the most recent weekend (future tense or
  "next": the coming one). Weeks start on Monday.
- A month or day without a year ("in March", "on 5 May") takes the nearest past occurrence, or the
  next one in future tense. Seasons start on the first day of their northern meteorological month.
- "N units ago / earlier / prior / before" subtracts from the publish date, "from now / hence" adds
  ("N units later / after / on" counts from the story's own time: value None);
  the shifted day is kept, at the unit's granularity ("two weeks ago" in a 25 March article is
  11 March, granularity week): the text names no period whose first day it could be. Vague
  counts ("weeks ago", "a few years ago") keep the mention with ``value`` None.
- "early/mid/late X", "the end of X", "earlier in X" resolve to X (its first day, same granularity).
- Numeric dates: ISO 2019-03-25, and 25/03/2019 when the day is > 12; 03/04/2019 stays None.
- Ranges are one mention: ``value`` the start, ``end_value`` the end ("2009-2010", "1957-58",
  "from 1983 to 1992", "between June 2012 and April 2014"; see ``tasks/lib/extract/date_ranges.py``).
- Fiscal years resolve to the calendar year they are named by ("fiscal 2013", "FY2024", "this fiscal
  year" -> that year, granularity year): their first month varies by organisation and is not in the text.
  "the end of the year" is the current year; "the week of March 4" the Monday-based week holding it.
- Modals look ahead like "will" ("should beat her in November"), except in the perfect ("may have") and
  negated could/would ("could not be reached Friday"). The present tense looks ahead too ("kick off the
  voting Monday"), except "says" and "is". A month naming an event ("the July convention") is the nearest.
- Seasons in lower case need a cue ("next fall", "in spring", "be spring"); an entity listing dates ("the
  1980s and mid-1990s") is one mention per date; day ranges share their month ("Sept. 6-8").
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc

from tasks.lib.extract.date_calendar import HOLIDAYS, MONTHS, SEASONS, WEEKDAYS
from tasks.lib.extract.date_ranges import YEAR_SPAN_RULE, joins_range, resolve_range
from tasks.lib.extract.date_resolve import resolve_date
from tasks.lib.extract.entity_labels import NAME_LABELS
from tasks.lib.nlp.doc_text import doc_text
from tasks.lib.records import DateMention

__all__ = ["extract_dates", "resolve_date"]

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_CAP = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_WEEKDAY_CAP = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUMWORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a\s+few|several|a\s+couple\s+of|couple\s+of)"

# Forms the small model often misses or splits; case-sensitive month/weekday names avoid "may".
_RULES = re.compile(
    rf"""
    \b(?:(?:{_WEEKDAY_CAP}),?\s+)?{_MONTH_CAP}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s?[-–]\s?\d{{1,2}}\b)?(?:,?\s+\d{{4}}\b)?
  | \b(?:(?:{_WEEKDAY_CAP}),?\s+)?(?:\d{{1,2}}\s?[-–]\s?)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_CAP}(?:,?\s+\d{{4}}\b)?
  | \b(?:{_MONTH_FULL}),?\s+\d{{4}}\b
  | \b(?i:early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)[\s-]+(?:(?:{_MONTH_FULL})\s+)?(?:1[89]|20)\d\d\b
  | \b\d{{4}}-\d{{2}}-\d{{2}}\b
  | {YEAR_SPAN_RULE}
  | \b(?i:from|between)\s+(?:1[5-9]|20)\d\d\s+(?i:to|through|until|till|and)\s+(?:1[5-9]|20)\d\d\b
  | \b(?:FY\s?'?(?:\d{{4}}|\d\d)|(?i:fiscal)\s+(?:(?i:year)\s+)?\d{{4}}|(?i:this|last|next|the\s+current)\s+(?i:fiscal|financial)\s+year)\b
  | \b(?i:the\s+(?:end|start|beginning|middle)\s+of\s+the\s+(?:year|month|week))\b
  | \b(?i:the\s+week\s+of)\s+{_MONTH_CAP}\s+\d{{1,2}}\b
  | \b\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})\b
  | \b(?:(?i:last|next|this)\s+)?(?:{_WEEKDAY_CAP}){_DAYPART}\b
  | \b(?i:yesterday|today|tomorrow|tonight|last\s+night)\b{_DAYPART}
  | \b(?i:(?:earlier|later)\s+)?(?i:this|last|next|past)\s+(?i:weekend|week|month|year|morning|afternoon|evening)\b
  | \b(?i:this|last|next|past|coming|upcoming)\s+(?:spring|summer|autumn|fall|winter)\b
  | (?:(?<=\bin\s)|(?<=\bby\s)|(?<=\bbe\s)|(?<=\buntil\s)|(?<=\bin\sthe\s))(?:spring|summer|autumn|winter)\b(?!\s+(?:of|[A-Z]))
  | \b(?i:the\s+)?(?i:spring|summer|autumn|fall|winter)\s+of\s+(?:1[5-9]|20)\d\d(?:[-–/]\d{{1,2}})?\b
  | (?:(?<=\bin\sthe\s)|(?<=\bof\sthe\s)|(?<=\bsince\sthe\s)|(?<=\bduring\sthe\s)|(?<=\bafter\sthe\s)|(?<=\bbefore\sthe\s))(?:1[5-9]|20)\d\d\b(?![-–/.,]\d)
  | \b(?i:{_NUMWORD})\s+(?i:days?|weeks?|months?|years?|decades?)\s+(?i:ago|earlier|later|prior|before|from\s+(?:now|today|tonight|tomorrow))\b
  | \b(?i:weeks|months|years|days|decades)\s+(?i:ago|earlier|later|prior)\b
    """,
    re.VERBOSE,
)
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_FULL})\b")
_DAY_WORDS = re.compile(rf"(?i)\b(?:{_WEEKDAY_CAP}|yesterday|today|tonight|tomorrow|last night|this morning)\b")
_SKIP = re.compile(
    r"(?i)(?:-year-old|years?\s+old|\baged?\b|\bages\b|-(?:day|week|month|year|hour|minute)\b|\bseasons?\b"
    r"|\b(?:daily|weekly|monthly|yearly|annual(?:ly)?|quarterly|nightly|hourly|every|each|per)\b"
    r"|^(?:the\s+)?(?:day|week|year|month|night|this\s+day|the\s+new\s+year|new\s+year)$|\bin\s+a\s+row\b)"
)
_ANCHOR = re.compile(
    r"(?i)\b(?:ago|earlier|later|prior|before|after|since|from\s+now|back|this|next|last|previous|following|that)\b"
)
_DURATION = re.compile(
    rf"(?i)^(?:(?:about|around|almost|nearly|at\s+least|up\s+to|more\s+than|less\s+than|only|some|over|under|just)\s+)?"
    rf"(?:the\s+)?(?:(?:past|last|next|previous|coming|first|final|recent|few)\s+)?"
    rf"(?:{_NUMWORD}|\w+\s+and\s+a\s+half|few|many|some|several)?\s*[- ]?"
    rf"(?:days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centuries|century|hours?|minutes?)$"
)
# Words the model's DATE span may open with that are no part of the date ("another Jan. 17, 2013", "at least the 2006-07
# fiscal year", "under fiscal year 2014"): left out, so that the date itself is read (to the day, not the year).
_LEAD_TRIM = re.compile(
    r"(?i)(?:(?:just|only|as\s+early\s+as|as\s+recently\s+as|since|until|on|by|from|in|at|during"
    r"|an|another|any|under|around|about|approximately|roughly|nearly|almost|(?:at\s+)?least)\s+)+"
)
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
# Scheduling words that make a present-tense clause about the future ("is due in court on 18 April").
_FUTURE_HEADS = {"due", "scheduled"}
_SET_TO = {"set", "slated", "poised"}
# Modals look ahead too ("should beat her in November", "it may be spring before"), unless perfect
# ("may have met in June").
_MODALS = {"should", "could", "may", "might", "would", "must"}
# Modals that, negated, report a past refusal or failure ("could not be reached", "would not comment").
_PAST_MODALS = {"could", "would"}
# Words that make an unresolved expression still a date mention worth keeping (value None).
_DATEISH = re.compile(
    rf"(?i)\b(?:ago|(?:days?|weeks?|months?|years?|decades?)\s+(?:earlier|later|prior|before)|last|this|next|that|previous|following|recently|yesterday|today|tomorrow"
    rf"|{_MONTH_FULL}|{_WEEKDAY_CAP}|(?:1[5-9]|20)\d\d)\b"
)


def _pub_date(published_at: date | datetime | None) -> date | None:
    if isinstance(published_at, datetime):
        return published_at.date()
    return published_at


def extract_dates(doc: Doc, published_at: date | None) -> list[DateMention]:
    """Date mentions in the article, resolved against the publish date where relative.

    Args:
        doc: a parsed spaCy Doc (NER adds candidates; rule forms are found on a blank pipeline too).
        published_at: the article's publish date (a datetime is reduced to its date), or None.

    Returns:
        DateMentions in text order with ``text == doc.text[start_char:end_char]``; ``value`` is None
        when the expression cannot be resolved or is relative and there is no publish date.
    """
    pub = _pub_date(published_at)
    text = doc_text(doc)
    parsed = doc.has_annotation("DEP")
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _DAY_WORDS.search(ent.text)):
            spans.append((ent.start_char, ent.end_char))
    # Weekdays inside names are not dates: "Sunday Telegraph", "Mike Friday", Radio 4's "Today".
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NAME_LABELS]
    # "FY2024" is tagged a PRODUCT by the small model but is never a name.
    rule_spans = [
        m.span() for m in _RULES.finditer(text)
        if m.group().startswith("FY") or not any(s <= m.start() < e for s, e in names)
    ]
    out: list[DateMention] = []
    for group in _join_ranges(_merge(spans + rule_spans), text, doc, pub, parsed, out):
        # The union first; when a mislabelled entity drags in other words ("10 January Cellnet"),
        # fall back to the rule matches inside it.
        tries = [group] + [r for r in rule_spans if group[0] <= r[0] and r[1] <= group[1] and r != group]
        # "the July convention" tagged whole: its month alone
        months = [(group[0] + m.start(), group[0] + m.end()) for m in _MONTH_WORD.finditer(text[group[0] : group[1]])]
        tries += [m for m in months if parsed and _names_an_event(doc, *m)]
        found = None
        for start, end in tries:
            mention = _mention(doc, text, start, end, pub, parsed)
            if mention is not None and (mention.value is not None or start == tries[-1][0] and end == tries[-1][1]):
                found = mention
                break
        out.extend(_list_items(doc, text, group, pub, parsed, found))
    return out


def _list_items(doc: Doc, text: str, group, pub: date | None, parsed: bool, found: DateMention | None):
    """One entity naming several dates ("the 1980s and mid-1990s", "2008 and 2012") is one mention each;
    ``found`` (the whole group's mention, or None) stands when the group is no such list."""
    if found is not None and found.value is not None:
        return [found]
    start, end = group
    cuts = [m.span() for m in re.finditer(r"\s*,\s*|\s+(?:and|or)\s+", text[start:end])]
    bounds = [start] + [start + c for cut in cuts for c in cut] + [end]
    parts = [_mention(doc, text, a, b, pub, parsed) for a, b in zip(bounds[::2], bounds[1::2])]
    # Every part must be a date: "Windows 95, 98, 2000" is a list of names.
    if cuts and all(m is not None for m in parts) and any(m.value is not None for m in parts):
        return parts
    return [found] if found else []


def _mention(doc: Doc, text: str, start: int, end: int, pub: date | None, parsed: bool) -> DateMention | None:
    start, end = _trim(text, start, end)
    if parsed:
        start = _past_leading_verb(doc, start, end)
    if end <= start:
        return None
    phrase = " ".join(text[start:end].split())
    future = parsed and _is_future(doc, start, end)
    if parsed and future is False and _names_an_event(doc, start, end):
        future = None  # "the July convention": the nearest July, ahead or behind
    span = resolve_range(phrase, pub, future, resolve_date)
    if span is not None:
        return DateMention(text[start:end], span[0], start, end, span[2], end_value=span[1])
    if _is_noise(phrase):
        return None
    if re.fullmatch(r"\d0s", phrase) and not re.search(r"(?i)\bthe\s+$", text[max(0, start - 5) : start]):
        return None  # "in their 30s, 40s" is an age band; "the 80s" is a decade
    if parsed and (_in_name(doc, start, end) or _year_in_name(doc, start, end)):
        return None
    if phrase.isdigit() and re.search(r"(?<![\d,])\d{1,3}\s*,\s*$", text[max(0, start - 8) : start]):
        return None  # "Windows 95, 98, 2000": a year listed after short numbers is one more version number
    if _quoted_title(text, start, end):
        return None
    if _habitual(text, start, end):
        return None
    if re.match(r"-[A-Za-z]", text[end : end + 2]):
        return None  # part of a modifier: "a Christmas-themed ad", "Monday-morning quarterbacks"
    value, granularity = resolve_date(phrase, pub, future=future)
    if value is None and not _DATEISH.search(phrase):
        return None  # "sixth year", "the full year", mislabelled names: no point in time named
    return DateMention(text[start:end], value, start, end, granularity)


def _join_ranges(groups, text, doc, pub, parsed, out):
    """Yield the candidate groups, first trying two neighbours joined by "to"/"-" as one range."""
    i = 0
    while i < len(groups):
        # The model sometimes keeps the connector in the first entity: "20 March to" + "27 March 2004".
        tail = re.search(r"(?i)(?:\s+(?:to|through|until|till|and)|\s*[-–—])$", text[groups[i][0] : groups[i][1]])
        cut = groups[i][1] - len(tail.group()) if tail else groups[i][1]
        if i + 1 < len(groups) and joins_range(text[cut : groups[i + 1][0]]):
            start = groups[i][0]
            lead = re.search(r"(?i)\b(?:from|between)\s+$", text[max(0, start - 8) : start])
            mention = _mention(doc, text, start - len(lead.group()) if lead else start, groups[i + 1][1], pub, parsed)
            if mention is not None and mention.end_value is not None:
                out.append(mention)
                i += 2
                continue
        yield groups[i]
        i += 1


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = _LEAD_TRIM.match(text, start, end)
    if m:
        start = m.end()
    seg = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if seg.endswith(suffix):
            end -= len(suffix)
            break
    # The model's span may end on the conjunction of a list: "the 1970s and" (then "mid-1980s").
    conj = re.search(r"\s+(?:and|or)$", text[start:end])
    if conj:
        end = start + conj.start()
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _past_leading_verb(doc: Doc, start: int, end: int) -> int:
    """Where the date starts when the model's span opens with the clause's verb ("nears 1990", "tops 2000")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 2 or span[0].pos_ not in ("VERB", "AUX"):
        return start
    return span[1].idx


def _quoted_title(text: str, start: int, end: int) -> bool:
    """A capitalised phrase that fills a pair of quotes is a title: ABC's “This Week”, NBC's "Today"."""
    close = end + 1 if end < len(text) and text[end] in ",." else end  # NYT style: ''Today,''
    if start == 0 or close >= len(text) or text[start - 1] not in "\"“'‘" or text[close] not in "\"”'’":
        return False
    return all(w[:1].isupper() for w in text[start:end].split())


def _habitual(text: str, start: int, end: int) -> bool:
    """A weekday that names no one day: "our Friday nights", "on Mondays", "Super Tuesday" (a named day)."""
    if not re.search(rf"(?:{_WEEKDAY_CAP})(?:\s+(?:morning|afternoon|evening|night))?$", text[start:end]):
        return False
    return bool(re.match(r"s\b|\s+(?:nights|mornings|afternoons|evenings)\b", text[end:])
                or re.search(r"\bSuper\s+$", text[max(0, start - 6) : start]))


def _in_name(doc: Doc, start: int, end: int) -> bool:
    """A lone weekday that is part of a name: "Sunday Telegraph", "coach Mike Friday"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in WEEKDAYS:
        return False
    tok = span[0]
    if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.lower_ not in MONTHS:
        return True
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == tok.i - 1 for c in tok.children)


def _year_in_name(doc: Doc, start: int, end: int) -> bool:
    """A number after a one-word proper name is part of the name: "Windows 2000", "Office 2003"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span[-1].i == 0 or not re.fullmatch(r"\d\d(?:\d\d)?", span[-1].text) or len(span) > 2:
        return False
    name = doc[span[-1].i - 1]
    if name.pos_ != "PROPN" or not name.is_title or name.whitespace_ != " ":
        return False
    return not any(name.lower_.rstrip(".") in table for table in (MONTHS, WEEKDAYS, SEASONS, HOLIDAYS))


def _is_noise(phrase: str) -> bool:
    """Durations, ages, frequencies, scores and bare numbers: not a point in time."""
    if _SKIP.search(phrase):
        return True
    if re.fullmatch(r"[\d\s\-–/.:,]+", phrase) and not re.fullmatch(
        r"(?:1[5-9]|20)\d\d|\d{4}-\d\d-\d\d|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d\d)", phrase
    ):
        return True  # "25", "9-8", "1994-96", "98, 2000" (a span or list of years has no single date)
    if re.fullmatch(r"(?i)(?:the\s+)?(?:'|mid-|early\s+|late\s+)?\d+s", phrase) and not re.search(r"\d\d\d0s|'\d0s|\b\d0s", phrase):
        return True  # "18s" (age band)
    if _DURATION.match(phrase) and not _ANCHOR.search(phrase.replace("the last", "").replace("the next", "")):
        return True
    if re.match(r"(?i)(?:the\s+)?(?:last|next|past|previous|coming|first)\s+(?:\d+|few|several|many|\w+)\s+\w+$", phrase) and _DURATION.match(
        phrase
    ):
        return True
    return bool(re.match(r"(?i)(?:the\s+)?(?:last|next|past|previous|coming|recent)\s+(?:\d+|few|several|many|two|three|four|five|six|seven|eight|nine|ten|twelve)\b", phrase))


def _names_an_event(doc: Doc, start: int, end: int) -> bool:
    """A lone month name modifying a noun ("the July convention", "the November election")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_.rstrip(".") not in MONTHS:
        return False
    tok = span[0]
    return tok.dep_ in ("compound", "nmod", "npadvmod", "amod") and tok.head.pos_ == "NOUN" and tok.head.i > tok.i


def _is_future(doc: Doc, start: int, end: int) -> bool:
    """Future or present tense, a modal or a scheduling word governs the date ("will meet on Monday", "is due
    in March", "kick off the voting Monday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            break
        tok = tok.head
    near = (tok, *tok.children, tok.head)
    if any(t.lower_ in _FUTURE_AUX or t.lower_ in _FUTURE_HEADS for t in near):
        return True
    if any(t.lower_ in _SET_TO and any(c.dep_ == "xcomp" for c in t.children) for t in near):
        return True  # "is set to be released on Oct. 5", "is slated to vote Tuesday"
    kids = list(tok.children)
    if tok.dep_ == "ROOT" and tok.tag_ == "VB" and any(t.tag_ == "TO" for t in kids):
        return True  # a headline's infinitive is its future: "Tesco to cut 2,000 jobs by Friday"
    if any(t.lower_ in ("have", "'ve") for t in kids):
        return False
    # "could not be reached for comment Saturday", "would not say Monday": a past refusal, not a plan.
    negated = any(t.dep_ == "neg" for t in kids)
    if any(t.lower_ in _MODALS and not (negated and t.lower_ in _PAST_MODALS) for t in kids):
        return True
    # The present tense looks ahead too ("Iowans kick off the voting Monday", "is facing in Tuesday's primary"),
    # but not "says" (a reported past) nor "is" (statistics: "the rate is 5% in August").
    verb = next((t for t in kids if t.dep_ == "aux" and t.tag_ in ("VBZ", "VBP")), tok)
    return verb.tag_ in ("VBZ", "VBP") and tok.lemma_ not in ("say", "tell", "be") and tok.tag_ != "VBN"
