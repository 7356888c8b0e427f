"""NewsSpider: crawls a news site described by a site profile through sitemaps, feeds and links."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object
from scrapy.utils.url import url_has_any_extension
from twisted.python.failure import Failure

from archiver import meta
from archiver.article_page import page_from_response, path_and_query
from archiver.classify import url_kind
from archiver.discovery import (
    DiscoveryError,
    Entry,
    feed_links,
    older_than,
    parse_feed,
    parse_sitemap,
    sitemap_urls_from_robots,
)
from archiver.downloadermiddlewares.robotstxt import robots_txt_fetched
from archiver.failures import (
    FAILED,
    ROUTINE_KINDS,
    TRUNCATION_WORDS,
    NotNeeded,
    failure_cause,
    failure_kind,
    failure_reason,
)
from archiver.items import ArticlePage, PageDecision
from archiver.pipelines.article import page_refused
from archiver.profiles import (
    ProfileError,
    SiteProfile,
    load_profile,
    profile_from_dict,
    profile_from_start,
    validate,
)
from archiver.render.setup import (
    RenderUnavailable,
    enable_rendering,
    find_browser,
    wants_rendering,
)
from archiver.utils.url import canonical_url, strip_tracking
from archiver.warc.info import CrawlInfo

logger = logging.getLogger(__name__)
#: Links to files of these extensions are not followed (Scrapy's LinkExtractor's default).
_IGNORED_EXTENSIONS = frozenset(f".{e}" for e in IGNORED_EXTENSIONS)

#: Stats of discovery: URLs found by source (``.../<source>_urls``), found again, off the site,
#: refused by the profile's patterns or older than ``since``; sitemaps and feeds read (or
#: malformed), sitemaps named by robots.txt. And responses that are no text page.
DISCOVERY = "archiver/discovery"
SKIPPED_PATTERN = f"{DISCOVERY}/skipped/pattern"
SKIPPED_SINCE = f"{DISCOVERY}/skipped/since"
NOT_TEXT = "archiver/pages/not_text"

#: Statuses that say "try later" (timeout, too many requests): retried, and a page lost when
#: the retries end, as every 5xx.
GIVEN_UP_STATUSES = frozenset({408, 429})


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "(no standard reason)"


# Articles before listings, so that CLOSESPIDER_* limits and interrupted crawls keep articles.
ARTICLE_PRIORITY = 10
LISTING_PRIORITY = 0


def _flag(name: str, value: str) -> bool:
    """A true/false spider argument; ValueError naming it otherwise."""
    if value.lower() in ("true", "yes", "1", "on"):
        return True
    if value.lower() in ("false", "no", "0", "off"):
        return False
    raise ValueError(f"-a {name}: expected true or false, got {value!r}")


class NewsSpider(scrapy.Spider):
    """Crawls one news site from its profile: sitemaps (robots.txt too), feeds and section links.

    Arguments (``-a``):

    - ``site``: a profile name under spiders/profiles/ ("sbs") or a path to a .toml file;
    - ``base``: the site's base URL, overriding the profile's (a mirror, a local test server);
    - ``start``: comma-separated start URLs: without ``site``, a profile-less crawl of links;
    - ``since``: a date (2017-05-01): sitemap and feed entries known to be older are skipped;
    - ``timezone``, ``language``, ``article_pattern``: override or fill the profile's;
    - ``render``: true/false, overrides the profile's ``render`` (pages fetched with a
      headless browser, archiver.render).

    Every request for a candidate article carries its evidence (``archiver.meta.EVIDENCE``:
    lastmod, published, updated, title, authors, source), passed on into ``ArticlePage.hints``.
    """

    name = "news"
    # Link depth is counted by the spider (max_depth): sitemap-index hops are not links.
    custom_settings = {"DEPTH_LIMIT": 0}

    def __init__(
        self,
        site: str = "",
        base: str = "",
        start: str = "",
        since: str = "",
        timezone: str = "",
        language: str = "",
        article_pattern: str = "",
        render: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        profile, self.since = self.parse_arguments(
            site, base, start, since, timezone, language, article_pattern, render
        )
        self.profile: SiteProfile = profile
        self.allowed_domains = list(profile.allowed_domains)
        self.hints = profile.hints()
        # Not allow_domains: Scrapy compares it with host:port, which fails on sites with a port.
        self._evidence: dict[str, dict[str, Any]] = {}
        # The spider middlewares with a per-request hook, in the order a callback's output
        # passes them (found once the crawler is running).
        self._output_middlewares: list[Any] | None = None
        self._sitemaps_seen: set[str] = set()
        self._listed_pages = {strip_tracking(u): "section" for u in profile.sections}
        self._listed_pages |= {strip_tracking(u): "start" for u in profile.start_urls}
        self.render = False  # set by from_crawler, which sees the settings too
        #: (URL, why) of each start page that could not be fetched: the crawl found nothing
        #: from it, and its summary says so.
        self.start_failures: list[tuple[str, str]] = []
        # Hosts whose robots.txt is read for its Sitemap lines.
        self._robots_origins: set[str] = set()
        if profile.robots_sitemaps:
            self._robots_origins = {
                f"{s.scheme}://{s.netloc}"
                for s in map(urlsplit, [profile.base, *profile.start_urls, *profile.sections])
                if s.netloc
            }

    @staticmethod
    def parse_arguments(
        site: str = "",
        base: str = "",
        start: str = "",
        since: str = "",
        timezone: str = "",
        language: str = "",
        article_pattern: str = "",
        render: str = "",
        **kwargs: Any,
    ) -> tuple[SiteProfile, date | None]:
        """The profile and the ``since`` date of the spider arguments (``-a``).

        Raises ValueError naming the argument at fault, or ProfileError (a ValueError too)
        naming the profile file; ``scrapy crawl`` calls it before the crawl starts.
        """
        starts = [u.strip() for u in start.split(",") if u.strip()]
        overrides: dict[str, Any] = {}
        if timezone:
            overrides["timezone"] = timezone
        if language:
            overrides["language"] = language
        if article_pattern:
            overrides["article_patterns"] = [article_pattern]
        if render:
            overrides["render"] = _flag("render", render)
        # Checked alone first: a bad -a value is the command line's fault, not the profile's.
        try:
            validate(overrides, "-a")
        except ProfileError as exc:
            raise ValueError(str(exc)) from None
        if site:
            profile = load_profile(site, base or None)
            if starts or overrides:
                values = {k: v for k, v in vars(profile).items() if not k.startswith("_")}
                values.pop("source")
                if starts:
                    values["start_urls"] = starts
                profile = profile_from_dict(values | overrides, profile.name, profile.source)
        elif starts:
            profile = profile_from_start(starts, **overrides)
        else:
            raise ValueError("the news spider needs -a site=PROFILE or -a start=URL[,URL...]")
        try:
            since_date = date.fromisoformat(since) if since else None
        except ValueError:
            raise ValueError(f"-a since: not a date (YYYY-MM-DD): {since!r}") from None
        return profile, since_date

    @classmethod
    def check_arguments(cls, **kwargs: Any) -> None:
        """Raises ValueError saying what is wrong with the spider arguments; for commands."""
        try:
            cls.parse_arguments(**kwargs)
        except ProfileError as exc:
            raise ValueError(f"Bad site profile: {exc}") from None

    @classmethod
    def check_setup(cls, settings: Any, **kwargs: Any) -> None:
        """Raises ValueError when the crawl asks for what this machine lacks (a browser)."""
        profile, _ = cls.parse_arguments(**kwargs)
        if wants_rendering(settings, profile):
            find_browser(settings.get("ARCHIVER_RENDER_BROWSER") or "")

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        try:
            spider = super().from_crawler(crawler, *args, **kwargs)
        except ProfileError as exc:
            # Said first and plainly: the traceback that follows is Scrapy's, not the news.
            logger.critical("Bad site profile: %s", exc)
            raise ProfileError(str(exc)) from None
        crawler.signals.connect(spider.robots_txt_fetched, signal=robots_txt_fetched)
        crawler.signals.connect(spider.page_refused, signal=page_refused)
        # The crawl's settings are not frozen yet: a profile that renders gets its browser.
        spider.render = wants_rendering(crawler.settings, spider.profile)
        if spider.render:
            try:
                enable_rendering(crawler.settings, spider.profile)
            except RenderUnavailable as exc:
                logger.critical("%s", exc)
                raise
        return spider

    def crawl_info(self) -> CrawlInfo:
        """What this crawl knows of its site beyond the pages, for the warcinfo records: a
        reparse of the WARC files decides articles and extracts them as this crawl does."""
        p = self.profile
        data = {k: v for k, v in vars(p).items() if not k.startswith("_")}
        for key in ("name", "source"):
            data.pop(key)
        return CrawlInfo(profile=p.name, profile_data=data, hints=dict(self.hints))

    # -- start ------------------------------------------------------------------------------

    async def start(self) -> Any:
        for request in self.initial_requests():
            yield request

    def initial_requests(self) -> list[Request]:
        """Sitemaps, feeds, robots.txt (for its Sitemap lines), then start and section pages."""
        p = self.profile
        requests = [self._sitemap_request(u) for u in p.sitemaps]
        requests += [self._listing_request(u, self.parse_feed) for u in p.feeds]
        for origin in sorted(self._robots_origins):
            # With robots.txt obeyed, RobotsTxtMiddleware ends this request and hands over
            # its own fetch (robots_txt_fetched): one fetch per host, for obeying and reading.
            request = self._listing_request(f"{origin}/robots.txt", self.parse_robots)
            request.meta[meta.ROBOTS_SITEMAPS] = True
            requests.append(request)
        for url in [*p.start_urls, *p.sections]:
            requests.append(self.candidate_request(url, {"source": "link"}, depth=0))
        return [r for r in requests if r is not None]

    # -- requests ---------------------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        if not self.allowed_domains:
            return True
        # By host name: Scrapy's url_is_from_any_domain compares host:port.
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith(f".{d}") for d in self.allowed_domains)

    def _listing_request(self, url: str, callback: Any) -> Request:
        return Request(url, callback, priority=LISTING_PRIORITY, errback=self.on_failure)

    def _sitemap_request(self, url: str) -> Request | None:
        if url in self._sitemaps_seen:
            return None
        self._sitemaps_seen.add(url)
        return self._listing_request(url, self.parse_sitemap)

    def candidate_request(
        self, url: str, evidence: dict[str, Any], depth: int = 0
    ) -> Request | None:
        """A request for a page that may be an article; None if it was already asked for.

        A page found again (the feed after the sitemap, a link with tracking parameters) adds
        what it knows to the evidence of the first request instead of a second download.
        """
        if not self._allowed(url):
            self.crawler.stats.inc_value(f"{DISCOVERY}/offsite")
            return None
        if self.profile.is_skipped(url):
            self.crawler.stats.inc_value(SKIPPED_PATTERN)
            return None
        key = canonical_url(url)
        known = self._evidence.get(key)
        if known is not None:
            for k, v in evidence.items():
                known.setdefault(k, v)
            self.crawler.stats.inc_value(f"{DISCOVERY}/rediscovered")
            return None
        self._evidence[key] = evidence = dict(evidence)
        source = evidence.get("source", "link")
        self.crawler.stats.inc_value(f"{DISCOVERY}/{source}_urls")
        likely = self.profile.is_article_url(url)
        if likely is None:
            likely = url_kind(path_and_query(url)) == "article"
        render = self.render and (
            not self.profile.render_articles_only or likely or source != "link"
        )
        return Request(
            strip_tracking(url),
            self.parse_page,
            meta={meta.EVIDENCE: evidence, meta.LINK_DEPTH: depth, meta.RENDER: render},
            priority=ARTICLE_PRIORITY if likely or source != "link" else LISTING_PRIORITY,
            errback=self.on_failure,
        )

    def _entries(self, entries: Iterable[Entry]) -> Iterator[Request]:
        for entry in entries:
            ev = entry.evidence
            if self.since and older_than(
                ev.get("lastmod") or ev.get("updated") or ev.get("published"), self.since
            ):
                self.crawler.stats.inc_value(SKIPPED_SINCE)
                continue
            if self.profile.is_article_url(entry.url) is False:
                self.crawler.stats.inc_value(SKIPPED_PATTERN)
                continue
            if (request := self.candidate_request(entry.url, ev)) is not None:
                yield request

    # -- callbacks --------------------------------------------------------------------------

    def robots_txt_fetched(self, response: Response, url: str) -> None:
        """A robots.txt RobotsTxtMiddleware fetched to obey it: its Sitemap lines are read
        here, as ``parse_robots`` reads them when robots.txt is not obeyed."""
        origin = urlsplit(url)
        if f"{origin.scheme}://{origin.netloc}" not in self._robots_origins:
            return
        if not 200 <= response.status < 300:  # as HttpErrorMiddleware keeps it from a callback
            return
        assert self.crawler.engine is not None
        for request in self.parse_robots(response):
            self.crawler.engine.crawl(request)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        for url in sitemap_urls_from_robots(response.body, response.url):
            self.crawler.stats.inc_value(f"{DISCOVERY}/robots_sitemaps")
            if self._allowed(url) and (request := self._sitemap_request(url)):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = parse_sitemap(response.body, response.url)
        except DiscoveryError as exc:
            self.crawler.stats.inc_value(f"{DISCOVERY}/malformed/sitemap")
            logger.warning("Skipping sitemap %s: %s", response.url, exc)
            return
        self.crawler.stats.inc_value(f"{DISCOVERY}/sitemaps")
        if sitemap.kind == "urlset":
            yield from self._entries(sitemap.entries)
            return
        for entry in sitemap.entries:
            # A child sitemap last modified before `since` lists nothing newer.
            if older_than(entry.evidence.get("lastmod"), self.since):
                self.crawler.stats.inc_value(SKIPPED_SINCE)
            elif self._allowed(entry.url) and (request := self._sitemap_request(entry.url)):
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            self.crawler.stats.inc_value(f"{DISCOVERY}/malformed/feed")
            logger.warning("Skipping feed %s: %s", response.url, exc)
            return
        self.crawler.stats.inc_value(f"{DISCOVERY}/feeds")
        yield from self._entries(entries)

    def on_failure(self, failure: Failure) -> Failure | None:
        """Counts and logs every failed request by cause (`archiver/failed/<kind>`).

        Scrapy drops ignored requests (redirect loops, bodies past DOWNLOAD_MAXSIZE) without
        a word above DEBUG; a scheduled crawl must say what it could not fetch. Routine ends
        (archived already, forbidden by robots.txt, off the site) are no failure: no WARNING.
        """
        request = getattr(failure, "request", None)
        url = getattr(request, "url", "?")
        kind = self._listed_page(request) if request is not None else None
        if kind is not None and not failure.check(NotNeeded):
            # Nothing is found from a dead start page (the run failed: ERROR, exit 1); a dead
            # section costs its articles (the profile needs a look: WARNING).
            why = failure_cause(failure)
            if kind == "start":  # the crawl's summary names it (archiver.summary)
                self.start_failures.append((url, why))
            self.crawler.stats.inc_value(f"{FAILED}{kind}_page")
            level = logging.ERROR if kind == "start" else logging.WARNING
            logger.log(level, "%s page %s could not be fetched (%s)", kind.title(), url, why)
            return None
        if failure.check(HttpError):
            status = failure.value.response.status
            if status in GIVEN_UP_STATUSES or status >= 500:
                # Retried to the end (RetryAfterMiddleware), or a Retry-After too long to wait:
                # a page lost, as much as one that timed out. HttpErrorMiddleware logs it at
                # INFO only.
                self.crawler.stats.inc_value(f"{FAILED}http_{status}")
                tries = 1 + int(failure.request.meta.get(meta.RETRY_TIMES, 0))
                logger.warning(
                    "Could not fetch %s (http_%d): the server answered %d %s (%s)",
                    url,
                    status,
                    status,
                    _phrase(status),
                    "1 try" if tries == 1 else f"{tries} tries",
                )
            return failure  # HttpErrorMiddleware counts 4xx and logs them at INFO
        if failure.check(NotNeeded):
            return None  # archived already: counted and logged where it was decided
        kind = failure_kind(failure)
        if kind in ROUTINE_KINDS:  # Scrapy counts these (robotstxt/forbidden, offsite/filtered)
            logger.debug("Not fetched (%s): %s", kind, url)
            return None
        self.crawler.stats.inc_value(f"{FAILED}{kind}")
        logger.warning("Could not fetch %s (%s): %s", url, kind, failure_reason(failure))
        return None

    def _listed_page(self, request: Request) -> str | None:
        """ "start" or "section" when the request is for such a page of the profile (or was
        redirected from one), else None."""
        first = (request.meta.get(meta.REDIRECT_URLS) or [request.url])[0]
        return self._listed_pages.get(first)

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Every HTML page becomes an ArticlePage: the extraction worker decides whether it is an
        article (ArticlePipeline), and the links of one that is not are followed then
        (``page_refused``). This process never parses a page the worker parses."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value(NOT_TEXT)
            return
        evidence = response.meta.get(meta.EVIDENCE) or {}
        page = page_from_response(response, self.hints, evidence, self.profile.evidence_hints)
        page.is_article = self.profile.is_article_url(response.url)
        if evidence.get("source", "link") == "link" and self.profile.follow_links:
            page.link_depth = response.meta.get(meta.LINK_DEPTH, 0)
            page.request_depth = response.meta.get("depth", 0)
        yield page

    def page_refused(self, page: ArticlePage, decision: PageDecision) -> None:
        """A page the extraction worker found no article: its links are followed, if asked."""
        if page.truncated:
            # An article cut short is refused by ArticlePipeline; a listing cut short loses
            # the links past the cut: said and counted as a page lost, its links still read.
            self.crawler.stats.inc_value(f"{FAILED}truncated")
            logger.warning(
                "Could not fetch %s (truncated): WARC-Truncated: %s%s; the links of the part "
                "received are followed",
                page.url,
                page.truncated,
                TRUNCATION_WORDS.get(page.truncated, ""),
            )
        if page.link_depth is None:
            return
        # As if the page's callback had yielded them: through the spider middlewares' hook
        # for each request (depth and its limit, referrer policy, URL length).
        source = Response(
            page.url,
            headers=page.headers,
            request=Request(page.url, meta={"depth": page.request_depth}),
        )
        for request in self.follow_links(page.url, decision, page.link_depth):
            if (request := self._as_yielded(request, source)) is not None:
                self.crawler.engine.crawl(request)

    def _as_yielded(self, request: Request, response: Response) -> Request | None:
        """``request`` as the spider middlewares pass on a request a callback yields (their
        ``get_processed_request``, in the order output flows), or None where one drops it."""
        if self._output_middlewares is None:
            order = build_component_list(self.settings.getwithbase("SPIDER_MIDDLEWARES"))
            found = [self.crawler.get_spider_middleware(load_object(path)) for path in order]
            self._output_middlewares = [
                mw for mw in reversed(found) if hasattr(mw, "get_processed_request")
            ]
        for mw in self._output_middlewares:
            request = mw.get_processed_request(request, response)
            if request is None:
                return None
        return request

    def follow_links(self, url: str, page: PageDecision, depth: int) -> Iterator[Request]:
        """Same-site links of a listing page, as the extraction worker read them from its tree
        (this process never parses the page): feeds, candidates, and listings while depth
        allows. Links to files of the extensions Scrapy's LinkExtractor ignores are left."""
        for feed in feed_links(page.alternates, url):
            if self._allowed(feed) and feed not in self._sitemaps_seen:
                self._sitemaps_seen.add(feed)
                yield self._listing_request(feed, self.parse_feed)
        if depth >= self.profile.max_depth:
            return
        for link in page.links:
            if url_has_any_extension(link, _IGNORED_EXTENSIONS):
                continue
            if (request := self.candidate_request(link, {"source": "link"}, depth + 1)) is not None:
                yield request
