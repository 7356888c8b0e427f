"""Parses robots.txt, sitemaps (index, gzip, Google News) and RSS/Atom feeds into entries (pure)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip

GZIP_MAGIC = b"\x1f\x8b"
# Google allows 50 MB per sitemap; a body past this after gunzip is a bomb, not a sitemap.
MAX_DECOMPRESSED = 60 * 1024 * 1024
SITEMAP_LINE = re.compile(rb"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
RSS_AUTHOR_EMAIL = re.compile(r"^\S+@\S+\s*\((?P<name>[^)]+)\)$")  # "jane@x.org (Jane Doe)"


class DiscoveryError(ValueError):
    """A sitemap or feed that cannot be read: the caller logs it and goes on."""


@dataclass
class Entry:
    """A URL found in a sitemap or feed, with what the listing says about it."""

    url: str
    evidence: dict[str, Any] = field(default_factory=dict)
    """Keys of the evidence contract: lastmod, published, updated, title, authors, source."""


@dataclass
class Sitemap:
    kind: str
    """"urlset" (pages) or "sitemapindex" (more sitemaps)."""
    entries: list[Entry]


def _parser() -> etree.XMLParser:
    # No entity expansion, no network, no huge trees: a hostile sitemap must not be a bomb.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        load_dtd=False,
    )


def _local(el: Any) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _children(el: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for child in el:
        out.setdefault(_local(child), []).append(child)
    return out


def decompress(body: bytes, max_size: int = MAX_DECOMPRESSED) -> bytes:
    """The body, gunzipped if it starts with the gzip magic number; DiscoveryError past max_size."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        return gunzip(body, max_size=max_size)
    except _DecompressionMaxSizeExceeded as exc:
        raise DiscoveryError(f"gzip body larger than {max_size} bytes once decompressed") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise DiscoveryError(f"bad gzip data: {exc}") from exc


def _root(body: bytes, max_size: int) -> tuple[Any, str | None]:
    """The root element, and the first parse error lxml recovered from (None if well-formed)."""
    data = decompress(body, max_size).lstrip()
    if not data:
        raise DiscoveryError("empty document")
    parser = _parser()
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise DiscoveryError(f"not XML: {exc}") from exc
    if root is None:
        raise DiscoveryError("not XML")
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    return root, (f"line {errors[0].line}: {errors[0].message}" if errors else None)


def _recovered(entries: list[Entry], error: str | None) -> list[Entry]:
    # A truncated listing still gives the entries before the break, as Scrapy's Sitemap does;
    # a broken one that gives none is reported, not taken for an empty one.
    if error and not entries:
        raise DiscoveryError(f"malformed XML, no entries recovered ({error})")
    return entries


def iso_date(value: str) -> str | None:
    """An ISO 8601 / W3C datetime or RFC 822 date as ISO 8601; None if it is neither."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def older_than(value: str | None, since: date | None) -> bool:
    """True if an ISO date is known to fall before `since` (unknown dates are kept)."""
    if not value or since is None:
        return False
    try:
        return datetime.fromisoformat(value).date() < since
    except ValueError:
        return False


def sitemap_urls_from_robots(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute, in file order."""
    urls = [m.decode("utf-8", "replace") for m in SITEMAP_LINE.findall(body)]
    return list(dict.fromkeys(urljoin(base_url, u) for u in urls))


def parse_sitemap(body: bytes, base_url: str = "", max_size: int = MAX_DECOMPRESSED) -> Sitemap:
    """The entries of a sitemap or sitemap index, plain or gzip; DiscoveryError if it is neither.

    ``lastmod`` is kept as evidence; a Google News entry adds ``published`` and ``title`` and
    its source is "news-sitemap".
    """
    root, error = _root(body, max_size)
    kind = _local(root).lower()
    if kind not in ("urlset", "sitemapindex"):
        raise DiscoveryError(f"root element is <{_local(root)}>, not <urlset> or <sitemapindex>")
    entries: list[Entry] = []
    for node in root:
        if _local(node) not in ("url", "sitemap"):
            continue
        kids = _children(node)
        loc = _text(kids.get("loc", [None])[0])
        if not loc:
            continue
        evidence: dict[str, Any] = {"source": "sitemap"}
        if (lastmod := iso_date(_text(kids.get("lastmod", [None])[0]))) is not None:
            evidence["lastmod"] = lastmod
        if news := kids.get("news"):
            evidence["source"] = "news-sitemap"
            nkids = _children(news[0])
            pub = iso_date(_text(nkids.get("publication_date", [None])[0]))
            if pub:
                evidence["published"] = pub
            if title := _text(nkids.get("title", [None])[0]):
                evidence["title"] = title
        entries.append(Entry(urljoin(base_url, loc), evidence))
    return Sitemap(kind, _recovered(entries, error))


def _rss_author(raw: str) -> str:
    m = RSS_AUTHOR_EMAIL.match(raw)
    return m["name"].strip() if m else raw


def _rss_item(item: Any, base_url: str) -> Entry | None:
    kids = _children(item)
    link = _text(kids.get("link", [None])[0])
    if not link:
        # RSS 1.0 names the item by rdf:about; RSS 2.0 may give only a permalink guid.
        link = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about") or ""
        guid = kids.get("guid", [None])[0]
        if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
            link = _text(guid)
    if not link:
        return None
    evidence: dict[str, Any] = {"source": "feed"}
    if title := _text(kids.get("title", [None])[0]):
        evidence["title"] = title
    for name in ("pubDate", "date", "published"):
        if name in kids and (pub := iso_date(_text(kids[name][0]))):
            evidence["published"] = pub
            break
    if "updated" in kids and (upd := iso_date(_text(kids["updated"][0]))):
        evidence["updated"] = upd
    authors = [_rss_author(_text(a)) for a in kids.get("creator", []) + kids.get("author", [])]
    if authors := [a for a in dict.fromkeys(authors) if a]:
        evidence["authors"] = authors
    return Entry(urljoin(base_url, link), evidence)


def _atom_entry(entry: Any, base_url: str) -> Entry | None:
    kids = _children(entry)
    links = kids.get("link", [])
    href = next((x.get("href") for x in links if x.get("rel", "alternate") == "alternate"), None)
    if not href:
        return None
    evidence: dict[str, Any] = {"source": "feed"}
    if title := _text(kids.get("title", [None])[0]):
        evidence["title"] = title
    for name in ("published", "updated"):
        if name in kids and (value := iso_date(_text(kids[name][0]))):
            evidence[name] = value
    names = [_text(_children(a).get("name", [None])[0]) for a in kids.get("author", [])]
    if names := [n for n in dict.fromkeys(names) if n]:
        evidence["authors"] = names
    return Entry(urljoin(base_url, href), evidence)


def parse_feed(body: bytes, base_url: str = "", max_size: int = MAX_DECOMPRESSED) -> list[Entry]:
    """The items of an RSS 0.9x/1.0/2.0 or Atom feed, with title, dates and authors as evidence."""
    root, error = _root(body, max_size)
    kind = _local(root).lower()
    if kind == "feed":
        found = (_atom_entry(e, base_url) for e in root if _local(e) == "entry")
    elif kind in ("rss", "rdf"):
        found = (_rss_item(i, base_url) for i in root.iter() if _local(i) == "item")
    else:
        raise DiscoveryError(f"root element is <{_local(root)}>, not <rss>, <RDF> or <feed>")
    return _recovered([e for e in found if e is not None], error)


def feed_links(html_links: list[tuple[str, str]], base_url: str) -> list[str]:
    """Feed URLs among a page's ``<link rel=alternate>`` (type, href) pairs."""
    feed_types = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
    return [urljoin(base_url, href) for t, href in html_links if t.strip().lower() in feed_types]
