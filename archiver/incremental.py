"""IncrementalMiddleware: fetch only new or changed articles, revisit the unchanged ones."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from archiver.state import CrawlState, PageState, crawl_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: request.meta key of the discovery evidence (feed, sitemap, link) of an article candidate.
EVIDENCE_KEY = "archiver_evidence"


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

    A candidate is a request with ``meta["archiver_evidence"]`` or a URL archived before; start
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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        s = crawler.settings
        if not s.getbool("ARCHIVER_STATE_ENABLED"):
            raise NotConfigured
        path = s.get("ARCHIVER_STATE_FILE") or (
            Path(s.get("ARCHIVER_STATE_DIR")) / f"{crawl_key(crawler.spider)}.sqlite"
        )
        o = cls(path, recheck_after=s.getfloat("ARCHIVER_STATE_RECHECK_AFTER"), stats=crawler.stats)
        crawler.signals.connect(o.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(o.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(o.spider_closed, signal=signals.spider_closed)
        logger.info("Crawl state in %s (%d articles known)", o.state.path, len(o.state))
        return o

    # -- before the download -----------------------------------------------------------------
    @staticmethod
    def _applies(request: Request) -> bool:
        # Start requests carry no depth yet: they are how new articles are found.
        if request.meta.get("archiver_always_fetch") or request.meta.get("dont_archive"):
            return False
        return EVIDENCE_KEY in request.meta or "depth" in request.meta

    def process_request(self, request: Request, spider: Any = None) -> None:
        # A redirect copies meta: the target's own state decides, not the source's.
        request.meta.pop("archiver_previous", None)
        if not self._applies(request):
            return
        page = self.state.get(request.url)
        if page is None:
            if EVIDENCE_KEY in request.meta:
                self.stats.inc_value("archiver/state/candidates/new")
            return
        stamp = change_stamp(request.meta.get(EVIDENCE_KEY))
        if stamp is not None:
            if not changed_since(stamp, page):
                self._skip(request, "unchanged", f"evidence {stamp} not newer")
            self.stats.inc_value("archiver/state/candidates/changed")
        elif self.recheck_after > 0:
            last = _parse_date(page.last_fetched)
            age = (datetime.now(UTC) - last).total_seconds() if last else float("inf")
            if age < self.recheck_after:
                self._skip(request, "recent", f"fetched {age:.0f}s ago, no evidence of change")
            self.stats.inc_value("archiver/state/candidates/recheck")
        else:
            self.stats.inc_value("archiver/state/candidates/recheck")
        if page.payload_digest and page.warc_record_id and page.warc_date:
            request.meta["archiver_previous"] = {
                "payload_digest": page.payload_digest,
                "record_id": page.warc_record_id,
                "target_uri": page.target_uri or page.url,
                "date": page.warc_date,
            }

    def _skip(self, request: Request, why: str, detail: str) -> None:
        self.stats.inc_value("archiver/state/skipped")
        self.stats.inc_value(f"archiver/state/skipped/{why}")
        logger.debug("Skipping %s: %s", request.url, detail)
        raise IgnoreRequest(f"archived, {detail}: {request.url}")

    # -- after the download ------------------------------------------------------------------
    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if not request.meta.get("archiver_revisit"):
            return response
        # The revisit record is written: the page is archived for this run, with no new item.
        self.state.record_revisit(
            _chain(request, response),
            fetched_at=request.meta.get("fetched_at"),
            evidence=change_stamp(request.meta.get(EVIDENCE_KEY)),
        )
        self.stats.inc_value("archiver/state/unchanged")
        raise IgnoreRequest(f"unchanged since {request.meta['archiver_previous']['date']}")

    # -- once the item is exported -----------------------------------------------------------
    def item_scraped(self, item: Any, response: Response, spider: Any = None) -> None:
        if self.stats.get_value("archiver/feed/write_errors"):
            return  # the feed lost lines: let the next run fetch these pages again
        self._record(item, response, "new", "updated")

    def item_dropped(
        self, item: Any, response: Response, exception: BaseException, spider: Any = None
    ) -> None:
        # A page the extractor rejects is archived all the same (reparse can retry it):
        # fetching it in full every run would only fill the WARC with copies.
        self._record(item, response, "dropped", "dropped")

    def _record(self, item: Any, response: Response | None, new: str, known: str) -> None:
        if response is None or not isinstance(response, Response):
            return
        meta = response.meta
        adapter = ItemAdapter(item) if ItemAdapter.is_item(item) else None
        updated = None
        if adapter is not None:
            updated = adapter.get("updated") or adapter.get("published")
        warc = meta.get("warc") or {}
        was_known = self.state.record_version(
            _chain(response.request, response),
            payload_digest=meta.get("warc_payload_digest"),
            warc_filename=warc.get("filename"),
            warc_record_id=warc.get("record_id"),
            warc_date=meta.get("warc_date"),
            target_uri=response.url,
            updated=updated if isinstance(updated, str) else None,
            evidence=change_stamp(meta.get(EVIDENCE_KEY)),
            fetched_at=meta.get("fetched_at"),
        )
        self.stats.inc_value(f"archiver/state/{known if was_known else new}")

    def spider_closed(self, spider: Any = None) -> None:
        self.stats.set_value("archiver/state/articles", len(self.state))
        self.stats.set_value("archiver/state/file", str(self.state.path))
        self.state.close()


def _chain(request: Request | None, response: Response) -> list[str]:
    """The URLs a response answers for: the first request's, each redirect's, the final one."""
    urls = list((request.meta if request is not None else {}).get("redirect_urls") or [])
    return [*urls, response.url] if urls else [response.url]
