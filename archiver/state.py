"""CrawlState: what past runs archived, per canonical URL, in one SQLite file (WAL mode)."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter

from archiver.urls import canonical_url

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,       -- canonical form of a URL an archived article was fetched at
    first_seen TEXT NOT NULL,   -- first time it was archived (ISO 8601, UTC)
    last_fetched TEXT NOT NULL, -- last time it was downloaded, new version or revisit
    last_changed TEXT NOT NULL, -- last time a new version was archived
    payload_digest TEXT,        -- WARC-Payload-Digest of the last archived version
    warc_filename TEXT,         -- WARC file of that version's response record
    warc_record_id TEXT,        -- its WARC-Record-ID
    warc_date TEXT,             -- its WARC-Date
    target_uri TEXT,            -- its WARC-Target-URI (the URL after redirects)
    updated TEXT,               -- the article's own updated (or published) date
    evidence TEXT,              -- feed/sitemap date (lastmod, updated) seen when archived
    versions INTEGER NOT NULL DEFAULT 1,
    content_digest TEXT         -- digest of the exported article's fields (content_digest())
)
"""

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
    s = crawler.settings
    if s.get("ARCHIVER_STATE_FILE"):
        return Path(s.get("ARCHIVER_STATE_FILE"))
    return beside_warc(s, "ARCHIVER_STATE_DIR", "state") / f"{crawl_key(crawler.spider)}.sqlite"


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


_COLUMNS = [f.name for f in fields(PageState)]


class CrawlState:
    """Embedded store of archived article URLs; one SQLite file, safe against kill -9.

    WAL mode with synchronous=NORMAL: a committed row survives a crash of the process (not
    necessarily a power cut, which would lose the last few WARC and JSONL bytes too).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: each write is its own transaction, committed when the call returns.
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(SCHEMA)
        have = {row[1] for row in self.db.execute("PRAGMA table_info(pages)")}
        for name in _COLUMNS:
            if name not in have:  # a state file from an older version: add what it lacks
                self.db.execute(f"ALTER TABLE pages ADD COLUMN {name} TEXT")

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM pages").fetchone()[0]

    def get(self, url: str) -> PageState | None:
        row = self.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM pages WHERE url = ?", (canonical_url(url),)
        ).fetchone()
        return PageState(*row) if row else None

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
        """Record a newly archived version under each of ``urls`` (the redirect chain).

        Returns True when the first URL was already known (an update), False when new.
        """
        when = fetched_at or now_iso()
        keys = list(dict.fromkeys(canonical_url(u) for u in urls))
        known = self.get(urls[0]) is not None
        values = (payload_digest, warc_filename, warc_record_id, warc_date, target_uri)
        with self.db:  # one transaction for the whole chain
            self.db.execute("BEGIN")
            for key in keys:
                self.db.execute(
                    "INSERT INTO pages (url, first_seen, last_fetched, last_changed,"
                    " payload_digest, warc_filename, warc_record_id, warc_date, target_uri,"
                    " updated, evidence, content_digest)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(url) DO UPDATE SET last_fetched = excluded.last_fetched,"
                    " last_changed = excluded.last_changed,"
                    " payload_digest = excluded.payload_digest,"
                    " warc_filename = excluded.warc_filename,"
                    " warc_record_id = excluded.warc_record_id,"
                    " warc_date = excluded.warc_date, target_uri = excluded.target_uri,"
                    " updated = coalesce(excluded.updated, updated),"
                    " evidence = coalesce(excluded.evidence, evidence),"
                    " content_digest = coalesce(excluded.content_digest, content_digest),"
                    " versions = versions + 1",
                    (key, when, when, when, *values, updated, evidence, content_digest),
                )
        return known

    def record_revisit(
        self, urls: list[str], *, fetched_at: str | None = None, evidence: str | None = None
    ) -> None:
        """Record that ``urls`` were fetched again and found unchanged."""
        when = fetched_at or now_iso()
        with self.db:
            self.db.execute("BEGIN")
            for key in dict.fromkeys(canonical_url(u) for u in urls):
                self.db.execute(
                    "UPDATE pages SET last_fetched = ?, evidence = coalesce(?, evidence)"
                    " WHERE url = ?",
                    (when, evidence, key),
                )
