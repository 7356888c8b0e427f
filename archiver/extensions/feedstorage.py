"""LineFileFeedStorage: local feed files written line by line, repaired after a crash."""

from __future__ import annotations

import fcntl
import io
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from archiver.extensions import stop_crawl
from archiver.warc.writer import DISK_FULL_ERRNOS

#: Stat counting feed lines that could not be written.
FEED_WRITE_ERRORS = "archiver/feed/write_errors"
#: Stat counting feed files whose partial last line (a crash's) was cut before appending.
FEED_REPAIRED = "archiver/feed/repaired"

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

LINE_FORMATS = {"jsonlines", "jsonl", "jl"}


def cut_partial_line(path: str | os.PathLike[str]) -> bytes:
    """Truncate a file after its last newline; returns the bytes removed (a partial line)."""
    with open(path, "r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return b""
        pos = size
        while pos > 0:
            step = min(pos, 1 << 16)
            fh.seek(pos - step)
            block = fh.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                pos = pos - step + nl + 1
                break
            pos -= step
        if pos == size:
            return b""
        fh.seek(pos)
        tail = fh.read()
        fh.truncate(pos)
        os.fsync(fh.fileno())
        return tail


class _UnbufferedFeedFile(io.FileIO):
    """Each write reaches the OS before it returns; a failed write is cut back out."""

    crawler: Crawler | None = None

    def write(self, data: Any) -> int:
        data = bytes(data)
        size = os.fstat(self.fileno()).st_size
        try:
            view, done = memoryview(data), 0
            while done < len(data):  # a regular file may take fewer bytes when nearly full
                done += super().write(view[done:]) or 0
            return done
        except OSError as exc:
            # A half-written line would make the file unreadable as JSON lines.
            os.ftruncate(self.fileno(), size)
            reason = "disk_full" if exc.errno in DISK_FULL_ERRNOS else "feed_error"
            logger.critical("Cannot write the feed %s, stopping the crawl: %s", self.name, exc)
            if self.crawler is not None:
                self.crawler.stats.inc_value(FEED_WRITE_ERRORS)
                stop_crawl(self.crawler, reason)
            raise


class LineFileFeedStorage(FileFeedStorage):
    """Scrapy's local file storage, unbuffered, so a line exported is a line on disk.

    Scrapy's own storage buffers writes: a kill -9 loses the items of the last few KB and
    leaves half a line, while the crawl state already counts them as archived. Here every
    item reaches the OS before ``item_scraped`` moves on to the state. When appending to a
    JSON lines file, a partial last line left by a killed run is cut off (and logged) first.
    The file is flock-ed shared while written, exclusively while repaired.
    """

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.format = (feed_options or {}).get("format")
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> LineFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Any) -> _UnbufferedFeedFile:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.created = not path.exists()
        fh = _UnbufferedFeedFile(path, self.write_mode)
        fh.crawler = self.crawler
        try:
            # Exclusive only if no other run appends to the same file right now.
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            if self.write_mode == "ab" and self.format in LINE_FORMATS:
                self._repair(path)
        fcntl.flock(fh, fcntl.LOCK_SH)
        return fh

    def store(self, file: Any) -> None:
        super().store(file)
        # A run that appended nothing to a feed it created (a dead site) leaves no empty file
        # behind for a person or a script to find; a feed written before, or replaced (-O:
        # empty is then this run's answer), stays.
        path = Path(self.path)
        created = getattr(self, "created", False) and self.write_mode == "ab"
        if created and path.exists() and not path.stat().st_size:
            path.unlink()

    def _repair(self, path: Path) -> None:
        tail = cut_partial_line(path)
        if not tail:
            return
        logger.warning(
            "Removed a partial last line (%d bytes) left in %s by an interrupted run: %r",
            len(tail),
            path,
            tail[:200],
        )
        if self.crawler is not None:
            self.crawler.stats.inc_value(FEED_REPAIRED)
