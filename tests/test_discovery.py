"""Sitemap, feed and robots.txt parsing, URL canonicalisation and URL/page classification."""

from __future__ import annotations

import gzip
from datetime import date

import pytest
from parsel import Selector

from archiver.classify import classify, url_kind
from archiver.discovery import (
    DiscoveryError,
    older_than,
    parse_feed,
    parse_sitemap,
    sitemap_urls_from_robots,
)
from archiver.items import Article
from archiver.pipelines.dedupe import DuplicatesPipeline
from archiver.utils.url import canonical_url, strip_tracking

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
URLSET = (
    f'<?xml version="1.0"?><urlset {SM} {NEWS}>'
    "<url><loc> https://s.org/a </loc><lastmod>2017-05-31T01:38:00Z</lastmod></url>"
    "<url><loc>/b</loc><lastmod>2017-05-30</lastmod><news:news><news:publication>"
    "<news:name>S</news:name><news:language>en</news:language></news:publication>"
    "<news:publication_date>2017-05-30T16:20:00+10:00</news:publication_date>"
    "<news:title>B  story</news:title></news:news></url>"
    "<url><lastmod>2017-05-30</lastmod></url>"  # no loc: ignored
    "</urlset>"
).encode()
INDEX = (
    f'<?xml version="1.0"?><sitemapindex {SM}><sitemap><loc>https://s.org/1.xml.gz</loc>'
    "<lastmod>2020-01-01</lastmod></sitemap><sitemap><loc>https://s.org/2.xml</loc></sitemap>"
    "</sitemapindex>"
).encode()
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]><urlset><url><loc>https://s.org/&lol9;</loc></url></urlset>"
)


@pytest.mark.parametrize(
    ("body", "kind", "entries"),
    [
        (
            URLSET,
            "urlset",
            [
                ("https://s.org/a", {"source": "sitemap", "lastmod": "2017-05-31T01:38:00+00:00"}),
                ("https://s.org/b", {"source": "news-sitemap", "lastmod": "2017-05-30T00:00:00",
                                     "published": "2017-05-30T16:20:00+10:00", "title": "B story"}),
            ],
        ),
        (gzip.compress(URLSET), "urlset", 2),
        (INDEX, "sitemapindex", [("https://s.org/1.xml.gz", {"source": "sitemap",
                                  "lastmod": "2020-01-01T00:00:00"}),
                                 ("https://s.org/2.xml", {"source": "sitemap"})]),
        (f"<urlset {SM}></urlset>".encode(), "urlset", []),  # empty is not malformed
        # Truncated: the entries before the break.
        (URLSET[: URLSET.index(b"<url><loc>/b") + 6], "urlset", 1),
    ],
)  # fmt: skip
def test_parse_sitemap(body: bytes, kind: str, entries) -> None:
    sitemap = parse_sitemap(body, "https://s.org/sitemap.xml")
    assert sitemap.kind == kind
    if isinstance(entries, int):
        assert len(sitemap.entries) == entries
    else:
        assert [(e.url, e.evidence) for e in sitemap.entries] == entries


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>Error 500</body></html>",
        b"not xml at all <<<",
        b"\x1f\x8b\x08\x00garbage",
        b'<?xml version="1.0"?><rss><channel></channel></rss>',  # a feed, not a sitemap
        f"<urlset {SM}><url><loc>https://s.org/a".encode()[:30],
    ],
)
def test_malformed_sitemap_is_an_error(body: bytes) -> None:
    with pytest.raises(DiscoveryError):
        parse_sitemap(body)


def test_gzip_bomb_and_entity_bomb_are_refused_or_inert() -> None:
    bomb = gzip.compress(b" " * (2 * 1024 * 1024))
    with pytest.raises(DiscoveryError, match="larger than"):
        parse_sitemap(bomb, max_size=1024 * 1024)
    # Entities are never expanded (a billion laughs would take minutes and gigabytes): what is
    # checked is the result, not how long it took, which a busy machine says nothing about.
    try:
        entries = parse_sitemap(BOMB).entries
    except DiscoveryError:
        entries = []
    assert all(len(e.url) < 200 for e in entries)


RSS = b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>S</title>
<item><title>One</title><link>https://s.org/1</link>
<pubDate>Tue, 30 May 2017 16:20:00 +1000</pubDate>
<dc:creator>Sam Lee</dc:creator><dc:creator>Jo Roe</dc:creator></item>
<item><title>Two</title><guid>https://s.org/2</guid><author>jane@s.org (Jane Doe)</author></item>
<item><title>No link</title><guid isPermaLink="false">x-1</guid></item>
</channel></rss>"""
RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<item rdf:about="https://s.org/r"><title>R</title><dc:date>2017-05-30T06:20:00Z</dc:date></item>
</rdf:RDF>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>
<entry><title type="html">A  one</title><link rel="alternate" href="/a1"/>
<link rel="enclosure" href="/a1.mp3"/><published>2017-05-30T16:20:00+10:00</published>
<updated>2017-05-31T09:00:00+10:00</updated><author><name>Kim Lo</name></author></entry>
<entry><title>No link</title></entry></feed>"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (RSS, [("https://s.org/1", {"source": "feed", "title": "One",
                "published": "2017-05-30T16:20:00+10:00", "authors": ["Sam Lee", "Jo Roe"]}),
               ("https://s.org/2", {"source": "feed", "title": "Two", "authors": ["Jane Doe"]})]),
        (RDF, [("https://s.org/r", {"source": "feed", "title": "R",
                "published": "2017-05-30T06:20:00+00:00"})]),
        (ATOM, [("https://s.org/a1", {"source": "feed", "title": "A one",
                 "published": "2017-05-30T16:20:00+10:00", "updated": "2017-05-31T09:00:00+10:00",
                 "authors": ["Kim Lo"]})]),
        (gzip.compress(ATOM), 1),
    ],
)  # fmt: skip
def test_parse_feed(body: bytes, expected) -> None:
    entries = parse_feed(body, "https://s.org/feed")
    if isinstance(expected, int):
        assert len(entries) == expected
    else:
        assert [(e.url, e.evidence) for e in entries] == expected


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Not a feed</body></html>", b"<rss><channel><item><title>unterminated",
     f"<urlset {SM}></urlset>".encode()],
)  # fmt: skip
def test_malformed_feed_is_an_error(body: bytes) -> None:
    with pytest.raises(DiscoveryError):
        parse_feed(body)


def test_sitemaps_from_robots() -> None:
    robots = (
        b"User-agent: *\nDisallow: /private/\nSitemap: https://s.org/a.xml\nsitemap:/b.xml.gz\n"
        b"# Sitemap: https://s.org/commented.xml\nSitemap: https://s.org/a.xml\n"
    )
    assert sitemap_urls_from_robots(robots, "https://s.org/robots.txt") == [
        "https://s.org/a.xml",
        "https://s.org/b.xml.gz",
    ]


@pytest.mark.parametrize(
    ("value", "since", "older"),
    [
        ("2017-05-31T01:38:00+00:00", date(2017, 6, 1), True),
        ("2017-06-01T00:00:00", date(2017, 6, 1), False),
        (None, date(2017, 6, 1), False),  # unknown dates are kept
        ("garbage", date(2017, 6, 1), False),
        ("2017-05-31T01:38:00+00:00", None, False),
    ],
)
def test_older_than(value, since, older) -> None:
    assert older_than(value, since) is older


@pytest.mark.parametrize(
    ("url", "stripped", "canonical"),
    [
        ("https://s.org/a?utm_source=x&utm_medium=y&id=3#top", "https://s.org/a?id=3",
         "https://s.org/a?id=3"),
        ("https://S.org:443/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://S.org:443/a",
         "https://s.org/a"),
        ("http://s.org:8080/b/index.html?b=2&a=1", "http://s.org:8080/b/index.html?b=2&a=1",
         "http://s.org:8080/b/?a=1&b=2"),
        ("https://s.org/News/Story", "https://s.org/News/Story", "https://s.org/News/Story"),
        ("https://s.org/a?CMP=share_btn_tw&ito=1", "https://s.org/a", "https://s.org/a"),
    ],
)  # fmt: skip
def test_tracking_stripped_and_canonical(url: str, stripped: str, canonical: str) -> None:
    assert strip_tracking(url) == stripped
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/news/article/russia-says/abc123", "article"),
        ("/world/2024/may/31/some-story", "article"),
        ("/2017/05/31/slug", "article"),
        ("/news/world-europe-12345678", "article"),
        ("/news/a-story-with-many-words", "article"),
        ("/news/topic/lgbt", "listing"),
        ("/news/section/world", "listing"),
        ("/author/jane-doe", "listing"),
        ("/news?page=2", "listing"),
        ("/", "listing"),
        ("/news", None),
    ],
)
def test_url_kind(path: str, kind: str | None) -> None:
    assert url_kind(path) == kind


LONG = "<p>" + "A sentence long enough to count as article text in a paragraph. " * 2 + "</p>"


@pytest.mark.parametrize(
    ("path", "html", "expected"),
    [
        ("/x", '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
         (True, "metadata")),
        ("/x", '<meta property="og:type" content="website"><h1>T</h1>' + LONG * 4,
         (True, "structure")),  # og:type=website alone decides nothing
        ("/tag/budget", "<h1>T</h1><div>" + LONG * 4 + "</div>", (False, "url")),
        ("/some/page", "<h1>T</h1><article>" + LONG * 4 + "</article>", (True, "structure")),
        ("/some/page", "<h1>T</h1><ul><li><a href=/a>a</a></li></ul>", (False, "structure")),
    ],
)  # fmt: skip
def test_classify(path: str, html: str, expected: tuple[bool, str]) -> None:
    tree = Selector(text=f"<html><head></head><body>{html}</body></html>").root
    assert classify(tree, f"https://s.example{path}") == expected


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


def test_duplicates_pipeline_keys_on_canonical_url() -> None:
    stats = _Stats()
    pipeline = DuplicatesPipeline(stats)  # type: ignore[arg-type]
    first = Article(url="https://s.org/a?utm_source=x", canonical_url="https://s.org/a")
    pipeline.process_item(first)
    pipeline.process_item(Article(url="https://s.org/b"))
    for dup in (
        Article(url="https://s.org/a"),
        Article(url="https://s.org/amp/a", canonical_url="https://S.org/a#x"),
        Article(url="https://s.org/b?fbclid=1"),
    ):
        with pytest.raises(Exception, match="duplicate of"):
            pipeline.process_item(dup)
    assert stats.values == {"archiver/duplicates/dropped": 3}
    assert pipeline.process_item("not an article") == "not an article"
