"""Tells article pages from section fronts, tag pages and other furniture (pure)."""

from __future__ import annotations

import json
import re

from parsel import Selector

ARTICLE_TYPES = re.compile(r"(News|Report|Opinion|Analysis|Blog|Review)?Article|BlogPosting", re.I)
NON_ARTICLE_OG_TYPES = {"website", "profile", "video.other", "music.song"}
MIN_PARAGRAPHS = 3
MIN_PARAGRAPH_CHARS = 60

# URL shapes, matched (re.search) on path?query when no site profile decides. Listing pages
# first: "/news/topic/2024" is a topic page even though it holds a year.
LISTING_URL = re.compile(
    r"""(?ix)
    ^/?$ | /(tags?|topics?|section|sections|category|categories|author|authors|people
             |contributors?|search|archive|archives|live|video|videos|gallery|galleries
             |podcasts?|newsletters?|subscribe|login|signin|account|about|contact)(/|$)
    | /page/\d+/?$ | [?&](page|p)=\d+ | /feed/?$ | \.(xml|rss|atom|json)$
    """
)
ARTICLE_URL = re.compile(
    r"""(?ix)
    /(19|20)\d\d/(0?[1-9]|1[0-2])/(\d\d?/)?[^/]+    # /2017/05/31/slug
    | /(19|20)\d\d/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/\d\d?/[^/]+
    | /(article|articles|story|stories|news-story|post)/[^/]+
    | /[a-z0-9]+(-[a-z0-9]+){3,}(\.html?)?/?$          # a slug of four words or more
    | [-/_]\d{6,}(\.html?)?/?$ | /a\d{5,}             # a numeric story id
    """
)


def _jsonld_types(sel: Selector) -> list[str]:
    types: list[str] = []
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                t = node.get("@type")
                types.extend(t if isinstance(t, list) else [t] if isinstance(t, str) else [])
                stack.extend(node.get("@graph") or [])
    return types


def looks_like_article(sel: Selector) -> bool:
    """True if the page's own markup says it is an article, or it reads like one."""
    if any(ARTICLE_TYPES.fullmatch(t) for t in _jsonld_types(sel)):
        return True
    if sel.xpath('//*[@itemtype and contains(@itemtype, "Article")]'):
        return True
    og_type = (sel.xpath('//meta[@property="og:type"]/@content').get() or "").strip().lower()
    if og_type == "article":
        return True
    if og_type in NON_ARTICLE_OG_TYPES:
        return False
    # No metadata: an article has a headline and several long paragraphs in one container.
    if not sel.xpath("//h1"):
        return False
    for container in sel.xpath("//article | //main | //div"):
        paras = container.xpath("./p | ./div/p")
        long_paras = [
            p for p in paras if len(" ".join(p.xpath(".//text()").getall())) >= MIN_PARAGRAPH_CHARS
        ]
        if len(long_paras) >= MIN_PARAGRAPHS:
            return True
    return False


def url_kind(path_and_query: str) -> str | None:
    """ "listing" or "article" if the URL's shape says so, None if it does not tell."""
    if LISTING_URL.search(path_and_query):
        return "listing"
    if ARTICLE_URL.search(path_and_query):
        return "article"
    return None


def page_kind(sel: Selector) -> str | None:
    """ "article" or "listing" if the page's metadata says so, None if it does not."""
    if any(ARTICLE_TYPES.fullmatch(t) for t in _jsonld_types(sel)):
        return "article"
    if sel.xpath('//*[@itemtype and contains(@itemtype, "Article")]'):
        return "article"
    og_type = (sel.xpath('//meta[@property="og:type"]/@content').get() or "").strip().lower()
    if og_type == "article":
        return "article"
    if og_type in NON_ARTICLE_OG_TYPES:
        return "listing"
    return None


def classify(path_and_query: str, sel: Selector) -> tuple[bool, str]:
    """Whether a page is an article, and why: "metadata", "url" or "structure".

    The page's own metadata wins; a listing-shaped URL (tag, section, author, search) is
    never an article without it; otherwise the markup decides as in looks_like_article.
    """
    kind = page_kind(sel)
    if kind:
        return kind == "article", "metadata"
    if url_kind(path_and_query) == "listing":
        return False, "url"
    return looks_like_article(sel), "structure"
