"""Rendering switched on for a crawl: the browser found, scrapy-playwright and our parts set."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from archiver.profiles import SiteProfile

#: Browsers looked for on PATH when ARCHIVER_RENDER_BROWSER is empty (Debian's package first:
#: ``playwright install`` downloads its own browsers, which a closed server cannot).
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
#: Chromium flags for a crawler: no calls home (refused by the dozen on a closed network, and
#: no business of an archive), no GPU on a server.
BROWSER_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
)
HANDLER = "archiver.core.downloader.handlers.render.RenderingDownloadHandler"
MIDDLEWARE = "archiver.downloadermiddlewares.render.RenderMiddleware"
#: Below WarcMiddleware (950): its process_response hands the capture to the WARC writer.
MIDDLEWARE_ORDER = 960


class RenderUnavailable(ValueError):
    """Rendering was asked for and no browser can be started; the message says what to do."""


def find_browser(configured: str = "") -> str:
    """The Chromium executable to use: ``configured`` (ARCHIVER_RENDER_BROWSER) or one of
    BROWSER_NAMES on PATH. Raises RenderUnavailable saying how to get one."""
    if configured:
        path = shutil.which(configured)
        if path is None:
            raise RenderUnavailable(f"ARCHIVER_RENDER_BROWSER: no browser at {configured!r}")
        return path
    for name in BROWSER_NAMES:
        if path := shutil.which(name):
            return path
    raise RenderUnavailable(
        "rendering needs Chromium: install Debian's chromium package (apt-get install "
        "chromium) or set ARCHIVER_RENDER_BROWSER to a Chromium or Chrome executable"
    )


def wants_rendering(settings: Settings, profile: SiteProfile) -> bool:
    return profile.render or settings.getbool("ARCHIVER_RENDER")


def enable_rendering(settings: Settings, profile: SiteProfile) -> None:
    """Settings of a crawl that renders pages (the profile's ``render`` keys folded in);
    called before the crawl's settings are frozen. Raises RenderUnavailable."""
    browser = find_browser(settings.get("ARCHIVER_RENDER_BROWSER") or "")
    args = list(BROWSER_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    handlers |= {"http": HANDLER, "https": HANDLER}
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES") | {MIDDLEWARE: MIDDLEWARE_ORDER}
    block = [*settings.getlist("ARCHIVER_RENDER_BLOCK"), *profile.render_block]
    values = {
        "ARCHIVER_RENDER": True,
        "ARCHIVER_RENDER_BLOCK": block,
        "ARCHIVER_RENDER_IMAGES": profile.render_images
        or settings.getbool("ARCHIVER_RENDER_IMAGES"),
        "DOWNLOAD_HANDLERS": handlers,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": browser, "headless": True, "args": args},
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": settings.getfloat("ARCHIVER_RENDER_TIMEOUT")
        * 1000,
        # One browser, one context: pages at once as the setting says.
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("ARCHIVER_RENDER_PAGES"),
    }
    for name, value in values.items():
        settings.set(name, value, priority="spider")
