"""The crawl state's contract: its rows, the interface both backends give, where it lives."""

from __future__ import annotations

import hashlib
import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from archiver.coverage import Drift, SiteCoverage

#: Article fields that make a new version worth exporting; not fetch facts (fetched_at, warc).
CONTENT_FIELDS = (
    "headline", "description", "section", "tags", "byline", "authors", "agencies",
    "published", "updated", "image", "body",
)  # fmt: skip


def content_digest(item: Any) -> str | None:
    """sha1 of an article's content fields, or None when the item has none of them."""
    try:
        adapter = ItemAdapter(item)
    except TypeError:
        return None
    values = {k: adapter.get(k) for k in CONTENT_FIELDS if k in adapter.field_names()}
    if not any(values.values()):
        return None
    text = json.dumps(values, sort_keys=True, default=lambda o: getattr(o, "__dict__", str(o)))
    return "sha1:" + hashlib.sha1(text.encode()).hexdigest()


def crawl_key(spider: Any) -> str:
    """File-name-safe name of a crawl: the spider and its site (profile, or start hosts).

    Two runs with the same key share a state file and a lock: they must not overlap.
    """
    site = getattr(spider, "site", None)
    profile = getattr(spider, "profile", None)  # the news spider's SiteProfile
    named = getattr(profile, "name", "")
    if (not isinstance(site, str) or not site) and named not in ("", "start"):
        site = named
    if not isinstance(site, str) or not site:
        urls = getattr(spider, "start_urls", None) or getattr(profile, "start_urls", None) or []
        hosts = sorted({urlsplit(u).netloc for u in urls if isinstance(u, str)})
        site = "+".join(hosts) or "+".join(sorted(getattr(spider, "allowed_domains", None) or []))
    key = f"{spider.name}-{site}" if site else str(spider.name)
    return re.sub(r"[^A-Za-z0-9._+-]+", "_", key)[:200]


def beside_warc(settings: Any, name: str, default: str) -> Path:
    """Path from setting ``name``, by default ``default`` beside the WARC directory.

    The state points into the WARC files and the lock guards both: they belong together, so a
    crawl given another ``ARCHIVER_WARC_DIR`` gets its own state, lock and runs log.
    """
    value = settings.get(name)
    if value:
        return Path(value)
    return Path(settings.get("ARCHIVER_WARC_DIR") or "output/warc").parent / default


def state_path(crawler: Any) -> Path:
    """The state file of a crawl: ``ARCHIVER_STATE_FILE``, or one per crawl key."""
    return state_path_of(crawler.settings, crawler.spider)


def state_path_of(settings: Any, spider: Any) -> Path:
    """The SQLite state file of the crawl of ``spider`` under ``settings``."""
    if settings.get("ARCHIVER_STATE_FILE"):
        return Path(settings.get("ARCHIVER_STATE_FILE"))
    return beside_warc(settings, "ARCHIVER_STATE_DIR", "state") / f"{crawl_key(spider)}.sqlite"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class PageState:
    """One row of the state: the last archived version of an article URL."""

    url: str
    first_seen: str
    last_fetched: str
    last_changed: str
    payload_digest: str | None = None
    warc_filename: str | None = None
    warc_record_id: str | None = None
    warc_date: str | None = None
    target_uri: str | None = None
    updated: str | None = None
    evidence: str | None = None
    versions: int = 1
    content_digest: str | None = None


@dataclass
class RunRow:
    """One run of a crawl, as the runs table keeps it (a cluster's run: its workers' sums)."""

    id: int
    crawl: str
    started: str
    finished: str
    finish_reason: str | None
    exit_status: int | None
    fetched: int | None
    new: int | None
    updated: int | None
    unchanged: int | None
    skipped: int | None
    items: int | None
    errors: int | None
    elapsed: float | None


#: The counts of a run, as runs.log and the runs table give them.
RUN_COUNTS = ("fetched", "new", "updated", "unchanged", "skipped", "items", "errors")


class StateStore(ABC):
    """What the crawl state holds and how it is read and written, whatever keeps it.

    Per article URL (canonical form) the last archived version (``PageState``); per run its
    counts, its field coverage per site and its drift alarms. One instance per crawl, opened
    when the crawl starts (``archiver.state.owner.StateOwner``) and shared by every component
    that reads or writes it. Writes are committed when the call returns: a kill -9 right after
    loses nothing that was recorded. ``errors`` are the exceptions a failed read or write
    raises (the disk is full, the server is away), for callers to catch without knowing the
    backend.
    """

    #: Exceptions a failed read or write raises.
    errors: tuple[type[BaseException], ...] = ()
    #: Where the state lives, for messages (a file path, a Redis URL and key).
    location: str = ""

    @abstractmethod
    def get(self, url: str) -> PageState | None:
        """The last archived version of ``url`` (any URL form), or None."""

    @abstractmethod
    def record_version(
        self,
        urls: list[str],
        *,
        payload_digest: str | None,
        warc_filename: str | None,
        warc_record_id: str | None,
        warc_date: str | None,
        target_uri: str | None,
        updated: str | None = None,
        evidence: str | None = None,
        fetched_at: str | None = None,
        content_digest: str | None = None,
    ) -> bool:
        """Record a newly archived version under each of ``urls`` (the redirect chain), at
        once. Returns True when the first URL was already known (an update), False when new."""

    @abstractmethod
    def record_revisit(
        self, urls: list[str], *, fetched_at: str | None = None, evidence: str | None = None
    ) -> None:
        """Record that ``urls`` were fetched again and found unchanged."""

    @abstractmethod
    def __len__(self) -> int:
        """How many article URLs are known."""

    @abstractmethod
    def pages(self) -> Iterator[PageState]:
        """Every row, in no particular order (for export and import)."""

    # -- runs ----------------------------------------------------------------------------------
    @abstractmethod
    def history(self, site: str, limit: int) -> list[SiteCoverage]:
        """The site's coverage in the last ``limit`` runs that exported any of its articles,
        oldest first."""

    @abstractmethod
    def add_run(
        self,
        *,
        crawl: str,
        started: str,
        finished: str,
        finish_reason: str,
        exit_status: int,
        counts: dict[str, int],
        elapsed: float | None,
        coverage: list[SiteCoverage],
        alarms: list[Drift],
    ) -> int:
        """Record a run, its coverage per site and its alarms, at once; returns its id."""

    @abstractmethod
    def runs(self) -> list[RunRow]:
        """Every run, oldest first."""

    @abstractmethod
    def coverage(self) -> list[tuple[int, SiteCoverage]]:
        """(run id, coverage) of every run and site."""

    @abstractmethod
    def alarms(self) -> list[tuple[int, Drift]]:
        """(run id, drift) of every alarm raised."""

    def close(self) -> None:  # noqa: B027 (a backend with nothing to close keeps this)
        """Let go of the connection."""


def redis_base(settings: Any, spider: Any) -> str:
    """Prefix of a distributed crawl's Redis keys: ``ARCHIVER_REDIS_KEY``, else
    ``archiver:<spider>-<site>`` (its frontier, its leases, its politeness budget, its state)."""
    return settings.get("ARCHIVER_REDIS_KEY") or f"archiver:{crawl_key(spider)}"
