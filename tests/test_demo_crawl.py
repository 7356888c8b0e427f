"""The demo crawl, end to end: `scrapy demo` writes the JSONL and WARC files users rely on."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import BIN
from tests.demo_archive import demo_archive
from tests.seed import SEED_PARAGRAPHS, TEASERS


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], Path, str]:
    demo = demo_archive(tmp_path_factory)
    return demo.items, demo.warc_dir, demo.log


def _by_path(items: list[dict], fragment: str) -> dict:
    [item] = [i for i in items if fragment in i["url"]]
    return item


def test_seed_article_exact(demo_run) -> None:
    items, _, _ = demo_run
    a = _by_path(items, "russia-no-concrete-fact-chechnya")
    assert a["authors"] == ["Michaela Morgan"]
    assert a["agencies"] == []
    assert a["image"]["credit"] == "AAP"
    assert 'Sergei Lavrov says there is not a "single concrete fact"' in a["image"]["caption"]
    assert "Source: AAP" not in a["image"]["caption"]
    assert a["published"] == a["updated"] == "2017-05-31T11:38:00+10:00"
    assert "31 May 2017 - 11:38 AM" in a["published_raw"]
    body = " ".join(a["body"].replace("'", "’").split())
    for p in SEED_PARAGRAPHS:
        assert p in body
    for t in TEASERS:
        assert t not in body
    assert a["body"].count("There is not a single concrete fact") == 1  # pull quote not repeated


def test_only_articles_become_items_and_robots_obeyed(demo_run) -> None:
    items, _, log = demo_run
    paths = sorted(i["url"].split("/", 3)[3] for i in items)
    assert paths == [
        "news/article/markets-rally-on-rate-hopes",
        "news/article/pm-defends-budget-measures",
        "news/article/reef-bleaching-survey",
        "news/article/russia-no-concrete-fact-chechnya",
    ]
    assert "'robotstxt/forbidden': 1" in log  # the stats dump: /private/ was not fetched


def test_every_item_points_at_its_response_record(demo_run) -> None:
    items, warc_dir, _ = demo_run
    responses: dict[str, tuple[str, str]] = {}
    fetched: list[str] = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests="raise"):
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                if rec.rec_type == "response":
                    rid = rec.rec_headers.get_header("WARC-Record-ID")
                    responses[rid] = (path.name, uri)
                    fetched.append(uri)
    assert not any("/private/" in u for u in fetched)
    for item in items:
        filename, uri = responses[item["warc"]["record_id"]]
        assert filename == item["warc"]["filename"]
        assert uri == item["url"]
        assert item["fetched_at"].endswith("+00:00")


def test_warc_files_pass_warcio_check(demo_run) -> None:
    _, warc_dir, _ = demo_run
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert files and not list(warc_dir.glob("*.open"))
    result = subprocess.run([BIN / "warcio", "check", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gzip_article_archived_compressed_and_chunked_page_kept(demo_run) -> None:
    _, warc_dir, _ = demo_run
    seen = {}
    for path in warc_dir.glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    uri = rec.rec_headers.get_header("WARC-Target-URI")
                    seen[uri.split("/", 3)[3]] = rec.http_headers
    assert seen["news/article/reef-bleaching-survey"].get_header("Content-Encoding") == "gzip"
    home = seen[""]
    assert home.get_header("Transfer-Encoding") == "chunked"
    assert [v for k, v in home.headers if k == "Set-Cookie"] == [
        "session=demo; Path=/",
        "consent=no; Path=/",
    ]
    assert home.statusline == "200 OK"
