"""Usage errors: one line saying what is wrong, exit status 2, nothing written (issue 14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from archiver.utils.usage import setting_error
from tests.conftest import BIN

LINE = '{"url": "http://a.example/1", "headline": "x"}\n'

CASES = {
    "crawl, no site": (["crawl", "news"], "-a site=PROFILE or -a start=URL"),
    "crawl, unknown profile": (["crawl", "news", "-a", "site=nosuch"], "no profile 'nosuch'"),
    "crawl, bad since": (["crawl", "news", "-a", "site=demo", "-a", "since=yesterday"], "since"),
    "crawl, bad timezone": (
        ["crawl", "news", "-a", "site=demo", "-a", "timezone=Australia/Sydny"],
        "-a: key 'timezone': unknown timezone 'Australia/Sydny'",
    ),
    "crawl, bad render": (
        ["crawl", "news", "-a", "site=demo", "-a", "render=maybe"],
        "-a render: expected true or false, got 'maybe'",
    ),
    "reparse, unknown profile": (["reparse", "{tmp}/warc", "-a", "site=nosuch"], "no profile"),
    "reparse, misspelt option": (["reparse", "{tmp}/warc", "--timzone", "UTC"], "--timzone"),
    "reparse, bad timezone": (["reparse", "{tmp}/warc", "--timezone", "Mars/Base"], "Mars/Base"),
    "extract, misspelt option": (["extract", "{tmp}/page.html", "--timzone", "UTC"], "--timzone"),
    "extract, bad timezone": (["extract", "{tmp}/page.html", "--timezone", "Mars/Base"], "Mars"),
    "query, misspelt option": (["query", "{tmp}/a.jsonl", "--autor", "x"], "--autor"),
    "query, impossible date": (["query", "{tmp}/a.jsonl", "--since", "2017-13-45"], "2017-13-45"),
    "query, not a date": (["query", "{tmp}/a.jsonl", "--since", "yesterday"], "yesterday"),
    "query, a folder": (["query", "{tmp}"], "is a directory"),
    "wacz, missing items": (
        ["wacz", "{tmp}/warc", "--items", "{tmp}/missing.jsonl", "-o", "{tmp}/x.wacz"],
        "missing.jsonl",
    ),
    "warc-index, missing path": (["warc-index", "{tmp}/nowhere"], "nowhere"),
    # A missing input named on the command line, for every command that reads one.
    "query, missing file": (["query", "{tmp}/missing.jsonl"], "no such file: {tmp}/missing"),
    "extract, missing file": (["extract", "{tmp}/nosuch.html"], "no such file: {tmp}/nosuch"),
    "extract, a folder": (["extract", "{tmp}/warc"], "is a directory"),
    "reparse, missing file": (["reparse", "{tmp}/nonexistent.warc.gz"], "nonexistent.warc.gz"),
    "replay, missing index": (
        ["replay", "http://a.example/1", "--index", "{tmp}/no.cdxj"],
        "no such index file: {tmp}/no.cdxj",
    ),
    "replay, missing folder": (["replay", "http://a.example/1", "--dir", "{tmp}/no"], "{tmp}/no"),
    "wacz, missing warc": (["wacz", "{tmp}/no.warc.gz", "-o", "{tmp}/x.wacz"], "no.warc.gz"),
    "history, missing file": (["history", "http://a.example/1", "{tmp}/no.jsonl"], "no.jsonl"),
    "changes, missing file": (["changes", "{tmp}/no.jsonl"], "no such file: {tmp}/no.jsonl"),
    "report, missing file": (["report", "{tmp}/no.jsonl"], "no such file: {tmp}/no.jsonl"),
    "report, missing state": (
        ["report", "{tmp}/a.jsonl", "--state", "{tmp}/no.sqlite", "--format", "text"],
        "--state: no such file or directory: {tmp}/no.sqlite",
    ),
    "state-import, missing file": (["state-import", "{tmp}/no.sqlite"], "no.sqlite"),
    # A -s value its setting cannot take: Scrapy's settings and ours, of every type.
    "-s Scrapy int": (
        ["crawl", "news", "-a", "site=demo", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=four"],
        "-s CONCURRENT_REQUESTS_PER_DOMAIN=four: expected a whole number",
    ),
    "-s Scrapy float": (
        ["crawl", "news", "-a", "site=demo", "-s", "DOWNLOAD_DELAY=abc"],
        "-s DOWNLOAD_DELAY=abc: expected a number",
    ),
    "-s Scrapy bool": (
        ["reparse", "{tmp}/warc", "-s", "ROBOTSTXT_OBEY=maybe"],
        "-s ROBOTSTXT_OBEY=maybe: expected True or False",
    ),
    "-s Scrapy list": (
        ["demo", "-s", 'SPIDER_MODULES=["spiders"]'],
        'SPIDER_MODULES=["spiders"]: expected comma-separated values',
    ),
    "-s Scrapy dict": (
        ["crawl", "news", "-a", "site=demo", "-s", "FEEDS=out.jsonl"],
        "-s FEEDS=out.jsonl: expected a JSON object",
    ),
    "-s our int": (
        ["crawl", "news", "-a", "site=demo", "-s", "ARCHIVER_WARC_MAX_SIZE=1G"],
        "-s ARCHIVER_WARC_MAX_SIZE=1G: expected a whole number",
    ),
    "-s our float": (
        ["reparse", "{tmp}/warc", "-s", "ARCHIVER_EXTRACT_TIMEOUT=soon"],
        "-s ARCHIVER_EXTRACT_TIMEOUT=soon: expected a number",
    ),
    "-s our bool": (
        ["query", "{tmp}/a.jsonl", "-s", "ARCHIVER_WARC_ENABLED=bad"],
        "-s ARCHIVER_WARC_ENABLED=bad: expected True or False",
    ),
    "-s our list": (
        ["extract", "{tmp}/page.html", "-s", 'ARCHIVER_RENDER_BLOCK=["ads.example"]'],
        "expected comma-separated values",
    ),
    "-L, not a level": (["query", "{tmp}/a.jsonl", "-L", "loud"], "-L loud: expected a log level"),
    "-s our None default": (
        ["crawl", "news", "-a", "site=demo", "-s", "ARCHIVER_EXTRACT_WORKERS=two"],
        "-s ARCHIVER_EXTRACT_WORKERS=two: expected a whole number",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_usage_error_is_one_line_and_exit_2(name: str, tmp_path: Path) -> None:
    args, says = CASES[name]
    (tmp_path / "warc").mkdir()
    (tmp_path / "page.html").write_text("<html><body><h1>x</h1></body></html>")
    (tmp_path / "a.jsonl").write_text(LINE)
    before = sorted(tmp_path.rglob("*"))
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    argv = [str(BIN / "scrapy"), *(a.format(tmp=tmp_path) for a in args)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=cwd)
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith(f"scrapy {args[0]}: error: "), lines
    assert says.format(tmp=tmp_path) in lines[0]
    assert result.stdout == ""
    assert sorted(tmp_path.rglob("*")) == sorted([*before, cwd])


def test_extract_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    """`scrapy extract page.html | head`: the reader goes away, no traceback is printed."""
    page = tmp_path / "long.html"
    paragraphs = "".join(
        f"<p>Paragraph {n} of a long story about the council and its new buses.</p>"
        for n in range(3000)
    )  # far more JSON than a pipe holds, so the write meets the closed pipe
    page.write_text(f"<html><body><article><h1>Long</h1>{paragraphs}</article></body></html>")
    extract = subprocess.Popen(
        [BIN / "scrapy", "extract", str(page), "--url", "https://x.example/a"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert extract.stdout is not None and extract.stderr is not None
    assert extract.stdout.read(100)
    extract.stdout.close()  # as `head` does once it has its lines
    err = extract.stderr.read().decode()
    extract.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


#: -s values each setting takes, or the words of its error; the type is its default's.
SETTING_VALUES = [
    ("CONCURRENT_REQUESTS", "8", None),
    ("CONCURRENT_REQUESTS", "8.5", "expected a whole number, default 16"),
    ("DOWNLOAD_DELAY", "0", None),  # Scrapy's default is 0 (an int) but it takes seconds
    ("DOWNLOAD_TIMEOUT", "0.5", None),
    ("DNS_TIMEOUT", "2.5", None),
    ("AUTOTHROTTLE_TARGET_CONCURRENCY", "x", "expected a number, default 2.0"),
    ("ROBOTSTXT_OBEY", "false", None),
    ("ROBOTSTXT_OBEY", "0", None),
    ("ROBOTSTXT_OBEY", "no", "expected True or False, default True"),
    ("SPIDER_MODULES", "a,b", None),
    ("DOWNLOADER_MIDDLEWARES", '{"a.B": 10}', None),
    ("DOWNLOADER_MIDDLEWARES", "[1]", "expected a JSON object"),
    ("ARCHIVER_RETRY_AFTER_MAX", "2.5", None),
    ("ARCHIVER_STATE_RECHECK_AFTER", "0", None),
    ("ARCHIVER_COVERAGE_DRIFT_MIN_RUNS", "x", "expected a whole number, default 3"),
    ("ARCHIVER_PROGRESS", "auto", None),
    ("ARCHIVER_PROGRESS", "sometimes", "expected True or False or auto"),
    ("ARCHIVER_EXTRACT_WORKERS", "0", None),
    ("ARCHIVER_RENDER_BLOCK", "ads.example,tracker.example", None),
    ("LOG_LEVEL", "INFO", None),
    ("LOG_LEVEL", "loud", "expected a log level (DEBUG, INFO, WARNING, ERROR, CRITICAL)"),
    ("ARCHIVER_WARC_DIR", "anything", None),  # strings take anything
    ("NO_SUCH_SETTING", "anything", None),
]


@pytest.mark.parametrize(("name", "value", "says"), SETTING_VALUES)
def test_setting_values_are_checked_against_their_default_type(
    name: str, value: str, says: str | None
) -> None:
    why = setting_error(name, value)
    if says is None:
        assert why is None
    else:
        assert why is not None and why.startswith(f"-s {name}={value}: ") and says in why
