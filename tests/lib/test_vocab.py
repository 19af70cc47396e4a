"""The one lexicon loader: the shapes it reads and the clear error for a missing file."""

import pytest

from tasks.lib import vocab


def test_word_list_skips_comments_and_blank_lines_and_keeps_case():
    verbs = vocab.lines("reporting_verbs.txt")
    assert verbs[0] == "say"  # the first entry after the header comments
    assert not any(v.startswith("#") or not v for v in verbs)
    assert "Secretary of State" in vocab.words("titles.txt")


def test_table_drops_the_notes_and_records_read_every_row():
    numbers = vocab.table("numbers.json")
    assert "_doc" not in numbers and {"units", "tens", "scales"} <= set(numbers)  # "_doc" is a note for the reader
    assert numbers["units"]["twelve"] == 12
    aliases = {row["alias"]: (row["canonical"], row["label"]) for row in vocab.records("entity_aliases.jsonl")}
    assert aliases["U.S."] == ("United States", "GPE")


def test_a_missing_lexicon_names_the_file():
    with pytest.raises(FileNotFoundError, match="no_such_list.txt"):
        vocab.lines("no_such_list.txt")
