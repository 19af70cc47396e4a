"""Dates: absolute and relative expressions resolved against the publish date."""

from datetime import date, timedelta

import pytest
import spacy

from tasks.lib.extract.dates import extract_dates, resolve_date

PUB = date(2019, 3, 25)  # a Monday


def _one(mentions, text):
    hits = [m for m in mentions if m.text == text]
    assert len(hits) == 1, f"{text!r} not in {[m.text for m in mentions]}"
    return hits[0]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "phrase, value, granularity",
    [
        ("March 25, 2019", date(2019, 3, 25), "day"),
        ("25 March 2019", date(2019, 3, 25), "day"),
        ("Monday 6 December 2004", date(2004, 12, 6), "day"),
        ("2019-03-25", date(2019, 3, 25), "day"),
        ("25/03/2019", date(2019, 3, 25), "day"),
        ("03/04/2019", None, "day"),  # day/month order unknowable
        ("April 2005", date(2005, 4, 1), "month"),
        ("2006", date(2006, 1, 1), "year"),
        ("the 1990s", date(1990, 1, 1), "decade"),
        ("mid-2005", date(2005, 1, 1), "year"),
        ("the fourth quarter of 2004", date(2004, 10, 1), "quarter"),
        ("the second half of 2004", date(2004, 7, 1), "half"),
        ("summer 2003", date(2003, 6, 1), "season"),
    ],
)
def test_absolute_dates_need_no_publish_date(phrase, value, granularity):
    assert resolve_date(phrase, None) == (value, granularity)


@pytest.mark.parametrize(
    "phrase, future, value, granularity",
    [
        ("Monday", False, date(2019, 3, 25), "day"),  # the publish day itself
        ("Saturday", False, date(2019, 3, 23), "day"),
        ("Friday", True, date(2019, 3, 29), "day"),  # "will meet on Friday"
        ("last Tuesday", False, date(2019, 3, 19), "day"),
        ("next Monday", False, date(2019, 4, 1), "day"),
        ("yesterday", False, date(2019, 3, 24), "day"),
        ("tomorrow", False, date(2019, 3, 26), "day"),
        ("this weekend", False, date(2019, 3, 23), "weekend"),
        ("next weekend", False, date(2019, 3, 30), "weekend"),
        ("earlier this month", False, date(2019, 3, 1), "month"),
        ("last month", False, date(2019, 2, 1), "month"),
        ("next week", False, date(2019, 4, 1), "week"),
        ("last week", False, date(2019, 3, 18), "week"),
        ("last year", False, date(2018, 1, 1), "year"),
        ("this year", False, date(2019, 1, 1), "year"),
        ("three months prior", False, date(2018, 12, 25), "month"),
        ("two weeks ago", False, date(2019, 3, 11), "week"),
        ("a year earlier", False, date(2018, 3, 25), "year"),
        ("five years later", False, None, "year"),  # counts from the story's time, not the publish date
        ("two years from now", False, date(2021, 3, 25), "year"),
        ("December", False, date(2018, 12, 1), "month"),  # nearest past December
        ("next July", False, date(2019, 7, 1), "month"),
        ("27 February", False, date(2019, 2, 27), "day"),
        ("2 April", False, date(2019, 4, 2), "day"),  # a week ahead beats a year back
        ("Christmas", False, date(2018, 12, 25), "day"),
        ("the first quarter", False, date(2019, 1, 1), "quarter"),
        ("weeks ago", False, None, "week"),  # vague: kept, not invented
        ("that year", False, None, "year"),  # anchored to the story, not the publish date
    ],
)
def test_relative_dates_resolve_against_publish_date(phrase, future, value, granularity):
    assert resolve_date(phrase, PUB, future=future) == (value, granularity)


@pytest.mark.parametrize("phrase", ["Monday", "this weekend", "earlier this month", "three months prior", "last year", "5 May"])
def test_relative_dates_without_publish_date_are_none(phrase):
    assert resolve_date(phrase, None)[0] is None


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("Lavrov spoke on Monday over the phone.", "Monday", date(2019, 3, 25)),
        ("Planes landed near Caracas Saturday.", "Saturday", date(2019, 3, 23)),
        ("The tweet was posted on March 25, 2019 by him.", "March 25, 2019", date(2019, 3, 25)),
        ("They became concerned this weekend.", "this weekend", date(2019, 3, 23)),
        ("It happened three months prior to that.", "three months prior", date(2018, 12, 25)),
        ("Talks end next week.", "next week", date(2019, 4, 1)),
        ("He said so yesterday.", "yesterday", date(2019, 3, 24)),
    ],
)
def test_rule_forms_found_without_a_model(blank, sentence, span, value):
    m = _one(extract_dates(blank(sentence), PUB), span)
    assert m.value == value
    assert sentence[m.start_char : m.end_char] == span


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value, granularity",
    [
        ("Earlier this month, Pompeo blamed Russia.", "Earlier this month", date(2019, 3, 1), "month"),
        ("Russia has been an ally since 2006.", "2006", date(2006, 1, 1), "year"),
        ("The minister will visit on Friday.", "Friday", date(2019, 3, 29), "day"),
        ("Sales fell last year.", "last year", date(2018, 1, 1), "year"),
        ("On 10 January Cellnet launched its network.", "10 January", date(2019, 1, 10), "day"),
        ("He spoke at Christmas 2004.", "Christmas 2004", date(2004, 12, 25), "day"),  # a holiday, not a name
        ("The deal was signed in May 2004.", "May 2004", date(2004, 5, 1), "month"),
        # words the model's span opens with that are no part of the date
        ("It was another Jan. 17, 2013 meeting that changed things.", "Jan. 17, 2013", date(2013, 1, 17), "day"),
        ("The budget under fiscal year 2014 was cut.", "fiscal year 2014", date(2014, 1, 1), "year"),
        ("The firm had at least the 2006 fiscal year in mind.", "the 2006 fiscal year", date(2006, 1, 1), "year"),
    ],
)
def test_dates_in_parsed_sentences(nlp, sentence, span, value, granularity):
    m = _one(extract_dates(nlp(sentence), PUB), span)
    assert (m.value, m.granularity) == (value, granularity)


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence",
    [
        "He was jailed for three years.",  # duration
        "A 35-year-old man was arrested.",  # age
        "The annual report is published every year.",  # frequencies
        "Chelsea won 3-1.",  # score
        "The talks lasted two weeks.",  # duration
        "It will take the next 12 months.",  # period, not a point
        "The Daily and Sunday Telegraph newspapers cut jobs.",  # weekday inside a name
        "Gamers keep playing in their 30s and 40s.",  # age bands, not decades
        "Microsoft released Windows 2000 to firms.",  # a year inside a product name
        "It runs on Windows 95, 98, 2000, NT and XP.",  # a list of versions, not one date
    ],
)
def test_not_dates(nlp, sentence):
    assert extract_dates(nlp(sentence), PUB) == []


@pytest.mark.model
def test_seed_like_paragraph(nlp):
    text = (
        "Pompeo called the Russian foreign minister on Monday. They became concerned this weekend when "
        "Russian planes landed. Russia landed two of their military planes near Caracas Saturday, after "
        "joint exercises three months prior. Earlier this month, Pompeo blamed Russia."
    )
    got = {(m.text, m.value) for m in extract_dates(nlp(text), PUB)}
    assert got == {
        ("Monday", date(2019, 3, 25)),
        ("this weekend", date(2019, 3, 23)),
        ("Saturday", date(2019, 3, 23)),
        ("three months prior", date(2018, 12, 25)),
        ("Earlier this month", date(2019, 3, 1)),
    }
    assert all(m.value is None for m in extract_dates(nlp(text), None))


# Issue 29: ranges, fiscal years and week references, each on a sentence of our own.
MARCH_PUB = date(2013, 3, 14)  # a Thursday in March


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value, granularity, end_value",
    [
        ("She was mayor in 2009-2010.", "2009-2010", date(2009, 1, 1), "year", date(2010, 1, 1)),
        ("The club won the league in 1957-58.", "1957-58", date(1957, 1, 1), "year", date(1958, 1, 1)),
        ("He represented Leeds from 1983 to 1992.", "1983 to 1992", date(1983, 1, 1), "year", date(1992, 1, 1)),
        ("The firm paid $1m between June 2012 and April 2014.", "between June 2012 and April 2014",
         date(2012, 6, 1), "month", date(2014, 4, 1)),
        ("The vote is on Feb. 28.", "Feb. 28", date(2013, 2, 28), "day", None),
        ("The company will open its plant in June.", "June", date(2013, 6, 1), "month", None),
        ("Sales will grow this fiscal year.", "this fiscal year", date(2013, 1, 1), "year", None),
        ("Profits fell in fiscal 2012.", "fiscal 2012", date(2012, 1, 1), "year", None),
        ("The budget for FY2024 is set.", "FY2024", date(2024, 1, 1), "year", None),
        ("The deal closes by the end of the year.", "the end of the year", date(2013, 1, 1), "year", None),
        ("Music changed in the 1990s.", "the 1990s", date(1990, 1, 1), "decade", None),
        ("Talks resume next week.", "next week", date(2013, 3, 18), "week", None),
        ("Shipments started the week of March 4.", "the week of March 4", date(2013, 3, 4), "week", None),
    ],
)
def test_issue_29_dates(nlp, sentence, span, value, granularity, end_value):
    m = _one(extract_dates(nlp(sentence), MARCH_PUB), span)
    assert (m.value, m.granularity, m.end_value) == (value, granularity, end_value)


@pytest.mark.model
def test_a_month_in_past_tense_stays_behind_the_publish_date(nlp):
    m = _one(extract_dates(nlp("The company opened its plant in June."), MARCH_PUB), "June")
    assert m.value == date(2012, 6, 1)


@pytest.mark.model
def test_a_perfect_modal_does_not_look_ahead(nlp):
    m = _one(extract_dates(nlp("The firm may have closed the plant in June."), MARCH_PUB), "June")
    assert m.value == date(2012, 6, 1)


@pytest.mark.parametrize("phrase", ["3-1", "2016-05-19", "1999-1998", "mid-2005"])
def test_not_a_year_span(phrase):
    from tasks.lib.extract.date_ranges import year_span

    assert year_span(phrase) is None


@pytest.mark.model
def test_a_quoted_title_is_not_a_date(nlp):
    got = extract_dates(nlp("Clinton said on ABC’s “This Week” on Sunday that she would win."), MARCH_PUB)
    assert [(m.text, m.value) for m in got] == [("Sunday", date(2013, 3, 10))]


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # a modal clause looks ahead: the next spring after a July article
        ("It could be spring before the bridge reopens.", "spring", date(2017, 3, 1)),
        ("Voters will decide in the upcoming fall election.", "upcoming fall", date(2016, 9, 1)),
        ("The plant closed last winter.", "last winter", date(2015, 12, 1)),
        ("The talks ended in spring.", "spring", date(2016, 3, 1)),
    ],
)
def test_lower_case_seasons(nlp, sentence, span, value):
    m = _one(extract_dates(nlp(sentence), date(2016, 7, 20)), span)
    assert (m.value, m.granularity) == (value, "season")


@pytest.mark.model
def test_a_season_in_a_name_or_of_phrase_is_not_a_date(nlp):
    got = extract_dates(nlp("Prices may fall by the fall of the regime, said the Spring Water Company."), date(2016, 7, 20))
    assert got == []


@pytest.mark.model
def test_one_entity_listing_dates_is_one_mention_each(nlp):
    got = extract_dates(nlp("Crime rose in the 1970s and mid-1980s, the report said."), MARCH_PUB)
    assert [(m.value, m.granularity) for m in got] == [(date(1970, 1, 1), "decade"), (date(1980, 1, 1), "decade")]


@pytest.mark.model
def test_year_end_is_this_year(nlp):
    m = _one(extract_dates(nlp("The deal should close by year's end."), MARCH_PUB), "year's end")
    assert (m.value, m.granularity) == (date(2013, 1, 1), "year")


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value, end_value",
    [
        ("The poll was conducted Sept. 6-8 among 900 adults.", "Sept. 6-8", date(2012, 9, 6), date(2012, 9, 8)),
        ("Talks were held from 4 to 7 February.", "4 to 7 February", date(2013, 2, 4), date(2013, 2, 7)),
        ("The fair ran on 20-22 March 2011.", "20-22 March 2011", date(2011, 3, 20), date(2011, 3, 22)),
    ],
)
def test_day_ranges_share_their_month(nlp, sentence, span, value, end_value):
    m = _one(extract_dates(nlp(sentence), MARCH_PUB), span)
    assert (m.value, m.end_value, m.granularity) == (value, end_value, "day")


SATURDAY = date(2016, 6, 4)


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # a negated could/would reports a past failure, not a plan
        ("The mayor could not be reached for comment Friday.", "Friday", date(2016, 6, 3)),
        # the present tense looks ahead
        ("She faces a tough race in Tuesday's primary.", "Tuesday", date(2016, 6, 7)),
        ("Voters head to the polls Tuesday.", "Tuesday", date(2016, 6, 7)),
        # ... but "says" reports the past
        ("The governor says Tuesday he will veto it.", "Tuesday", date(2016, 5, 31)),
        # a month naming an event is the nearest one, ahead or behind
        ("Delegates gathered ahead of the July convention.", "July", date(2016, 7, 1)),
        ("Delegates remembered the March primary.", "March", date(2016, 3, 1)),
    ],
)
def test_tense_and_events_direct_weekdays_and_months(nlp, sentence, span, value):
    assert _one(extract_dates(nlp(sentence), SATURDAY), span).value == value


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence",
    [
        "The group ran a Christmas-themed ad.",  # a hyphened modifier
        "She hosts ''Today,'' the morning show.",  # a quoted title with its comma inside
    ],
)
def test_modifiers_and_titles_are_not_dates(nlp, sentence):
    assert extract_dates(nlp(sentence), SATURDAY) == []


@pytest.mark.model
def test_set_to_looks_ahead(nlp):
    m = _one(extract_dates(nlp("The film is set to premiere in October."), SATURDAY), "October")
    assert m.value == date(2016, 10, 1)


@pytest.mark.model
@pytest.mark.parametrize("headline, span, value", [
    ("Tesco to cut 2,000 jobs by Friday", "Friday", date(2019, 3, 29)),
    ("Germany to hold election in September", "September", date(2019, 9, 1)),
])
def test_a_headline_infinitive_looks_ahead(nlp, headline, span, value):
    # headlinese writes the future as a bare infinitive; PUB is a Monday in March
    assert _one(extract_dates(nlp(headline), PUB), span).value == value


@pytest.mark.model
def test_a_month_of_that_year_stays_unresolved(nlp):
    got = extract_dates(nlp("Unemployment peaked at 10 percent in October of that year."), SATURDAY)
    assert all(m.value is None for m in got)


@pytest.mark.model
def test_habitual_and_named_weekdays_are_not_dates(nlp):
    got = extract_dates(nlp("We spend our Friday nights on polls, rest on Mondays and wait for Super Tuesday."), SATURDAY)
    assert all(m.value is None for m in got)


@pytest.mark.model
def test_days_counted_from_a_named_day(nlp):
    got = extract_dates(nlp("We'll see a week from tonight; the vote is two weeks from tomorrow."), SATURDAY)
    assert [(m.text, m.value, m.granularity) for m in got] == [
        ("a week from tonight", SATURDAY + timedelta(days=7), "day"),
        ("two weeks from tomorrow", SATURDAY + timedelta(days=15), "day")]


@pytest.mark.model
def test_a_year_the_model_reads_into_a_name(nlp):
    got = extract_dates(nlp("Palestinians want East Jerusalem, captured in the 1967 Middle East war."), SATURDAY)
    assert [(m.text, m.value, m.granularity) for m in got] == [("1967", date(1967, 1, 1), "year")]


@pytest.mark.model
def test_a_season_across_two_years_starts_in_the_first(nlp):
    got = extract_dates(nlp("The uprising came in the winter of 2004-5, not the summer of 2008."), SATURDAY)
    assert [(m.text, m.value, m.granularity) for m in got] == [
        ("the winter of 2004-5", date(2004, 12, 1), "season"), ("the summer of 2008", date(2008, 6, 1), "season")]


@pytest.mark.model
def test_a_year_span_the_model_half_misses(nlp):
    got = extract_dates(nlp("The county voted for the winner in every election from 1956 through 2012."), SATURDAY)
    assert [(m.value, m.end_value) for m in got] == [(date(1956, 1, 1), date(2012, 1, 1))]
