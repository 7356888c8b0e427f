"""`scrapy reparse`: the demo crawl's WARC gives the crawl's items; other tools' WARCs work too."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import zlib
from io import BytesIO
from pathlib import Path

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.capture_http import capture_http
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.demo.server import SITE_DIR, DemoSite
from archiver.items import EXTRACTOR
from tests.demo_archive import DemoArchive, demo_archive, demo_site_args, scrapy

ARTICLE = "/news/article/russia-no-concrete-fact-chechnya"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


def _items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _reparse(out: Path, *args: object) -> tuple[list[dict], str, int]:
    result = scrapy("reparse", *args, "-O", out, "-s", "LOG_LEVEL=INFO")
    items = _items(out) if out.exists() else []
    return items, result.stdout + result.stderr, result.returncode


def test_reparse_of_demo_warc_gives_the_crawl_items(demo: DemoArchive, tmp_path: Path) -> None:
    # No -a site: the WARC file's warcinfo record says what the crawl knew of the site.
    items, log, rc = _reparse(tmp_path / "re.jsonl", demo.warc_dir)
    assert rc == 0, log[-3000:]
    assert f"'archiver/reparse/warcinfo/used': {len(demo.warcs)}," in log
    # The extraction workers decide, as in the crawl (this process parses no page): the
    # home, section and topic pages are no articles, quietly.
    assert "'archiver/pages/article': 4," in log
    assert "'archiver/pages/article_by/profile': 4," in log
    assert re.search(r"'archiver/pages/other': [1-9]", log)
    # Each refused page counted by what it was, and said in the summary.
    kinds = dict(re.findall(r"'archiver/pages/other/(\w+)': (\d+),", log))
    other = re.search(r"'archiver/pages/other': (\d+),", log)
    assert kinds and sum(map(int, kinds.values())) == int(other[1]), kinds
    assert f"not articles: {kinds['listing']} listing" in log
    assert "Dropped" not in log
    crawled = {i["url"]: i for i in demo.items}
    reparsed = {i["url"]: i for i in items}
    assert len(crawled) == 4 and sorted(reparsed) == sorted(crawled)
    for url, item in crawled.items():
        again = reparsed[url]
        # Both point at the same response record; fetched_at is its WARC-Date in both.
        assert again["warc"] == item["warc"]
        assert again["fetched_at"] == item["fetched_at"]
        for name, value in item.items():
            assert again[name] == value, (url, name)
        assert again["extractor"] == item["extractor"] == EXTRACTOR
    # Robots.txt, sitemap and feed are not HTML; requests and warcinfo are not responses.
    not_html = 0
    with open(demo.warcs[0], "rb") as fh:
        for r in ArchiveIterator(fh):
            if r.rec_type == "response" and r.http_headers.get_statuscode() == "200":
                not_html += "html" not in r.http_headers.get_header("Content-Type", "")
    assert not_html >= 2  # robots.txt, sitemap or feed
    assert f"'archiver/reparse/records_skipped/not_html': {not_html}," in log
    assert "'archiver/reparse/records_skipped/request'" in log
    assert "'archiver/reparse/records_skipped/warcinfo': 1" in log
    assert "downloader/request_count" in log  # through the downloader middlewares...
    assert "'archiver/warc/records'" not in log  # ...but nothing archived again
    assert "robotstxt/request_count" not in log


def test_reparse_plain_warc_and_all_option(demo: DemoArchive, tmp_path: Path) -> None:
    [warc] = demo.warcs
    plain = tmp_path / "plain.warc"
    plain.write_bytes(gzip.decompress(warc.read_bytes()))
    items, log, rc = _reparse(tmp_path / "all.jsonl", "--all", *demo_site_args(), plain)
    assert rc == 0, log[-3000:]
    urls = {i["url"].split("/", 3)[3] for i in items}
    # --all: section, topic and home pages too, not only articles.
    assert {"news/section/world", "news/article/reef-bleaching-survey", ""} <= urls
    # Each item says what its page is, so the articles can be filtered from the rest.
    kinds = {i["url"].split("/", 3)[3]: i["page_type"] for i in items}
    assert kinds["news/article/reef-bleaching-survey"] == "article"
    assert kinds["news/section/world"] == kinds[""] == "listing"
    assert all(i["warc"]["filename"] == "plain.warc" for i in items)


def _foreign_warc(path: Path, site: DemoSite) -> None:
    """A WARC as another tool writes it: raw wire bytes (chunks, gzip) by warcio's capture_http."""
    port = int(site.base_url.rsplit(":", 1)[1])
    with capture_http(str(path)):
        for target, headers in [
            ("/", {}),  # chunked, in 512-byte chunks
            (ARTICLE, {"Accept-Encoding": "gzip"}),
            ("/robots.txt", {}),
        ]:
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", target, headers=headers)
            conn.getresponse().read()
            conn.close()


def _append_revisit(path: Path, url: str) -> str:
    """Append an identical-payload-digest revisit of ``url``, as a deduplicating crawl would."""
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI") == url:
                original = rec.rec_headers
                http_headers = rec.http_headers
                break
    with open(path, "ab") as fh:
        writer = WARCWriter(fh, gzip=True)
        revisit = writer.create_revisit_record(
            url,
            digest=original.get_header("WARC-Payload-Digest"),
            refers_to_uri=url,
            refers_to_date=original.get_header("WARC-Date"),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": "2027-01-02T03:04:05Z"},
        )
        revisit.rec_headers.add_header("WARC-Refers-To", original.get_header("WARC-Record-ID"))
        writer.write_record(revisit)
        return revisit.rec_headers.get_header("WARC-Record-ID")


def test_reparse_warc_of_another_tool(demo: DemoArchive, tmp_path: Path) -> None:
    warc = tmp_path / "other-tool.warc.gz"
    with DemoSite() as site:
        _foreign_warc(warc, site)
        url = site.url(ARTICLE)
        revisit_id = _append_revisit(warc, url)
        home = site.url("/")
    with open(warc, "rb") as fh:
        kinds = {
            r.rec_headers.get_header("WARC-Target-URI"): r.http_headers.get_header(
                "Content-Encoding"
            )
            or r.http_headers.get_header("Transfer-Encoding")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }
    assert kinds[url] == "gzip" and kinds[home] == "chunked"

    items, log, rc = _reparse(tmp_path / "other.jsonl", "--all", *demo_site_args(), warc)
    assert rc == 0, log[-3000:]
    by_record = {i["warc"]["record_id"]: i for i in items}
    article = next(i for i in items if i["url"] == url and i["warc"]["record_id"] != revisit_id)
    revisit = by_record[revisit_id]
    crawled = next(i for i in demo.items if i["url"].endswith(ARTICLE))
    for name in ("headline", "authors", "agencies", "published", "body", "image"):
        if name == "image":  # another port: another image URL
            crawled[name].pop("url"), article[name].pop("url"), revisit[name].pop("url")
        assert article[name] == crawled[name], name
        assert revisit[name] == crawled[name], name
    assert revisit["fetched_at"] == "2027-01-02T03:04:05+00:00"
    assert revisit["warc"]["filename"] == "other-tool.warc.gz"
    home_item = next(i for i in items if i["url"] == home)
    assert "Demo News" in (home_item["site"] or "") or home_item["headline"]
    assert "'archiver/reparse/revisits_resolved': 1" in log
    assert "'archiver/reparse/records_skipped/not_html': 1" in log  # robots.txt


def test_bad_files_are_reported_and_good_files_still_give_items(
    demo: DemoArchive, tmp_path: Path
) -> None:
    [warc] = demo.warcs
    data = warc.read_bytes()
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    not_warc = tmp_path / "page.warc"
    not_warc.write_text("<html><body>hello</body></html>\n")
    # (A missing file is a usage error before anything is read: test_usage_errors.)
    items, log, rc = _reparse(tmp_path / "out.jsonl", *demo_site_args(), truncated, not_warc, warc)
    assert rc != 0
    assert f"{truncated}: offset " in log
    assert f"{not_warc}: offset 0: not a WARC or ARC file" in log
    assert "2 files failed" in log
    good = [i for i in items if i["warc"]["filename"] == warc.name]
    assert sorted(i["url"] for i in good) == sorted(i["url"] for i in demo.items)
    # Records before the damage in the truncated file still count.
    assert any(i["warc"]["filename"] == truncated.name for i in items)


def _record(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    writer.write_record(
        writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        )
    )


def test_reparse_decodes_br_and_deflate_and_skips_what_it_cannot_request(
    tmp_path: Path,
) -> None:
    html = (SITE_DIR / "news/article/reef-bleaching-survey.html").read_bytes()
    html = html.replace(b"{{BASE}}", b"http://example.org")
    warc = tmp_path / "encoded.warc"  # plain, not gzip
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        ctype = ("Content-Type", "text/html; charset=utf-8")
        br = brotli.compress(html)
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(br), br)
        _record(
            writer,
            "http://example.org/br",
            chunked,
            [ctype, ("Content-Encoding", "br"), ("Transfer-Encoding", "chunked")],
        )
        _record(
            writer,
            "http://example.org/deflate",
            zlib.compress(html),
            [ctype, ("Content-Encoding", "deflate")],
        )
        _record(writer, "mailto:someone@example.org", html, [ctype])
        _record(writer, "http://[bad/", html, [ctype])
        _record(writer, "http://example.org/feed.png", b"\x89PNG", [("Content-Type", "image/png")])
    # fmt: skip
    items, log, rc = _reparse(tmp_path / "enc.jsonl", warc)
    assert rc == 0, log[-3000:]
    assert sorted(i["url"] for i in items) == [
        "http://example.org/br",
        "http://example.org/deflate",
    ]
    assert {i["headline"] for i in items} == {
        "Survey finds third mass bleaching on the reef in five years"
    }
    assert "'archiver/reparse/records_skipped/not_http': 1" in log
    assert "'archiver/reparse/records_skipped/bad_url': 1" in log
    assert "'archiver/reparse/records_skipped/not_html': 1" in log


def test_reparse_resolves_the_revisits_of_our_incremental_crawls(tmp_path: Path) -> None:
    """Two runs of one crawl: the second archives unchanged articles as revisit records."""
    settings = [
        f"ARCHIVER_WARC_DIR={tmp_path / 'warc'}",
        f"ARCHIVER_STATE_DIR={tmp_path / 'state'}",
        "ARCHIVER_STATE_RECHECK_AFTER=0",  # check known articles again at once
        f"ARCHIVER_LOCK_DIR={tmp_path / 'locks'}",
        f"ARCHIVER_RUN_LOG={tmp_path / 'runs.log'}",
    ]
    logs = []
    with DemoSite() as site:
        for run in (1, 2):
            result = scrapy(
                "crawl", "news", "-a", "site=demo", "-a", f"base={site.base_url}",
                "-O", tmp_path / f"run{run}.jsonl", *(x for s in settings for x in ("-s", s)),
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            logs.append(result.stderr)
    first = _items(tmp_path / "run1.jsonl")
    assert len(first) == 4 and _items(tmp_path / "run2.jsonl") == []  # nothing new
    # Rechecked articles are archived as revisits; one whose sitemap lastmod the first run
    # recorded may be skipped unfetched, depending on which of sitemap and links found it.
    revisits = re.search(r"'archiver/warc/revisits': (\d+)", logs[1])
    assert revisits and int(revisits[1]) >= 2, logs[1][-3000:]
    items, log, rc = _reparse(tmp_path / "re.jsonl", "-a", "site=demo", tmp_path / "warc")
    assert rc == 0, log[-3000:]
    assert f"'archiver/reparse/revisits_resolved': {revisits[1]}," in log
    assert len(items) == 4 + int(revisits[1])
    later = {i["url"]: i for i in items if i["warc"]["record_id"] not in
             {f["warc"]["record_id"] for f in first}}  # fmt: skip
    for item in (i for i in first if i["url"] in later):
        again = later[item["url"]]
        assert again["fetched_at"] > item["fetched_at"]
        assert {k: v for k, v in again.items() if k not in ("warc", "fetched_at")} == {
            k: v for k, v in item.items() if k not in ("warc", "fetched_at")
        }


def test_archived_sitemaps_give_their_evidence_to_later_pages(tmp_path: Path) -> None:
    """As in a crawl: what a news sitemap said of a page is a hint for its extraction."""
    para = "<p>" + "Flood waters kept rising across the northern towns overnight. " * 3 + "</p>"
    page = f"<html><body><article><h1>Floods in the north</h1>{para * 3}</article></body></html>"
    sitemap = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://example.org/floods</loc><news:news>
    <news:publication_date>2017-05-31T11:38:00+10:00</news:publication_date>
    <news:title>Floods in the north</news:title></news:news></url>
  <url><loc>http://example.org/later</loc><news:news>
    <news:publication_date>2018-01-01T00:00:00+10:00</news:publication_date></news:news></url>
</urlset>"""
    warc = tmp_path / "evidence.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        ctype = ("Content-Type", "text/html; charset=utf-8")
        _record(writer, "http://example.org/later", page.encode(), [ctype])
        _record(
            writer,
            "http://example.org/sitemap.xml",
            gzip.compress(sitemap.encode()),
            [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")],
        )
        _record(writer, "http://example.org/floods", page.encode(), [ctype])
    # fmt: skip
    items, log, rc = _reparse(tmp_path / "ev.jsonl", "--all", warc)
    assert rc == 0, log[-3000:]
    by_url = {i["url"]: i for i in items}
    floods = by_url["http://example.org/floods"]
    assert floods["published"] == "2017-05-31T11:38:00+10:00"
    assert floods["sources"]["published"] == "hint"
    # Archived before the sitemap: the crawl had not read it yet when it parsed that page.
    assert by_url["http://example.org/later"]["sources"].get("published") != "hint"
    assert "'archiver/reparse/evidence/sitemaps': 1" in log
