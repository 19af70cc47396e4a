"""The evidence scorer: cues from the data file, tried in order, first match wins."""

import pytest

from tasks.lib.extract import entity_evidence as ev


def test_every_cue_in_the_data_file_exists_and_weighs_something():
    rows = ev.evidence()
    assert rows[0] == ("dateline_place", "GPE", 3)
    assert all(cue in ev.CUES and weight > 0 for cue, _, weight in rows)


def test_first_cue_that_holds_wins_and_null_label_takes_the_names_own(monkeypatch):
    held = {"place_phrase", "name_words", "sports_city"}
    monkeypatch.setattr(ev, "CUES", {cue: (lambda c, p, t, r, cue=cue: cue in held) for cue in ev.CUES})
    assert ev.first_evidence(None, None, "Arbil", None) == ("GPE", 3)  # place_phrase comes before the others
    held.discard("place_phrase")
    assert ev.first_evidence(None, None, "Pirelli SpA", "ORG") == ("ORG", 3)  # name_words: the name's own label
    held.clear()
    assert ev.first_evidence(None, None, "x", None) is None


def test_an_unknown_cue_is_an_error(monkeypatch):
    ev.evidence.cache_clear()
    monkeypatch.setattr(ev, "CUES", {k: v for k, v in ev.CUES.items() if k != "sports_city"})
    with pytest.raises(ValueError, match="sports_city"):
        ev.evidence()
    ev.evidence.cache_clear()
