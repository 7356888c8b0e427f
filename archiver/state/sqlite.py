"""SqliteState: the crawl state in one SQLite file (WAL mode), the default on one machine."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archiver.coverage import FIELDS, Drift, SiteCoverage
from archiver.state.base import RUN_COUNTS, PageState, RunRow, StateStore, now_iso
from archiver.utils.url import canonical_url

if TYPE_CHECKING:
    from collections.abc import Iterator

PAGES = """
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

RUNS = f"""
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    crawl TEXT NOT NULL,          -- crawl key (<spider>-<site>), as in runs.log
    started TEXT NOT NULL,        -- ISO 8601, UTC
    finished TEXT NOT NULL,
    finish_reason TEXT,
    exit_status INTEGER,
    {", ".join(f"{c} INTEGER" for c in RUN_COUNTS)},
    elapsed REAL                  -- seconds
);
CREATE TABLE IF NOT EXISTS run_coverage (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    site TEXT NOT NULL,           -- host name of the articles' URLs
    articles INTEGER NOT NULL,    -- articles of the site exported by the run
    body_chars INTEGER,           -- median body length
    {", ".join(f"{f} INTEGER NOT NULL DEFAULT 0" for f in FIELDS)},  -- articles having it
    PRIMARY KEY (run_id, site)
);
CREATE TABLE IF NOT EXISTS run_alarms (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    site TEXT NOT NULL,
    field TEXT NOT NULL,
    have INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    baseline REAL NOT NULL,       -- the field's share over the trailing runs
    runs INTEGER NOT NULL,        -- how many
    message TEXT NOT NULL
);
"""

_COLUMNS = [f.name for f in fields(PageState)]

_UPSERT = (
    "INSERT INTO pages (url, first_seen, last_fetched, last_changed, payload_digest,"
    " warc_filename, warc_record_id, warc_date, target_uri, updated, evidence, content_digest)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(url) DO UPDATE SET last_fetched = excluded.last_fetched,"
    " last_changed = excluded.last_changed, payload_digest = excluded.payload_digest,"
    " warc_filename = excluded.warc_filename, warc_record_id = excluded.warc_record_id,"
    " warc_date = excluded.warc_date, target_uri = excluded.target_uri,"
    " updated = coalesce(excluded.updated, updated),"
    " evidence = coalesce(excluded.evidence, evidence),"
    " content_digest = coalesce(excluded.content_digest, content_digest),"
    " versions = versions + 1"
)


class SqliteState(StateStore):
    """The crawl state in one SQLite file: ``pages``, ``runs``, ``run_coverage``, ``run_alarms``.

    One connection, autocommit: each write is its own transaction, committed when the call
    returns. WAL mode with synchronous=NORMAL: a committed row survives a crash of the process
    (not necessarily a power cut, which would lose the last few WARC and JSONL bytes too).
    ``readonly``: someone's state read for a report, never created or changed.
    """

    errors = (sqlite3.Error,)

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        if readonly:
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(PAGES)
        self.db.executescript(RUNS)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        # A state file from an older version: add what it lacks.
        have = {row[1] for row in self.db.execute("PRAGMA table_info(pages)")}
        for name in _COLUMNS:
            if name not in have:
                self.db.execute(f"ALTER TABLE pages ADD COLUMN {name} TEXT")
        have = {row[1] for row in self.db.execute("PRAGMA table_info(run_coverage)")}
        for name in FIELDS:
            if name not in have:
                self.db.execute(
                    f"ALTER TABLE run_coverage ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
                )

    def close(self) -> None:
        self.db.close()

    # -- pages ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        if not self._has_table("pages"):
            return 0
        return self.db.execute("SELECT count(*) FROM pages").fetchone()[0]

    def get(self, url: str) -> PageState | None:
        row = self.db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM pages WHERE url = ?", (canonical_url(url),)
        ).fetchone()
        return PageState(*row) if row else None

    def pages(self) -> Iterator[PageState]:
        if not self._has_table("pages"):
            return iter(())
        return (PageState(*r) for r in self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM pages"))

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
        when = fetched_at or now_iso()
        keys = list(dict.fromkeys(canonical_url(u) for u in urls))
        known = self.get(urls[0]) is not None
        values = (payload_digest, warc_filename, warc_record_id, warc_date, target_uri)
        with self.db:  # one transaction for the whole chain
            self.db.execute("BEGIN")
            for key in keys:
                self.db.execute(
                    _UPSERT, (key, when, when, when, *values, updated, evidence, content_digest)
                )
        return known

    def record_revisit(
        self, urls: list[str], *, fetched_at: str | None = None, evidence: str | None = None
    ) -> None:
        when = fetched_at or now_iso()
        with self.db:
            self.db.execute("BEGIN")
            for key in dict.fromkeys(canonical_url(u) for u in urls):
                self.db.execute(
                    "UPDATE pages SET last_fetched = ?, evidence = coalesce(?, evidence)"
                    " WHERE url = ?",
                    (when, evidence, key),
                )

    def import_page(self, page: PageState) -> None:
        """Store a row as it is (``scrapy state-import`` the other way round, tests)."""
        values = [getattr(page, c) for c in _COLUMNS]
        self.db.execute(
            f"INSERT OR REPLACE INTO pages ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(_COLUMNS))})",
            values,
        )

    # -- runs ----------------------------------------------------------------------------------
    def _has_table(self, name: str) -> bool:
        row = self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", (name,)
        ).fetchone()
        return bool(row[0])

    def has_runs(self) -> bool:
        return self._has_table("runs")

    def history(self, site: str, limit: int) -> list[SiteCoverage]:
        rows = self.db.execute(
            f"SELECT articles, body_chars, {', '.join(FIELDS)} FROM run_coverage"
            " WHERE site = ? AND articles > 0 ORDER BY run_id DESC LIMIT ?",
            (site, limit),
        ).fetchall()
        return [_coverage(site, row) for row in reversed(rows)]

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
        with self.db:
            self.db.execute("BEGIN")
            cur = self.db.execute(
                f"INSERT INTO runs (crawl, started, finished, finish_reason, exit_status,"
                f" {', '.join(RUN_COUNTS)}, elapsed)"
                f" VALUES ({', '.join('?' * (len(RUN_COUNTS) + 6))})",
                (
                    crawl,
                    started,
                    finished,
                    finish_reason,
                    exit_status,
                    *(counts.get(c, 0) for c in RUN_COUNTS),
                    elapsed,
                ),
            )
            run_id = int(cur.lastrowid or 0)
            for cov in coverage:
                self.db.execute(
                    f"INSERT INTO run_coverage (run_id, site, articles, body_chars,"
                    f" {', '.join(FIELDS)}) VALUES ({', '.join('?' * (len(FIELDS) + 4))})",
                    (
                        run_id,
                        cov.site,
                        cov.articles,
                        cov.body_chars,
                        *(cov.have[f] for f in FIELDS),
                    ),
                )
            for d in alarms:
                self.db.execute(
                    "INSERT INTO run_alarms (run_id, site, field, have, articles, baseline, runs,"
                    " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (run_id, d.site, d.field, d.have, d.articles, d.baseline, d.runs, d.message()),
                )
        return run_id

    def runs(self) -> list[RunRow]:
        if not self.has_runs():
            return []
        cols = ", ".join(f.name for f in fields(RunRow))
        return [RunRow(*r) for r in self.db.execute(f"SELECT {cols} FROM runs ORDER BY id")]

    def coverage(self) -> list[tuple[int, SiteCoverage]]:
        if not self.has_runs():
            return []
        rows = self.db.execute(
            f"SELECT run_id, site, articles, body_chars, {', '.join(FIELDS)} FROM run_coverage"
            " ORDER BY run_id, site"
        ).fetchall()
        return [(r[0], _coverage(r[1], r[2:])) for r in rows]

    def alarms(self) -> list[tuple[int, Drift]]:
        if not self.has_runs():
            return []
        rows = self.db.execute(
            "SELECT run_id, site, field, have, articles, baseline, runs FROM run_alarms"
            " ORDER BY run_id, site, field"
        ).fetchall()
        return [(r[0], Drift(*r[1:])) for r in rows]


def _coverage(site: str, row: Any) -> SiteCoverage:
    articles, body_chars, *have = row
    return SiteCoverage(site, articles, dict(zip(FIELDS, have, strict=True)), body_chars)
