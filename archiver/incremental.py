"""IncrementalMiddleware: fetch only new or changed articles, revisit the unchanged ones."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from warcio.archiveiterator import ArchiveIterator

from archiver import meta
from archiver.extensions import stop_crawl
from archiver.extensions.runlock import RunLock
from archiver.failures import NotNeeded
from archiver.feeds import local_line_feeds
from archiver.state import CrawlState, PageState, content_digest, state_path
from archiver.unchanged import UnchangedArticle
from archiver.warc.writer import OPEN_SUFFIX, Written

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Most feed lines caught up at a start: a kill leaves one uncommitted, a state that failed
#: to write leaves those in flight; more means a state deleted on purpose, not a crash.
CATCH_UP_MAX = 100


def _parse_date(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def change_stamp(evidence: dict[str, Any] | None) -> str | None:
    """The evidence's claim of when the article last changed: ``updated`` or ``lastmod``.

    ``published`` is no such claim (feeds keep it when a story is updated), so evidence with
    only a publication date counts as no evidence.
    """
    if not evidence:
        return None
    stamps = [v for k in ("updated", "lastmod") if isinstance(v := evidence.get(k), str) and v]
    if not stamps:
        return None
    return max(stamps, key=lambda s: _parse_date(s) or datetime.min.replace(tzinfo=UTC))


def changed_since(stamp: str, page: PageState) -> bool:
    """Whether a change stamp is newer than the archived version of the page."""
    ref = page.evidence or page.updated or page.last_changed
    a, b = _parse_date(stamp), _parse_date(ref)
    if a is None or b is None:
        return stamp != ref  # cannot order them: any other value is a change
    return a > b


class IncrementalMiddleware:
    """Downloader middleware consulting the ``CrawlState`` before each article candidate.

    A candidate is a request with evidence (``meta.EVIDENCE``) or a URL archived before; start
    URLs and other pages (home, sections, feeds, sitemaps) are always fetched. A known article
    is skipped when its evidence dates it no later than the archived version, or, without
    evidence, when it was fetched less than ``ARCHIVER_STATE_RECHECK_AFTER`` seconds ago;
    otherwise it is fetched, and the WarcMiddleware writes a revisit record if its payload is
    unchanged, in which case no item is made. The state is written only once the item is
    exported (signal ``item_scraped``, sent after the feed exporter wrote the line) or the
    revisit record written, so a crash in between leads to a re-fetch, never to a loss.

    Place it below WarcMiddleware (e.g. 940 < 950) so that its ``process_response`` runs after
    the WARC record is written. Settings: ``ARCHIVER_STATE_ENABLED``, ``ARCHIVER_STATE_DIR``,
    ``ARCHIVER_STATE_FILE``, ``ARCHIVER_STATE_RECHECK_AFTER``. Stats: ``archiver/state/*``.
    """

    def __init__(self, path: str | Path, *, recheck_after: float, stats: StatsCollector) -> None:
        self.state = CrawlState(path)
        self.recheck_after = recheck_after
        self.stats = stats
        self.crawler: Crawler | None = None
        self.failed = False
        self.deferred: list[Request] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        s = crawler.settings
        if not s.getbool("ARCHIVER_STATE_ENABLED"):
            raise NotConfigured
        o = cls(
            state_path(crawler),
            recheck_after=s.getfloat("ARCHIVER_STATE_RECHECK_AFTER"),
            stats=crawler.stats,
        )
        warc_dir = Path(s.get("ARCHIVER_WARC_DIR") or ".")
        o.crawler = crawler
        hosts = set(getattr(crawler.spider, "allowed_domains", None) or [])
        hosts = (hosts | _site_netlocs(crawler.spider)) or None
        lock = crawler.get_extension(RunLock) if hasattr(crawler, "get_extension") else None
        # A run locked out must not touch the state of the run that holds the lock.
        feeds = local_line_feeds(s.getdict("FEEDS"), crawler.spider)
        for feed in feeds if lock is None or lock.acquired else []:
            if caught := o.catch_up(feed, warc_dir, hosts):
                crawler.stats.inc_value("archiver/state/caught_up", caught)
        crawler.signals.connect(o.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(o.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(o.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        logger.info("Crawl state in %s (%d articles known)", o.state.path, len(o.state))
        return o

    def catch_up(self, feed: Path, warc_dir: Path, hosts: set[str] | None = None) -> int:
        """Record the feed's last items exported but not committed when a run died.

        Items are committed in the order their lines are written, right after each line:
        only the lines after the last committed one can be missing from the state (one after
        a kill; a few if the state itself could not be written, e.g. on a full disk). Without
        this the next run would fetch those articles again and export them twice. Lines of
        other sites (a shared feed file) are passed over, and so are lines whose WARC record
        is not in ``warc_dir``: another crawl's. Returns how many were recorded.
        """
        pending = []
        for item in reversed(tail_lines(feed)):
            url, ref = item.get("url"), item.get("warc")
            if not isinstance(url, str) or not isinstance(ref, dict):
                continue
            if hosts and not _on_site(url, hosts):
                continue
            page = self.state.get(url)
            if page is not None and page.warc_record_id == ref.get("record_id"):
                break  # committed, and so is every line before it
            pending.append(item)
            if len(pending) >= CATCH_UP_MAX:
                break
        caught = 0
        index: dict[str, dict[str, Any]] = {}
        for item in reversed(pending):
            ref = item["warc"]
            name = ref.get("filename") or ""
            if name not in index:
                index[name] = record_headers(warc_dir, name)
            record = index[name].get(ref.get("record_id"))
            if record is None:
                continue  # its WARC record is gone too: fetching it again is right
            updated = item.get("updated") or item.get("published")
            self.state.record_version(
                [item["url"]],
                payload_digest=record.get_header("WARC-Payload-Digest"),
                warc_filename=name,
                warc_record_id=ref["record_id"],
                warc_date=record.get_header("WARC-Date"),
                target_uri=record.get_header("WARC-Target-URI"),
                updated=updated if isinstance(updated, str) else None,
                fetched_at=item.get("fetched_at"),
            )
            logger.warning(
                "Crawl state caught up with %s: %s exported before a crash", feed, item["url"]
            )
            caught += 1
        return caught

    # -- before the download -----------------------------------------------------------------
    @staticmethod
    def _applies(request: Request) -> bool:
        # Start requests carry no depth yet: they are how new articles are found.
        if request.meta.get(meta.ALWAYS_FETCH) or request.meta.get(meta.DONT_ARCHIVE):
            return False
        return meta.EVIDENCE in request.meta or meta.DEPTH in request.meta

    def process_request(self, request: Request, spider: Any = None) -> None:
        # A redirect copies meta: the target's own state decides, not the source's.
        request.meta.pop(meta.PREVIOUS, None)
        if not self._applies(request):
            return
        page = self.state.get(request.url)
        if page is None:
            if meta.EVIDENCE in request.meta:
                self.stats.inc_value("archiver/state/candidates/new")
            return
        stamp = change_stamp(request.meta.get(meta.EVIDENCE))
        if stamp is not None:
            if not changed_since(stamp, page):
                self._skip(request, "unchanged", f"evidence {stamp} not newer")
            self.stats.inc_value("archiver/state/candidates/changed")
        elif self.recheck_after > 0:
            last = _parse_date(page.last_fetched)
            age = (datetime.now(UTC) - last).total_seconds() if last else float("inf")
            if age < self.recheck_after:
                # A sitemap or feed parsed later may still date it: looked at again when idle.
                self.deferred.append(request)
                self._skip(request, "recent", f"fetched {age:.0f}s ago, no evidence of change")
            self.stats.inc_value("archiver/state/candidates/recheck")
        else:
            self.stats.inc_value("archiver/state/candidates/recheck")
        if page.payload_digest and page.warc_record_id and page.warc_date:
            request.meta[meta.PREVIOUS] = {
                "payload_digest": page.payload_digest,
                "record_id": page.warc_record_id,
                "target_uri": page.target_uri or page.url,
                "date": page.warc_date,
            }

    def _skip(self, request: Request, why: str, detail: str) -> None:
        self.stats.inc_value("archiver/state/skipped")
        self.stats.inc_value(f"archiver/state/skipped/{why}")
        logger.debug("Skipping %s: %s", request.url, detail)
        raise NotNeeded("skipped", f"archived, {detail}: {request.url}")

    def spider_idle(self, spider: Any = None) -> None:
        """Fetch the articles skipped for want of evidence that discovery has since dated.

        The same page is often found first by a link (no date), then in a sitemap or feed
        whose ``lastmod`` or ``updated`` the spider adds to the first request's evidence; by
        then that request was skipped. Once the crawl is idle, every such request whose
        evidence now says the article changed is crawled again.
        """
        deferred, self.deferred = self.deferred, []
        due = []
        for request in deferred:
            stamp = change_stamp(request.meta.get(meta.EVIDENCE))
            page = self.state.get(request.url) if stamp else None
            if stamp and page is not None and changed_since(stamp, page):
                due.append(request)
        if not due or self.crawler is None or self.crawler.engine is None:
            return
        self.stats.inc_value("archiver/state/skipped", -len(due))
        self.stats.inc_value("archiver/state/skipped/recent", -len(due))
        self.stats.inc_value("archiver/state/candidates/late_evidence", len(due))
        for request in due:
            self.crawler.engine.crawl(request.replace(dont_filter=True))
        raise DontCloseSpider

    # -- after the download ------------------------------------------------------------------
    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        written = request.meta.get(meta.WRITTEN)
        if written is None or not written.revisit:
            return response
        # The revisit record is written: the page is archived for this run, with no new item.
        try:
            self.state.record_revisit(
                _chain(request, response),
                fetched_at=request.meta.get(meta.FETCHED_AT),
                evidence=change_stamp(request.meta.get(meta.EVIDENCE)),
            )
        except sqlite3.Error as exc:
            self._failed(exc)  # the next run fetches it again and writes another revisit
        self.stats.inc_value("archiver/state/unchanged")
        logger.debug("Revisited %s: unchanged, revisit record written", request.url)
        raise NotNeeded("revisited", f"unchanged since {request.meta[meta.PREVIOUS]['date']}")

    # -- once the item is exported -----------------------------------------------------------
    def item_scraped(self, item: Any, response: Response, spider: Any = None) -> None:
        if self.failed or self.stats.get_value("archiver/feed/write_errors"):
            return  # the feed or the state lost writes: let the next run fetch these again
        self._record(item, response, "new", "updated")

    def item_dropped(
        self, item: Any, response: Response, exception: BaseException, spider: Any = None
    ) -> None:
        # A page the extractor rejects is archived all the same (reparse can retry it):
        # fetching it in full every run would only fill the WARC with copies.
        if isinstance(exception, UnchangedArticle):  # new bytes, same article: counted there
            self._record(item, response, None, None)
        else:
            self._record(item, response, "dropped", "dropped")

    def _record(
        self, item: Any, response: Response | None, new: str | None, known: str | None
    ) -> None:
        if self.failed or response is None or not isinstance(response, Response):
            return
        adapter = ItemAdapter(item) if ItemAdapter.is_item(item) else None
        updated = None
        if adapter is not None:
            updated = adapter.get("updated") or adapter.get("published")
        try:
            was_known = self._record_version(item, response, updated)
        except sqlite3.Error as exc:
            self._failed(exc)
            return
        if label := known if was_known else new:
            self.stats.inc_value(f"archiver/state/{label}")

    def _failed(self, exc: Exception) -> None:
        # Stop at the first lost commit: the lines exported after it are caught up next start.
        self.failed = True
        self.stats.inc_value("archiver/state/write_errors")
        logger.critical("Cannot write the crawl state %s, stopping: %s", self.state.path, exc)
        if self.crawler is not None:
            stop_crawl(self.crawler, "disk_full" if "full" in str(exc) else "state_error")

    def _record_version(self, item: Any, response: Response, updated: Any) -> bool:
        written: Written | None = response.meta.get(meta.WRITTEN)
        return self.state.record_version(
            _chain(response.request, response),
            payload_digest=written.payload_digest if written else None,
            warc_filename=written.ref.filename if written else None,
            warc_record_id=written.ref.record_id if written else None,
            warc_date=written.date if written else None,
            target_uri=response.url,
            updated=updated if isinstance(updated, str) else None,
            evidence=change_stamp(response.meta.get(meta.EVIDENCE)),
            fetched_at=response.meta.get(meta.FETCHED_AT),
            content_digest=content_digest(item),
        )

    def spider_closed(self, spider: Any = None) -> None:
        self.stats.set_value("archiver/state/articles", len(self.state))
        self.stats.set_value("archiver/state/file", str(self.state.path))
        self.state.close()


def tail_lines(path: Path, max_bytes: int = 4 << 20) -> list[dict[str, Any]]:
    """The whole JSON lines of the last ``max_bytes`` of a file, parsed, in order."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - max_bytes))
            tail = fh.read()
    except OSError:
        return []
    lines = tail.split(b"\n")[:-1]  # the last piece is empty or a partial line
    if size > max_bytes and lines:
        lines = lines[1:]  # the first piece may be the end of a line
    items = []
    for line in lines:
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            items.append(value)
    return items


def record_headers(warc_dir: Path, filename: str) -> dict[str, Any]:
    """WARC headers of each response record of a file (closed or still ``.open``), by ID."""
    found: dict[str, Any] = {}
    for path in (warc_dir / filename, warc_dir / f"{filename}{OPEN_SUFFIX}"):
        if not filename or not path.is_file():
            continue
        try:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        found[record.rec_headers.get_header("WARC-Record-ID")] = record.rec_headers
        except Exception:  # a truncated tail: the whole records before it are kept
            logger.debug("Stopped reading %s at a damaged record", path)
    return found


def _on_site(url: str, hosts: set[str]) -> bool:
    """Whether ``url`` is on the crawl's hosts; with a port, only on a host:port of the crawl.

    Two sites served from one host on two ports (local copies, tests) are two crawls.
    """
    parts = urlsplit(url)
    if parts.port is not None and any(":" in h for h in hosts):
        return parts.netloc in hosts
    host = parts.hostname or ""
    names = {h.rsplit(":", 1)[0] for h in hosts}
    return any(host == h or host.endswith(f".{h}") for h in names)


def _site_netlocs(spider: Any) -> set[str]:
    """host:port of the crawl's base, start and section URLs that name a port."""
    profile = getattr(spider, "profile", None)
    urls = [getattr(profile, "base", None) or "", *(getattr(profile, "start_urls", None) or [])]
    urls += [*(getattr(profile, "sections", None) or []), *(getattr(spider, "start_urls", []))]
    return {p.netloc for p in map(urlsplit, filter(None, urls)) if p.port is not None}


def _chain(request: Request | None, response: Response) -> list[str]:
    """The URLs a response answers for: the first request's, each redirect's, the final one."""
    urls = list((request.meta if request is not None else {}).get(meta.REDIRECT_URLS) or [])
    return [*urls, response.url] if urls else [response.url]
