"""The request/response meta contract: every key the rooms pass each other, its type, its users."""

from __future__ import annotations

from typing import Any, TypedDict

# Each key: its value's type, who writes it (->) who reads it. Values a request carries
# before its download stay plain data (dicts, lists, str, int, bool): scrapy-redis and JOBDIR
# serialise waiting requests. Other modules import these names and never spell a key.

EVIDENCE = "archiver_evidence"
"""``dict[str, Any]``: what discovery knew of a candidate article before fetching it: any of
``lastmod``, ``published``, ``updated`` (ISO 8601), ``title``, ``authors`` (list) and
``source`` ("sitemap", "news-sitemap", "feed", "link").
NewsSpider, WarcSpider -> incremental skip policy, spider callbacks (-> ArticlePage.hints)."""

LINK_DEPTH = "link_depth"
"""``int``: link hops from a start or section page. NewsSpider -> NewsSpider."""

WIRE = "archiver_http"
"""``dict``: what Twisted hides from a Response: ``reason`` (str, the status line's phrase) and
``connection_headers`` (list of (name, value), or None when they could not be read).
ArchivingHTTPDownloadHandler -> WarcMiddleware."""

PREVIOUS = "archiver_previous"
"""``dict``: the archived response a fetch may repeat (the fields of
``archiver.warc.writer.Previous``): a response with its payload digest is written as a revisit.
Incremental skip policy -> WarcMiddleware."""

WRITTEN = "archiver_written"
"""``archiver.warc.writer.Written``: what the WARC writer wrote for the response (record,
payload digest, WARC-Date, revisit or not). Set after the download, never serialised.
WarcMiddleware -> incremental skip policy and state commit."""

WARC = "warc"
"""``dict``: ``{filename, record_id}`` of the WARC response (or revisit) record of the response.
WarcMiddleware, WarcSpider -> page_from_response (-> Article.warc), state commit."""

FETCHED_AT = "fetched_at"
"""``str``: download time, ISO 8601 UTC to the second; the record's WARC-Date.
WarcMiddleware, WarcSpider -> page_from_response (-> Article.fetched_at), state commit."""

ALWAYS_FETCH = "archiver_always_fetch"
"""``bool``: fetch even when the incremental state says the page is known and unchanged.
Any spider -> incremental skip policy."""

DONT_ARCHIVE = "dont_archive"
"""``bool``: do not archive this exchange (and so keep it out of the incremental state).
Any spider or user -> WarcMiddleware, incremental skip policy."""

RECORD = "archiver_record"
"""``archiver.warc.reader.ArchivedRecord``: the archived response a reparse answers the request
with (read once, payload included), or, for a revisit, the revisit record with ``ORIGINAL``.
WarcSpider -> WarcReplayMiddleware. Reparse only (never serialised)."""

ORIGINAL = "archiver_original"
"""``tuple[str, int]``: (path, offset) of the response record a revisit in ``RECORD`` repeats.
WarcSpider -> WarcReplayMiddleware."""

RENDER = "archiver_render"
"""``bool``: fetch this page with the headless browser (site profile ``render``) and archive
what the browser fetched. NewsSpider -> RenderMiddleware."""

CAPTURE = "archiver_capture"
"""``archiver.render.capture.Capture``: the exchanges the browser made for a rendered page
(document first, then scripts, XHR/fetch...). Set when the browser opens the page, never
serialised. RenderMiddleware -> WarcMiddleware."""

RENDERED = "archiver_rendered"
"""``bool``: the response body is the browser's rendered DOM, not the bytes the server sent.
RenderMiddleware, WarcSpider (a conversion record) -> page_from_response (-> sources)."""

# Scrapy's response flag of a body cut short of its Content-Length (DOWNLOAD_FAIL_ON_DATALOSS
# off): the WARC writer marks the record WARC-Truncated, RetryAfterMiddleware asks again, the
# spider and ArticlePipeline make no item; `scrapy reparse` sets it on a WARC-Truncated record.
DATALOSS_FLAG = "dataloss"

# Scrapy's own keys that the project reads or writes, spelled here too.
REDIRECT_URLS = "redirect_urls"
"""``list[str]``: URLs a request was redirected from (Scrapy's redirect middlewares)."""
DONT_REDIRECT = "dont_redirect"
"""``bool``: Scrapy's: no redirect followed for this request (RedirectLoopMiddleware reads it)."""
DONT_RETRY = "dont_retry"
"""``bool``: Scrapy's: no retry for this request."""
RETRY_TIMES = "retry_times"
"""``int``: Scrapy's: how many times the request was retried."""
DOWNLOAD_TIMEOUT = "download_timeout"
"""``float``: Scrapy's: seconds this request's download may take (DownloadTimeoutMiddleware
sets it from DOWNLOAD_TIMEOUT); RetryAfterMiddleware reads it for its timeout line."""
DOWNLOAD_SLOT = "download_slot"
"""``str``: Scrapy's: the downloader slot (per-site queue) of the request."""
DEPTH = "depth"
"""``int``: Scrapy's DepthMiddleware: hops from a start request."""

# scrapy-playwright's keys, set by RenderMiddleware only (archiver.downloadermiddlewares.render).
PLAYWRIGHT = "playwright"
"""``bool``: scrapy-playwright's: download this request with the browser."""
PLAYWRIGHT_INIT = "playwright_page_init_callback"
"""``str``: scrapy-playwright's: import path of ``async (page, request)`` run on a new page."""
PLAYWRIGHT_METHODS = "playwright_page_methods"
"""``list[PageMethod]``: scrapy-playwright's: awaited on the page after it loaded."""
PLAYWRIGHT_CONTEXT = "playwright_context"
"""``str``: scrapy-playwright's: the browser context of the page (it sets "default")."""
PLAYWRIGHT_GOTO = "playwright_page_goto_kwargs"
"""``dict``: scrapy-playwright's: keyword arguments of ``page.goto`` (``timeout``, ms)."""


class Meta(TypedDict, total=False):
    """The keys above with their types, for type checkers and readers of this module."""

    archiver_evidence: dict[str, Any]
    link_depth: int
    archiver_http: dict[str, Any]
    archiver_previous: dict[str, str]
    archiver_written: Any  # archiver.warc.writer.Written
    warc: dict[str, str]
    fetched_at: str
    archiver_always_fetch: bool
    dont_archive: bool
    archiver_record: Any  # archiver.warc.reader.ArchivedRecord
    archiver_original: tuple[str, int]
    archiver_render: bool
    archiver_capture: Any  # archiver.render.capture.Capture
    archiver_rendered: bool


ROBOTS_SITEMAPS = "archiver_robots_sitemaps"
"""``bool``: the request is the spider's for a robots.txt's Sitemap lines. With robots.txt
obeyed, archiver.downloadermiddlewares.robotstxt.RobotsTxtMiddleware ends it (NotNeeded) and
hands the spider the response of its own fetch instead (signal ``robots_txt_fetched``): one
fetch per host. NewsSpider -> RobotsTxtMiddleware."""
