"""Hostile pages in a whole crawl (issue 23): each gives its article, or a said and counted
refusal, and the crawl goes on."""

from __future__ import annotations

import json
import logging
import re
import subprocess
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from archiver.downloadermiddlewares.bounded import BoundedMarkupMiddleware
from archiver.extract.parse import MAX_ATTRIBUTES
from archiver.items import ArticlePage
from archiver.pipelines.article import ArticlePipeline
from archiver.workers import TaskFailed
from tests.conftest import ROOT
from tests.extract.test_hostile_pages import PAGES, page
from tests.newsroom import Newsroom, crawl_command
from tests.test_robustness import stats_of

HTML = [("Content-Type", "text/html; charset=utf-8")]
WHOLE = page(body="<p>A long story, told at length.</p>" * 200)
# The server announces the whole page, sends a quarter of it and closes the connection.
SHORT = (
    HTML + [("Content-Length", str(len(WHOLE))), ("Connection", "close")],
    WHOLE[: len(WHOLE) // 4],
)
HEADLINE_ONLY = (
    b"<html><head><title>Nothing here</title><meta property='og:type' content='article'>"
    b"</head><body><h1>Only a headline</h1></body></html>"
)


def test_hostile_pages_give_their_articles(tmp_path: Path) -> None:
    with Newsroom(2) as site:
        for name, (html, _) in PAGES.items():
            site.extra[f"/article/{name}"] = lambda s, p, html=html: (200, HTML, html)
        site.extra["/article/short"] = lambda s, p: (200, *SHORT)
        site.extra["/article/headline-only"] = lambda s, p: (200, HTML, HEADLINE_ONLY)
        result = subprocess.run(
            crawl_command(site.url("/"), tmp_path, "RETRY_TIMES=1"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        hits = dict(site.hits)
    err = result.stderr
    stats = stats_of(err)
    assert "'finish_reason': 'finished'" in err
    assert "Traceback" not in err and "Spider error" not in err
    items = {
        json.loads(line)["url"].rsplit("/", 1)[1]: json.loads(line)
        for line in (tmp_path / "news.jsonl").read_text().splitlines()
    }
    # Every hostile page gave its article, with its text (points 1-4).
    for name in PAGES:
        assert name in items, name
        assert "Paragraph 7 of the story." in items[name]["body"], name
    assert items["bad_offset"]["updated_raw"] == "2024-03-01T12:00:00+99:99"
    assert "updated" not in items["bad_offset"] or items["bad_offset"]["updated"] is None
    # An article without text is refused out loud, not exported (point 5).
    assert "headline-only" not in items
    assert stats["archiver/articles/dropped/no_body"] == 1
    assert re.search(r"WARNING: No article text found in \S+/article/headline-only", err)
    # A short body: asked for again, archived each time marked WARC-Truncated, never an item
    # (point 6).
    assert hits["/article/short"] == 2
    assert "short" not in items
    assert stats["archiver/articles/dropped/truncated"] == 1
    assert re.search(r"WARNING: Page \S+/article/short is truncated \(WARC-Truncated: disc", err)
    truncated = []
    for path in (tmp_path / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                uri = record.rec_headers.get_header("WARC-Target-URI", "")
                if uri.endswith("/short") and record.rec_type == "response":
                    truncated.append(record.rec_headers.get_header("WARC-Truncated"))
    assert truncated == ["disconnect", "disconnect"]
    # The rest of the site was crawled as usual.
    assert {f"story-000{i}" for i in range(2)} <= set(items)


def test_scrapy_parses_a_bounded_body() -> None:
    """The spider's own parse (the article test, links) gets the bounded tags too: libxml2
    takes minutes over 100,000 attributes, in the thread every download waits on."""
    html, _ = PAGES["attributes_100000"]
    response = HtmlResponse("https://example.org/news/x", body=html, encoding="utf-8")
    stats = StatsCollector(get_crawler())
    bounded = BoundedMarkupMiddleware(stats).process_response(response.request, response)
    assert len(bounded.css("div")[0].attrib) == MAX_ATTRIBUTES
    assert "Paragraph 7 of the story." in bounded.text
    assert stats.get_value("archiver/markup/bounded") == 1
    plain = HtmlResponse("https://example.org/news/y", body=page(), encoding="utf-8")
    assert BoundedMarkupMiddleware(stats).process_response(plain.request, plain) is plain


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("offset must be a timedelta"),
        TaskFailed('Traceback (most recent call last):\n  File "x.py"\nValueError: bad offset\n'),
    ],
)
def test_an_extraction_failure_is_one_line(
    exc: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    """Never a traceback to a user: one ERROR line naming the page and the cause."""
    stats = StatsCollector(get_crawler())
    pipeline = ArticlePipeline(stats)
    item = ArticlePage(url="https://example.org/news/x", body=b"<html></html>")
    with caplog.at_level(logging.DEBUG), pytest.raises(DropItem):
        pipeline._failed(item, exc)
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.exc_info is None and "\n" not in line.getMessage()
    assert "https://example.org/news/x" in line.getMessage()
    assert ("bad offset" if isinstance(exc, TaskFailed) else "timedelta") in line.getMessage()
    assert stats.get_value("archiver/articles/dropped/error") == 1
