"""Amounts: money, percentages, percentage points and counted quantities as numbers with units."""

import pytest
import spacy

from tasks.lib.extract.amounts import extract_amounts, parse_number


def _one(amounts, text):
    hits = [a for a in amounts if a.text == text]
    assert len(hits) == 1, f"{text!r} not in {[a.text for a in amounts]}"
    return hits[0]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


# Money and percentages need only the text: a blank pipeline is enough.
@pytest.mark.parametrize(
    "sentence, span, kind, value, unit, qualifier",
    [
        ("The firm got a $1.5 billion loan.", "$1.5 billion", "money", 1_500_000_000, "USD", None),
        ("Profits hit £4.6bn last year.", "£4.6bn", "money", 4_600_000_000, "GBP", None),
        ("It raised €500m in bonds.", "€500m", "money", 500_000_000, "EUR", None),
        ("Exports reached US$3bn.", "US$3bn", "money", 3_000_000_000, "USD", None),
        ("The bank lent 300bn roubles.", "300bn roubles", "money", 300_000_000_000, "RUB", None),
        ("Sales were 1.4bn euros.", "1.4bn euros", "money", 1_400_000_000, "EUR", None),
        ("They paid 5 million dollars.", "5 million dollars", "money", 5_000_000, "USD", None),
        ("It costs 100 yuan.", "100 yuan", "money", 100, "CNY", None),
        ("Japan spent ¥100bn.", "¥100bn", "money", 100_000_000_000, "JPY", None),
        ("He charged USD 5m.", "USD 5m", "money", 5_000_000, "USD", None),
        ("Shares closed at 590 pence.", "590 pence", "money", 5.9, "GBP", None),
        ("A stamp is 50p now.", "50p", "money", 0.5, "GBP", None),
        ("A salary of £30k was offered.", "£30k", "money", 30_000, "GBP", None),
        ("Russia gave more than $17 billion in loans.", "more than $17 billion", "money", 17e9, "USD", "more than"),
        ("It will cost up to $4m.", "up to $4m", "money", 4_000_000, "USD", "up to"),
        ("Boxes cost as little as 70 euros.", "as little as 70 euros", "money", 70, "EUR", "as little as"),
        ("Costs fell to 8.2bn euros.", "8.2bn euros", "money", 8_200_000_000, "EUR", None),
        ("Rosneft holds a 49.9 percent stake.", "49.9 percent", "percent", 49.9, "%", None),
        ("Growth was 5.5% in 2004.", "5.5%", "percent", 5.5, "%", None),
        ("Inflation hit 3.2 per cent.", "3.2 per cent", "percent", 3.2, "%", None),
        ("Almost 60% of homes have it.", "Almost 60%", "percent", 60, "%", "almost"),
        ("Rates rose 0.25 percentage points.", "0.25 percentage points", "percentage_points", 0.25, "pp", None),
        ("The bank cut 25 basis points.", "25 basis points", "percentage_points", 0.25, "pp", None),
    ],
)
def test_money_and_percent(blank, sentence, span, kind, value, unit, qualifier):
    a = _one(extract_amounts(blank(sentence)), span)
    assert (a.kind, a.unit, a.qualifier) == (kind, unit, qualifier)
    assert a.value == pytest.approx(value)
    assert sentence[a.start_char : a.end_char] == a.text


@pytest.mark.parametrize(
    "sentence, span, kind, low, high, unit",
    [
        ("Russia may lend $1-2 billion.", "$1-2 billion", "money", 1e9, 2e9, "USD"),
        ("A deal worth $5.5-6bn.", "$5.5-6bn", "money", 5.5e9, 6e9, "USD"),
        ("Prices fell 10-15%.", "10-15%", "percent", 10, 15, "%"),
        ("Prices fell 3 to 4 percent.", "3 to 4 percent", "percent", 3, 4, "%"),
        ("Between 10 and 20 percent of voters.", "Between 10 and 20 percent", "percent", 10, 20, "%"),
        ("Fares of $5 to $10 apply.", "$5 to $10", "money", 5, 10, "USD"),
    ],
)
def test_ranges_keep_low_and_high(blank, sentence, span, kind, low, high, unit):
    a = _one(extract_amounts(blank(sentence)), span)
    assert (a.kind, a.unit, a.low, a.high, a.value) == (kind, unit, low, high, low)


@pytest.mark.parametrize(
    "sentence, first, second",
    [
        ("Shares rose 5p to 350p.", ("5p", 0.05), ("350p", 3.5)),
        ("The rate was cut from 5% to 4.75%.", ("5%", 5), ("4.75%", 4.75)),
        ("Contributions grew from £5.5bn to £8.2bn.", ("£5.5bn", 5.5e9), ("£8.2bn", 8.2e9)),
    ],
)
def test_changes_are_two_amounts_not_a_range(blank, sentence, first, second):
    amounts = extract_amounts(blank(sentence))
    assert [(a.text, a.value) for a in amounts] == [first, second]
    assert all(a.low is None for a in amounts)


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value, unit, qualifier",
    [
        ("Reporters said about 100 Russian soldiers arrived.", "about 100 Russian soldiers", 100, "soldiers", "about"),
        ("More than 3 million people have fled the country.", "More than 3 million people", 3e6, "people", "more than"),
        ("Russia landed two military planes near Caracas.", "two military planes", 2, "planes", None),
        ("Russia landed two of their military planes there.", "two of their military planes", 2, "planes", None),
        ("The union has 1.2 million members.", "1.2 million members", 1.2e6, "members", None),
        ("It sold twenty-five cars.", "twenty-five cars", 25, "cars", None),
        ("Half a million people marched.", "Half a million people", 500_000, "people", None),
        ("The bank will cut 2,850 jobs.", "2,850 jobs", 2850, "jobs", None),
        ("Ethiopia produced 14.27 million tonnes of crops.", "14.27 million tonnes", 14_270_000, "tonnes", None),
        ("Unions representing 4.5m workers protested.", "4.5m workers", 4_500_000, "workers", None),
        ("The firm employs 500 oil workers.", "500 oil workers", 500, "workers", None),
        # a singular unit before the noun is what the number measures
        ("Sales of three megapixel camera phones rose.", "three megapixel", 3, "megapixel", None),
        ("Its 10 storey blocks were sold.", "10 storey", 10, "storey", None),
        # coordinated modifiers before the counted noun
        ("Some 2,000 business and political leaders will attend.", "Some 2,000 business and political leaders",
         2000, "leaders", "some"),
        ("About 300 farm and factory workers marched.", "About 300 farm and factory workers", 300, "workers", "about"),
        # half of a dozen, however it is written
        ("More than a half-dozen aides quit.", "More than a half-dozen aides", 6, "aides", "more than"),
        ("A half dozen reporters came.", "A half dozen reporters", 6, "reporters", None),
        # a headline in title case capitalises its counts: the capitals tell no name, the noun no proper unit
        ("Bank To Cut Three Jobs", "Three Jobs", 3, "jobs", None),
        ("Trump Wins Five States In Northeast Primaries", "Five States", 5, "states", None),
        ("Two Nigerian Banks Set To Merge", "Two Nigerian Banks", 2, "banks", None),
    ],
)
def test_counted_quantities(nlp, sentence, span, value, unit, qualifier):
    a = _one(extract_amounts(nlp(sentence)), span)
    assert (a.kind, a.unit, a.qualifier) == ("quantity", unit, qualifier)
    assert a.value == pytest.approx(value)


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence",
    [
        "Russia has been an ally of Venezuela since 2006.",  # year
        "The 2019 elections were close.",  # year as modifier
        "A 35-year-old man, aged 35, was arrested.",  # ages
        "The meeting started at 10:30 on 12 March 2005.",  # time and date
        "Call 555-1234 for details.",  # phone number
        "Chelsea won 3-1 on Saturday.",  # score
        "She lives at 10 Downing Street.",  # address
        "He finished first and came 2nd in the 100m sprint.",  # ordinals, distance-as-name
        "The talks lasted three years and took two weeks.",  # durations
        "One of the planes was a jet.",  # "one" is not a count
        "Boeing 747 planes landed.",  # model number
        "Russia helped make billions of dollars in payments.",  # vague: no number to sum
        "Sunday's Six Nations clash was tense.",  # a name
        "Vickery out of Six Nations",  # a name the tagger calls a common noun (a headline)
        "He had a part in the Three Amigos as a boy.",  # the same in running text
        "Files are sent from a PC to a handset.",  # a computer, not one per cent
        "I found an old 386 PC in the office.",
        "Rapper 50 Cent and The Game said 50 Cent would perform.",  # a name, not small change
        "Staff of the 2016 Pence campaign met.",  # a name after a year
        "Two thirds of voters agreed.",  # a fraction
    ],
)
def test_no_false_amounts(nlp, sentence):
    assert extract_amounts(nlp(sentence)) == []


@pytest.mark.model
def test_seed_like_paragraph(nlp):
    text = (
        "The Russian state oil firm Rosneft also holds a 49.9 percent stake in the refinery following a "
        "$1.5 billion loan. He said Russia has provided more than $17 billion in loans and investments. "
        "More than 3 million people have fled the country."
    )
    got = {(a.kind, a.value, a.unit) for a in extract_amounts(nlp(text))}
    assert got == {("percent", 49.9, "%"), ("money", 1.5e9, "USD"), ("money", 17e9, "USD"), ("quantity", 3e6, "people")}


@pytest.mark.parametrize(
    "text, value",
    [("three", 3), ("twenty-one", 21), ("1,500", 1500), ("a", 1), ("three hundred and fifty", 350), ("a few", None), ("several", None),
     ("a half-dozen", 6), ("half a dozen", 6), ("half-dozen", 6)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


# Issue 29: the edge cases of real news text, each on a sentence of our own.
@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, kind, value, unit, low, high",
    [
        ("The charity received 10 000 dollars from donors.", "10 000 dollars", "money", 10_000, "USD", None, None),
        ("The quarterly result was ($99.99) per unit.", "($99.99)", "money", -99.99, "USD", None, None),
        ("The fund moved -15€ on the day.", "-15€", "money", -15, "EUR", None, None),
        ("The bridge will cost between 3 and 5 million dollars.", "between 3 and 5 million dollars", "money",
         3_000_000, "USD", 3_000_000, 5_000_000),
        ("The group raised $1.5bn from investors.", "$1.5bn", "money", 1_500_000_000, "USD", None, None),
        ("The stadium roof costs €3-4m to replace.", "€3-4m", "money", 3_000_000, "EUR", 3_000_000, 4_000_000),
        ("Sweets used to cost a penny each.", "a penny", "money", 0.01, "GBP", None, None),
        ("He would not give them a dime.", "a dime", "money", 0.10, "USD", None, None),
        ("Between 3 and 5 million people voted.", "Between 3 and 5 million people", "quantity",
         3_000_000, "people", 3_000_000, 5_000_000),
    ],
)
def test_issue_29_amounts(nlp, sentence, span, kind, value, unit, low, high):
    a = _one(extract_amounts(nlp(sentence)), span)
    assert (a.kind, a.value, a.unit, a.low, a.high) == (kind, pytest.approx(value), unit, low, high)


@pytest.mark.model
def test_a_list_is_one_row_per_number(nlp):
    got = [(a.text, a.value, a.unit) for a in extract_amounts(nlp("Inspectors found 45 and 50 cases in the towns."))]
    assert got == [("45", 45, "cases"), ("50 cases", 50, "cases")]


@pytest.mark.model
def test_a_list_of_percentages_shares_the_last_unit(nlp):
    got = [(a.text, a.kind, a.value) for a in extract_amounts(nlp("Rates of 5 and 10 percent apply."))]
    assert got == [("5", "percent", 5), ("10 percent", "percent", 10)]


@pytest.mark.model
def test_a_season_span_is_not_an_amount(nlp):
    got = [(a.text, a.value) for a in extract_amounts(nlp("Revenue for 2012–13 was £20m."))]
    assert got == [("£20m", 20_000_000)]


@pytest.mark.model
def test_bracketed_conversion_and_price_stay_positive(nlp):
    conv = extract_amounts(nlp("Profit was £546m ($1.04bn) last year."))
    assert [(a.text, a.value) for a in conv] == [("£546m", 546_000_000), ("$1.04bn", 1_040_000_000)]
    price = extract_amounts(nlp("Shares in Acme ($12) rose."))
    assert [(a.text, a.value) for a in price] == [("$12", 12)]


@pytest.mark.model
def test_side_by_side_percentages_are_two_values(nlp):
    got = [(a.text, a.value, a.low) for a in extract_amounts(nlp("Trump leads Cruz 42%-32.7% in the poll."))]
    assert got == [("42%", 42, None), ("32.7%", 32.7, None)]


@pytest.mark.model
@pytest.mark.parametrize("sentence", ["Penny Lane is a song.", "In 2004 and 2005 the firm grew."])
def test_names_and_years_are_not_amounts(nlp, sentence):
    assert [a.text for a in extract_amounts(nlp(sentence)) if a.kind == "money" or a.unit in ("firm",)] == []


@pytest.mark.model
def test_between_percentages_is_one_range(nlp):
    got = [(a.text, a.low, a.high) for a in extract_amounts(nlp("Sales should grow by between 1% and 3% this year."))]
    assert got == [("between 1% and 3%", 1, 3)]


@pytest.mark.model
def test_per_cent_written_pc_is_lower_case(nlp):
    got = [(a.text, a.kind, a.value) for a in extract_amounts(nlp("Prices rose 5pc, then 3 pc, for a $100 PC."))]
    assert got == [("5pc", "percent", 5), ("3 pc", "percent", 3), ("$100", "money", 100)]


@pytest.mark.model
def test_scale_words_in_capitals(nlp):
    a = _one(extract_amounts(nlp("VERIZON TO BUY YAHOO FOR $4.83 BILLION")), "$4.83 BILLION")
    assert (a.value, a.unit) == (4_830_000_000, "USD")


@pytest.mark.model
def test_one_in_five_is_a_ratio_not_a_count(nlp):
    got = extract_amounts(nlp("One in five European workers are mobile, and 300 workers left."))
    assert [(a.text, a.value) for a in got] == [("300 workers", 300)]


@pytest.mark.model
def test_billion_plus_keeps_its_scale(nlp):
    a = _one(extract_amounts(nlp("Studios expect $1 billion-plus in sales.")), "$1 billion")
    assert a.value == 1_000_000_000


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, unit",
    [
        ("The group bought two cosmetics brands last year.", "two cosmetics brands", "brands"),
        ("The 800 metres favourites ran well.", "800 metres", "metres"),  # a measure stays the unit
    ],
)
def test_a_plural_modifier_is_not_the_counted_noun(nlp, sentence, span, unit):
    assert _one(extract_amounts(nlp(sentence)), span).unit == unit


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, span, value, unit",
    [
        # a possessor between "of" and the noun: the number still counts the noun
        ("The deal was opposed by six of Acme's rivals.", "six of Acme's rivals", 6, "rivals"),
        ("He read two of the committee's reports.", "two of the committee's reports", 2, "reports"),
        # coordinated modifiers before the noun
        ("Aid went to 30 Asian and African countries.", "30 Asian and African countries", 30, "countries"),
        ("The poll asked 412 Republican or Republican-leaning voters.",
         "412 Republican or Republican-leaning voters", 412, "voters"),
        ("Police said 5,000 Kremlin-backed rebels fought.", "5,000 Kremlin-backed rebels", 5000, "rebels"),
        # "dozen" with no number before it is twelve
        ("She won the dozen regional contests she entered.", "dozen regional contests", 12, "contests"),
    ],
)
def test_counted_nouns_past_possessors_and_coordination(nlp, sentence, span, value, unit):
    a = _one(extract_amounts(nlp(sentence)), span)
    assert (a.kind, a.value, a.unit) == ("quantity", value, unit)


@pytest.mark.parametrize(
    "sentence, span, kind, value",
    [
        ("Rates rose by a quarter of a percentage point.", "a quarter of a percentage point", "percentage_points", 0.25),
        ("The bank cut half a percentage point.", "half a percentage point", "percentage_points", 0.5),
        ("Prices fell three quarters of a percent.", "three quarters of a percent", "percent", 0.75),
    ],
)
def test_fractions_of_a_point(blank, sentence, span, kind, value):
    a = _one(extract_amounts(blank(sentence)), span)
    assert (a.kind, a.value) == (kind, pytest.approx(value))


def test_a_fraction_without_a_unit_is_no_amount(blank):
    assert extract_amounts(blank("A quarter of a century passed.")) == []


@pytest.mark.model
def test_a_race_distance_is_not_millions(nlp):
    got = extract_amounts(nlp("She will run the 400m hurdles and 5m people will watch."))
    assert [(a.text, a.value, a.unit) for a in got] == [("5m people", 5_000_000, "people")]


@pytest.mark.model
def test_any_number_in_another_is_a_ratio(nlp):
    got = extract_amounts(nlp("Four in 10 voters and three out of five doctors agreed, as did 300 nurses."))
    assert [(a.text, a.value) for a in got] == [("300 nurses", 300)]


@pytest.mark.model
def test_a_part_of_a_counted_whole_counts_the_same_noun(nlp):
    got = extract_amounts(nlp("The firm said 1,200 of its 5,000 employees would leave."))
    assert [(a.text, a.value, a.unit) for a in got] == [("1,200", 1200, "employees"), ("5,000 employees", 5000, "employees")]


@pytest.mark.model
def test_a_no_break_space_before_the_noun(nlp):
    a = _one(extract_amounts(nlp("The gunman killed 49\u00a0club goers.")), "49\u00a0club goers")
    assert (a.value, a.unit) == (49, "goers")


def test_a_margin_of_error_keeps_its_number(blank):
    a = _one(extract_amounts(blank("The margin of error is +/-3 percentage points.")), "3 percentage points")
    assert (a.kind, a.value) == ("percentage_points", 3)


@pytest.mark.parametrize(
    "text, span, unit",
    [
        ("Mexico's deficit reached 24.2 trillion pesos in 2004, the Mexican finance ministry said.",
         "24.2 trillion pesos", "MXN"),
        ("Denmark will pay 36bn kroner. Norway gave 100,000 kroner, but Danish officials paid more.",
         "36bn kroner", "DKK"),
        ("Bread now costs 170 dinars in Baghdad, where Iraqi families queue for hours.", "170 dinars", "IQD"),
        # One Philippine and one Mexican mention: a tie names no currency.
        ("The Philippine and Mexican central banks each hold 400m pesos.", "400m pesos", None),
        # "chile" in lower case is a pepper, not the country.
        ("A kilo of chile costs 5,000 pesos.", "5,000 pesos", None),
    ],
)
def test_an_ambiguous_currency_word_takes_the_currency_of_the_country_named_most(blank, text, span, unit):
    a = _one(extract_amounts(blank(text)), span)
    assert (a.kind, a.unit) == ("money", unit)
