"""Test-only extraction task: the page named by $SLOW_PAGE never ends, $CRASH_PAGE kills its
worker, any other page is extracted as in a crawl."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from archiver.extract.decision import decide_page
from archiver.items import ArticlePage, PageDecision
from archiver.pipelines.article import ArticlePipeline


def extract(page: ArticlePage, default_timezone: str | None = None) -> PageDecision:
    if page.url == os.environ.get("SLOW_PAGE"):
        threading.Event().wait()  # a page that would take forever to extract
    if page.url == os.environ.get("CRASH_PAGE"):
        os.kill(os.getpid(), signal.SIGSEGV)  # a crash in a C library
    return decide_page(page, default_timezone)


def echo(*args: Any) -> Any:  # noqa: ANN401
    return args


def wait(*args: Any) -> None:  # noqa: ANN401
    threading.Event().wait()


class SlowPagesPipeline(ArticlePipeline):
    task = "tests.slow_pages:extract"
