"""The crawl's and the reparse's shared step: the ArticlePage of a response."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from archiver import meta
from archiver.items import ArticlePage, WarcRef


def path_and_query(url: str) -> str:
    """The part of a URL that the URL classifier reads."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_from_response(
    response: TextResponse,
    hints: Mapping[str, Any],
    evidence: Mapping[str, Any] | None = None,
    passed: Iterable[str] = (),
) -> ArticlePage:
    """The ArticlePage of a downloaded response, with its WARC reference and fetch time.

    ``hints`` are the site's (profile, timezone); the ``passed`` keys of ``evidence`` (what a
    sitemap or feed said of the page) are added to them.
    """
    evidence = evidence or {}
    warc = response.meta.get(meta.WARC)
    return ArticlePage(
        url=response.url,
        body=response.body,
        encoding=response.encoding,
        headers={
            k.decode("latin-1").lower(): v[0].decode("latin-1")
            for k, v in response.headers.items()
            if v
        },
        fetched_at=response.meta.get(meta.FETCHED_AT),
        warc=WarcRef(**warc) if warc else None,
        hints=dict(hints) | {k: evidence[k] for k in passed if k in evidence},
        rendered=bool(response.meta.get(meta.RENDERED)),
        truncated=truncation(response),
    )


def truncation(response: TextResponse) -> str | None:
    """Why a response's body is incomplete ("disconnect"), None when it is whole: Scrapy flags
    a body cut short of its Content-Length "dataloss" (DOWNLOAD_FAIL_ON_DATALOSS off), and
    `scrapy reparse` flags a record written with WARC-Truncated the same way."""
    return "disconnect" if meta.DATALOSS_FLAG in response.flags else None
