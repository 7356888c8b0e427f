"""The JSONL feed: a default under output/, and -o/-O behaving as Scrapy users expect."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from archiver.demo.server import DemoSite
from tests.conftest import BIN, ROOT

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]


def crawl(site: DemoSite, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [BIN / "scrapy", "crawl", "news", "-a", f"start={site.url('/')}"]
    cmd += ["-s", f"ARCHIVER_WARC_DIR={tmp / 'warc'}"]
    cmd += ["-s", f"ARCHIVER_DEFAULT_FEED={tmp / 'default' / '%(name)s.jsonl'}", *FAST, *extra]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_default_feed_when_none_named(demo_site: DemoSite, tmp_path: Path) -> None:
    crawl(demo_site, tmp_path)
    items = read_jsonl(tmp_path / "default" / "news.jsonl")
    assert any(i["authors"] == ["Michaela Morgan"] for i in items)
    assert all(i["url"].startswith(demo_site.base_url) for i in items)


def test_overwrite_output_replaces_file_and_skips_default(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    out = tmp_path / "mine.jsonl"
    out.write_text('{"stale": true}\n', encoding="utf-8")
    crawl(demo_site, tmp_path, "-O", str(out))
    items = read_jsonl(out)
    assert items and not any("stale" in i for i in items)
    assert not (tmp_path / "default").exists()


def test_output_appends(demo_site: DemoSite, tmp_path: Path) -> None:
    out = tmp_path / "mine.jsonl"
    out.write_text('{"kept": true}\n', encoding="utf-8")
    crawl(demo_site, tmp_path, "-o", str(out))
    items = read_jsonl(out)
    assert items[0] == {"kept": True}
    assert len(items) > 1 and "headline" in items[1]


def test_csv_feed_works_too(demo_site: DemoSite, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    crawl(demo_site, tmp_path, "-O", str(out))
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("url,canonical_url,site,headline")
