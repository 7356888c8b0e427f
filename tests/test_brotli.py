"""br responses, as Scrapy asks for them, pass warcio check, scrapy wacz and pywb (issue 14)."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import BIN, ROOT
from tests.demo_archive import made_once
from tests.newsroom import Newsroom, article_html, crawl_command


def brotli_page(site: Newsroom, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    html = article_html(site.stories["story-0000"], site.base).encode()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")]
    return 200, headers, brotli.compress(html)


@pytest.fixture(scope="module")
def br_crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return made_once(tmp_path_factory, "br", _crawl)[0]


def _crawl(out: Path) -> None:
    with Newsroom(2) as site:
        site.extra["/article/story-0000"] = brotli_page
        result = subprocess.run(
            crawl_command(site.url("/"), out), cwd=ROOT, capture_output=True, text=True
        )
    assert result.returncode == 0, result.stderr[-3000:]


def test_warcio_check_reads_br_responses(br_crawl: Path) -> None:
    warcs = sorted((br_crawl / "warc").glob("*.warc.gz"))
    check = subprocess.run([BIN / "warcio", "check", "-v", *warcs], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    bodies = []
    for path in warcs:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if (
                    rec.rec_type == "response"
                    and rec.http_headers.get_header("Content-Encoding") == "br"
                ):
                    bodies.append(rec.content_stream().read())
    assert len(bodies) == 1 and b"Story story-0000" in bodies[0]  # decoded
    items = [json.loads(line) for line in (br_crawl / "news.jsonl").read_text().splitlines()]
    assert "Story story-0000" in {i["headline"] for i in items}


def test_wacz_packages_br_responses(br_crawl: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [BIN / "scrapy", "wacz", br_crawl / "warc", "-o", tmp_path / "br.wacz"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "valid WACZ" in result.stderr


def test_pywb_replays_br_responses(br_crawl: Path, tmp_path: Path) -> None:
    from tests.test_replay import _free_port, _pywb_bin

    bin_dir = _pywb_bin()
    run = {"cwd": tmp_path, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([bin_dir / "wb-manager", "init", "br"], **run)
    subprocess.run([bin_dir / "wb-manager", "add", "br", *(br_crawl / "warc").glob("*.gz")], **run)
    port = _free_port()
    proc = subprocess.Popen(
        [bin_dir / "wayback", "-b", "127.0.0.1", "-p", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    item = next(
        json.loads(line)
        for line in (br_crawl / "news.jsonl").read_text().splitlines()
        if "story-0000" in line
    )
    try:
        page = None
        while page is None and proc.poll() is None:  # until wayback listens
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/br/mp_/{item['url']}", timeout=30
                ) as resp:
                    page = resp.read()
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert page is not None and b"Story story-0000" in page
