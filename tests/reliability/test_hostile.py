"""Hostile and broken input, fuzzed through the real ingest and clean stages (pure functions, no flow)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from tests.reliability import fuzz

# The soak script runs these properties for 1,000 cases in all; the suite runs a fixed sample.
FAST = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                database=None)
KNOWN_BUGS: dict[str, str] = {}  # property name -> reason, for a known bug awaiting its fix


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[n])) if n in KNOWN_BUGS else n
    for n in sorted(fuzz.PROPERTIES)])
def test_hostile_input_is_read_or_quarantined_with_a_reason(name):
    strategy, check = fuzz.PROPERTIES[name]

    @FAST
    @given(strategy)
    def prop(args):
        check(*args)

    prop()


GOOD = {"text": "Harbor workers walked out on Tuesday, the union said.", "title": "Harbor strike"}


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_lone_surrogate_escape_in_a_record(suffix):
    bad = {"text": "The mayor said \ud83d hello to the harbor workers.", "title": "Cut \udc00 emoji"}
    lines = [json.dumps(GOOD), json.dumps(bad)]
    fuzz.check_jsonl(lines, suffix=suffix)


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_publication_date_at_the_edge_of_the_calendar(date):
    fuzz.check_jsonl([json.dumps(GOOD), json.dumps({**GOOD, "title": "Edge", "published_at": date})])
