"""State commits: a page is recorded once its revisit record is written or its item exported."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.http import Response

from archiver import meta
from archiver.extensions.feedstorage import FEED_WRITE_ERRORS
from archiver.failures import NotAnArticle
from archiver.incremental.policy import change_stamp
from archiver.pipelines.unchanged import UnchangedArticle
from archiver.state import StateStore, content_digest
from archiver.state.owner import say_unreachable
from archiver.warc.writer import Written

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


#: Stats of the state's commits: articles recorded new, updated (a known article's new
#: version) or dropped by a pipeline, pages fetched again and unchanged (revisits), and the
#: crawl-state writes that failed.
NEW = "archiver/state/new"
UPDATED = "archiver/state/updated"
DROPPED = "archiver/state/dropped"
UNCHANGED = "archiver/state/unchanged"
STATE_WRITE_ERRORS = "archiver/state/write_errors"


class Commit:
    """Writes the crawl state after the fact, never before: a crash in between leads to a
    re-fetch, never to a loss.

    - ``revisit()``: the WarcMiddleware wrote a revisit record (the page is unchanged): the
      page is archived for this run, with no new item.
    - ``item_scraped``/``item_dropped`` (signals): sent after the feed exporter wrote the
      item's line; an item the extractor rejected is recorded too (its bytes are archived,
      and fetching it in full every run would only fill the WARC with copies), a page that is
      no article is not (it is read again next run for its new links).

    The first write that fails stops the crawl (``state_error``, ``disk_full``): the lines
    exported after it are caught up at the next start. Stats: ``archiver/state/*``.
    """

    def __init__(
        self, state: StateStore, stats: StatsCollector, crawler: Crawler | None = None
    ) -> None:
        self.state = state
        self.stats = stats
        self.crawler = crawler
        self.failed = False

    def revisit(self, request: Request, response: Response) -> None:
        """Record a page fetched again and found unchanged (its revisit record written)."""
        try:
            self.state.record_revisit(
                chain(request, response),
                fetched_at=request.meta.get(meta.FETCHED_AT),
                evidence=change_stamp(request.meta.get(meta.EVIDENCE)),
            )
        except self.state.errors as exc:
            self._failed(exc)  # the next run fetches it again and writes another revisit
        self.stats.inc_value(UNCHANGED)

    def item_scraped(self, item: Any, response: Response, spider: Any = None) -> None:
        if self.failed or self.stats.get_value(FEED_WRITE_ERRORS):
            return  # the feed or the state lost writes: let the next run fetch these again
        self._record(item, response, NEW, UPDATED)

    def item_dropped(
        self, item: Any, response: Response, exception: BaseException, spider: Any = None
    ) -> None:
        if isinstance(exception, NotAnArticle):
            return  # a listing: fetched again next run, for the links it will have then
        if isinstance(exception, UnchangedArticle):  # new bytes, same article: counted there
            self._record(item, response, None, None)
        else:
            self._record(item, response, DROPPED, DROPPED)

    def _record(
        self, item: Any, response: Response | None, new: str | None, known: str | None
    ) -> None:
        if self.failed or response is None or not isinstance(response, Response):
            return
        adapter = ItemAdapter(item) if ItemAdapter.is_item(item) else None
        updated = None
        if adapter is not None:
            updated = adapter.get("updated") or adapter.get("published")
        written: Written | None = response.meta.get(meta.WRITTEN)
        try:
            was_known = self.state.record_version(
                chain(response.request, response),
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
        except self.state.errors as exc:
            self._failed(exc)
            return
        if label := known if was_known else new:
            self.stats.inc_value(label)

    def _failed(self, exc: Exception) -> None:
        # Stop at the first lost commit: the lines exported after it are caught up next start.
        self.failed = True
        self.stats.inc_value(STATE_WRITE_ERRORS)
        reason = "disk_full" if "full" in str(exc) else "state_error"
        # CRITICAL: the run's outputs disagree from here on (caught up at the next start).
        say_unreachable(
            self.crawler,
            self.state.location,
            exc,
            reason,
            level=logging.CRITICAL,
            message="Cannot write the crawl state %s, stopping: %s",
        )


def chain(request: Request | None, response: Response) -> list[str]:
    """The URLs a response answers for: the first request's, each redirect's, the final one."""
    urls = list((request.meta if request is not None else {}).get(meta.REDIRECT_URLS) or [])
    return [*urls, response.url] if urls else [response.url]
