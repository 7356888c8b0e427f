"""Whole crawls of the news spider against local sites: every discovery path, each article once."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from archiver.demo.server import DemoSite
from tests.conftest import BIN, ROOT

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=DEBUG"]

PARAS = "".join(
    f"<p>Paragraph {i} of a synthetic story, long enough to read as article text and not as "
    "a teaser or a caption on a section front.</p>"
    for i in range(4)
)
JSONLD = (
    '<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", '
    '"datePublished": "{date}"}}</script>'
)


def article(title: str, date: str = "", canonical: str = "", byline: str = "") -> str:
    head = JSONLD.format(title=title, date=date) if date else ""
    if canonical:
        head += f'<link rel="canonical" href="{{{{BASE}}}}{canonical}">'
    by = f'<p class="byline">By {byline}</p>' if byline else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><article><h1>{title}</h1>{by}{PARAS}</article></body></html>"
    )


def listing(title: str, hrefs: list[str]) -> str:
    links = "".join(f'<li><a href="{h}">{h}</a></li>' for h in hrefs)
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1><ul>{links}</ul></body></html>"  # noqa: E501


A1 = "/news/article/budget-passes-senate/a1b2c3"  # gzip sitemap, via the index in the profile
A2 = "/news/article/floods-hit-northern-rivers/d4e5f6"  # Google News sitemap from robots.txt
A3 = "/news/article/election-called-for-october/g7h8i9"  # RSS feed only
A4 = "/news/article/reef-report-released/j1k2l3"  # section links, with tracking parameters
A4_COPY = "/news/article/reef-report-copy/zz9988"  # another URL, canonical -> A4
A5 = "/news/old-style-article-about-the-budget-in-2017"  # pre-2021 URL shape, section link
OLD = "/news/article/old-news-from-2015/o1o2o3"  # gzip sitemap, lastmod 2015
VIDEO = "/news/video/a-video-page/v1v2v3"  # skip pattern: never fetched
PRIVATE = "/news/private/secret-article/p1p2p3"  # robots.txt Disallow

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'

SBS_SITE = {
    "robots.txt": "User-agent: *\nDisallow: /news/private/\n\n"
    "Sitemap: {{BASE}}/news/news-sitemap.xml\n",
    "news.html": listing("News", ["/news/topic/australia", "/news/topic/world"]),
    "news/topic/australia.html": listing(
        "Australia",
        [
            f"{A4}?utm_source=twitter&utm_medium=social",
            A4,
            f"{A4}#comments",
            A4_COPY,
            VIDEO,
            PRIVATE,
        ],
    ),
    "news/topic/world.html": listing("World", [A5, A1]),
    # Every section the profile names exists: a dead one is a lost page (exit status 1).
    "news/topic/politics.html": listing("Politics", []),
    "news/sitemap.xml": f'<?xml version="1.0"?><sitemapindex {SITEMAP_NS}>'
    "<sitemap><loc>{{BASE}}/news/sitemap-articles.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap>"
    "<sitemap><loc>{{BASE}}/news/sitemap-broken.xml</loc></sitemap>"
    "<sitemap><loc>{{BASE}}/news/sitemap-2015.xml</loc><lastmod>2015-12-31</lastmod></sitemap>"
    "</sitemapindex>",
    # Served as sitemap-articles.xml.gz, gzipped by the server.
    "news/sitemap-articles.xml": f'<?xml version="1.0"?><urlset {SITEMAP_NS}>'
    f"<url><loc>{{{{BASE}}}}{A1}</loc><lastmod>2024-05-01T10:00:00+10:00</lastmod></url>"
    f"<url><loc>{{{{BASE}}}}{VIDEO}</loc></url></urlset>",
    "news/sitemap-2015.xml": f'<?xml version="1.0"?><urlset {SITEMAP_NS}>'
    f"<url><loc>{{{{BASE}}}}{OLD}</loc><lastmod>2015-06-01</lastmod></url></urlset>",
    "news/sitemap-broken.xml": "<html><body>Oops, an error page</body></html>",
    "news/news-sitemap.xml": f'<?xml version="1.0"?><urlset {SITEMAP_NS} {NEWS_NS}>'
    f"<url><loc>{{{{BASE}}}}{A2}</loc><news:news><news:publication><news:name>SBS News"
    "</news:name><news:language>en</news:language></news:publication>"
    "<news:publication_date>2024-05-02T09:00:00+10:00</news:publication_date>"
    "<news:title>Floods hit the Northern Rivers again</news:title></news:news></url></urlset>",
    "news/feed.html": '<?xml version="1.0"?><rss version="2.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>SBS News</title>'
    f"<item><title>Election called for October</title><link>{{{{BASE}}}}{A3}</link>"
    "<dc:creator>Jane Citizen</dc:creator><pubDate>Fri, 03 May 2024 08:00:00 +1000</pubDate>"
    "</item></channel></rss>",
    "news/broken-feed.html": "<rss><channel><item><title>unterminated",
    f"{A1[1:]}.html": article("Budget passes the Senate", "2024-05-01T10:00:00+10:00"),
    f"{A2[1:]}.html": article("Floods hit the Northern Rivers again"),
    f"{A3[1:]}.html": article("Election called for October", "2024-05-03T08:00:00+10:00"),
    f"{A4[1:]}.html": article("Reef report released", "2024-05-04T12:00:00+10:00", A4),
    f"{A4_COPY[1:]}.html": article("Reef report released", "2024-05-04T12:00:00+10:00", A4),
    f"{A5[1:]}.html": article("An old-style budget story", "2017-05-09T19:30:00+10:00"),
    f"{OLD[1:]}.html": article("Old news from 2015", "2015-06-01T09:00:00+10:00"),
    f"{VIDEO[1:]}.html": article("A video"),
    f"{PRIVATE[1:]}.html": article("Staff only"),
}


def build_site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_crawl(out: Path, *args: str) -> tuple[list[dict], str, int]:
    """``scrapy crawl news ARGS`` in a subprocess: (items, log, exit code)."""
    feed = out / "items.jsonl"
    result = subprocess.run(
        [BIN / "scrapy", "crawl", "news", *args, *FAST, "-O", str(feed),
         "-s", f"ARCHIVER_WARC_DIR={out / 'warc'}", "-s", f"ARCHIVER_STATE_DIR={out / 'state'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    lines = feed.read_text(encoding="utf-8").splitlines() if feed.exists() else []
    return [json.loads(x) for x in lines], result.stdout + result.stderr, result.returncode


def paths(items: list[dict], key: str = "url") -> list[str]:
    return sorted("/" + (i[key] or i["url"]).split("/", 3)[3] for i in items)


def fetched(site: DemoSite) -> list[str]:
    return [p for _, p, _ in site.requests]


@pytest.fixture(scope="module")
def sbs_site(tmp_path_factory: pytest.TempPathFactory):
    root = build_site(tmp_path_factory.mktemp("sbs-site"), SBS_SITE)
    with DemoSite(root) as site:
        yield site


@pytest.fixture(scope="module")
def sbs_crawl(sbs_site: DemoSite, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("sbs-out")
    return run_crawl(out, "-a", "site=sbs", "-a", f"base={sbs_site.base_url}")


def test_sbs_profile_crawls_sitemaps_feed_and_links_each_article_once(sbs_crawl) -> None:
    items, log, code = sbs_crawl
    assert code == 0, log[-3000:]
    # A4 and A4_COPY (canonical A4) are one article: whichever arrives first is written.
    assert paths(items, "canonical_url") == sorted([A1, A2, A3, A4, A5, OLD])
    assert all(i["site"] == "SBS News" for i in items)
    for stat in ("sitemap_urls", "news-sitemap_urls", "feed_urls", "link_urls"):
        assert f"'archiver/discovery/{stat}': " in log, stat


def test_evidence_reaches_the_item(sbs_crawl) -> None:
    items, _, _ = sbs_crawl
    by_path = {
        p: i for p, i in zip(paths(items), sorted(items, key=lambda i: i["url"]), strict=True)
    }
    # A2's page prints no date: the Google News sitemap's publication_date is the evidence.
    assert by_path[A2]["published"] == "2024-05-02T09:00:00+10:00"
    # A3's page has no byline: the feed's dc:creator is.
    assert by_path[A3]["authors"] == ["Jane Citizen"]


def test_skips_robots_tracking_duplicates_and_malformed_sitemap(sbs_crawl, sbs_site) -> None:
    _, log, _ = sbs_crawl
    got = fetched(sbs_site)
    assert not any("/news/video/" in p for p in got)  # skip pattern
    assert not any("/news/private/" in p for p in got)  # robots.txt
    assert "'robotstxt/forbidden': 1" in log
    assert sum(p.startswith(A4) for p in got) == 1  # utm_*, fragment: one download
    assert not any("utm_" in p for p in got)
    assert "'archiver/duplicates/dropped': 1" in log  # A4_COPY names A4 as canonical
    assert "Skipping sitemap" in log and "sitemap-broken.xml" in log
    assert "/news/sitemap-articles.xml.gz" in got


def test_since_skips_older_sitemap_entries(sbs_site: DemoSite, tmp_path: Path) -> None:
    items, log, code = run_crawl(
        tmp_path, "-a", "site=sbs", "-a", f"base={sbs_site.base_url}", "-a", "since=2020-01-01"
    )
    assert code == 0, log[-3000:]
    assert OLD not in paths(items)
    assert A1 in paths(items) and A2 in paths(items)
    assert "'archiver/discovery/skipped/since': 1" in log  # the 2015 child sitemap


def test_profile_path_feeds_only_and_malformed_feed(sbs_site: DemoSite, tmp_path: Path) -> None:
    profile = tmp_path / "feeds.toml"
    profile.write_text(
        'site_name = "Feeds only"\nfeeds = ["/news/feed", "/news/broken-feed"]\n'
        "robots_sitemaps = false\nfollow_links = false\n"
        f"base = \"{sbs_site.base_url}\"\narticle_patterns = ['^/news/article/']\n"
    )
    items, log, code = run_crawl(tmp_path, "-a", f"site={profile}")
    assert code == 0, log[-3000:]
    assert paths(items) == [A3]
    assert "Skipping feed" in log and "broken-feed" in log
    assert items[0]["site"] == "Feeds only"


def test_profileless_start_crawl(demo_site: DemoSite, tmp_path: Path) -> None:
    items, log, code = run_crawl(
        tmp_path, "-a", f"start={demo_site.url('/')}", "-a", "timezone=Australia/Sydney"
    )
    assert code == 0, log[-3000:]
    assert len(paths(items)) == 4 and all("/news/article/" in p for p in paths(items))
    # The pages refused are counted by what they are: the demo's fronts and sections list.
    other = re.search(r"'archiver/pages/other': (\d+),", log)
    assert other and f"'archiver/pages/other/listing': {other[1]}," in log


def test_bad_profile_is_a_clear_error(tmp_path: Path) -> None:
    profile = tmp_path / "bad.toml"
    profile.write_text('base = "https://example.org"\nstart_urls = ["/"]\nsitemap = ["/s.xml"]\n')
    _, log, code = run_crawl(tmp_path, "-a", f"site={profile}")
    assert code != 0
    assert "Bad site profile" in log and "key 'sitemap': unknown key" in log


def test_links_of_refused_pages_pass_the_spider_middlewares(tmp_path: Path) -> None:
    """The links the worker read from a refused page pass through the spider middlewares as a
    callback's would: DEPTH_LIMIT holds (the front is depth 0, its section 1, the section's
    story 2)."""
    files = {
        "index.html": listing("Front", ["/news/section/world", A4]),
        "news/section/world.html": listing("World", [A2]),
        f"{A4[1:]}.html": article("Reef report released"),
        f"{A2[1:]}.html": article("Floods hit the northern rivers"),
    }
    with DemoSite(build_site(tmp_path / "site", files)) as site:
        items, log, code = run_crawl(
            tmp_path / "out", "-a", f"start={site.url('/')}", "-s", "DEPTH_LIMIT=1"
        )
    assert code == 0, log[-3000:]
    assert paths(items) == [A4]
    assert "'depth/request_ignored_count': 1," in log
    assert "'request_depth_max': 1," in log
