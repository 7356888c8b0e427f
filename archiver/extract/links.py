"""The links a crawl may follow from a page that is no article, read from the worker's tree."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

# What Scrapy's default LinkExtractor reads: the href of <a> and <area>.
_HREF_XP = etree.XPath("//a/@href | //area/@href")
_BASE_XP = etree.XPath("string((//base/@href)[1])")
_ALTERNATE_XP = etree.XPath('//link[@rel="alternate"]')
# Schemes a crawl fetches (LinkExtractor's valid URLs, less file:// a web page must not open).
FOLLOWED_SCHEMES = frozenset({"http", "https"})


def page_links(tree: HtmlElement, url: str, encoding: str = "utf-8") -> list[str]:
    """The absolute http(s) URLs of the page's links, in page order, each once: resolved
    against its ``<base href>`` and escaped as Scrapy's LinkExtractor does, so that the crawl
    follows from the worker's answer what it followed from its own parse."""
    given = _BASE_XP(tree)
    base = urljoin(url, strip_html5_whitespace(given)) if given else url
    found: dict[str, None] = {}
    for href in _HREF_XP(tree):
        try:
            link = safe_url_string(urljoin(base, strip_html5_whitespace(href)), encoding)
            link = urljoin(url, link)
        except ValueError:
            continue  # a bogus href ("http://[::1"): no link
        if urlsplit(link).scheme in FOLLOWED_SCHEMES:
            found.setdefault(link, None)
    return list(found)


def alternate_links(tree: HtmlElement) -> list[tuple[str, str]]:
    """The (type, href) of the page's ``<link rel="alternate">``: its feeds among them."""
    return [(el.get("type", ""), el.get("href", "")) for el in _ALTERNATE_XP(tree)]
