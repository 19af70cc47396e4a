"""newsflow's spaCy component that repairs the statistical NER's output after ``newsflow_casing``.

``newsflow_casing`` (``tasks.lib.extract.entity_casing``) re-reads ALL-CAPS lines; ``newsflow_entity_rules`` then cleans span
edges (``entity_spans``), adds names the model missed (``entity_missed``), labels spans from evidence
(``entity_evidence``, ``entity_name_labels``, ``entity_context``) and makes labels consistent across the document.
Both are registered factories (importing this module registers both), so a config can switch them off or tune them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from tasks.lib.extract import entity_evidence as evidence
from tasks.lib.extract import entity_gazetteer as gaz
from tasks.lib.extract import entity_missed as missed
from tasks.lib.extract.entity_casing import span_true_text, text_lines, true_text
from tasks.lib.extract.entity_context import ContextCues
from tasks.lib.extract.entity_labels import MISC, PLACE_LABELS
from tasks.lib.extract.entity_name_labels import event_end_after_place, rule_label
from tasks.lib.extract.entity_spans import (
    COMPANY_SUFFIXES,
    CORPORATE_WORDS,
    INITIAL,
    TARGET,
    Piece,
    hyphen_modifier,
    institution_lists,
    joined_aliases,
    keeps_the,
    line_start,
    past_dangling_of,
    split_named_pairs,
    split_pieces,
)

__all__ = ["EntityRules", "keeps_the", "make_entity_rules"]

Votes = dict[str, Counter]


class EntityRules(ContextCues):
    """Clean, relabel and propagate entity spans with document-level evidence."""

    def __init__(self, nlp: Language, name: str, team_context: bool, propagate: bool):
        super().__init__(nlp, team_context)
        self.name = name
        self.propagate = propagate

    def __call__(self, doc: Doc) -> Doc:
        pieces, other = self._model_pieces(doc)
        pieces = split_named_pairs(doc, joined_aliases(doc, institution_lists(doc, pieces), gaz.org_aliases()))
        lines = text_lines(doc)
        other = missed.swallowed_datelines(doc, pieces, other, lines)
        pieces += missed.initial_names(doc, pieces)
        for finder in (missed.given_name_spans, missed.hyphened_surnames, missed.numbered_names, missed.fixture_sides,
                       missed.after_org_noun, missed.publications, missed.defined_acronyms, missed.after_honorifics):
            pieces += finder(doc, pieces)
        row_starts: set[int] = set()
        if self.team_context:
            added, row_starts = missed.table_names(doc, pieces, lines)
            pieces += added

        ctx = self._context(doc, pieces, lines, row_starts)
        votes, key_of = self._evidence_votes(ctx, pieces)
        self._company_votes(doc, pieces, votes, key_of)
        surnames = self._surname_votes(doc, pieces, votes, key_of)
        for idx, p in enumerate(pieces):
            best = votes[key_of[idx]].most_common(1)[0][0]
            # Evidence labels its own mention, except "no person's" (MISC), which the article's vote decides.
            if p.source != "rule" or p.label == MISC or best == "PERSON" and p.label != "PERSON" and p.end - p.start == 1:
                p.label = best

        if self.propagate:
            copies = missed.propagate(doc, pieces, votes, key_of, surnames)
            for p in copies:
                if self.team_context and p.label in PLACE_LABELS and self._club_evidence(doc, p, ctx.sports):
                    p.label = "ORG"  # "Leeds beat Chelsea", "Leeds striker": the club, where the model saw only the city
            pieces += copies

        for p in pieces:  # "Hong Kong Open": the place is part of an event's name
            end = event_end_after_place(doc, p.end) if p.label in PLACE_LABELS else None
            if end:
                p.end, p.label = end, "EVENT"

        # Words written capitalised mid-sentence somewhere in the article are names there.
        capitalised_inside = {
            t.lower_ for t in doc if t.is_alpha and t.text[:1].isupper() and not t.text.isupper() and not line_start(doc, t.i)
        }
        pieces = [p for p in pieces
                  if not self._not_a_name(doc, p, capitalised_inside) and not hyphen_modifier(doc, p)]
        doc.ents = _resolve_overlaps(doc, pieces, other)
        return doc

    @staticmethod
    def _model_pieces(doc: Doc) -> tuple[list[Piece], list[Span]]:
        """The model's person, organisation and place spans split into names, and its other spans."""
        pieces: list[Piece] = []
        other: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in TARGET:
                other.append(ent)
                continue
            for s, e in split_pieces(doc, past_dangling_of(doc, ent)):
                if ent.label_ != "PERSON" and s > 0 and keeps_the(doc, s - 1, e):
                    s -= 1  # the model left out the "The" of "The Guardian"
                pieces.append(Piece(s, e, ent.label_, "model"))
        return pieces, other

    def _context(self, doc: Doc, pieces: list[Piece], lines: list[tuple[int, int]], row_starts: set[int]) -> evidence.Context:
        """The article's lines, genre and the starts of names on results lines, for the evidence cues."""
        line_of = {}
        for li, (s, e) in enumerate(lines):
            for i in range(s, e):
                line_of[i] = li
        team_starts = set()
        if self.team_context:
            by_line = defaultdict(list)
            for p in pieces:
                by_line[line_of.get(p.start, -1)].append(p)
            for li, ps in by_line.items():
                if li >= 0:
                    team_starts |= self._score_pairs(doc, lines[li], ps)
        sports = self.team_context and self._is_team_sport(doc, lines)
        return evidence.Context(self, doc, lines, line_of, sports, row_starts, team_starts)

    @staticmethod
    def _evidence_votes(ctx: evidence.Context, pieces: list[Piece]) -> tuple[Votes, dict[int, str]]:
        """Each piece's label from the first evidence that holds (weighted vote), else the model's (one vote)."""
        doc = ctx.doc
        votes: Votes = defaultdict(Counter)
        key_of: dict[int, str] = {}
        for idx, p in enumerate(pieces):
            text = span_true_text(doc[p.start : p.end])
            key = text.lower()
            key_of[idx] = key
            found = evidence.first_evidence(ctx, p, text, rule_label(doc, p.start, p.end))
            if found:
                p.label, p.source = found[0], "rule"
                votes[key][found[0]] += found[1]
            else:
                votes[key][p.label] += 1
        return votes, key_of

    def _company_votes(self, doc: Doc, pieces: list[Piece], votes: Votes, key_of: dict[int, str]) -> None:
        """Company evidence anywhere in the article counts for every mention of the name.

        Context cues ("Magna shares"), and a short form of a company named in full ("Magna" after
        "Magna International Inc").
        """
        org_keys = set()
        for idx, p in enumerate(pieces):
            if (
                p.label in {"PERSON", "ORG", "GPE", "LOC", MISC}
                and not INITIAL.match(true_text(doc[p.start]))
                and self._org_cue(doc, p)
                and not gaz.is_country(span_true_text(doc[p.start : p.end]))
            ):
                org_keys.add(key_of[idx])
        for p in pieces:
            words = [true_text(t) for t in doc[p.start : p.end]]
            if len(words) >= 2 and (words[-1] in COMPANY_SUFFIXES or words[-1] in CORPORATE_WORDS):
                words = words[:-1]
                while words and not gaz.is_country(" ".join(words)):
                    org_keys.add(" ".join(words).lower())
                    if words[-1] not in CORPORATE_WORDS and words[-1] not in gaz.org_words():
                        break
                    words = words[:-1]
        for idx in range(len(pieces)):
            if key_of[idx] in org_keys:
                votes[key_of[idx]]["ORG"] += 3

    @staticmethod
    def _surname_votes(doc: Doc, pieces: list[Piece], votes: Votes, key_of: dict[int, str]) -> set[str]:
        """Surnames of people named in full elsewhere in the article are people; returns those surnames."""
        surnames = set()
        for idx, p in enumerate(pieces):
            if votes[key_of[idx]].most_common(1)[0][0] == "PERSON" and p.end - p.start >= 2:
                surnames.add(true_text(doc[p.end - 1]).lower())
        for idx, p in enumerate(pieces):
            key = key_of[idx]
            if p.end - p.start == 1 and key in surnames and not gaz.is_country(span_true_text(doc[p.start : p.end])):
                votes[key]["PERSON"] += 3
        return surnames


def _resolve_overlaps(doc: Doc, pieces: list[Piece], other: list[Span]) -> list[Span]:
    """The document's entities: overlapping pieces resolved longer first, then rule evidence first."""
    chosen: list[Piece] = []
    taken = set()
    for p in sorted(pieces, key=lambda p: (-(p.end - p.start), p.source != "rule", p.start)):
        span = set(range(p.start, p.end))
        if span & taken:
            continue
        chosen.append(p)
        taken |= span
    spans = [Span(doc, p.start, p.end, label=p.label) for p in chosen]
    spans += [o for o in other if not set(range(o.start, o.end)) & taken]
    return sorted(spans, key=lambda x: x.start)


@Language.factory(
    "newsflow_entity_rules",
    default_config={"team_context": True, "propagate": True},
)
def make_entity_rules(nlp: Language, name: str, team_context: bool, propagate: bool):
    """Factory for :class:`EntityRules`."""
    return EntityRules(nlp, name, team_context, propagate)
