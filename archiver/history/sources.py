"""Where versions come from: the JSONL feeds (DuckDB, as `scrapy query`), or WARC files reparsed."""

from __future__ import annotations

import glob
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from archiver.history.versions import (
    COMPARED_FIELDS,
    Change,
    Version,
    changes,
    distinct,
    parse_instant,
)
from archiver.query import connect, malformed_lines
from archiver.warc.reader import expand_paths

T = TypeVar("T")

# The article's identity across versions: its canonical URL, else the URL it was fetched from.
SQL_KEY = "coalesce(canonical_url, url)"
# A version is a capture: a line with no fetch time has no place in a history (and the lines
# `scrapy changes -o x.jsonl` writes, read back by a glob, are no articles).
SQL_CAPTURE = "fetched_at IS NOT NULL"
# fetched_at is ISO 8601 in UTC in our items; as a time, so other tools' spellings sort too.
SQL_TIME = "TRY_CAST(fetched_at AS TIMESTAMPTZ)"
# One hash of the compared fields per line: two lines of an article with the same hash are
# the same version (the image's url, caption and credit are compared; its other keys not).
# DuckDB's 64-bit hash, three times faster than an md5 of the fields as JSON; only the versions
# of one article are compared, and Python compares the fields again before it shows a change.
_SQL_FIELD = {"image": "image.url", "caption": "image.caption", "credit": "image.credit"}


def _sql_field(name: str) -> str:
    return _SQL_FIELD.get(name, f'"{name}"')


SQL_CONTENT = "hash(" + ", ".join(_sql_field(f) for f in COMPARED_FIELDS) + ")"
#: The columns a version is made of (not the page's other photos, sources...).
SQL_VERSION = ", ".join(
    ["url", "canonical_url", "site", "fetched_at", "warc", "image"]
    + [f'"{f}"' for f in COMPARED_FIELDS if f not in _SQL_FIELD]
)


@dataclass
class Period:
    """--since/--until of a change: the time the new version was fetched (UTC). A date is a
    whole day in UTC, as fetched_at is written."""

    since: str | None = None
    until: str | None = None

    def sql(self) -> tuple[str, list[Any]]:
        where, params = [], []
        if self.since:
            where.append(f"{SQL_TIME} >= CAST(? AS TIMESTAMPTZ)")
            params.append(self._bound(self.since))
        if self.until:
            op = "<" if len(self.until) == 10 else "<="
            where.append(f"{SQL_TIME} {op} CAST(? AS TIMESTAMPTZ)")
            params.append(self._bound(self.until, end=True))
        return " AND ".join(where) or "true", params

    @staticmethod
    def _bound(value: str, end: bool = False) -> str:
        if len(value) == 10:  # a day: from its first instant, up to the next day's
            when = parse_instant(value + "T00:00:00+00:00")
            assert when is not None
            if end:
                when += timedelta(days=1)
            return when.isoformat()
        when = parse_instant(value)
        assert when is not None
        return when.isoformat()

    def contains(self, change: Change) -> bool:
        when = change.after.when()
        if when is None:
            return not (self.since or self.until)
        if self.since and when < parse_instant(self._bound(self.since)):  # type: ignore[operator]
            return False
        if self.until:
            bound = parse_instant(self._bound(self.until, end=True))
            assert bound is not None
            return when < bound if len(self.until) == 10 else when <= bound
        return True


def site_filter(site: str | None) -> tuple[str, list[Any]]:
    """`scrapy query --site`'s test: the site name or the host contains it."""
    if not site:
        return "true", []
    like = f"%{site}%"
    return "(site ILIKE ? OR split_part(url, '/', 3) ILIKE ?)", [like, like]


class Versions:
    """The article versions of JSONL files (globs allowed), read with DuckDB.

    A line that is not JSON (a crash's half line) is skipped with a warning, as `scrapy
    query` does.
    """

    def __init__(self, files: list[str], warn: Callable[[str], None] | None = None) -> None:
        self.files = files
        self.warn = warn or (lambda msg: print(msg, file=sys.stderr))
        self.con = connect(files)
        self._tolerant = False

    def _run(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except duckdb.InvalidInputException as exc:
            if "Malformed JSON" not in str(exc) or self._tolerant:
                raise
        bad = malformed_lines(self.files)
        where = ", ".join(f"{path}:{line}" for path, line in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        self.warn(f"warning: skipped {len(bad)} malformed line(s) ({where}{more})")
        self.con = connect(self.files, skip_malformed=True)
        self._tolerant = True
        return fn()

    def _rows(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        while batch := cur.fetchmany(2048):
            for row in batch:
                yield dict(zip(names, row, strict=True))

    def of(self, url: str) -> list[Version]:
        """Every distinct version of the article at ``url`` (its URL or canonical URL)."""

        def read() -> list[Version]:
            rows = self._rows(
                f"SELECT * FROM articles WHERE (url = ? OR canonical_url = ?) AND {SQL_CAPTURE} "
                f"ORDER BY {SQL_TIME} NULLS FIRST",
                [url, url],
            )
            return distinct(Version.from_item(r) for r in rows)

        return self._run(read)

    def changed(
        self, site: str | None = None, period: Period | None = None
    ) -> Iterator[tuple[list[Version], list[Change]]]:
        """(versions, changes in the period) of each article that changed in it, by key.

        Two scans: a narrow one (key, time, hash of the compared fields) finds the articles
        with a new version in the period; the second reads the columns of a version of
        those articles only.
        """
        period = period or Period()
        where_site, site_params = site_filter(site)
        where_period, period_params = period.sql()

        def find() -> list[str]:
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE history_rows AS SELECT "
                f"{SQL_KEY} AS key, {SQL_TIME} AS t, fetched_at, {SQL_CONTENT} AS h "
                f"FROM articles WHERE {where_site} AND {SQL_CAPTURE}",
                site_params,
            ).fetchall()
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE history_keys AS SELECT DISTINCT key FROM ("
                "SELECT key, t, fetched_at, h, lag(h) OVER (PARTITION BY key "
                "ORDER BY t NULLS FIRST, fetched_at) AS prev FROM history_rows) "
                f"WHERE prev IS NOT NULL AND prev <> h AND {where_period}",
                period_params,
            ).fetchall()
            self.con.execute("DROP TABLE history_rows").fetchall()
            return [k for (k,) in self.con.execute("SELECT key FROM history_keys").fetchall()]

        if not self._run(find):
            return
        rows = self._run(
            lambda: list(
                self._rows(
                    f"SELECT {SQL_VERSION}, {SQL_KEY} AS history_key FROM articles "
                    f"WHERE {SQL_KEY} IN (SELECT key FROM history_keys) AND {SQL_CAPTURE} "
                    f"ORDER BY history_key, {SQL_TIME} NULLS FIRST, fetched_at",
                    [],
                )
            )
        )
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i]["history_key"] != rows[start]["history_key"]:
                versions = distinct(Version.from_item(r) for r in rows[start:i])
                found = [c for c in changes(versions) if period.contains(c)]
                if found:
                    yield versions, found
                start = i


class ReparseFailed(Exception):
    """`scrapy reparse` of the WARC files failed to start, or read no file."""


def reparse_to(paths: list[str], target: Path) -> list[str]:
    """The articles of WARC/ARC files (or directories) extracted to JSONL ``target`` by `scrapy
    reparse`, the same trip as a crawl's; returns the lines it reported (damaged files...).
    ValueError: no WARC or ARC file there.

    A process of its own: a reparse is a Scrapy crawl with its reactor and logging, and a
    damaged file must cost this command no more than it costs `scrapy reparse`.
    """
    files = [str(p) for p in expand_paths(paths)]
    if not files:
        raise ValueError(f"no WARC or ARC files in {' '.join(paths)}")
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "reparse", *files, "-O", f"{target}:jsonlines"],
        capture_output=True,
        text=True,
    )
    said = [line for line in result.stderr.splitlines() if "ERROR" in line or "error:" in line]
    if result.returncode and not target.exists():
        raise ReparseFailed("; ".join(said[-3:]) or result.stderr.strip()[-500:])
    return said


def existing(patterns: list[str]) -> tuple[list[str], list[str]]:
    """(patterns that match files, those that match none)."""
    found = [p for p in patterns if glob.glob(p)]
    return found, [p for p in patterns if p not in found]


def open_versions(files: list[str], warc: list[str] | None, tmp: Path) -> tuple[Versions, str]:
    """The versions of the JSONL ``files`` or, given ``warc``, of those WARC/ARC files
    reparsed into ``tmp``; and a line saying where they came from. ValueError: no such file."""
    if warc:
        missing = [p for p in warc if not Path(p).exists()]
        if missing:
            raise ValueError(f"no such file or directory: {', '.join(missing)}")
        target = tmp / "reparsed.jsonl"
        for line in reparse_to(warc, target):
            print(line, file=sys.stderr)
        if not target.exists() or not target.stat().st_size:
            target.write_text("", encoding="utf-8")
            return Versions([str(target)]), f"WARC {', '.join(warc)} (no articles)"
        return Versions([str(target)]), f"WARC {', '.join(warc)} (reparsed)"
    found, missing = existing(files)
    if missing:
        raise ValueError(f"no such file: {', '.join(missing)}")
    folders = [p for p in found if Path(p).is_dir()]
    if folders:
        raise ValueError(f"{folders[0]} is a directory: name its files ('{folders[0]}/*.jsonl')")
    return Versions(found), f"JSONL {', '.join(found)}"
