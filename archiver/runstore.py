"""RunStore: the runs of a crawl, their field coverage per site and their alarms, in its state."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archiver.coverage import FIELDS, Drift, SiteCoverage

_COUNTS = ("fetched", "new", "updated", "unchanged", "skipped", "items", "errors")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    crawl TEXT NOT NULL,          -- crawl key (<spider>-<site>), as in runs.log
    started TEXT NOT NULL,        -- ISO 8601, UTC
    finished TEXT NOT NULL,
    finish_reason TEXT,
    exit_status INTEGER,
    {", ".join(f"{c} INTEGER" for c in _COUNTS)},
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


@dataclass
class RunRow:
    """One run of a crawl, as the runs table keeps it."""

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


class RunStore:
    """The ``runs``, ``run_coverage`` and ``run_alarms`` tables of a crawl's state file.

    They sit beside CrawlState's ``pages`` in the same SQLite file (its own connection: the
    state may be closed first at the end of a run), so a crawl's history travels with it.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(SCHEMA)
            have = {row[1] for row in self.db.execute("PRAGMA table_info(run_coverage)")}
            for name in FIELDS:  # a state from a version that kept fewer fields
                if name not in have:
                    self.db.execute(
                        f"ALTER TABLE run_coverage ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
                    )
        else:  # reading someone's state: never create or change it
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)

    def close(self) -> None:
        self.db.close()

    def has_runs(self) -> bool:
        row = self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='runs'"
        ).fetchone()
        return bool(row[0])

    def history(self, site: str, limit: int) -> list[SiteCoverage]:
        """The site's coverage in the last ``limit`` runs that exported any of its articles,
        oldest first."""
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
        """Record a run, its coverage per site and its alarms in one transaction."""
        with self.db:
            self.db.execute("BEGIN")
            cur = self.db.execute(
                f"INSERT INTO runs (crawl, started, finished, finish_reason, exit_status,"
                f" {', '.join(_COUNTS)}, elapsed) VALUES ({', '.join('?' * (len(_COUNTS) + 6))})",
                (
                    crawl,
                    started,
                    finished,
                    finish_reason,
                    exit_status,
                    *(counts.get(c, 0) for c in _COUNTS),
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

    # -- reading, for the report -------------------------------------------------------------
    def runs(self) -> list[RunRow]:
        if not self.has_runs():
            return []
        cols = ", ".join(f.name for f in RunRow.__dataclass_fields__.values())
        return [RunRow(*r) for r in self.db.execute(f"SELECT {cols} FROM runs ORDER BY id")]

    def coverage(self) -> list[tuple[int, SiteCoverage]]:
        """(run id, coverage) of every run and site."""
        if not self.has_runs():
            return []
        rows = self.db.execute(
            f"SELECT run_id, site, articles, body_chars, {', '.join(FIELDS)} FROM run_coverage"
            " ORDER BY run_id, site"
        ).fetchall()
        return [(r[0], _coverage(r[1], r[2:])) for r in rows]

    def alarms(self) -> list[tuple[int, Drift]]:
        """(run id, drift) of every alarm raised."""
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
