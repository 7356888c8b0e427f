"""Times `scrapy query`'s DuckDB queries on a million synthetic article lines in a temp dir.

Run: .venv/bin/python benchmarks/query.py [--rows 1000000] [--files 4]. Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archiver.query import Filters, connect, export  # noqa: E402

WORDS = (  # noqa: SIM905
    "government minister budget reef climate election court police market rates bank health "
    "school report survey human rights council trade energy water housing fire flood storm "
    "sport final coach club players season city region farmers drought inflation jobs"
).split()


def generate(directory: Path, rows: int, files: int) -> list[Path]:
    """Article lines shaped like ours (nested image, lists, ~1 KB body), written by DuckDB."""
    con = duckdb.connect()
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    n = len(WORDS)
    out = []
    per_file = rows // files
    for f in range(files):
        path = directory / f"articles-{f}.jsonl"
        lo = f * per_file
        con.execute(f"""
            COPY (
              SELECT
                'https://news' || (i % 20) || '.example/story/' || i AS url,
                'https://news' || (i % 20) || '.example/story/' || i AS canonical_url,
                'News Site ' || (i % 20) AS site,
                list_aggregate(list_transform(range(8), lambda k:
                    {words}[1 + ((i * 7 + k * 13) % {n})]), 'string_agg', ' ') AS headline,
                'Standfirst of story ' || i AS description,
                ['World', 'Business', 'Sport', 'Politics'][1 + i % 4] AS section,
                [{words}[1 + i % {n}], {words}[1 + (i * 3) % {n}]] AS tags,
                'en-AU' AS language,
                'By Author ' || (i % 5000) AS byline,
                ['Author ' || (i % 5000)] AS authors,
                CASE WHEN i % 10 = 0 THEN ['AAP'] WHEN i % 10 = 1 THEN ['Reuters']
                     ELSE [] END AS agencies,
                strftime(TIMESTAMP '2015-01-01' + INTERVAL (i % 4000000) MINUTE,
                         '%Y-%m-%dT%H:%M:00+10:00') AS published,
                NULL AS published_raw, NULL AS updated, NULL AS updated_raw,
                {{'url': 'https://img.example/' || i || '.jpg', 'caption': 'A photo',
                  'credit': 'AAP', 'credit_raw': 'Source: AAP'}} AS image,
                list_aggregate(list_transform(range(150), lambda k:
                    CASE WHEN hash(i, k) % 40 = 0 THEN {words}[1 + CAST(hash(k, i) % {n} AS BIGINT)]
                         ELSE 'w' || (hash(i, k) % 5000) END), 'string_agg', ' ') AS body,
                '2026-11-25T08:00:00+00:00' AS fetched_at,
                {{'filename': 'crawl-' || (i // 10000) || '.warc.gz',
                  'record_id': '<urn:uuid:' || uuid() || '>'}} AS warc
              FROM range({lo}, {lo + per_file}) t(i)
            ) TO '{path}' (FORMAT json)
        """)
        out.append(path)
    return out


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<58} {seconds:7.2f} s  ({result} rows)", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=4)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        files = generate(Path(tmp), opts.rows, opts.files)
        size = sum(os.path.getsize(f) for f in files)
        print(
            f"generated {opts.rows:,} articles in {len(files)} files, {size / 1e6:,.0f} MB, "
            f"in {time.perf_counter() - start:.1f} s; DuckDB {duckdb.__version__}, "
            f"{os.cpu_count()} CPUs",
            flush=True,
        )
        con = connect([str(Path(tmp) / "*.jsonl")])
        out = str(Path(tmp) / "out")

        def run(filters: Filters, fmt: str = "jsonl", limit: int | None = None) -> int:
            sql, params = filters.query("*", None, limit)
            return export(con, sql, params, fmt, f"{out}.{fmt}")

        def sql(q: str) -> int:
            return len(con.sql(q).fetchall())

        timed("count(*)", lambda: con.execute("SELECT count(*) FROM articles").fetchall()[0][0])
        timed("--site 'News Site 7' -> jsonl", lambda: run(Filters(site="News Site 7")))
        timed("--author 'Author 42' -> csv", lambda: run(Filters(author="Author 42"), "csv"))
        timed(
            "--agency AAP --since 2016-01-01 --until 2016-12-31 -> jsonl",
            lambda: run(Filters(agency="AAP", since="2016-01-01", until="2016-12-31")),
        )
        timed(
            "--text 'reef drought' (headline or body) -> jsonl",
            lambda: run(Filters(text="reef drought")),
        )
        timed(
            '--text "human rights" --headline court --limit 100',
            lambda: run(Filters(text='"human rights"', headline="court"), limit=100),
        )
        timed(
            "--sql articles per site and year",
            lambda: sql("SELECT site, left(published, 4) y, count(*) FROM articles GROUP BY ALL"),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
