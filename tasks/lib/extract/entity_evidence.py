"""Labelling evidence for entity spans as data: named cues tried in order, one small scorer.

``data/entity_evidence.json`` lists the cues (name, label, weight); each name is a predicate here over a span
and what the article says about it (:class:`Context`). :func:`first_evidence` returns the label and weight of the
first cue that holds, so adding or reordering evidence is a data change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from tasks.lib import vocab
from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract.entity_casing import true_text


@dataclass
class Context:
    """What the evidence cues read: the document, its lines, its genre and the table rows found in it."""

    rules: Any  # the EntityRules component, whose span tests the cues call
    doc: Doc
    lines: list[tuple[int, int]]
    line_of: dict[int, int]
    sports: bool
    row_starts: set[int] = field(default_factory=set)
    team_starts: set[int] = field(default_factory=set)


def _city(text: str) -> bool:
    return gaz.is_place(text) and not gaz.is_country(text) and not gaz.is_continent(text)


def _dateline_place(c: Context, p, text: str, rule: str | None) -> bool:
    dateline = c.rules._dateline(c.doc, p, c.lines, c.line_of)
    return bool(dateline) and (gaz.is_place(text) or dateline == 2 and c.doc[p.start : p.end].text.isupper())


def _row_head(c: Context, p, text: str, rule: str | None) -> bool:
    from tasks.lib.extract.entity_spans import INITIAL

    return c.sports and p.start in c.row_starts and rule != "GPE" and not INITIAL.match(true_text(c.doc[p.start]))


def _team_verb_or_score(c: Context, p, text: str, rule: str | None) -> bool:
    near_team = p.start in c.team_starts or c.rules._team_verb_next(c.doc, p)
    return c.rules.team_context and p.label != "PERSON" and gaz.is_place(text) and not gaz.is_country(text) and near_team


def _club_of_a_city(c: Context, p, text: str, rule: str | None) -> bool:
    """In a team-sport report, a city's name and a club word ("Manchester City", "Bristol Rovers")."""
    city, _, club = text.rpartition(" ")
    return c.sports and p.label != "PERSON" and club in c.rules.club_words and " " not in city and _city(city)


def _after_honorific(c: Context, p, text: str, rule: str | None) -> bool:
    """A name right after an honorific ("Mr Clarke", "Dr. Jones", "Sir Alex Ferguson") is a person's; "St" is
    left out (a saint's name is a place's: "St Andrews")."""
    return p.start > 0 and gaz.person_honorific(true_text(c.doc[p.start - 1]))


def _after_work_noun(c: Context, p, text: str, rule: str | None) -> bool:
    """A name the noun of a creative work governs right before it ("the comedy Sideways", "the movie The
    Aviator"): the work's title. In "a film Spielberg directed" the name is the verb's subject, not the noun's."""
    before = p.start - 1
    if before > 0 and c.doc[before].lower_ == "the":
        before -= 1  # "the movie The Aviator"
    if before < 0:
        return False
    noun, root = c.doc[before], c.doc[p.start:p.end].root
    return (noun.lower_ in gaz.work_nouns() and noun.is_lower and noun.pos_ == "NOUN"
            and (root.head == noun and root.dep_ == "appos" or noun.head == root and noun.dep_ == "compound"))


def _after_the(c: Context, p, text: str, rule: str | None) -> bool:
    """A name the model took for a person's that "the" determines ("the Gunners", "The Aviator", "the Mac", "the
    Tate"): people's names take no article, so it names a work, a band, a team, a product or a place. Not a
    family ("the Clintons", a person of the article by that surname) nor a modifier ("the Bush administration",
    where "the" goes with the noun)."""
    if p.label != "PERSON" or p.start == 0 or c.doc[p.start - 1].lower_ != "the":
        return False
    if not p.start <= c.doc[p.start - 1].head.i < p.end:
        return False
    last = c.doc[p.end - 1].text
    family = last.endswith("s") and any(e.label_ == "PERSON" and e[-1].text in (last[:-1], last[:-2]) for e in c.doc.ents)
    return not family


def _plural_after_the(c: Context, p, text: str, rule: str | None) -> bool:
    """Such a name in the plural: a band or a team ("the Beatles", "the Gunners"), an organisation. Read from the
    word's ending: the tagger calls many such names singular ("Pumas", "Ospreys")."""
    last = c.doc[p.end - 1]
    return last.text.endswith("s") and not last.text.endswith(("ss", "us", "is")) and _after_the(c, p, text, rule)


CUES: dict[str, Callable[[Context, Any, str, str | None], bool]] = {
    "dateline_place": _dateline_place,
    "match_venue": lambda c, p, text, rule: c.sports and p.label != "PERSON" and (
        c.rules._place_cue(c.doc, p) or c.rules._venue(c.doc, p, c.sports)),
    "place_phrase": lambda c, p, text, rule: c.rules._place_cue(c.doc, p) and not gaz.is_country(text),
    "scorecard_player": lambda c, p, text, rule: c.sports and c.rules._scorecard_person(c.doc, p),
    "table_row_head": _row_head,
    "club_of_a_city": _club_of_a_city,
    "after_honorific": _after_honorific,
    "after_work_noun": _after_work_noun,
    "name_words": lambda c, p, text, rule: bool(rule),
    "plural_after_the": _plural_after_the,
    "name_after_the": _after_the,
    "before_country_bracket": lambda c, p, text, rule: not c.sports and c.rules._before_country_bracket(c.doc, p),
    "place_reference": lambda c, p, text, rule: _city(text) and c.rules._locative(c.doc, p),
    "sports_city": lambda c, p, text, rule: c.sports and _city(text),
    "city_beside_team_verb_or_score": _team_verb_or_score,
}


@lru_cache(maxsize=1)
def evidence() -> tuple[tuple[str, str | None, int], ...]:
    """(cue, label, weight) in the order of data/entity_evidence.json; an unknown cue name is an error."""
    rows = vocab.table("entity_evidence.json")
    out = tuple((r["cue"], r["label"], int(r["weight"])) for r in rows["evidence"])
    unknown = [cue for cue, _, _ in out if cue not in CUES]
    if unknown:
        raise ValueError(f"entity_evidence.json names cues that do not exist: {unknown}")
    return out


def first_evidence(ctx: Context, piece, text: str, rule: str | None) -> tuple[str, int] | None:
    """The label and weight of the first cue that holds for ``piece``, or None when none does.

    Args:
        ctx: the article's context.
        piece: the span (``start``, ``end``, ``label``).
        text: its text as written in running text (casing repaired).
        rule: the label its own words give, or None.
    """
    for cue, label, weight in evidence():
        if CUES[cue](ctx, piece, text, rule):
            return (label or rule), weight
    return None
