"""JSON-LD, microdata, OpenGraph and meta-tag evidence, read from a parsed page (extruct)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from extruct.w3cmicrodata import MicrodataExtractor
from lxml import etree
from lxml.html import HtmlElement

from archiver.extract.credit import clean_credit, split_caption
from archiver.extract.patterns import (
    ARTICLE_TYPES,
    META_FIELDS,
    PAGE_TYPES,
    TWITTER_WRITER_KEY,
    TWITTER_WRITER_LABEL_RE,
)
from archiver.jsontext import load_json

_WS_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_MICRODATA = MicrodataExtractor()
# A <meta> content longer than this (characters) is no value of any field (the longest, a
# description, is a paragraph) and is not read.
MAX_META_CHARS = 10_000
_ITEMTYPES_XP = etree.XPath("//*[@itemscope]/@itemtype")


def clean_text(value: Any) -> str | None:
    """Whitespace-collapsed text of a scalar metadata value, None when empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _WS_RE.sub(" ", str(value)).strip()
    return text or None


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type") or obj.get("type") or []
    names = t if isinstance(t, list) else [t]
    return {str(n).rsplit("/", 1)[-1] for n in names}


def _walk(obj: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD node of a block, @graph members and nested lists included."""
    if isinstance(obj, list):
        for item in obj:
            yield from _walk(item)
    elif isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in obj:
                yield from _walk(obj[key])


def jsonld_scripts(tree: HtmlElement) -> list[HtmlElement]:
    """The page's JSON-LD <script>s, in page order (lxml's walk in C, faster than XPath's)."""
    return [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]


def jsonld_nodes(tree: HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD nodes of the page; a broken, huge or too deep block is skipped, not fatal
    (archiver.jsontext)."""
    nodes: list[dict[str, Any]] = []
    for script in jsonld_scripts(tree):
        data = load_json(script.xpath("string()"))
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        nodes.extend(_walk([item for item in items if item]))
    return nodes


def _names(value: Any, ids: dict[str, dict[str, Any]] | None = None) -> list[tuple[str, bool]]:
    """(name, is_organization) pairs of a schema.org author/creator value; {"@id": ...}
    references (Yoast's @graph) are looked up in `ids`."""
    out: list[tuple[str, bool]] = []
    for item in value if isinstance(value, list) else [value]:
        if (
            isinstance(item, dict)
            and ids
            and set(item) <= {"@id", "@type"}
            and item.get("@id") in ids
        ):
            item = ids[item["@id"]]
        if isinstance(item, dict):
            name = clean_text(item.get("name"))
            if not name and (given := clean_text(item.get("givenName"))):
                name = " ".join(filter(None, [given, clean_text(item.get("familyName"))]))
            if name:
                out.append(
                    (
                        name,
                        "Organization" in _types(item) or "NewsMediaOrganization" in _types(item),
                    )
                )
        elif (name := clean_text(item)) and not name.startswith("http"):
            out.append((name, False))
    return out


def _images(value: Any, base: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            url = clean_text(item.get("url") or item.get("contentUrl"))
            if not url:
                continue
            credit = clean_text(item.get("creditText"))
            if not credit:
                holders = _names(
                    item.get("copyrightHolder") or item.get("author") or item.get("creator")
                )
                credit = "/".join(n for n, _ in holders) or None
            caption = clean_text(item.get("caption") or item.get("description"))
            credit, raw = clean_credit(credit)
            if caption:
                # "Kim Jong-un. Foto: KCNA/Reuters": the credit printed into the caption.
                c_caption, c_credit, c_raw = split_caption(caption)
                if c_credit and (not credit or c_caption):
                    caption = c_caption
                    if not credit:
                        credit, raw = c_credit, c_raw
            out.append(
                {
                    "url": urljoin(base, url),
                    "caption": caption,
                    "credit": credit,
                    "credit_raw": raw,
                }
            )
        elif url := clean_text(item):
            out.append(
                {"url": urljoin(base, url), "caption": None, "credit": None, "credit_raw": None}
            )
    return out


def _keywords(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [t for t in (clean_text(i) for i in items) if t]


def schema_fields(
    obj: dict[str, Any], base: str, ids: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Article fields of one schema.org node (JSON-LD or microdata properties)."""
    get = obj.get
    people = _names(get("author") or get("creator"), ids)
    publisher = _names(get("publisher") or get("sourceOrganization"), ids)
    canonical = get("mainEntityOfPage")
    if isinstance(canonical, dict):
        canonical = canonical.get("@id") or canonical.get("url")
    section = get("articleSection")
    fields = {
        "headline": clean_text(get("headline") or get("name")),
        "description": clean_text(get("description")),
        "section": clean_text(section[0] if isinstance(section, list) and section else section),
        "tags": _keywords(get("keywords")),
        "language": clean_text(get("inLanguage")),
        "authors_raw": people,
        "site": publisher[0][0] if publisher else None,
        "published": clean_text(get("datePublished") or get("dateCreated")),
        "updated": clean_text(get("dateModified")),
        "images": _images(get("image") or get("thumbnailUrl"), base),
        "canonical_url": urljoin(base, c) if (c := clean_text(canonical or get("url"))) else None,
        "body": clean_text(get("articleBody")),
    }  # fmt: skip
    return {k: v for k, v in fields.items() if v}


def read_jsonld(tree: HtmlElement, base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(article fields, page-level fields) from JSON-LD: the best article node, then the
    WebPage/other nodes for what the article node lacks (publisher, dates on WebPage...)."""
    article: dict[str, Any] = {}
    page: dict[str, Any] = {}
    nodes = jsonld_nodes(tree)
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 2}
    for node in nodes:
        types = _types(node)
        if types & ARTICLE_TYPES and not article:
            article = schema_fields(node, base, ids)
        elif (
            types & PAGE_TYPES
            or "WebSite" in types
            or "Organization" in types
            or "NewsMediaOrganization" in types
        ):
            fields = schema_fields(node, base, ids)
            if "WebSite" in types or "Organization" in types or "NewsMediaOrganization" in types:
                fields = {"site": fields["headline"]} if fields.get("headline") else {}
            for key, value in fields.items():
                page.setdefault(key, value)
    return article, page


def read_microdata(tree: HtmlElement, base: str) -> dict[str, Any]:
    """Article fields from microdata, when the page has an item of an article type."""
    # extruct reads every item of the page, most of the layer's time on pages whose items are
    # breadcrumbs, ratings or the site: only an article's are used.
    types = {t.rsplit("/", 1)[-1] for value in _ITEMTYPES_XP(tree) for t in value.split()}
    if not types & ARTICLE_TYPES:
        return {}
    try:
        items = _MICRODATA.extract_items(tree, base)
    except Exception:  # noqa: BLE001 - malformed microdata is common; it is only one layer
        return {}
    articles = [dict(i.get("properties") or {}) for i in items if _types(i) & ARTICLE_TYPES]
    if len(articles) > 1:
        # Several articles: teasers of other pages ("Related"), each naming its own by `url`,
        # beside this page's own article, if it has one. (A `url` may also be an image's,
        # merged into the item: one without a page's url is not known to be a teaser.)
        urls = [_first(a.get("url")) for a in articles]
        own = [a for a, u in zip(articles, urls, strict=True) if u and same_page(u, base)]
        articles = own or ([] if all(urls) else articles)
    return schema_fields(articles[0], base) if articles else {}


def _first(value: Any) -> str | None:  # noqa: ANN401
    """The first of a property's values (microdata repeats a property as a list)."""
    value = value[0] if isinstance(value, list) and value else value
    return clean_text(value)


def _page_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").removeprefix("www."), parts.path.rstrip("/")


def same_page(url: str, base: str) -> bool:
    """`url` (as a page writes it, maybe relative) names the page at `base`, whatever its
    scheme, "www." prefix, trailing slash, query or fragment."""
    return _page_key(urljoin(base, url)) == _page_key(base)


def read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    """Every <meta> content by lower-cased name/property/itemprop, in page order."""
    meta: dict[str, list[str]] = {}
    for el in tree.iter("meta"):  # lxml's walk in C; one without content gives nothing
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if content and len(content) > MAX_META_CHARS:
            continue  # no field's value: a page (or an attack) stuffed into an attribute
        content = clean_text(content)
        if key and content:
            meta.setdefault(key.strip().lower(), []).append(content)
    _label_pairs(meta)
    _site_account(meta)
    return meta


def _site_account(meta: dict[str, list[str]]) -> None:
    """twitter:creator dropped where it is the site's own account (twitter:site, "@" or
    not): the publisher posted the page, no writer is named."""
    site = {v.strip().lstrip("@").lower() for v in meta.get("twitter:site", [])}
    creators = meta.get("twitter:creator")
    if site and creators and all(c.strip().lstrip("@").lower() in site for c in creators):
        del meta["twitter:creator"]


def _label_pairs(meta: dict[str, list[str]]) -> None:
    """The writer a pair of twitter:labelN and twitter:dataN metas gives ("Written by",
    "Jane Doe"), as the meta TWITTER_WRITER_KEY."""
    for key, labels in list(meta.items()):
        if not key.startswith("twitter:label") or not labels:
            continue
        data = meta.get("twitter:data" + key.removeprefix("twitter:label"))
        if data and TWITTER_WRITER_LABEL_RE.fullmatch(labels[0].strip()):
            meta.setdefault(TWITTER_WRITER_KEY, []).append(data[0])


def meta_field(meta: dict[str, list[str]], field: str) -> tuple[list[str], str] | None:
    """Values of the first meta name that has `field`, with its layer name."""
    for name, layer in META_FIELDS.get(field, ()):
        if values := meta.get(name):
            return values, layer
    return None
