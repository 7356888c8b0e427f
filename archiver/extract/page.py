"""Visible-page evidence: byline, date blocks, figures and headline read from the markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from archiver.extract.body import select, text_of
from archiver.extract.byline import parse_byline
from archiver.extract.credit import split_credit_element
from archiver.extract.patterns import (
    AUTHOR_SELECTORS,
    BREADCRUMB_XPATH,
    DATE_SELECTORS,
    UPDATED_SELECTORS,
)

_FIGURE_XP = etree.XPath("//figure[.//img]")
_CREDIT_CLASS_RE = re.compile(
    r"credit|source|copyright|photographer|byline|author|quelle|urheber", re.I
)
_TEASER_RE = re.compile(
    r"related|teaser|promo|recommend|more-stories|sidebar|advert|card|gallery", re.I
)
_NOT_BYLINE_STEMS = (
    r"comments?|commentlist|respond|related|teasers?|recommend\w*|more-stories|reply"
)
_NOT_BYLINE_RE = re.compile(
    rf"^(?:{_NOT_BYLINE_STEMS})(?:[-_].*)?$|^.*[-_](?:{_NOT_BYLINE_STEMS})$", re.I
)
_WS_RE = re.compile(r"\s+")
_ID_TOKEN_RE = re.compile(r"[A-Za-z0-9]{10,}")
_GENERIC_TOKENS = frozenset(
    {"thumbnail", "thumbnails", "wordpress", "wp-content", "uploads", "original"}
)
_MAY_HAVE_BYLINE = etree.XPath(
    "boolean(//*[@rel='author' or contains(@itemprop, 'author') or contains(@class, 'author')"
    " or contains(@class, 'byline')])"
)
_MAY_HAVE_DATE = etree.XPath(
    "boolean(//time | //*[contains(@itemprop, 'date') or contains(@class, 'date')"
    " or contains(@class, 'published') or contains(@class, 'updated')"
    " or contains(@class, 'timestamp') or contains(@class, 'dateline')])"
)
_TAG_LINKS_XP = etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
_BREADCRUMB_XP = etree.XPath(BREADCRUMB_XPATH)
_IMG_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset")


@dataclass
class Byline:
    """A byline found in the page: the printed text and what it names."""

    text: str
    authors: list[str]
    agencies: list[str]


def spaced_text(el: HtmlElement) -> str:
    """Text with a space between nodes: "Author<span>Jane Doe</span>" -> "Author Jane Doe"."""
    return _WS_RE.sub(" ", " ".join(el.itertext())).strip()


def _outside_furniture(el: HtmlElement) -> bool:
    """Not inside comments, forms, sidebars or teasers, where other people's names live."""
    for anc in el.iterancestors():
        if anc.tag in ("form", "footer", "aside", "nav"):
            return False
        if anc.tag in ("body", "html"):
            break
        marks = f"{anc.get('class', '')} {anc.get('id', '')}".split()
        if any(_NOT_BYLINE_RE.match(token) for token in marks):
            return False
    return True


def find_byline(tree: HtmlElement, selectors: tuple[str, ...] = AUTHOR_SELECTORS) -> Byline | None:
    """The first selector whose element names a person or agency. Only the first element and
    its close siblings count: later matches are comment authors or other articles' bylines."""
    if selectors is AUTHOR_SELECTORS and not _MAY_HAVE_BYLINE(tree):
        return None  # one cheap pass instead of fifteen selectors that would all miss
    for sel in selectors:
        found = [
            e for e in select(tree, sel)[:30]
            if e.tag not in ("meta", "link", "html", "body") and _outside_furniture(e)
        ]  # fmt: skip
        if not found:
            continue
        first = found[0]
        family = first.getparent()
        family = (
            family.getparent() if family is not None and family.getparent() is not None else family
        )
        group = [first] + [
            e for e in found[1:4] if family is not None and family in e.iterancestors()
        ]
        texts: list[str] = []
        for el in group:
            text = spaced_text(el)
            if text and len(text) < 160 and text not in texts:
                texts.append(text)
        authors: list[str] = []
        agencies: list[str] = []
        for text in texts:
            a, g = parse_byline(text)
            authors += [x for x in a if x.lower() not in {y.lower() for y in authors}]
            agencies += [x for x in g if x not in agencies]
        if authors or agencies:
            return Byline(" ".join(texts), authors, agencies)
    return None


def find_dates(tree: HtmlElement, selectors: tuple[str, ...] = DATE_SELECTORS) -> list[str]:
    """Raw date texts of the page, best first: datetime attributes, then printed text."""
    out: list[str] = []
    generic = selectors is DATE_SELECTORS or selectors is UPDATED_SELECTORS
    if generic and not _MAY_HAVE_DATE(tree):
        return out  # one cheap pass instead of a dozen selectors that would all miss
    for sel in selectors:
        for el in [e for e in select(tree, sel)[:10] if _outside_furniture(e)][:3]:
            value = el.get("datetime") or el.get("content")
            if not value and len(el) < 12:  # a date is a short element, not a whole section
                value = text_of(el)
            if value and len(value) < 120 and value not in out:
                out.append(value)
        if len(out) >= 4:
            break
    return out


def find_updated(tree: HtmlElement) -> list[str]:
    return find_dates(tree, UPDATED_SELECTORS)


def image_url(img: HtmlElement, base: str) -> str | None:
    for attr in _IMG_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return urljoin(base, value.split(",")[0].split()[0])
    return None


def _teaser(el: HtmlElement) -> bool:
    for anc in el.iterancestors():
        marks = f"{anc.get('class', '')} {anc.get('id', '')}"
        if _TEASER_RE.search(marks):
            return True
    return False


def find_figures(tree: HtmlElement, base: str) -> list[dict[str, Any]]:
    """Photos printed with figure markup, with caption and credit split, page order."""
    out: list[dict[str, Any]] = []
    for fig in _FIGURE_XP(tree):
        if _teaser(fig):
            continue
        img = next(fig.iter("img"), None)
        url = image_url(img, base) if img is not None else None
        if not url:
            continue
        caption_el = next(fig.iter("figcaption"), None)
        caption_text = credit_text = None
        if caption_el is not None:
            credit_els = [
                e
                for e in caption_el.iter()
                if e is not caption_el
                and _CREDIT_CLASS_RE.search(f"{e.get('class', '')} {e.get('itemprop', '')}")
            ]
            credit_text = " ".join(text_of(e) for e in credit_els) or None
            for e in credit_els:
                e.drop_tree()  # so the caption text is read without the credit
            caption_text = text_of(caption_el)
        # Without a figcaption there is no caption: alt text describes, it does not caption.
        caption, credit, raw = split_credit_element(caption_text, credit_text)
        out.append({"url": url, "caption": caption, "credit": credit, "credit_raw": raw})
    return out


def same_image(a: str, b: str) -> bool:
    """Two URLs of one photo: equal, or the same file name under different sizes/CDNs."""
    if a == b:
        return True
    name_a = urlsplit(a).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    name_b = urlsplit(b).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    strip = re.compile(r"[-_]?\d{2,4}x\d{2,4}$|[-_](?:large|medium|small|thumb|wide|square)$")
    if bool(name_a) and len(name_a) > 4 and strip.sub("", name_a) == strip.sub("", name_b):
        return True
    # CDNs put sizes and crops in the path but keep the photo's id: share a long token.
    tokens_a = set(_ID_TOKEN_RE.findall(urlsplit(a).path)) - _GENERIC_TOKENS
    return bool(tokens_a & set(_ID_TOKEN_RE.findall(urlsplit(b).path)))


def _outside_furniture_tags(el: HtmlElement) -> bool:
    # Tag clouds of sidebars list the whole site's topics, not this article's.
    return not any(anc.tag in ("aside", "footer", "nav") for anc in el.iterancestors())


def find_tags(tree: HtmlElement) -> list[str]:
    """Topic links printed with rel="tag", in page order."""
    tags = [text_of(a) for a in _TAG_LINKS_XP(tree) if _outside_furniture_tags(a)]
    return list(dict.fromkeys(t for t in tags if t and len(t) < 60))


def find_section(tree: HtmlElement, headline: str | None) -> str | None:
    """The last breadcrumb link before the article itself: "News > World" -> "World"."""
    links = [text_of(a) for a in _BREADCRUMB_XP(tree)]
    links = list(dict.fromkeys(t for t in links if t and t != headline and len(t) < 40))
    return links[-1] if len(links) >= 2 else None


def find_headline(tree: HtmlElement) -> str | None:
    for el in tree.iter("h1"):
        text = text_of(el)
        if text:
            return text
    return None


def page_title(tree: HtmlElement) -> str | None:
    title = tree.find(".//title")
    if title is None:
        return None
    text = text_of(title)
    # "Headline | Site" / "Headline - Site": the site part is not the headline.
    return re.split(r"\s+[|–—]\s+|\s+-\s+(?=[^-]+$)", text)[0].strip() or None
