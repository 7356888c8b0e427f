"""`scrapy wacz`: the demo crawl packaged as WACZ, checked by the wacz package's validator."""

from __future__ import annotations

import gzip
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.demo_archive import BIN, DemoArchive, demo_archive, scrapy


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


def _validate(path: Path) -> str:
    result = subprocess.run(
        [BIN / "wacz", "validate", "-f", path], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wacz_of_demo_crawl_with_articles_as_pages(demo: DemoArchive, tmp_path: Path) -> None:
    out = tmp_path / "demo.wacz"
    result = scrapy(
        "wacz", demo.warc_dir, "-o", out, "--items", demo.jsonl, "--title", "Demo crawl"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # wacz's chatter goes to stderr
    assert "Validation succeeded" in _validate(out)

    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {f"archive/{w.name}" for w in demo.warcs} <= names
        assert {"indexes/index.cdx.gz", "pages/pages.jsonl", "datapackage.json"} <= names
        header, *pages = [json.loads(x) for x in z.read("pages/pages.jsonl").splitlines()]
        package = json.loads(z.read("datapackage.json"))
        index = gzip.decompress(z.read("indexes/index.cdx.gz")).decode()
        # The WARC is stored as written: same bytes, so the items' warc refs stay true.
        [warc] = demo.warcs
        assert z.read(f"archive/{warc.name}") == warc.read_bytes()
    assert header["title"] == "Demo crawl" and package["title"] == "Demo crawl"
    by_url = {p["url"]: p for p in pages}
    assert len(pages) == len(demo.items) == 4
    for item in demo.items:
        page = by_url[item["url"]]
        assert page["title"] == item["headline"]
        assert page["ts"].replace("Z", "+00:00") == item["fetched_at"]
        assert item["url"] in index
    assert {r["path"] for r in package["resources"]} >= {"pages/pages.jsonl"}
    assert all(r["hash"].startswith("sha256:") for r in package["resources"])


def test_wacz_detects_pages_without_items_and_refuses_damage(
    demo: DemoArchive, tmp_path: Path
) -> None:
    out = tmp_path / "detected.wacz"
    result = scrapy("wacz", "-s", f"ARCHIVER_WARC_DIR={demo.warc_dir}", "-o", out)
    assert result.returncode == 0, result.stderr
    _validate(out)
    with zipfile.ZipFile(out) as z:
        pages = [json.loads(x) for x in z.read("pages/pages.jsonl").splitlines()[1:]]
    urls = {p["url"] for p in pages}
    # Every archived HTML page, articles and fronts; no robots.txt, sitemap or 404.
    assert {i["url"] for i in demo.items} <= urls
    base = demo.items[0]["url"].split("/news/")[0]
    assert f"{base}/" in urls and f"{base}/robots.txt" not in urls
    assert all(p["title"] == p["url"] for p in pages)

    [warc] = demo.warcs
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.read_bytes()[:4000])
    bad = tmp_path / "bad.wacz"
    result = scrapy("wacz", warc, cut, "-o", bad)
    assert result.returncode == 1
    assert f"not packaged: {cut}: offset " in result.stderr
    assert not bad.exists()
