"""parse_date and the published/updated fields: aware, honest, raw kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archiver.extract import extract_article, parse_date, parse_html
from archiver.extract.dates import date_from_url, page_times, split_published_updated

NOW = datetime(2017, 6, 1, 2, 0, tzinfo=UTC)
SYD = "Australia/Sydney"
CASES = [
    ("31 May 2017 - 11:38 AM", SYD, "2017-05-31T11:38:00+10:00"),
    ("2017-05-31T11:38:00+10:00", None, "2017-05-31T11:38:00+10:00"),
    ("2017-05-31T01:38:00Z", SYD, "2017-05-31T01:38:00+00:00"),
    ("2017-05-31 11:38:00+0200", None, "2017-05-31T11:38:00+02:00"),
    ("May 31, 2017 at 11:38 am", SYD, "2017-05-31T11:38:00+10:00"),
    ("Wednesday, 31 May 2017 11:38", SYD, "2017-05-31T11:38:00+10:00"),
    ("31. Mai 2017, 11:38 Uhr", "Europe/Berlin", "2017-05-31T11:38:00+02:00"),
    ("le 31 mai 2017 à 11h38", "Europe/Paris", "2017-05-31T11:38:00+02:00"),
    ("Published: 31 May 2017 11:38", SYD, "2017-05-31T11:38:00+10:00"),
    ("31 May 2017 11:38 CEST", None, "2017-05-31T11:38:00+02:00"),
    # Generic zone names follow daylight saving, whatever the site's own zone.
    ("May 31, 2017 10:00 AM ET", SYD, "2017-05-31T10:00:00-04:00"),
    ("Jan. 5, 2017 10:00 a.m. ET", None, "2017-01-05T10:00:00-05:00"),
    ("Wed, 31 May 2017 01:38:00 GMT", None, "2017-05-31T01:38:00+00:00"),
    ("1496194680", None, "2017-05-31T01:38:00+00:00"),
    ("3 hours ago", None, "2017-05-31T23:00:00+00:00"),
    ("vor 2 Tagen", None, "2017-05-30T02:00:00+00:00"),
    ("Updated 5 mins ago", None, "2017-06-01T01:55:00+00:00"),
    # An event's time range is not a time and its offset; a year-first date behind a label.
    ("19.1.17, 10:00-11:30 Uhr", "Europe/Berlin", "2017-01-19T10:00:00+01:00"),
    ("Written: 2017-05-07 15:03:30 /", "Asia/Seoul", "2017-05-07T15:03:30+09:00"),
]


@pytest.mark.parametrize(("text", "tz", "expected"), CASES)
def test_parse_date_aware(text: str, tz: str | None, expected: str) -> None:
    value = parse_date(text, timezone=tz, now=NOW)
    assert value is not None and value.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        ("31 May 2017 - 11:38 AM", None),  # no zone given: stays naive
        ("2017-05-31", SYD),  # no time of day: a zone would be a guess
        ("31.05.2017", SYD),
    ],
)
def test_parse_date_naive_when_zone_unknown(text: str, tz: str | None) -> None:
    value = parse_date(text, timezone=tz, now=NOW)
    assert value is not None and value.tzinfo is None and value.date().isoformat() == "2017-05-31"


@pytest.mark.parametrize(
    "text",
    ["2030-01-01T00:00:00Z", "1985-06-01", "hello world", "May 31", "", "Updated", "3 hours ago"],
)
def test_parse_date_rejects(text: str) -> None:
    now = NOW if text != "3 hours ago" else None  # relative dates need a reference time
    assert parse_date(text, now=now) is None


def test_split_published_updated() -> None:
    text = "31 May 2017 - 11:38 AM  UPDATED 31 May 2017 - 11:38 AM"
    assert split_published_updated(text) == ("31 May 2017 - 11:38 AM", "31 May 2017 - 11:38 AM")
    assert split_published_updated("Zuletzt aktualisiert: 3. Juni 2024")[1] == "3. Juni 2024"


def _page(head: str = "", body: str = "") -> str:
    text = "Text. " * 60
    return f"<html><head>{head}</head><body><article>{body}<p>{text}</p></article></body></html>"


def test_printed_date_block_with_site_timezone() -> None:
    body = (
        '<div class="article__dates"><span>31 May 2017 - 11:38 AM</span> '
        "<span>UPDATED 1 Jun 2017 - 9:00 AM</span></div>"
    )
    item = extract_article(_page(body=body), "https://n.example/a", hints={"timezone": SYD})
    assert item["published"] == "2017-05-31T11:38:00+10:00"
    assert item["updated"] == "2017-06-01T09:00:00+10:00"
    assert item["published_raw"] == "31 May 2017 - 11:38 AM"


def test_without_any_zone_evidence_published_is_the_calendar_date() -> None:
    body = '<span class="date">31 May 2017 - 11:38 AM</span>'
    item = extract_article(_page(body=body), "https://n.example/a")
    assert item["published"] == "2017-05-31"
    assert item["published_raw"] == "31 May 2017 - 11:38 AM"
    assert "published_timezone" not in item["sources"]


# (printed date, <head>, url, html lang, expected published, zone evidence)
ZONE_CASES = [
    # A calendar date stays one: no time is invented.
    ("2020-09-20", "", "https://n.example/a", "", "2020-09-20", None),
    ("17/03/2020", "", "https://n.example/a", "en", "2020-03-17", None),
    ("Sunday 20 September 2020", "", "https://n.example/a", "", "2020-09-20", None),
    # The country of a country-code domain with one zone.
    ("2020-12-03T18:47", "", "https://n.example.de/a", "", "2020-12-03T18:47:00+01:00", "country"),
    ("3 Dec 2020, 18:47", "", "https://n.example.co.uk/a", "", "2020-12-03T18:47:00+00:00",
     "country"),
    # The page's language, where its readers live under one zone (daylight saving kept).
    ("9 oktober 2020 11:12", "", "https://n.example/a", "nl", "2020-10-09T11:12:00+02:00",
     "language"),
    ("09.08.2020 u 10:52", "", "https://n.example/a", "hr", "2020-08-09T10:52:00+02:00",
     "language"),
    ("12 марта 2020, 14:05", "", "https://n.example/a", "ru-BY", "2020-03-12T14:05:00+03:00",
     "language"),
    ("3 października 2020 o 9:15", "", "https://n.example/a", "pl", "2020-10-03T09:15:00+02:00",
     "language"),
    # A country-code domain sold worldwide tells no place.
    ("3 Dec 2020, 18:47", "", "https://n.example.tv/a", "", "2020-12-03", None),
    # Languages spread over zones settle nothing; neither does a country of several zones.
    ("jueves 2 de abril de 2020 10:20", "", "https://n.example/a", "es", "2020-04-02", None),
    ("3 Dec 2020, 18:47", "", "https://n.example.com.au/a", "en-AU", "2020-12-03", None),
    # The same instant written in UTC in the page's metadata gives the offset.
    ("03.12.2020 18:47", '<meta property="article:published_time" content="2020-12-03T17:47Z">',
     "https://n.example/a", "", "2020-12-03T18:47:00+01:00", "page"),
    # An offset printed elsewhere on the page (its update time), in the page's own zone.
    ("03.12.2020 18:47",
     '<meta property="article:modified_time" content="2020-06-04T10:00:00+02:00">',
     "https://n.example/a", "de", "2020-12-03T18:47:00+01:00", "page"),
]  # fmt: skip


@pytest.mark.parametrize(("printed", "head", "url", "lang", "expected", "zone"), ZONE_CASES)
def test_published_zone_from_evidence(
    printed: str, head: str, url: str, lang: str, expected: str, zone: str | None
) -> None:
    html = _page(head, f'<span class="date">{printed}</span>')
    if lang:
        html = html.replace("<html>", f'<html lang="{lang}">')
    item = extract_article(html, url, fetched_at=NOW.replace(year=2021))
    assert (item["published"], item["sources"].get("published_timezone")) == (expected, zone)
    assert item["published_raw"]


def test_sitemap_instant_places_a_printed_time() -> None:
    body = '<span class="date">03.12.2020 18:47</span>'
    hints = {"published": "2020-12-03T17:47:00+00:00"}
    item = extract_article(_page(body=body), "https://n.example/a", hints=hints)
    assert item["published"] == "2020-12-03T18:47:00+01:00"
    assert item["sources"]["published_timezone"] == "evidence"


def test_profile_zone_is_recorded() -> None:
    body = '<span class="date">31 May 2017 - 11:38 AM</span>'
    item = extract_article(_page(body=body), "https://n.example.de/a", hints={"timezone": SYD})
    assert item["published"] == "2017-05-31T11:38:00+10:00"
    assert item["sources"]["published_timezone"] == "profile"


def test_relative_date_resolved_against_fetch_time() -> None:
    body = '<span class="date">3 hours ago</span>'
    item = extract_article(_page(body=body), "https://n.example/a", fetched_at=NOW)
    assert item["published"] == (NOW - timedelta(hours=3)).isoformat()


def test_json_ld_wins_over_printed_and_feed_hint_fills_gaps() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2017-05-31T11:38:00+10:00"}</script>'
    )
    body = '<time datetime="2016-01-01T00:00:00Z">old</time>'
    item = extract_article(
        _page(ld, body), "https://n.example/a", hints={"updated": "2017-06-01T08:00:00+10:00"}
    )
    assert (
        item["published"] == "2017-05-31T11:38:00+10:00"
        and item["sources"]["published"] == "json-ld"
    )
    assert item["updated"] == "2017-06-01T08:00:00+10:00" and item["sources"]["updated"] == "hint"


def test_utc_metadata_takes_the_offset_the_page_prints() -> None:
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54Z">'
    body = '<span class="date">February 24, 2020 9:25pm</span>'
    item = extract_article(_page(head, body), "https://n.example/a")
    assert item["published"] == "2020-02-24T21:25:54-05:00"


def test_future_date_is_rejected() -> None:
    head = '<meta property="article:published_time" content="2030-01-01T10:00:00+00:00">'
    item = extract_article(_page(head), "https://n.example/2017/05/31/story", fetched_at=NOW)
    assert item["published"] == "2017-05-31"
    assert item["published_raw"] == "2017-05-31"  # the URL date, weak evidence, day only
    assert item["sources"]["published_raw"] in ("url", "htmldate")


def test_utc_metadata_shown_in_the_site_timezone() -> None:
    head = '<meta property="article:published_time" content="2017-05-31T01:38:00Z">'
    item = extract_article(_page(head), "https://n.example/a", hints={"timezone": SYD})
    assert item["published"] == "2017-05-31T11:38:00+10:00"
    assert item["published_raw"] == "2017-05-31T01:38:00Z"


# A year-first date is year, month, day in every language and locale: never day-first.
YEAR_FIRST_CASES = [
    ("2021/11/05 15:05", "", "2021-11-05"),
    ("2021.11.05", "de", "2021-11-05"),
    ("2021. 11. 05. 15:05", "hu", "2021-11-05"),
    ("2021/11/05", "fr", "2021-11-05"),
    ("2021-11-05 15:05", "en-GB", "2021-11-05"),
    ("Published: 2021.11.05 15:05", "ko", "2021-11-05"),
    # A day-first date is still read day-first.
    ("05.11.2021", "de", "2021-11-05"),
    ("05/11/2021 15:05", "fr", "2021-11-05"),
]


@pytest.mark.parametrize(("printed", "lang", "day"), YEAR_FIRST_CASES)
def test_year_first_date_is_never_read_day_first(printed: str, lang: str, day: str) -> None:
    html = _page(body=f'<span class="date">{printed}</span>')
    if lang:
        html = html.replace("<html>", f'<html lang="{lang}">')
    item = extract_article(html, "https://n.example/a", fetched_at=NOW.replace(year=2022))
    assert item["published"][:10] == day


# A numeric date with neither its year first nor a day past 12 is read in the order of the
# page's locale: month first in the US ("en-US", or "en" on a host under no country), day
# first elsewhere; dots are day first everywhere; a day in the URL decides.
LOCALE_ORDER_CASES = [
    ("03-09-2021", "en-US", "https://n.example/a", "2021-03-09"),
    ("03/09/2021 15:05", "en", "https://n.example/a", "2021-03-09"),
    ("03/09/2021", "en", "https://n.example.co.uk/a", "2021-09-03"),
    ("03/09/2021", "en-GB", "https://n.example/a", "2021-09-03"),
    ("03/09/2021", "fr", "https://n.example/a", "2021-09-03"),
    ("03.09.2021", "en-US", "https://n.example/a", "2021-09-03"),
    ("25/12/2021", "en-US", "https://n.example/a", "2021-12-25"),
    ("2021-03-09", "en-US", "https://n.example/a", "2021-03-09"),
    # the URL's day decides between the two orders, whatever the locale
    ("03/10/2021", "en", "https://n.example/2021/10/03/a", "2021-10-03"),
    ("10/03/2021", "en-GB", "https://n.example/2021/10/03/a", "2021-10-03"),
    ("03/10/2023", "en", "https://n.example/blog/2023/october/03/a", "2023-10-03"),
]


@pytest.mark.parametrize(("printed", "lang", "url", "day"), LOCALE_ORDER_CASES)
def test_numeric_date_read_in_the_locale_order(printed: str, lang: str, url: str, day: str) -> None:
    html = _page(body=f'<span class="date">{printed}</span>')
    html = html.replace("<html>", f'<html lang="{lang}">')
    item = extract_article(html, url, fetched_at=NOW.replace(year=2022))
    assert item["published"][:10] == day


# An absolute date in the metadata beats an age printed on the page, in any language; with no
# other date, the age is read against the fetch time.
RELATIVE_CASES = [
    ("en", "26 minutes ago"),
    ("de", "vor 3 Stunden"),
    ("fr", "il y a 2 jours"),
    ("es", "hace 3 horas"),
    ("ru", "3 часа назад"),
]


@pytest.mark.parametrize(("lang", "age"), RELATIVE_CASES)
@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2017-05-20T08:00:00+02:00">',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2017-05-20T08:00:00+02:00"}</script>',
        '<meta name="date" content="2017-05-20">',
    ],
)
def test_absolute_metadata_date_beats_a_relative_one(head: str, lang: str, age: str) -> None:
    html = _page(head, f'<span class="date">{age}</span>').replace(
        "<html>", f'<html lang="{lang}">'
    )
    item = extract_article(html, "https://n.example/a", fetched_at=NOW)
    assert item["published"][:10] == "2017-05-20"


@pytest.mark.parametrize(("lang", "age"), RELATIVE_CASES)
def test_relative_date_alone_is_read_against_the_fetch_time(lang: str, age: str) -> None:
    html = _page(body=f'<span class="date">{age}</span>').replace("<html>", f'<html lang="{lang}">')
    item = extract_article(html, "https://n.example/a", fetched_at=NOW)
    assert "2017-05-29" <= item["published"][:10] <= "2017-06-01"


def test_relative_date_yields_to_a_date_the_page_prints_elsewhere() -> None:
    body = (
        '<p class="meta">Last updated on 17 December 2016</p>'
        '<div class="comment"><span class="date">3 weeks ago</span></div>'
    )
    item = extract_article(_page(body=body), "https://n.example/a", fetched_at=NOW)
    assert item["published"] == "2016-12-17"


def test_relative_date_yields_to_the_url_date() -> None:
    body = '<span class="date">vor 3 Stunden</span>'
    html = _page(body=body).replace("<html>", '<html lang="de">')
    item = extract_article(html, "https://n.example/2017/02/03/story", fetched_at=NOW)
    assert item["published"] == "2017-02-03"


_UTC_LD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", '
    '"datePublished": "2020-02-18T02:18:11Z"}</script>'
)
# (head, body, url, expected published, zone evidence): a UTC instant placed on the readers'
# day by what else the page says, or kept in UTC when nothing does.
UTC_PLACEMENT_CASES = [
    # The date of the page's own URL.
    (_UTC_LD, "", "https://n.example/2020/02/17/story", "2020-02-17T23:18:11-03:00", "url"),
    # A URL's day no zone where people live reaches is its draft's: UTC stays.
    (_UTC_LD.replace("02:18:11", "11:18:11"), "", "https://n.example/2020/02/17/story",
     "2020-02-18T11:18:11+00:00", None),
    # The URL's date agrees with UTC: nothing to place.
    (_UTC_LD, "", "https://n.example/2020/02/18/story", "2020-02-18T02:18:11+00:00", None),
    # A local timestamp in its scripts, the same instant: the exact offset.
    (_UTC_LD + '<script>var publication_date = "2020-02-17 21:18:11";</script>', "",
     "https://n.example/story", "2020-02-17T21:18:11-05:00", "page"),
    # ... and one in the URL's day beside it: the script's offset, not a bound.
    (_UTC_LD + '<script>dataLayer.push({"pubdate": "2020-02-17 21:18:11"});</script>', "",
     "https://n.example/2020/02/17/story", "2020-02-17T21:18:11-05:00", "page"),
    # The same instant with the local offset elsewhere in the metadata.
    (_UTC_LD + '<meta property="article:published_time" content="2020-02-17T21:18:11-05:00">',
     "", "https://n.example/story", "2020-02-17T21:18:11-05:00", None),
    # Another of its instants (the update) written with the local offset.
    (_UTC_LD, '<time class="updated" datetime="2020-02-19T10:00:00-05:00">Feb 19</time>',
     "https://n.example/story", "2020-02-17T21:18:11-05:00", "page"),
    # Nothing settles it: UTC stays.
    (_UTC_LD, "", "https://n.example/story", "2020-02-18T02:18:11+00:00", None),
    # A script's unrelated time is no evidence, nor a whole hour matching one with no seconds.
    (_UTC_LD.replace("02:18:11", "10:00:00") + '<script>var day = "2020-02-18 00:00:00";</script>',
     "", "https://n.example/story", "2020-02-18T10:00:00+00:00", None),
    (_UTC_LD + '<script>var built = "2020-02-17 21:17:42";</script>', "",
     "https://n.example/story", "2020-02-18T02:18:11+00:00", None),
]  # fmt: skip


@pytest.mark.parametrize(("head", "body", "url", "expected", "zone"), UTC_PLACEMENT_CASES)
def test_utc_instant_placed_by_the_page_evidence(
    head: str, body: str, url: str, expected: str, zone: str | None
) -> None:
    item = extract_article(_page(head, body), url, fetched_at=NOW.replace(year=2021))
    assert (item["published"], item["sources"].get("published_timezone")) == (expected, zone)


def _ld(published: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"datePublished": "{published}"}}</script>'
    )


# A UTC instant at a whole hour near midnight is placed like any other; midnight UTC itself is
# how a CMS stores a calendar date.
MIDNIGHT_CASES = [
    ("2021-11-04T23:00:00Z", "https://n.example.de/a", "2021-11-05T00:00:00+01:00", "country"),
    ("2021-11-04T23:00:00Z", "https://n.example/2021/11/05/a", "2021-11-05T00:00:00+01:00", "url"),
    ("2021-11-04T23:00:00Z", "https://n.example/a", "2021-11-04T23:00:00+00:00", None),
    ("2021-11-05T00:00:00Z", "https://n.example/a", "2021-11-05", None),
]


@pytest.mark.parametrize(("published", "url", "expected", "zone"), MIDNIGHT_CASES)
def test_utc_instant_near_midnight(
    published: str, url: str, expected: str, zone: str | None
) -> None:
    item = extract_article(_page(_ld(published)), url, fetched_at=NOW.replace(year=2022))
    assert (item["published"], item["sources"].get("published_timezone")) == (expected, zone)


LATER = NOW.replace(year=2021)


def _teaser(slug: str, published: str) -> str:
    return (
        f'<div itemscope itemtype="http://schema.org/Article"><a itemprop="url" '
        f'href="https://n.example/{slug}">{slug}</a>'
        f'<meta itemprop="datePublished" content="{published}"></div>'
    )


@pytest.mark.parametrize(
    ("teasers", "expected"),
    [
        # Teasers of other pages, each naming its own URL, date nothing here.
        (_teaser("older", "2020-02-01T10:00+01:00") + _teaser("old", "2020-02-05T10:00+01:00"),
         "2020-02-17T21:18:11+01:00"),
        # This page's own item among them does.
        (_teaser("older", "2020-02-01T10:00+01:00") + _teaser("story", "2020-02-16T10:00+01:00"),
         "2020-02-16T10:00:00+01:00"),
    ],
)  # fmt: skip
def test_microdata_teasers_of_other_pages_give_no_date(teasers: str, expected: str) -> None:
    head = '<meta property="article:published_time" content="2020-02-17T21:18:11+01:00">'
    item = extract_article(_page(head, teasers), "https://n.example/story", fetched_at=LATER)
    assert item["published"] == expected


URL_DAYS = [
    ("https://n.example/2021/10/03/a", "2021-10-03"),
    ("https://n.example/blog/2023/october/03/a", "2023-10-03"),
    ("https://n.example/2023/Sept/3/a", "2023-09-03"),
    ("https://n.example/2023/marketing/03/a", None),
    ("https://n.example/2023/13/03/a", None),
]


@pytest.mark.parametrize(("url", "day"), URL_DAYS)
def test_day_in_the_url(url: str, day: str | None) -> None:
    found = date_from_url(url)
    assert (found.date().isoformat() if found else None) == day


@pytest.mark.parametrize(
    ("script", "local", "offsets"),
    [
        ('var publication_date = "2020-02-17 21:18:11";', ["2020-02-17T21:18:11"], []),
        ('{"modified": "2020-02-17T21:18:11+01:00"}', [], ["2020-02-17T21:18:11+01:00"]),
        ('{"t": "2020-02-17T21:18:11Z"}', [], []),  # UTC: no evidence of a zone
        ("id=12020-02-17 21:18:11", [], []),  # inside a longer number
        ("range=1999-2020-02-17 21:18:11", [], []),  # after a hyphen
        ("at 2020-02-17 21:18", [], []),  # no seconds
    ],
)
def test_page_times(script: str, local: list[str], offsets: list[str]) -> None:
    times = page_times(parse_html(f"<html><head><script>{script}</script></head></html>"))
    assert [t.isoformat() for t in times.local] == local
    assert [t.isoformat() for t in times.offsets] == offsets


# (a dateline's text, the day it gives): a date that is one item of a line of several.
DATELINE_ITEM_CASES = [
    ("August 28, 2025 • 5 min read", "2025-08-28"),
    ("August 28, 2025•5 min read", "2025-08-28"),
    ("February 8, 2022 · 10 mins read", "2022-02-08"),
    ("Opinion | 3 May 2024 | 12 comments", "2024-05-03"),
    ("May 3, 2024 | 10:30 AM", "2024-05-03"),
]


@pytest.mark.parametrize(("text", "day"), DATELINE_ITEM_CASES)
def test_date_read_from_one_item_of_a_dateline(text: str, day: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.date().isoformat() == day


@pytest.mark.parametrize("text", ["5 min read • 12 comments", "News | Sport | 2024"])
def test_dateline_without_a_date_reads_as_none(text: str) -> None:
    assert parse_date(text) is None


# (markup of the page's dateline, the published day): a date printed in one block of a
# dateline is read apart from the next block's number.
SPACED_DATELINE_CASES = [
    ('<div class="post-date"><div>August 28, 2025</div><div>•</div><div>5 min read</div></div>',
     "2025-08-28"),
    ('<div class="post-date">February 9<sup>th</sup>, 2024</div>', "2024-02-09"),
    ('<p class="date">March 3, 2024<br>4 min read</p>', "2024-03-03"),
]  # fmt: skip


@pytest.mark.parametrize(("dateline", "day"), SPACED_DATELINE_CASES)
def test_dateline_blocks_are_read_apart(dateline: str, day: str) -> None:
    now = datetime(2026, 1, 10, tzinfo=UTC)
    item = extract_article(_page(body=dateline), "https://n.example/a", fetched_at=now)
    assert item["published"] == day


def _slide(day: str) -> str:
    return (
        f'<div class="slide"><div class="item"><h3><a href="/x-{day}">Another story</a></h3>'
        f'<div class="item__date">{day}</div></div></div>'
    )


# (the page's body, the published day): dates repeated in a list of like items (a carousel of
# related posts, a list of entries) are the items' dates; the page's own stays.
LISTED_DATE_CASES = [
    # Three slides with a date each: no date of this page; the page's own header date wins.
    ('<div class="meta"><span>By Jane Doe</span><span>February 6, 2026</span></div>'
     + "".join(_slide(d) for d in ("Mar 3, 2026", "Feb 26, 2026", "Feb 19, 2026")),
     "2026-02-06"),
    # A header of like items, one with a date: the page's own date.
    ('<div class="meta"><div class="meta__item">Jane Doe</div>'
     '<div class="meta__item"><span class="item__date">Jan 5, 2026</span></div>'
     '<div class="meta__item">5 min read</div></div>', "2026-01-05"),
    # Two like items only (published, updated): no list, the first is the page's.
    ('<div class="row"><span class="date">Jan 5, 2026</span></div>'
     '<div class="row"><span class="date">Jan 9, 2026</span></div>', "2026-01-05"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "day"), LISTED_DATE_CASES)
def test_dates_of_listed_items_are_not_the_page_date(body: str, day: str) -> None:
    now = datetime(2026, 3, 10, tzinfo=UTC)
    item = extract_article(_page(body=body), "https://n.example/a", fetched_at=now)
    assert item["published"] == day


def _ld(published: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "A",'
        f' "datePublished": "{published}"}}</script>'
    )


# (head, body, published day): a structured date written for display ("Jun 24, 2025") is a
# template's, often its last publication's: an earlier date the page prints is the article's.
# A machine-written date (ISO 8601) keeps its precedence over the printed one.
DISPLAY_DATE_CASES = [
    (_ld("Jun 24, 2025"), '<div class="post-date">August 25, 2024</div>', "2024-08-25"),
    (_ld("Jun 24, 2025"), '<div class="post-date">July 2, 2025</div>', "2025-06-24"),
    (_ld("Jun 24, 2025"), "", "2025-06-24"),
    (_ld("2025-06-24T10:00:00+02:00"), '<div class="post-date">August 25, 2024</div>',
     "2025-06-24T10:00:00+02:00"),
    (_ld("13/11/2025 09:21:40"), '<div class="post-date">12 November 2025</div>',
     "2025-11-12"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "body", "day"), DISPLAY_DATE_CASES)
def test_display_formatted_metadata_date_yields_to_an_earlier_printed_one(
    head: str, body: str, day: str
) -> None:
    now = datetime(2026, 1, 10, tzinfo=UTC)
    item = extract_article(_page(head, body), "https://n.example/a", fetched_at=now)
    assert item["published"] == day


def test_display_formatted_metadata_date_asks_the_page_wide_search() -> None:
    # No element marked as a date: htmldate's search of the page finds the printed one.
    body = "<h1>A story</h1><p>November 2, 2022</p>"
    now = datetime(2026, 1, 10, tzinfo=UTC)
    item = extract_article(_page(_ld("Jun 12, 2025"), body), "https://n.example/a", fetched_at=now)
    assert item["published"] == "2022-11-02"
    assert item["sources"]["published"] == "htmldate"
