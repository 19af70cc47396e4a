"""Cleaning raw articles: HTML main text, headlines, datelines, boilerplate, embedded posts, language."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from expectations.frames import short_line_share
from tasks.lib.clean.article import CleanError, clean_article
from tasks.lib.clean.boilerplate import is_boilerplate
from tasks.lib.clean.datelines import dateline_date, extract_dateline
from tasks.lib.ingest.raw import RawArticle
from tasks.lib.ingest.readers import read_path

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
P1 = ("The city council voted on Tuesday to build a three-mile flood wall along the harbor, ending years of "
      "disputes over its cost.")
P2 = "The project will be paid for with federal grants and a new bond issue, the mayor said after the vote."
P3 = "Opponents said the wall would block views of the water and hurt the tourist trade on the promenade."


def raw(text: str, fmt: str = "txt", **meta) -> RawArticle:
    return RawArticle("mem://test", "0" * 64, text, fmt, **meta)


def clean(text: str, fmt: str = "txt", **kw):
    return clean_article(raw(text, fmt), **kw)


# --- seeds -----------------------------------------------------------------------------------

def _seed(prefix: str):
    (path,) = sorted((ROOT / "seeds").glob(f"{prefix}_*.txt"))
    (item,) = read_path(path)
    return clean_article(item)


def test_seed_dateline():
    art = _seed("000")
    assert art.dateline == "WASHINGTON"
    assert art.text.startswith("Secretary of State Mike Pompeo called")


def test_seed_recommended_and_tweet():
    art = _seed("001")
    assert "Recommended" not in art.text.split("\n")
    assert len(art.embeds) == 1
    (tweet,) = art.embeds
    assert (tweet.platform, tweet.author, tweet.handle, tweet.posted_at) == (
        "twitter", "Marco Rubio", "marcorubio", date(2019, 3, 25))
    assert tweet.text == "#Russia is deploying military personnel in W. Hemisphere in #Venezuela."
    assert "#Russia" not in art.text and "@marcorubio" not in art.text
    assert art.text.split("\n")[-3].startswith("Sen. Marco Rubio (R-FL) said")


# --- datelines -------------------------------------------------------------------------------

@pytest.mark.parametrize("first, place, rest", [
    ("WASHINGTON _ Officials said on Monday that talks would resume.", "WASHINGTON", "Officials said"),
    ("WASHINGTON (AP) — Officials said on Monday that talks would resume.", "WASHINGTON", "Officials said"),
    ("LONDON, March 5 (Reuters) - Officials said on Monday that talks would resume.", "LONDON, March 5", "Officials said"),
    ("NEW YORK -- Officials said on Monday that talks would resume.", "NEW YORK", "Officials said"),
    ("PARIS, France — Officials said on Monday that talks would resume.", "PARIS, France", "Officials said"),
    ("SAN FRANCISCO, Calif. (AP) — Officials said on Monday that talks would resume.", "SAN FRANCISCO, Calif.", "Officials"),
    ("KYIV, Ukraine, Feb. 3 (AP) – Officials said on Monday that talks would resume.", "KYIV, Ukraine, Feb. 3", "Officials said"),
    ("LONDON, 5 March (Reuters) - Officials said on Monday that talks would resume.", "LONDON, 5 March", "Officials said"),
    ("Washington (CNN) — Officials said on Monday that talks would resume.", "Washington", "Officials said"),
    ("MOSCOW/WASHINGTON (Reuters) - Officials said on Monday that talks would resume.", "MOSCOW/WASHINGTON", "Officials"),
    ("ST. LOUIS — Officials said on Monday that talks would resume.", "ST. LOUIS", "Officials said"),
    ("NEW DELHI: Officials said on Monday that talks would resume.", "NEW DELHI", "Officials said"),
    ("SÃO PAULO (AFP) - Officials said on Monday that talks would resume.", "SÃO PAULO", "Officials said"),
])
def test_dateline_forms(first, place, rest):
    art = clean(f"{first}\n{P2}")
    assert art.dateline == place
    assert art.text.startswith(rest)
    assert art.text.split("\n")[1] == P2


@pytest.mark.parametrize("line, place", [
    ("HARBOR CITY 2021-03-04", "HARBOR CITY, 2021-03-04"),
    ("PORTLAND , Maine 2021-03-04", "PORTLAND, Maine, 2021-03-04"),
    ("OSLO, March 4 (Reuters)", "OSLO, March 4"),
])
def test_dateline_on_a_line_of_its_own(line, place):
    # wire copy puts the dateline on its own line, closed by its date, under the headline (and an author line)
    art = clean(f"RUGBY - HARBOR CITY WIN THE FINAL .\nJane Doe\n{line}\n{P1}\n{P2}")
    assert art.dateline == place
    assert line not in art.text and art.text.endswith(P2)


@pytest.mark.parametrize("first", [
    "Officials in Washington said on Monday that talks would resume.",
    "RUGBY - HARBOR CITY WIN THE FINAL IN EXTRA TIME .",  # a slug before a headline in capitals
    "TENNIS - SMITH BEATS JONES IN STRAIGHT SETS",
    "NATO allies said on Monday that talks would resume.",
    "U.S. officials - and their allies - said talks would resume.",
    "The EU — and the UK — said on Monday that talks would resume.",
])
def test_no_false_dateline(first):
    dateline, lines = extract_dateline([first, P2])
    assert dateline is None
    assert lines[0] == first


# --- headline and byline ---------------------------------------------------------------------

@pytest.mark.parametrize("text, title, first_para", [
    (f"Harbor city approves flood wall\n\n{P1}\n{P2}", "Harbor city approves flood wall", P1),
    (f"'My memories of the harbor...'\n\n{P1}\n{P2}", "'My memories of the harbor...'", P1),
    (f"Can the harbor be saved?\n{P1}\n{P2}", "Can the harbor be saved?", P1),
    (f"{P1}\n{P2}", None, P1),  # first line is a sentence
    (f"Short line.\n{P1}", None, "Short line."),
])
def test_headline_detection(text, title, first_para):
    art = clean(text)
    assert art.title == title
    assert art.text.split("\n")[0] == first_para


def test_given_title_is_removed_from_body_and_byline_becomes_author():
    art = clean_article(raw(f"Harbor City Approves Flood Wall\nBy JANE DOE and Tom Reyes, Associated Press\n{P1}",
                            title="Harbor city approves flood wall"))
    assert art.title == "Harbor city approves flood wall"
    assert art.author == "Jane Doe, Tom Reyes"
    assert art.text == P1


# --- boilerplate -----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Recommended",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Read more: Council delays parking vote",
    "Read more",
    "READ MORE »",
    "Share this article",
    "Share on Facebook",
    "Sign up for our daily newsletter to get the latest news in your inbox.",
    "Subscribe to our newsletter",
    "Photo: Jane Doe/Getty Images",
    "(AP Photo/Evan Vucci)",
    "Image copyright Getty Images",
    "Image caption The harbor flooded twice last year",
    "Jane Doe/AFP via Getty Images",
    "Related: Harbor floods again",
    "Click here to read the full report",
    "Follow us on Twitter",
    "Copyright 2019 The Associated Press. All rights reserved.",
    "Reporting by Jane Doe; Editing by Tom Reyes",
    "(Reporting by Jane Doe in Leeds; Writing by Ann Lee; Editing by Tom Reyes.)",
    "Contributing: Ann Lee and Tom Reyes, USA TODAY.",
    "Media playback is unsupported on your device",
    "Continue reading the main story",
    "• Share",
])
def test_boilerplate_lines_are_removed(line):
    assert is_boilerplate(line)
    art = clean(f"{P1}\n{line}\n{P2}\n{P3}")
    assert art.text == f"{P1}\n{P2}\n{P3}"


@pytest.mark.parametrize("line", [
    "The council said it would share the cost with the state.",
    "Read more about the plan in the council's report, the mayor told residents.",
    "Advertisement revenue at the paper fell 12 percent last year.",
    "Subscribe to what? Nobody here reads the paper anymore, one resident said.",
    '"Click here," the instructions said, but the page would not load.',
    "Contributing: a surge in imports pushed the deficit higher, the ministry said.",
])
def test_sentences_with_boilerplate_words_are_kept(line):
    assert not is_boilerplate(line)
    assert line in clean(f"{P1}\n{line}\n{P2}").text.split("\n")


def test_short_isolated_non_sentence_line_rule():
    art = clean(f"{P1}\nTrending now\n{P2}\nRising costs\n{P3}")
    assert art.text == f"{P1}\n{P2}\n{P3}"
    # a short line that is a sentence is kept; so is a list of short lines
    kept = clean(f"{P1}\nHe declined.\n{P2}\nApples\nPears\nPlums\n{P3}").text.split("\n")
    assert "He declined." in kept and "Pears" in kept


def test_paragraphs_kept_and_sentence_split_across_lines_rejoined():
    art = clean(f"{P1}\n\n{P2}\n\n{P3}")
    assert art.text == f"{P1}\n{P2}\n{P3}"
    broken = clean(f"{P1}\nThe mayor, who\n\nwas re-elected last year, said the wall was overdue.\n{P3}")
    assert broken.text.split("\n")[1] == "The mayor, who was re-elected last year, said the wall was overdue."


def test_hard_wrapped_text_is_unwrapped():
    wrapped = ("The city council voted on Tuesday to build a flood wall along\n"
               "the harbor, ending years of disputes over its cost and design.\n\n"
               "The project will be paid for with federal grants and a new bond\n"
               "issue, the mayor said after the vote on Tuesday evening.\n")
    art = clean(wrapped)
    assert art.text.split("\n") == [
        "The city council voted on Tuesday to build a flood wall along the harbor, ending years of disputes over "
        "its cost and design.",
        "The project will be paid for with federal grants and a new bond issue, the mayor said after the vote on "
        "Tuesday evening."]


# --- embedded posts --------------------------------------------------------------------------

def test_tweet_with_signature_on_its_own_line():
    art = clean(f"{P1}\nThe vote was a long time coming. #floodwall #harbor\n"
                f"— Ellen Ortiz (@MayorOrtiz) April 11, 2023\n{P2}")
    (e,) = art.embeds
    assert (e.platform, e.author, e.handle, e.posted_at, e.text) == (
        "twitter", "Ellen Ortiz", "MayorOrtiz", date(2023, 4, 11), "The vote was a long time coming. #floodwall #harbor")
    assert art.text == f"{P1}\n{P2}"


def test_tweet_with_signature_on_the_text_line():
    art = clean(f"{P1}\nWe did it! pic.twitter.com/AbC123 — Ellen Ortiz (@MayorOrtiz) 11 April 2023\n{P2}")
    (e,) = art.embeds
    assert (e.author, e.handle, e.posted_at) == ("Ellen Ortiz", "MayorOrtiz", date(2023, 4, 11))
    assert e.text.startswith("We did it!")
    assert art.text == f"{P1}\n{P2}"


def test_instagram_and_facebook_posts():
    art = clean(f"{P1}\nView this post on Instagram\nSunset over the new wall #harbor\n"
                f"A post shared by Ellen Ortiz (@ellenortiz) on Apr 11, 2023 at 6:02pm PDT\n{P2}\n"
                f"Proud of our council tonight.\nPosted by Harbor City Council on Tuesday, April 11, 2023\n{P3}")
    insta, fb = art.embeds
    assert (insta.platform, insta.author, insta.handle, insta.posted_at, insta.text) == (
        "instagram", "Ellen Ortiz", "ellenortiz", date(2023, 4, 11), "Sunset over the new wall #harbor")
    assert (fb.platform, fb.author, fb.posted_at, fb.text) == (
        "facebook", "Harbor City Council", date(2023, 4, 11), "Proud of our council tonight.")
    assert art.text == f"{P1}\n{P2}\n{P3}"


def test_bare_pic_twitter_line_is_an_embed():
    art = clean(f"{P1}\nHigh water again on Front Street pic.twitter.com/xYz987\n{P2}")
    (e,) = art.embeds
    assert (e.platform, e.text) == ("twitter", "High water again on Front Street")
    assert art.text == f"{P1}\n{P2}"


# --- HTML and Markdown -----------------------------------------------------------------------

def test_html_main_text_and_metadata():
    (item,) = read_path(FIXTURES / "article.html")
    art = clean_article(item)
    assert art.title == "Harbor city approves flood wall after decade of delays"
    assert art.author == "Dana Whitfield"
    assert art.url == "https://ledger.example.com/2023/04/12/flood-wall"
    assert art.source == "The Coastal Ledger"
    assert art.published_at.date() == date(2023, 4, 12)
    lines = art.text.split("\n")
    assert lines[0].startswith("The city council voted 7-2 on Tuesday")
    assert lines[-1].startswith("The plan now goes to the state environmental agency")
    for junk in ["Advertisement", "Related stories", "waterfront parking", "newsletter", "waste of money",
                 "tracking pixel", "Privacy Policy", "Share on Facebook", "Comments", "Home"]:
        assert junk not in art.text, junk


def test_html_fragment_from_json_record():
    (port, _) = read_path(FIXTURES / "records.json")
    art = clean_article(port)
    assert art.text.split("\n") == [
        "Dock workers returned to work on Friday after a five-day strike ended with a pay deal, the port authority said.",
        "The deal raises wages by 6 percent over two years."]
    assert art.published_at == datetime(2024, 3, 1)


@pytest.mark.parametrize("uri, published", [
    ("/news/harbor-post_2016-09-12_flood-wall-vote.txt", datetime(2016, 9, 12)),
    ("file:///news/2019_03_04-council.md", datetime(2019, 3, 4)),
    ("/news/flood-wall-vote.txt", None),  # no date in the name
    ("/news/2016-02-30-flood.txt", None),  # no such day
    ("/news/route-12016-09-120.txt", None),  # digits run on: not a date
    ("/dumps/harbor_2016-09-12.jsonl#3", None),  # a record in a dump: the file's date may be the export's
])
def test_a_date_in_an_article_file_name_is_its_publication_day(uri, published):
    art = clean_article(RawArticle(uri, "0" * 64, f"{P1}\n{P2}", "txt"))
    assert art.published_at == published


@pytest.mark.parametrize("head, dateline, published", [
    ("HARBOR CITY 2021-03-04", "HARBOR CITY, 2021-03-04", datetime(2021, 3, 4)),
    ("HARBOR CITY, March 4, 2021 (Reuters) - Officials said talks would resume.", "HARBOR CITY, March 4, 2021",
     datetime(2021, 3, 4)),
    ("HARBOR CITY, March 4 (Reuters) - Officials said talks would resume.", "HARBOR CITY, March 4", None),  # no year
])
def test_the_day_a_dateline_states_is_the_publication_day(head, dateline, published):
    art = clean_article(RawArticle("/news/harbor.txt", "0" * 64, f"{head}\n{P1}\n{P2}", "txt"))
    assert art.dateline == dateline
    assert art.published_at == published


@pytest.mark.parametrize("dateline, span", [
    ("LONDON, March 5", (8, 15)),
    ("KYIV, Ukraine, Feb. 3", (15, 21)),
    ("HARBOR CITY, March 4, 2021", (13, 26)),
    ("PORTLAND, Maine, 2021-03-04", (17, 27)),
    ("PARIS, France", None),
    ("WASHINGTON", None),
])
def test_where_a_stored_dateline_states_its_date(dateline, span):
    assert dateline_date(dateline) == span


def test_the_dateline_day_wins_over_the_file_name():
    art = clean_article(RawArticle("/news/post_2021-03-09_vote.txt", "0" * 64, f"HARBOR CITY 2021-03-04\n{P1}", "txt"))
    assert art.published_at == datetime(2021, 3, 4)


def test_metadata_wins_over_the_file_name():
    art = clean_article(RawArticle("/news/post_2016-09-12_vote.txt", "0" * 64, f"{P1}\n{P2}", "txt",
                                   published_at=datetime(2016, 9, 11, 22, 5)))
    assert art.published_at == datetime(2016, 9, 11, 22, 5)


def test_markdown_article():
    (item,) = read_path(FIXTURES / "article.md")
    art = clean_article(item)
    assert art.title == "Rail strike halts commuter trains across the region"
    assert art.dateline == "CHICAGO"
    assert art.author == "Priya Natarajan"
    assert art.published_at == datetime(2024, 2, 6, 7, 15, tzinfo=timezone.utc)
    first = art.text.split("\n")[0]
    assert first.startswith("Thousands of commuters were stranded on Tuesday after train conductors walked off the job in")
    assert "regional transit authority said" in first and "**" not in art.text and "](" not in art.text
    assert "Empty platform" not in art.text


NO_MAIN_TEXT = "no_text: no main text found in the HTML page"


@pytest.mark.parametrize("page, reason", [
    ("<div>" * 50_000 + "<p>deep</p>" + "</div>" * 50_000, NO_MAIN_TEXT),
    ("<html><body><script>var x = '<p>not text</p>';</script></body></html>", NO_MAIN_TEXT),
    ("<<<>>><p <p <a href='x>\x00\x01", NO_MAIN_TEXT),
    ("", NO_MAIN_TEXT),
])
def test_hostile_html_is_rejected_with_reason(page, reason):
    with pytest.raises(CleanError) as exc:
        clean(page, "html")
    assert exc.value.reason == reason


def test_huge_flat_html_keeps_every_word():
    art = clean("<html><body>" + "<p>word " * 200_000 + "</body></html>", "html")
    assert art.text == " ".join(["word"] * 200_000)


# --- language and empty results --------------------------------------------------------------

GERMAN = ("Der Stadtrat hat am Dienstag den Bau einer drei Kilometer langen Hochwasserschutzmauer beschlossen. "
          "Die Kosten von 420 Millionen Euro sollen aus Fördermitteln und einer neuen Anleihe bezahlt werden, "
          "sagte die Bürgermeisterin nach der Abstimmung.")


def test_non_english_article_is_kept_with_its_language():
    art = clean(f"Stadtrat beschließt Hochwasserschutz\n{GERMAN}")
    assert art.language == "de" and art.title == "Stadtrat beschließt Hochwasserschutz"
    assert art.text.startswith("Der Stadtrat hat am Dienstag")
    assert clean(GERMAN, languages=()).language == "de"
    assert clean(f"{P1}\n{P2}").language == "en"


def test_short_text_is_not_rejected_on_weak_evidence():
    assert clean("Talks resume Monday.").language == "en"


@pytest.mark.parametrize("text", ["", "   \n\n", "Advertisement\nShare this\n", "12345 — 678", "***\n---"])
def test_no_text(text):
    with pytest.raises(CleanError) as exc:
        clean(text)
    assert exc.value.reason.startswith("no_text:")


def test_html_tweet_kicker_and_tags_are_removed():
    para = "<p>The city council voted on Tuesday to build a flood wall along the harbor, ending years of disputes.</p>"
    page = f"""<html><head><title>Flood wall approved</title></head><body><article><h1>Flood wall approved</h1>
    <div class="kicker">Politics</div>{para}
    <p>The project will be paid for with federal grants and a new bond issue, the mayor said after the vote.</p>
    <blockquote class="twitter-tweet"><p>The vote was a long time coming. <a href="#">#floodwall</a>
    <a href="https://t.co/x">pic.twitter.com/xyz</a></p>&mdash; Ellen Ortiz (@MayorOrtiz)
    <a href="https://twitter.com/MayorOrtiz/status/1">April 11, 2023</a></blockquote>
    <p>Opponents said the wall would block views of the water and hurt the tourist trade on the promenade.</p>
    <p>Read more: Council delays parking vote</p><div class="tags">Tags: <a>Harbor</a> <a>Council</a></div>
    <p>Harbor</p></article></body></html>"""
    art = clean(page, "html")
    assert art.title == "Flood wall approved"
    (tweet,) = art.embeds
    assert (tweet.author, tweet.handle, tweet.posted_at) == ("Ellen Ortiz", "MayorOrtiz", date(2023, 4, 11))
    lines = art.text.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("The city council voted") and lines[2].startswith("Opponents said")


def test_plain_text_trailing_list_is_kept():
    art = clean(f"{P1}\n{P2}\nThe fixtures are:\nHarbor v Docks\nCouncil v Mayor\nNorth v South")
    assert art.text.split("\n")[-3:] == ["Harbor v Docks", "Council v Mayor", "North v South"]


# --- short records and menus -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Police arrested a 34-year-old man in Leeds on Tuesday after a car hit a bus shelter.",  # one JSONL sentence
    "Crowds outside parliament in Paris",  # a caption
    "FLASH: Earthquake hits central Chile",  # a news flash
])
def test_a_short_record_is_an_article_not_boilerplate(text):
    art = clean_article(raw(text, "json"))
    assert art.text == text.removeprefix("FLASH: ") or art.text == text
    assert short_line_share(art.text) == 0.0  # judged on lines inside a longer text only


def test_short_lines_inside_a_longer_text_still_count():
    links = "\n".join(f"Council story {i}" for i in range(20))
    assert short_line_share(f"{P1}\n{links}") > 0.6


def test_a_table_of_results_is_not_boilerplate():
    rows = "\n".join(f"{i}. {name} 2:0{i}" for i, name in enumerate(("Kiprop", "Rono", "Mutai", "Cheruiyot"), 1))
    table = f"HARBOR CITY 10 KM\nLeading results :\n{rows}\nWomen\n{rows}"
    assert short_line_share(f"{P1}\n{table}") < 0.3
    assert short_line_share(f"{P1}\nHome\nNews\nSport\nWeather\n{table}") < 0.6


@pytest.mark.parametrize("text, fmt", [
    ("News / Sport / Weather / Sign in / Home / iPlayer / Sounds / More", "txt"),
    ("Home\nNews\nSport\nWeather\nSign in\nContact us", "txt"),
    ("<html><head><title>Home</title></head><body><nav><a>News</a> | <a>Sport</a> | <a>Weather</a> | "
     "<a>Sign in</a></nav><footer>Terms of use | Privacy policy | Cookies</footer></body></html>", "html"),
])
def test_a_navigation_page_is_no_article(text, fmt):
    with pytest.raises(CleanError) as exc:
        clean(text, fmt)
    assert exc.value.reason.startswith("no_article: only navigation words")


def test_a_sentence_about_the_news_is_not_a_menu():
    art = clean("Sport and weather news will return after the election coverage.")
    assert art.text == "Sport and weather news will return after the election coverage."


def test_a_title_only_record_is_a_document_whose_text_is_its_title():
    art = clean_article(raw("", "json", title="Government falls after confidence vote"))
    assert (art.title, art.text, art.language) == ("Government falls after confidence vote",
                                                   "Government falls after confidence vote", "en")
