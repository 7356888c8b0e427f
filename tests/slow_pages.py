"""Test-only extraction task: the page named by $SLOW_PAGE never ends, $CRASH_PAGE kills its
worker, any other page is extracted as in a crawl."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from archiver.items import Article, ArticlePage
from archiver.pipelines import ArticlePipeline, build_article


def extract(page: ArticlePage, default_timezone: str | None = None) -> Article:
    if page.url == os.environ.get("SLOW_PAGE"):
        threading.Event().wait()  # a page that would take forever to extract
    if page.url == os.environ.get("CRASH_PAGE"):
        os.kill(os.getpid(), signal.SIGSEGV)  # a crash in a C library
    return build_article(page, default_timezone)


def echo(*args: Any) -> Any:  # noqa: ANN401
    return args


def wait(*args: Any) -> None:  # noqa: ANN401
    threading.Event().wait()


class SlowPagesPipeline(ArticlePipeline):
    task = "tests.slow_pages:extract"
