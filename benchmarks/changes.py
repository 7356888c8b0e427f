"""Times `scrapy changes` on a million synthetic articles, 1% changed, beside a `scrapy query`.

Run: .venv/bin/python benchmarks/changes.py [--rows 1000000] [--files 4] [--changed 0.01]. The
articles are benchmarks/query.py's; a later version of every hundredth article is appended in a
file of its own, as a crawl appends an edited article to its feed (half of them with `updated`
moved, half silent). Each command is run as a user runs it (a new process, reading the files
again). Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.query import generate  # noqa: E402

SCRAPY = str(Path(sys.executable).parent / "scrapy")


def add_versions(directory: Path, every: int) -> tuple[Path, int]:
    """A later version of every ``every``-th article: a word of the body replaced, a sentence
    added; a headline rewritten for one in four; `updated` moved for half (the rest silent)."""
    path = directory / "articles-changed.jsonl"
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT * REPLACE (
            CASE WHEN n // {every} % 4 = 0 THEN 'Rewritten: ' || headline
                 ELSE headline END AS headline,
            regexp_replace(body, ' w(\\d+) ', ' edited ') ||
              ' A sentence added to the story later in the day.' AS body,
            CASE WHEN n // {every} % 2 = 0 THEN '2026-11-26T09:00:00+10:00'
                 ELSE updated END AS updated,
            '2026-11-26T08:00:00+00:00' AS fetched_at,
            {{'filename': 'crawl-late.warc.gz',
              'record_id': '<urn:uuid:' || uuid() || '>'}} AS warc
          )
          FROM (SELECT *, CAST(split_part(url, '/', 5) AS BIGINT) AS n
                FROM read_json('{directory}/articles-[0-9]*.jsonl', format='newline_delimited'))
          WHERE n % {every} = 0
        ) TO '{path}' (FORMAT json)
    """)
    # The helper column n is not an article field: drop it from the lines.
    lines = path.read_text().splitlines()
    with path.open("w") as fh:
        for line in lines:
            item = json.loads(line)
            item.pop("n", None)
            fh.write(json.dumps(item) + "\n")
    return path, len(lines)


def timed(label: str, args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{label} failed: {result.stderr[-2000:]}")
    said = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    print(f"{label:<52} {seconds:7.2f} s  {said}", flush=True)
    return seconds, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--changed", type=float, default=0.01, help="share of articles changed")
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        start = time.perf_counter()
        files = generate(d, opts.rows, opts.files)
        _, changed = add_versions(d, round(1 / opts.changed))
        size = sum(os.path.getsize(f) for f in d.glob("*.jsonl"))
        print(
            f"generated {opts.rows:,} articles in {len(files)} files and {changed:,} later "
            f"versions, {size / 1e6:,.0f} MB, in {time.perf_counter() - start:.1f} s; "
            f"{os.cpu_count()} CPUs",
            flush=True,
        )
        jsonl = str(d / "*.jsonl")
        out = d / "out"  # not among the *.jsonl read
        out.mkdir()
        query = [SCRAPY, "query", jsonl, "--site", "News Site 7", "--format", "jsonl"]
        q, _ = timed(
            "scrapy query --site 'News Site 7' -> jsonl", [*query, "-o", str(out / "q.jsonl")]
        )
        c, said = timed(
            "scrapy changes -> jsonl", [SCRAPY, "changes", jsonl, "-o", str(out / "c.jsonl")]
        )
        t, _ = timed(
            "scrapy changes (text)",
            [SCRAPY, "changes", jsonl, "-o", str(out / "c.txt"), "--format", "text"],
        )
        s, _ = timed(
            "scrapy changes --site 'News Site 0' --since 2026-11-26",
            [SCRAPY, "changes", jsonl, "--site", "News Site 0", "--since", "2026-11-26"],
        )
        print(
            f"changes (jsonl) {c:.1f} s = {c / q:.2f}x the query's {q:.1f} s; text {t:.1f} s; "
            f"one site {s:.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
