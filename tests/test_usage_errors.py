"""Usage errors: one line saying what is wrong, exit status 2, nothing written (issue 14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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
