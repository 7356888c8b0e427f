"""Capture: the HTTP exchanges a headless browser makes for one page, as WARC exchanges."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archiver import meta
from archiver.warc.reader import is_html_type
from archiver.warc.writer import Exchange

if TYPE_CHECKING:
    from playwright.async_api import Page, Route
    from playwright.async_api import Request as BrowserRequest
    from playwright.async_api import Response as BrowserResponse
    from scrapy import Request

logger = logging.getLogger(__name__)

#: Resource types never fetched: the rendered text does not need them and they are most of
#: a page's bytes (images only when the profile asks for them, ``render_images``).
NOT_FETCHED = frozenset({"media", "font", "texttrack"})
IMAGE_TYPES = frozenset({"image"})
#: Response headers that describe the bytes on the wire, not the body the browser hands over
#: (decoded, de-chunked): a record keeping them would claim an encoding its payload lacks.
WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
#: Import path of the page-init callback scrapy-playwright calls (meta.PLAYWRIGHT_INIT).
INIT_CALLBACK = "archiver.render.capture.attach_to_page"
#: Seconds given to response bodies still arriving once the page settled (or ran out of time).
BODY_GRACE = 2.0


@dataclass(frozen=True)
class CaptureOptions:
    """What the browser may fetch for a page and how long to wait for it to settle."""

    block: tuple[str, ...] = ()
    """Host names (their subdomains too) never fetched: ads, trackers (profile ``render_block``)."""
    images: bool = False
    """Fetch and archive images too (profile ``render_images``)."""
    max_resources: int = 200
    """Requests a page may make besides its document; more are refused and counted."""
    quiet: float = 0.5
    """Seconds with no request in flight after which the page counts as settled."""
    settle_max: float = 5.0
    """Seconds the page is given after its load event to settle (a live blog never does)."""
    max_body: int = 50 * 1024 * 1024
    """A response body past this many bytes is not archived: its record is empty and says
    ``WARC-Truncated: length`` (Scrapy's DOWNLOAD_MAXSIZE)."""


def is_blocked(url: str, block: tuple[str, ...]) -> bool:
    """Whether the URL's host is one of ``block`` or under one of them."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == b or host.endswith(f".{b}") for b in block)


def _declared_length(headers: list[tuple[str, str]]) -> int:
    value = next((v for k, v in headers if k.lower() == "content-length"), "")
    return int(value) if value.strip().isdigit() else 0


def is_web(url: str) -> bool:
    """An http(s) URL: what a page fetches from the web, not the browser's own resources."""
    return url.startswith(("http://", "https://"))


def is_html(exchange: Exchange) -> bool:
    """Whether the exchange's response is an HTML document (a page to take a DOM of); one
    without a Content-Type is what the browser sniffed it to be: a page, as it rendered it."""
    ctype = next((v for k, v in exchange.response_headers if k.lower() == "content-type"), "")
    return not ctype.strip() or is_html_type(ctype)


def decoded_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """Response headers for a body as the browser decoded it: the wire's content and transfer
    codings and length dropped, the body's length said. HTTP/2 pseudo-headers are dropped."""
    kept = [(k, v) for k, v in headers if k.lower() not in WIRE_HEADERS and not k.startswith(":")]
    return [*kept, ("Content-Length", str(length))]


@dataclass
class Capture:
    """Records what the browser fetches for one page: install with :meth:`attach` on a new
    page, await :meth:`settle` once it loaded, then read :attr:`document` and
    :attr:`resources`. Counts what it refused in ``blocked`` and ``over_cap``, bodies it left
    out for their size in ``too_large``, responses it could not read in ``failed``."""

    options: CaptureOptions = field(default_factory=CaptureOptions)
    blocked: int = 0
    over_cap: int = 0
    failed: int = 0
    too_large: int = 0
    _allowed: int = 0
    _inflight: int = 0
    _tasks: list[asyncio.Task[Exchange | None]] = field(default_factory=list)
    _navigations: list[asyncio.Task[Exchange | None]] = field(default_factory=list)
    _exchanges: list[Exchange] = field(default_factory=list)
    _document: Exchange | None = None
    _idle: asyncio.Event = field(default_factory=asyncio.Event)
    _busy: asyncio.Event = field(default_factory=asyncio.Event)

    async def attach(self, page: Page) -> None:
        # Registered after scrapy-playwright's own route: ours runs first and falls back to it
        # (which puts Scrapy's headers on the document request).
        await page.route("**", self._route)
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)
        page.on("response", lambda r: self._on_response(r, page))
        self._idle.set()

    async def _route(self, route: Route, request: BrowserRequest) -> None:
        if not request.is_navigation_request() and is_web(request.url):
            kind = request.resource_type
            if is_blocked(request.url, self.options.block):
                self.blocked += 1
                await route.abort("blockedbyclient")
                return
            if kind in NOT_FETCHED or (kind in IMAGE_TYPES and not self.options.images):
                await route.abort("blockedbyclient")
                return
            if self._allowed >= self.options.max_resources:
                self.over_cap += 1
                await route.abort("blockedbyclient")
                return
            self._allowed += 1
        await route.fallback()

    def _started(self, request: BrowserRequest) -> None:
        self._inflight += 1
        self._idle.clear()
        self._busy.set()

    def _ended(self, request: BrowserRequest) -> None:
        self._inflight = max(0, self._inflight - 1)
        if self._inflight == 0:
            self._idle.set()

    def _on_response(self, response: BrowserResponse, page: Page) -> None:
        if not is_web(response.url):
            return  # the browser's own pages (its PDF viewer: chrome-extension://...)
        task = asyncio.ensure_future(self._exchange(response, datetime.now(UTC)))
        self._tasks.append(task)
        request = response.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            self._navigations.append(task)

    async def _exchange(self, response: BrowserResponse, when: datetime) -> Exchange | None:
        from playwright.async_api import Error as BrowserError

        request = response.request
        truncated = None
        try:
            resp_headers = [(h["name"], h["value"]) for h in await response.headers_array()]
            # A body announced too large is not even asked for: the driver would hold it.
            too_large = _declared_length(resp_headers) > self.options.max_body
            body = b""
            if not too_large:
                try:
                    body = await response.body()
                except BrowserError:
                    # A redirect has no body; another response may have been cut off by the
                    # page closing: the record says so rather than pretend it is whole.
                    truncated = None if 300 <= response.status < 400 else "unspecified"
                too_large = len(body) > self.options.max_body
            if too_large:
                body, truncated = b"", "length"
                self.too_large += 1
            req_headers = await request.headers_array()
            server = await response.server_addr()
        except BrowserError as exc:
            self.failed += 1
            logger.debug("Not archived (%s): %s", exc, response.url)
            return None
        return Exchange(
            url=response.url,
            method=request.method,
            request_headers=[(h["name"], h["value"]) for h in req_headers],
            request_body=request.post_data_buffer or b"",
            status=response.status,
            reason=response.status_text,
            response_headers=decoded_headers(resp_headers, len(body)),
            body=body,
            ip_address=server["ipAddress"] if server else None,
            date=when,
            truncated=truncated,
        )

    async def settle(self, page: Page | None = None) -> None:
        """Wait until no request was in flight for ``quiet`` seconds (at most ``settle_max``),
        then for the bodies of the responses seen (a body still streaming then is left out
        and counted in ``failed``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.options.settle_max
        while (left := deadline - loop.time()) > 0:
            try:
                await asyncio.wait_for(self._idle.wait(), left)
            except TimeoutError:
                break
            self._busy.clear()
            if self._inflight:
                continue  # a request started between the two events
            try:
                await asyncio.wait_for(self._busy.wait(), min(self.options.quiet, left))
            except TimeoutError:
                break  # quiet long enough (or out of time)
        if self._tasks:
            grace = max(deadline - loop.time(), BODY_GRACE)
            _, pending = await asyncio.wait(self._tasks, timeout=grace)
            for task in pending:
                task.cancel()
            self.failed += len(pending)
        done = [t.result() for t in self._tasks if t.done() and not t.cancelled()]
        documents = [t.result() for t in self._navigations if t.done() and not t.cancelled()]
        documents = [d for d in documents if d is not None]
        self._document = documents[-1] if documents else None
        self._exchanges = [e for e in done if e is not None and e is not self._document]

    @property
    def document(self) -> Exchange | None:
        """The page's own document exchange (the last main-frame navigation), once settled."""
        return self._document

    @property
    def resources(self) -> list[Exchange]:
        """Every other exchange, redirects to the document included, in the order of arrival."""
        return self._exchanges


async def attach_to_page(page: Page, request: Request) -> None:
    """scrapy-playwright's page-init callback: the request's Capture starts recording."""
    capture: Any = request.meta.get(meta.CAPTURE)
    if capture is not None:
        await capture.attach(page)
