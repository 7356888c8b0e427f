"""One article decision: the crawl and the reparse send a page to the same function
(archiver.extract.decision.decide_page) and get the same decision and item back."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from archiver import meta
from archiver.demo.server import SITE_DIR
from archiver.extract.decision import decide_page
from archiver.items import ArticlePage, PageDecision
from archiver.spiders.reparse import WarcSpider
from spiders.news import NewsSpider

BASE = "http://127.0.0.1:8000"
OTHER = b"""<html><head><title>Help</title></head><body><h1>Questions and answers</h1>
<p>Write to us.</p><ul><li><a href="/news/section/world">World</a></li></ul></body></html>"""

# (path, body, decision without a profile, decision with the demo profile)
PAGES = [
    (
        "/news/article/russia-no-concrete-fact-chechnya",
        (SITE_DIR / "news/article/russia-no-concrete-fact-chechnya.html").read_bytes(),
        ("article", "metadata"),
        ("article", "profile"),
    ),
    (
        "/news/section/world",
        (SITE_DIR / "news/section/world.html").read_bytes(),
        ("listing", "url"),
        ("listing", "url"),
    ),
    # A help page of a sentence among menus, naming no author nor date, under a help
    # centre's path: the manual's.
    ("/help/faq", OTHER, ("documentation", "url"), ("documentation", "url")),
    # The demo profile's skip pattern says no article, its URL says listing.
    ("/search?q=reef", OTHER, ("listing", "url"), ("other", "profile")),
    (
        "/news/article/reef-bleaching-survey",
        (SITE_DIR / "news/article/reef-bleaching-survey.html").read_bytes(),
        ("article", "metadata"),
        ("article", "profile"),
    ),
]


def _response(path: str, body: bytes) -> HtmlResponse:
    request = Request(
        BASE + path,
        meta={
            meta.EVIDENCE: {"source": "link"},
            meta.LINK_DEPTH: 1,
            meta.FETCHED_AT: "2026-11-25T08:12:42+00:00",
            meta.WARC: {"filename": "news-1.warc.gz", "record_id": "<urn:uuid:1>"},
        },
    )
    return HtmlResponse(
        BASE + path,
        body=body,
        headers={"Content-Type": "text/html; charset=utf-8"},
        request=request,
    )


def _crawled(response: HtmlResponse, site: str) -> ArticlePage:
    args: dict[str, Any] = {"site": site, "base": BASE} if site else {"start": BASE + "/"}
    crawler = get_crawler(NewsSpider)
    spider = NewsSpider.from_crawler(crawler, **args)
    [page] = spider.parse_page(response)
    return page


def _reparsed(response: HtmlResponse, site: str) -> ArticlePage:
    args: dict[str, Any] = {"site": site, "base": BASE} if site else {}
    crawler = get_crawler(WarcSpider)
    spider = WarcSpider.from_crawler(crawler, files="x.warc.gz", **args)
    if not site:
        # What a crawl's warcinfo record tells a reparse of its file: the crawl's hints.
        spider.given = spider._context(None, _crawled(response, site).hints)
    [page] = spider.parse(response)
    return page


@pytest.mark.parametrize("site", ["", "demo"])
@pytest.mark.parametrize(("path", "body", "bare", "profiled"), PAGES)
def test_crawl_and_reparse_get_one_decision(
    site: str, path: str, body: bytes, bare: tuple[str, str], profiled: tuple[str, str]
) -> None:
    response = _response(path, body)
    crawled, reparsed = _crawled(response, site), _reparsed(response, site)
    decisions: list[PageDecision] = [decide_page(p) for p in (crawled, reparsed)]
    same = ("url", "kind", "reason", "article")
    assert [getattr(decisions[0], f) for f in same] == [getattr(decisions[1], f) for f in same]
    # The links of a page that is no article come with the crawl's decision, read on the
    # worker's tree; a reparse follows none.
    assert not decisions[1].links
    assert bool(decisions[0].links) == (decisions[0].kind != "article")
    assert (decisions[0].kind, decisions[0].reason) == (profiled if site else bare)
    article = decisions[0].article
    assert (article is not None) == (decisions[0].kind == "article")
    if article is not None:
        assert article.headline and article.body and article.published
        assert article.warc and article.warc.record_id == "<urn:uuid:1>"
    # The crawl follows the links of a page that is no article; a reparse never does.
    assert (crawled.link_depth, reparsed.link_depth) == (1, None)


def test_the_crawl_follows_the_links_the_worker_read() -> None:
    path = "/news/section/world"
    response = _response(path, (SITE_DIR / "news/section/world.html").read_bytes())
    crawler = get_crawler(NewsSpider)
    spider = NewsSpider.from_crawler(crawler, site="demo", base=BASE)
    [page] = spider.parse_page(response)
    decision = decide_page(page)
    assert decision.kind == "listing"
    followed = {r.url for r in spider.follow_links(page.url, decision, 1)}
    articles = {u for u in decision.links if "/news/article/" in u}
    assert articles and articles <= followed
    assert all(u.startswith(BASE) for u in followed)
