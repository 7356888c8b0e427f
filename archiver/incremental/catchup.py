"""Crash catch-up: feed lines exported but not committed to the state when a run died."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archiver.state import StateStore
from archiver.warc.reader import ArchivedRecord, WarcReadError, iter_records
from archiver.warc.writer import OPEN_SUFFIX

logger = logging.getLogger(__name__)

#: Most feed lines caught up at a start: a kill leaves one uncommitted, a state that failed
#: to write leaves those in flight; more means a state deleted on purpose, not a crash.
CATCH_UP_MAX = 100
#: Items are extracted in parallel (worker processes, concurrent requests): their lines and
#: commits can be a few places out of order, so an uncommitted line may stand before committed
#: ones. This many committed lines in a row mean that every line before them is committed.
COMMITTED_RUN = 64


def catch_up(state: StateStore, feed: Path, warc_dir: Path, hosts: set[str] | None = None) -> int:
    """Record the feed's last items exported but not committed when a run died.

    Items are committed right after their lines are written: only the last lines can be missing
    from the state (one after a kill; those in flight if the state itself could not be
    written, e.g. on a full disk), a few places out of order (COMMITTED_RUN). Without this
    the next run would fetch those articles again and export them twice. Lines of other
    sites (a shared feed file) are passed over, and so are lines whose WARC record is not in
    ``warc_dir``: another crawl's. Returns how many were recorded.
    """
    pending = []
    committed = 0
    for item in reversed(tail_lines(feed)):
        url, ref = item.get("url"), item.get("warc")
        if not isinstance(url, str) or not isinstance(ref, dict):
            continue
        if hosts and not on_site(url, hosts):
            continue
        page = state.get(url)
        if page is not None and page.warc_record_id == ref.get("record_id"):
            committed += 1
            if committed >= COMMITTED_RUN:
                break  # and so is every line before these
            continue
        if page is not None and _instant(page.last_fetched) >= _instant(item.get("fetched_at")):
            continue  # an older version: the state holds a newer one
        pending.append(item)
        if len(pending) >= CATCH_UP_MAX:
            break
    caught = 0
    index: dict[str, dict[str, ArchivedRecord]] = {}
    for item in reversed(pending):
        ref = item["warc"]
        name = ref.get("filename") or ""
        if name not in index:
            index[name] = responses(warc_dir, name)
        record = index[name].get(ref.get("record_id"))
        if record is None:
            continue  # its WARC record is gone too: fetching it again is right
        updated = item.get("updated") or item.get("published")
        state.record_version(
            [item["url"]],
            payload_digest=record.payload_digest,
            warc_filename=name,
            warc_record_id=ref["record_id"],
            warc_date=record.date,
            target_uri=record.url,
            updated=updated if isinstance(updated, str) else None,
            fetched_at=item.get("fetched_at"),
        )
        logger.warning(
            "Crawl state caught up with %s: %s exported before a crash", feed, item["url"]
        )
        caught += 1
    return caught


def _instant(value: Any) -> datetime:
    """A stored or exported time as an aware datetime; the earliest one when unreadable."""
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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


def responses(warc_dir: Path, filename: str) -> dict[str, ArchivedRecord]:
    """The response and conversion records of a WARC file (closed or still ``.open``), by
    WARC-Record-ID."""
    found: dict[str, ArchivedRecord] = {}
    for path in (warc_dir / filename, warc_dir / f"{filename}{OPEN_SUFFIX}"):
        if not filename or not path.is_file():
            continue
        try:
            for record in iter_records(path):
                # A rendered page's item points at its DOM, a conversion record.
                if record.rec_type in ("response", "conversion") and record.record_id:
                    found[record.record_id] = record
        except WarcReadError:  # a truncated tail: the whole records before it are kept
            logger.debug("Stopped reading %s at a damaged record", path)
    return found


def on_site(url: str, hosts: set[str]) -> bool:
    """Whether ``url`` is on the crawl's hosts; with a port, only on a host:port of the crawl.

    Two sites served from one host on two ports (local copies, tests) are two crawls.
    """
    parts = urlsplit(url)
    if parts.port is not None and any(":" in h for h in hosts):
        return parts.netloc in hosts
    host = parts.hostname or ""
    names = {h.rsplit(":", 1)[0] for h in hosts}
    return any(host == h or host.endswith(f".{h}") for h in names)


def site_netlocs(spider: Any) -> set[str]:
    """host:port of the crawl's base, start and section URLs that name a port."""
    profile = getattr(spider, "profile", None)
    urls = [getattr(profile, "base", None) or "", *(getattr(profile, "start_urls", None) or [])]
    urls += [*(getattr(profile, "sections", None) or []), *(getattr(spider, "start_urls", []))]
    return {p.netloc for p in map(urlsplit, filter(None, urls)) if p.port is not None}
