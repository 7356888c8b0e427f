"""Times `scrapy report` on a million synthetic articles against two `scrapy query` runs.

Run: .venv/bin/python benchmarks/report.py [--rows 1000000] [--files 4] [--runs 200]. The
articles are benchmarks/query.py's; the state gets --runs runs of coverage for their 20 sites.
Each command is run as a user runs it (a new process, reading the files again). Not run by the
tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archiver.coverage import FIELDS, SiteCoverage  # noqa: E402
from archiver.state import SqliteState  # noqa: E402
from benchmarks.query import generate  # noqa: E402

SCRAPY = str(Path(sys.executable).parent / "scrapy")


def fill_state(path: Path, runs: int) -> None:
    """``runs`` runs of 20 sites, each with 50 articles; a byline lost in the last one."""
    store = SqliteState(path)
    for i in range(runs):
        coverage = []
        for s in range(20):
            have = dict.fromkeys(FIELDS, 48)
            if i == runs - 1 and s == 7:
                have["authors"] = 2
            coverage.append(SiteCoverage(f"news{s}.example", 50, have, 900))
        day = f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}T0{i % 10}:00:00+00:00"
        store.add_run(
            crawl="news-bench",
            started=day,
            finished=day,
            finish_reason="finished",
            exit_status=0,
            counts={"fetched": 1000, "new": 1000},
            elapsed=60.0,
            coverage=coverage,
            alarms=[],
        )
    store.close()


def timed(label: str, args: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{label} failed: {result.stderr[-2000:]}")
    print(f"{label:<52} {seconds:7.2f} s", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--runs", type=int, default=200)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        start = time.perf_counter()
        files = generate(d, opts.rows, opts.files)
        fill_state(d / "state" / "news-bench.sqlite", opts.runs)
        size = sum(os.path.getsize(f) for f in files)
        print(
            f"generated {opts.rows:,} articles in {len(files)} files, {size / 1e6:,.0f} MB, "
            f"and {opts.runs} runs in the state, in {time.perf_counter() - start:.1f} s; "
            f"{os.cpu_count()} CPUs",
            flush=True,
        )
        jsonl = str(d / "*.jsonl")
        state = ["--state", str(d / "state")]
        query = [SCRAPY, "query", jsonl, "--site", "News Site 7", "--format", "jsonl"]
        q1 = timed("scrapy query --site 'News Site 7' -> jsonl", [*query, "-o", str(d / "q1")])
        q2 = timed(
            "scrapy query --site 'News Site 7' -> jsonl (again)", [*query, "-o", str(d / "q2")]
        )
        html = timed(
            "scrapy report -> html", [SCRAPY, "report", jsonl, *state, "-o", str(d / "r.html")]
        )
        text = timed(
            "scrapy report --format text", [SCRAPY, "report", jsonl, *state, "--format", "text"]
        )
        print(
            f"report (html) {html:.1f} s, {os.path.getsize(d / 'r.html') / 1e6:.1f} MB; "
            f"two query runs {q1 + q2:.1f} s; report/two queries = {html / (q1 + q2):.2f}; "
            f"text report {text:.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
