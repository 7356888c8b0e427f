"""Tells article pages from section fronts, tag pages and other furniture (pure)."""

from __future__ import annotations

import json
import re

from parsel import Selector

ARTICLE_TYPES = re.compile(r"(News|Report|Opinion|Analysis|Blog|Review)?Article|BlogPosting", re.I)
NON_ARTICLE_OG_TYPES = {"website", "profile", "video.other", "music.song"}
MIN_PARAGRAPHS = 3
MIN_PARAGRAPH_CHARS = 60


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
