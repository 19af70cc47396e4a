"""newsflow_casing: the NER re-reads ALL-CAPS lines (headlines, tables) with their casing repaired.

The small model relies on capitalisation to find names, so a shouted line is re-cased from how the document
writes each word elsewhere and from word lists (places, given names, common words), run through the NER again,
and its entities replace the line's. ``true_text`` gives any token as it would be written in running text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tasks.lib.extract import entity_gazetteer as gaz

INFLECTIONS = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", ""))
# What follows a dateline's place: a date, an agency tag or the AP-style separator.
DATELINE_TAIL = re.compile(r"^(\d{4}|_|--|—|–|\(|Reuters|AP|AFP)$")

TRUECASE_KEY = "nf_truecase"  # doc.user_data: token index -> re-cased text (read on every token, so no extension lookup)


def true_text(tok: Token) -> str:
    """The token as it would be written in running text (casing repaired for ALL-CAPS lines)."""
    recased = tok.doc.user_data.get(TRUECASE_KEY)
    return recased.get(tok.i, tok.text) if recased else tok.text


def span_true_text(span) -> str:
    return "".join(true_text(t) + t.whitespace_ for t in span).strip()


def text_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the document's lines (split at whitespace tokens holding a newline).

    Only the whitespace tokens are visited from Python (found with ``to_array``), which is much
    cheaper than walking every token.
    """
    spaces = doc.to_array([IS_SPACE]).reshape(-1).nonzero()[0].tolist() if len(doc) else []
    breaks = [i for i in spaces if "\n" in doc[i].text]
    out, start = [], 0
    for i in breaks:
        if start < i:
            out.append((start, i))
        start = i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def common_words(nlp) -> frozenset[str]:
    """Lower-case English words: stop words plus the pipeline's lemma tables when it has them."""
    lookups = None
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    return gaz.common_words(lookups)

class CasingRepair:
    """Re-run the NER on ALL-CAPS lines with casing restored from the document and word lists."""

    def __init__(self, nlp: Language, name: str, min_caps_ratio: float, ner_pipes: list[str]):
        self.nlp = nlp
        self.name = name
        self.min_caps_ratio = min_caps_ratio
        self.ner_pipes = ner_pipes
        self._common: frozenset[str] | None = None

    @property
    def common(self) -> frozenset[str]:
        if self._common is None:
            self._common = common_words(self.nlp)
        return self._common

    def _is_common(self, low: str) -> bool:
        """A lower-case English word, allowing regular inflections (``named``, ``results``, ``taking``)."""
        if low in self.common:
            return True
        for suffix, repl in INFLECTIONS:
            if low.endswith(suffix) and len(low) > len(suffix) + 2:
                stem = low[: -len(suffix)] + repl
                if stem in self.common or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in self.common):
                    return True
        return False

    def _is_caps_line(self, doc: Doc, start: int, end: int) -> bool:
        words = [t.text for t in doc[start:end] if t.is_alpha]
        if not words:
            return False
        caps = sum(w.isupper() for w in words)
        return caps / len(words) >= self.min_caps_ratio and any(len(w) > 1 and w.isupper() for w in words)

    def _case(self, word: str, seen: dict[str, str]) -> str:
        low = word.lower()
        if low in seen:
            return seen[low]
        title = word.title()
        if gaz.is_big_place(title) or (title in gaz.first_names() and low not in self.common):
            return title
        if self._is_common(low):
            return low
        if len(word) <= 3 and not any(c in "AEIOU" for c in word[1:]):
            return word  # likely an acronym (GB, NBC)
        return title

    @staticmethod
    def _dateline_run(doc: Doc, s: int, e: int) -> int:
        """End token of the place opening a dateline line ("NICE , France 1996-08-30"), else ``s``."""
        j = s
        while j < e and j - s < 3 and doc[j].is_alpha and doc[j].text.isupper():
            j += 1
        if s < j < e and (DATELINE_TAIL.match(doc[j].text) or doc[j].text == ",") and gaz.is_place(doc[s:j].text):
            return j
        return s

    @staticmethod
    def _place_runs(doc: Doc, s: int, e: int) -> set[int]:
        """Tokens of shouted multi-word place names on a line ("NEW YORK", "KANSAS CITY", "ST LOUIS")."""
        out: set[int] = set()
        for i in range(s, e - 1):
            for n in (3, 2):
                run = doc[i : min(i + n, e)]
                if len(run) == n and all(t.is_alpha and t.text.isupper() for t in run) and gaz.is_place(run.text.title()):
                    out.update(range(i, i + n))
                    break
        return out

    def __call__(self, doc: Doc) -> Doc:
        lines = text_lines(doc)
        caps = [(s, e) for s, e in lines if self._is_caps_line(doc, s, e)]
        if not caps:
            return doc
        caps_tokens = {i for s, e in caps for i in range(s, e)}
        # How the document writes each word when it is not shouting, ignoring sentence starts.
        shouted = {doc[i].lower_ for i in caps_tokens}
        variants: dict[str, Counter] = defaultdict(Counter)
        for tok in doc:
            if tok.lower_ in shouted and tok.i not in caps_tokens and tok.is_alpha and not tok.is_sent_start and not tok.text.isupper():
                variants[tok.lower_][tok.text] += 1
        seen = {low: c.most_common(1)[0][0] for low, c in variants.items()}
        keep = [e for e in doc.ents if not any(e.start < le and ls < e.end for ls, le in caps)]
        new = []
        recased: dict[int, str] = {}
        # All repaired lines go through the NER in one Doc, separated by newline tokens.
        words, spaces, origin = [], [], []
        for s, e in caps:
            dateline = self._dateline_run(doc, s, e)
            places = self._place_runs(doc, s, e)
            for tok in doc[s:e]:
                w = tok.text
                if tok.i < dateline or tok.i in places:
                    w = w.title()  # "GENEVA 1996-08-30", "NEW YORK 74 59": a place's name, never "geneva", "new york"
                elif tok.is_alpha and w.isupper() and len(w) > 1:
                    w = self._case(w, seen)
                if tok.i == s and not w.islower():
                    # Common words stay lower case even first on the line: a capitalised
                    # "Cricket - ..." headline reads to the model as an organisation.
                    w = w[:1].upper() + w[1:]
                if w != tok.text:
                    recased[tok.i] = w
                words.append(w)
                spaces.append(bool(tok.whitespace_))
                origin.append(tok.i)
            words.append("\n")
            spaces.append(False)
            origin.append(-1)
        sub = Doc(doc.vocab, words=words, spaces=spaces)
        for pipe in self.ner_pipes:
            sub = self.nlp.get_pipe(pipe)(sub)
        for x in sub.ents:
            toks = [origin[i] for i in range(x.start, x.end)]
            if -1 not in toks:
                new.append(Span(doc, toks[0], toks[-1] + 1, label=x.label_))
        doc.user_data[TRUECASE_KEY] = recased
        doc.ents = sorted(keep + new, key=lambda x: x.start)
        return doc


@Language.factory(
    "newsflow_casing",
    default_config={"min_caps_ratio": 0.7, "ner_pipes": ["ner"]},
)
def make_casing_repair(nlp: Language, name: str, min_caps_ratio: float, ner_pipes: list[str]):
    """Factory for :class:`CasingRepair` (``ner_pipes``: components re-run on a repaired line)."""
    return CasingRepair(nlp, name, min_caps_ratio, ner_pipes)
