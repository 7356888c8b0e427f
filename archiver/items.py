"""Typed items: the Article written to JSONL, its Image, and the ArticlePage a spider yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import archiver

#: Article.extractor of the items this code makes.
EXTRACTOR = f"news-archiver/{archiver.__version__}"


@dataclass
class Image:
    """A photo of the article."""

    url: str | None = None
    """Absolute URL of the image file."""
    caption: str | None = None
    """Caption text as printed, without the photo credit."""
    credit: str | None = None
    """Photo credit without its label: "AAP", "Jane Doe/Reuters"."""
    credit_raw: str | None = None
    """The credit text as printed, label included: "Source: AAP", "Photo: Jane Doe/Reuters"."""


@dataclass
class WarcRef:
    """Where the bytes an item was parsed from are archived."""

    filename: str
    """WARC file name without directory: "news-20261125081234567-00000-host.warc.gz"."""
    record_id: str
    """WARC-Record-ID of the response record, e.g. "<urn:uuid:...>"."""


@dataclass
class Article:
    """One news article, as written to JSONL. Field names are stable: scripts depend on them."""

    url: str
    """URL the page was fetched from (after redirects)."""
    canonical_url: str | None = None
    """The page's canonical URL (link rel=canonical, og:url or JSON-LD), absolute."""
    site: str | None = None
    """Site name ("SBS News") or, failing that, the host name."""
    headline: str | None = None
    """Headline as printed, whitespace collapsed."""
    description: str | None = None
    """Standfirst or summary, as published in the page metadata or above the body."""
    section: str | None = None
    """Section of the site ("World"), if the page says."""
    tags: list[str] = field(default_factory=list)
    """Keywords and topic tags, in page order, deduplicated."""
    language: str | None = None
    """Language of the article as a BCP 47 tag ("en", "de-CH")."""
    byline: str | None = None
    """The byline text as printed ("By Jane Doe and John Roe, AAP")."""
    authors: list[str] = field(default_factory=list)
    """Person names only, normalised ("Michaela Morgan"); never an agency, date or section."""
    agencies: list[str] = field(default_factory=list)
    """Wire or agency credits for the text, canonical short form: "AAP", "Reuters", "AFP"."""
    organisations: list[str] = field(default_factory=list)
    """The team, desk or company the page credits as the article's writer where it names no
    person ("Podium Staff", "News Desk", "Acme" on acme.com), as credited; never a person
    (see `authors`), a wire agency (see `agencies`), a user handle or an e-mail. Empty when
    `authors` names anyone, and on a page that credits no writer (its publisher alone is no
    credit)."""
    published: str | None = None
    """First publication, ISO 8601: the instant with its UTC offset
    ("2017-05-31T11:38:00+10:00") when the zone is printed or inferred (the zone's evidence
    in `sources["published_timezone"]`), else the calendar date ("2017-05-31"); never a
    naive time. Null only when the page shows no date at all."""
    published_raw: str | None = None
    """The text `published` was parsed from, as found."""
    updated: str | None = None
    """Last update, if the page gives one: ISO 8601 in the same two forms as `published`."""
    updated_raw: str | None = None
    """The text `updated` was parsed from, as found."""
    image: Image | None = None
    """The lead photo, or null."""
    images: list[Image] = field(default_factory=list)
    """Every photo of the article, lead photo first."""
    body: str | None = None
    """Article text: paragraphs and subheadings in order, separated by one blank line."""
    fetched_at: str | None = None
    """When the page was downloaded, ISO 8601 in UTC: "2026-11-25T08:12:42+00:00"."""
    warc: WarcRef | None = None
    """The WARC record the item was parsed from (the response, or the conversion record of
    the rendered DOM), or null when not archived."""
    sources: dict[str, str] = field(default_factory=dict)
    """Which evidence each field came from: {"published": "json-ld", "authors": "byline"...};
    `published_timezone`/`updated_timezone`: how the zone of a time printed without offset
    was known, or where a UTC instant was placed ("profile", "page" (an offset or the same
    instant as local time elsewhere on the page, its scripts included), "evidence" (sitemap
    or feed), "url" (the day in the page's URL: the offset is then the one nearest UTC that
    reaches it, unless the country or language zone does), "country", "language");
    `page`: "rendered" when the fields were read from the DOM a headless browser rendered
    (the WARC conversion record `warc` names), absent when from the bytes the server sent;
    `authors_error`, `dates_error`, `images_error`: why that group of fields is missing when
    reading it failed on the page (the rest of the article is kept)."""
    extractor: str = EXTRACTOR
    """The extractor that made the item, name/version of this package
    ("news-archiver/0.1.0"): items of an older version are the ones a reparse may change."""
    page_type: str | None = None
    """What the page is, as the article test read it: "article", "listing", "forum",
    "product", "service", "documentation" or "other". Set on every item of `scrapy reparse
    --all`, which exports every page whatever it is (filter on it: `WHERE page_type =
    'article'`); null on other items, each an article by the test or its site profile."""


@dataclass
class ArticlePage:
    """A fetched page a spider believes is an article: the input of ArticlePipeline.

    Not exported: the pipeline turns it into an Article or drops it with a logged reason.
    """

    url: str
    """URL the page was fetched from (after redirects)."""
    body: bytes
    """The decoded-transfer, decompressed HTTP body."""
    encoding: str | None = None
    """Encoding Scrapy detected for `body`, if any."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers, lower-case names, first value of each."""
    fetched_at: str | None = None
    """Download time, ISO 8601 in UTC."""
    warc: WarcRef | None = None
    """The WARC response record of this page."""
    hints: dict[str, Any] = field(default_factory=dict)
    """Evidence from outside the page: site profile (timezone, language, selectors), feed or
    sitemap entries (title, published, authors). Keys are documented in extract.Hints."""
    rendered: bool = False
    """`body` is the DOM a headless browser rendered, not the bytes the server sent."""
    truncated: str | None = None
    """Why `body` is incomplete, as WARC-Truncated names it ("disconnect": the server closed
    the connection before the end of the body its Content-Length announced); None when whole.
    A truncated page gives no item (ArticlePipeline)."""
    is_article: bool | None = True
    """Whether the page is an article, decided without reading it: True (the profile's URL
    patterns say so, or `scrapy reparse -a all_pages`), False (the patterns say not), or None:
    the article test (archiver.classify) decides in the extraction worker, on the tree it
    parses anyway, so that no crawl process parses a page the worker will parse."""
    link_depth: int | None = None
    """The link depth at which the crawl follows the links of this page should it be no
    article; None: its links are not followed (a reparse, a page found in a sitemap)."""
    request_depth: int = 0
    """Scrapy's depth of the request that fetched the page (``response.meta["depth"]``, from
    DepthMiddleware): the requests for the links followed from it go one deeper."""
    any_page: bool = False
    """An item is made whatever the page is, with the article test's reading of it in
    Article.page_type: `scrapy reparse -a all_pages`."""

    def __repr__(self) -> str:
        # Scrapy logs an item that failed in a pipeline: a line, not the whole page.
        return f"<ArticlePage {self.url} ({len(self.body)} bytes, warc={self.warc})>"


@dataclass
class PageDecision:
    """What the extraction worker made of one page: its kind, why, and its Article if any."""

    url: str
    """URL the page was fetched from."""
    kind: str
    """The page's kind: "article", else what it is instead ("listing", "other")."""
    reason: str
    """What decided: "profile" (URL patterns), "metadata", "url", "structure", "not_html"."""
    article: Article | None = None
    """The article of an article page; None for any other kind."""
    links: list[str] = field(default_factory=list)
    """Absolute http(s) URLs of the links of a page that is no article, in page order, each
    once, when the crawl follows its links (``ArticlePage.link_depth`` set); else empty."""
    alternates: list[tuple[str, str]] = field(default_factory=list)
    """(type, href) of that page's ``<link rel="alternate">`` elements: its feeds."""
