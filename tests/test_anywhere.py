"""Every command works from any folder, its output relative to that folder (issue 14)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import BIN
from tests.newsroom import Newsroom

COMMANDS = [
    "crawl", "demo", "extract", "query", "reparse", "replay", "report", "wacz",
    "history", "changes",
]  # fmt: skip


def scrapy(cwd: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / "scrapy"), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == status, (args, result.stderr[-3000:])
    return result


def test_every_command_is_known_outside_the_project(tmp_path: Path) -> None:
    listing = scrapy(tmp_path).stdout
    for name in [*COMMANDS, "warc-index"]:
        assert f"\n  {name} " in listing, name


def test_demo_then_the_tools_from_another_folder(tmp_path: Path) -> None:
    out = scrapy(tmp_path, "demo").stdout
    assert "4 articles written to output/demo.jsonl" in out
    assert (tmp_path / "output" / "demo.jsonl").is_file()
    assert list((tmp_path / "output" / "warc").glob("demo-*.warc.gz"))
    rows = scrapy(tmp_path, "query", "output/demo.jsonl", "--format", "jsonl").stdout
    items = [json.loads(line) for line in rows.splitlines()]
    assert len(items) == 4
    scrapy(tmp_path, "warc-index")
    assert (tmp_path / "output" / "warc" / "index.cdxj").stat().st_size > 0
    replayed = scrapy(tmp_path, "replay", items[0]["url"]).stdout
    assert replayed.startswith("HTTP/1.")
    scrapy(tmp_path, "reparse", "output/warc/", "-O", "reparsed.jsonl")
    assert len((tmp_path / "reparsed.jsonl").read_text().splitlines()) == 4
    scrapy(tmp_path, "wacz", "output/warc/", "--items", "output/demo.jsonl", "-o", "demo.wacz")
    assert (tmp_path / "demo.wacz").is_file()
    scrapy(tmp_path, "report", "--format", "text")
    page = tmp_path / "page.html"
    text = "<p>The council voted on Tuesday to keep the old bus depot open for a year.</p>" * 6
    page.write_text(f"<html><body><article><h1>A headline here</h1>{text}</article></body></html>")
    assert json.loads(scrapy(tmp_path, "extract", "page.html").stdout)["headline"]


def test_crawl_news_from_another_folder(tmp_path: Path) -> None:
    with Newsroom(3) as site:
        scrapy(tmp_path, "crawl", "news", "-a", f"start={site.url('/')}", "-s", "DOWNLOAD_DELAY=0")
    feeds = list((tmp_path / "output").glob("news-*.jsonl"))
    assert len(feeds) == 1 and len(feeds[0].read_text().splitlines()) == 3
    assert (tmp_path / "output" / "runs.log").is_file()
