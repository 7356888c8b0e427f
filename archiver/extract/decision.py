"""decide_page: the one article decision and extraction of a page, run by extraction workers."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from archiver.classify import page_type
from archiver.extract import Hints, extract_tree
from archiver.extract.links import alternate_links, page_links
from archiver.extract.parse import decode_page, parse_html
from archiver.items import Article, ArticlePage, Image, PageDecision

# Fields of an Article the extractor does not fill: the page's own facts and the version.
_PAGE_FIELDS = frozenset({"url", "fetched_at", "warc", "extractor"})
# Article fields the extractor may fill (a key outside them is a bug: Article(**) raises).
EXTRACTED_FIELDS = frozenset(f.name for f in fields(Article)) - _PAGE_FIELDS
# The fields of a page without content: an Article without headline or body (dropped).
EMPTY_FIELDS: dict[str, Any] = {"sources": {}}


def page_kind(tree: HtmlElement, url: str) -> tuple[str, str]:
    """The page's kind (archiver.classify.PAGE_TYPES: "article", "listing", "forum"...) and
    what decided it: the one article test on a tree not yet cleaned by the extraction."""
    return page_type(tree, url)


def decide_page(page: ArticlePage, default_timezone: str | None = None) -> PageDecision:
    """The page's kind and, for an article, its Article: the page parsed once, its profile's
    say (`page.is_article`) first, then the article test, then the extraction on that tree.

    The extraction workers' task (ArticlePipeline), for a crawl and a reparse alike. Raises
    ValueError for a page said to be an article, or served as HTML, that is no HTML.
    """
    if page.is_article is False:
        return _profile_refused(page)
    tree = _parsed(page)
    if tree is None:
        if page.is_article is None:
            return PageDecision(page.url, "other", "not_html")
        return PageDecision(page.url, "article", "profile", build_article(page, EMPTY_FIELDS))
    kind, reason = "article", "profile"
    if page.is_article is None:
        kind, reason = page_kind(tree[0], page.url)
        if kind != "article" and not page.any_page:
            return _refused(page, tree[0], kind, reason)
    hints = _hints(page, default_timezone)
    fetched = datetime.fromisoformat(page.fetched_at) if page.fetched_at else None
    values = extract_tree(*tree, page.url, fetched, hints)
    if page.any_page:  # every page an item: what the test read it as, for the user to filter
        values["page_type"] = kind
    return PageDecision(page.url, kind, reason, build_article(page, values))


def _refused(page: ArticlePage, tree: HtmlElement, kind: str, reason: str) -> PageDecision:
    """A page that is no article, with its links when the crawl follows them: read here, on
    the tree parsed once, so that the crawl's process never parses the page again."""
    if page.link_depth is None:
        return PageDecision(page.url, kind, reason)
    encoding = page.encoding or "utf-8"
    return PageDecision(
        page.url,
        kind,
        reason,
        links=page_links(tree, page.url, encoding),
        alternates=alternate_links(tree),
    )


def _profile_refused(page: ArticlePage) -> PageDecision:
    """A page the profile's patterns say is no article: parsed only for the links the crawl
    follows from it (none when the page is no HTML)."""
    try:
        tree = _parsed(page) if page.link_depth is not None else None
    except ValueError:
        tree = None
    if tree is None:
        return PageDecision(page.url, "other", "profile")
    return _refused(page, tree[0], "other", "profile")


def _parsed(page: ArticlePage) -> tuple[HtmlElement, str, str | None] | None:
    """The page's tree, text and charset fix; None for an empty page, or one that is no HTML
    and does not claim to be (a text or XML file a link led to). ValueError for a page said to
    be an article, or served as HTML, that is no HTML (binary): a bad page, dropped and said."""
    if not page.body or not page.body.strip():
        return None
    page_text, charset_fix = decode_page(page.body, page.encoding)
    try:
        return parse_html(page_text), page_text, charset_fix
    except ValueError:
        served_as_html = "html" in page.headers.get("content-type", "html")
        if page.is_article is None and not served_as_html:
            return None
        raise


def _hints(page: ArticlePage, default_timezone: str | None) -> Hints:
    hints: Hints = dict(page.hints)  # type: ignore[assignment]
    if default_timezone:
        hints.setdefault("timezone", default_timezone)
    return hints


def build_article(page: ArticlePage, values: dict[str, Any]) -> Article:
    """The Article of the extractor's fields; TypeError for a key no Article field has."""
    values = dict(values)
    values["image"] = _image(values.get("image"))
    values["images"] = [i for i in map(_image, values.get("images") or []) if i]
    if not values.get("site"):
        values["site"] = urlsplit(page.url).hostname
    if page.rendered:
        values["sources"] = dict(values.get("sources") or {}, page="rendered")
    if unknown := set(values) - EXTRACTED_FIELDS:
        raise TypeError(f"extractor fields that no Article has: {sorted(unknown)}")
    return Article(url=page.url, fetched_at=page.fetched_at, warc=page.warc, **values)


def _image(value: dict[str, Any] | Image | None) -> Image | None:
    if not value:
        return None
    if isinstance(value, Image):
        return value
    return Image(**value)
