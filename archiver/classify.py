"""The one article test: whether a page is an article, and why (pure: an lxml tree and URL in)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from archiver.jsontext import load_json
from archiver.pagetype import (
    MIN_CARDS,
    MIN_CODE_BLOCKS,
    MIN_LINK_ROWS,
    MIN_LIST_ITEMS,
    MIN_MANUAL_CODE_BLOCKS,
    MIN_ROW_LINK_RATIO,
    MIN_SIBLING_LINKS,
    XPATH_SPACE,
    Shape,
    calls_to_action,
    credit_marks,
    credits,
    dateline,
    headlines,
    host_and_path,
    in_menu,
    linked_rows,
    manual_marked_article,
    manual_url,
    may_list_rows,
    might_be_thread,
    offers_call,
    published,
    teaser_headlines,
)

# What page_type tells a page to be.
PAGE_TYPES = ("article", "listing", "forum", "product", "service", "documentation", "other")
# Prose under a grid of cards beyond which the cards are the page's aside (a long article
# with a grid of related stories), not its content.
MAX_GRID_PROSE = 1500
# A page naming no author nor date, under no story's URL, whose largest block of prose is
# shorter than this, is a service or landing page: a hero's pitch and feature blurbs among
# navigation. An article that credits nobody runs longer.
MAX_SERVICE_PROSE = 500
# ...among many headings: a landing page is sections of a heading and a blurb each (features,
# benefits, plans, testimonials), where a short article has a few or none.
MIN_SERVICE_SECTIONS = 8
# ...and, on a page whose metadata says nothing, among link text (menus, calls to action,
# footer directories) this many times its prose: a short article's page has far less.
MIN_NAV_RATIO = 8
# A page the site's menu links to (in_menu), undated, unmarked, whose prose lies in many
# places (sections of a heading and a blurb, tabs, cards): its largest section holds less
# than this share of the page's text. A company's page; a story's text runs in one place.
MAX_MENU_PAGE_PROSE_SHARE = 0.35
# An undated page under no story's URL, its text scattered (MAX_MENU_PAGE_PROSE_SHARE), whose
# own text calls its reader to act at this many places (calls_to_action: contact, a quote, a
# demo, sign-up, applying) is a business's page selling its service: a guide on a company's
# site tells, and asks at most once.
MIN_CALLS_TO_ACTION = 2
# A page a business files under its services, one or two levels down ("/services/audit",
# "/services/security/consulting"), undated and marked as no story's: that service's page. A
# story filed in a "services" section sits deeper, or dates itself, or has a story's URL.
SERVICE_URL = re.compile(r"(?i)/services/[^/?#]+(/[^/?#]+)?/?$")
# A page under no story's URL, of many same-shaped headline links (teaser_headlines), whose
# longest block of prose is shorter than this per headline and than a short story, is their
# list (a section's stories, a topic's courses, a magazine's issues) with its introduction: a
# story with a box of related headlines runs longer, and a listicle's items of a few
# paragraphs each give it a body of its own.
MIN_LISTED_HEADLINES = 10
MAX_BODY_PER_HEADLINE = 60
MAX_LIST_INTRO = 1000
# ...or of this many <article> elements with a headline's link, none holding its prose.
MIN_TEASER_ARTICLES = 10
# A grid of cards without prices (a shop's categories, a brand's products, a home page's
# tiles) on a page crediting no one and dated nowhere is its content when it outnumbers the
# page's prose: at least this many cards (an article's box of related stories or products
# holds fewer), and less prose than this per card (a shop's blurb for search engines runs to
# a few paragraphs; a story beside such a grid runs to more than twice this per card).
MIN_GRID_CARDS = 12
MAX_PROSE_PER_CARD = 150

# A help centre's host or path ("support.", "/help/", "/faq/", "/kb/"): pages of how to use a
# product, read as a manual's (manual_url) when they say nothing of themselves, name no
# author and are dated nowhere. Not a wiki's nor a site's guides or lessons, where stories
# and an encyclopedia's entries are filed too.
HELP_URL = re.compile(
    r"(?i)^(support|help|helpdesk|kb)\.|/(support|help|help-?cent(er|re)|helpdesk|faqs?|kb"
    r"|knowledge-?base)(/|$)"
)

# Open Graph's product price (product:price:amount, og:price:amount): a shop says the page
# sells one thing at a price.
OG_PRICE = frozenset({"product:price:amount", "og:price:amount"})

# schema.org properties naming one product's identity (a stock-keeping unit, a maker's part
# number, a trade item number): a shop's page of that product names them; a review names the
# product it tells of inside its own Review or Article.
PRODUCT_ID_PROPS = frozenset({"sku", "mpn", "gtin", "gtin8", "gtin12", "gtin13", "gtin14"})

# schema.org types of an article page's main entity: every *Article (NewsArticle, TechArticle,
# ScholarlyArticle...), postings (BlogPosting, LiveBlogPosting), reports, press releases, reviews.
ARTICLE_TYPES = re.compile(
    r"\w*Article|\w*BlogPosting|Report|\w*PressRelease|(Critic|Employer)?Review|Column", re.I
)
# Types that say the page itself is a list or a person, not a story.
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage"})
# Types that say what else the page is. A thread (a forum's, a Q&A site's) is posts; a product
# page offers one thing (several are a shop's category); a service or an organisation's own
# pages (about, contact) are a company's, not a story.
FORUM_TYPES = frozenset({"discussionforumposting", "qapage"})
PRODUCT_TYPES = frozenset({"product", "productgroup", "individualproduct", "productmodel"})
OFFER_TYPES = frozenset({"offer", "aggregateoffer"})
CATALOG_TYPES = frozenset({"offercatalog"})
SERVICE_TYPES = frozenset({"service", "aboutpage", "contactpage"})
# Products on one page beyond which it is a category of them, a grid.
MAX_PRODUCTS = 2
# og:type values of shops (Open Graph's product types, eBay's item).
OG_PRODUCT = re.compile(r"^(product|product\.item|[\w-]+:item)$", re.I)
OG_CATALOG = re.compile(r"^product\.group$", re.I)
# Many article entities on one page are teasers of a listing, not the page's story; a page may
# repeat its own article (JSON-LD and microdata), so up to two say "article".
MAX_ARTICLE_ENTITIES = 2

# URL shapes, matched (re.search) on path?query when no site profile decides. A listing word
# followed by at most two segments is a listing ("/tag/budget", "/topic/2024", "/author/x/"):
# "/politics/archive/2019/05/slug/" is a story filed there. Words naming one item's kind are
# listings only as the last segment: "/video/slug" and "/newsletters/slug" are stories, and
# "?p=123" is WordPress's post id, not a page number.
LISTING_URL = re.compile(
    r"""(?ix)
    ^/?$ | [?&](s|q|query|search)=
    | /(tags?|topics?|sections?|category|categories|authors?|people|contributors?|search
       |archives?)(/[^/?]*){0,2}/?(\?|$)
    | /(live|videos?|galler(y|ies)|podcasts?|newsletters?|subscribe|log-?in|sign-?in|account
       |about|contact)/?(\?|$)
    | /page/\d+/?(\?|$) | [?&](page|paged|pg)=\d+ | /feed/?(\?|$) | \.(xml|rss|atom|json)(\?|$)
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
# A shop's path of one product ("/product/slug" of WooCommerce, "/products/handle" of
# Shopify, and their translations): a product's page, unless it dates itself as a story.
PRODUCT_URL = re.compile(
    r"(?i)/(products?|produkte?|produits?|productos?|prodotti|produtos?)/[^/?#]+/?$"
)
# Query parameters that say where a visitor came from, not which page: campaign tags (utm_*),
# the click ids of ad and search networks (Google's gclid and srsltid, Microsoft's msclkid,
# Facebook's fbclid, Yandex's yclid), mailing lists' (Mailchimp's mc_cid, mc_eid). The URL's
# shape is read without them: a home page reached from a search result is a home page.
TRACKING_PARAM = re.compile(
    r"(?i)^(utm_\w+|gclid|gbraid|wbraid|dclid|srsltid|msclkid|fbclid|yclid|mc_[ce]id|_ga|_gl)$"
)
# Subtrees that never hold the story: code, widgets, the site's navigation, asides and footer.
SKIP_TAGS = frozenset({"script", "style", "template", "svg", "math", "iframe", "object"})
SKIP_TAGS |= {"embed", "select", "option", "button", "textarea", "head", "title"}
FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "dialog", "noscript"})
SKIP_ROLES = frozenset({"navigation", "contentinfo", "complementary", "dialog", "banner"})
# The same furniture named by class or id ("site-footer", "cookie-consent"); never on <body>,
# <main> or <article>, whose classes name the page's layout.
SKIP_CLASSES = re.compile(
    r"(?:^|[\s_-])(footer|copyright|cookies?|consent|gdpr|disclaimer)(?:$|[\s_-])", re.I
)
NEVER_SKIPPED = frozenset({"html", "body", "main", "article"})
# Inline elements continue their block's text; every other element starts a new block. <br>
# is inline: lines printed with <br> stay one block of prose.
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em"}
    | {"font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt", "ruby", "s"}
    | {"samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
)
# CJK, kana and Hangul carry a word or more in one character and put no space between words:
# weighing them lets one character threshold serve every script.
WIDE_CHARS = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
WIDE_CHAR_WEIGHT = 3
# Scripts that write a word in fewer letters than Latin: abjads leave vowels out (Hebrew,
# Arabic, Syriac, Thaana), abugidas join them to consonants (Devanagari and the other Indic
# scripts, Thai, Lao, Myanmar, Khmer, Ethiopic). Weighed so a paragraph weighs about what its
# translation into a Latin script does.
DENSE_CHARS = re.compile(
    r"[\u0590-\u07bf\u0860-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1200-\u137f"
    r"\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
DENSE_CHAR_WEIGHT = 1.4
_JSONLD_XP = etree.XPath('//script[contains(@type, "ld+json")]/text()')
_TYPES_XP = etree.XPath("//@itemtype | //@typeof")
_ROLES_XP = etree.XPath("//*[@role]")
# Candidates for SKIP_CLASSES, found before the regex reads their tokens: each word less
# its first letter, so "Footer" and "footer" both match.
_NAME_PARTS = ("ooter", "opyright", "ookie", "onsent", "dpr", "DPR", "isclaimer")
_NAME_PART = re.compile("|".join(_NAME_PARTS))
# Every class and id of the page in one pass, each knowing its element (a smart string).
_NAMES_XP = etree.XPath("//@class | //@id")
_ARTICLES_XP = etree.XPath("count(//article)")
# Sentence ends in every script: Latin, Greek and Cyrillic marks, Arabic and Urdu, Devanagari's
# danda, Myanmar, Ethiopic, Armenian, Tibetan, Khmer, and CJK's full-width marks. Thai and Lao
# mark none: a space between two words of theirs ends a sentence or a clause.
SENTENCE_END = re.compile(
    r"[.!?;…؟۔।॥။።։།។](?=[\s\"'”’»)\]]|$)|[。！？]|(?<=[\u0e00-\u0eff])\s+(?=[\u0e00-\u0eff])"
)

# The story's prose: the largest block of non-link text (characters, spaces not counted, CJK
# weighed). A short blog post or news brief runs to 250; a teaser's summary and a section's
# blurb stay below.
MIN_PROSE_CHARS = 250
# A page whose URL reads as a story's (a dated path, a long slug, a story id) needs less: a
# news brief or a short post of a paragraph or two is still an article.
SHORT_PROSE_CHARS = 100
# Running prose is sentences; a list of names, prices or dates is not.
MIN_SENTENCES = 2
# A paragraph: shorter blocks (datelines, address lines, labels, bylines) are not running prose.
MIN_PARAGRAPH_CHARS = 40
# Prose this long needs no sentence count (Thai and other scripts without sentence marks).
LONG_PROSE_CHARS = 600
# Share of link text in the block: a block of headlines, or of link lists with a line of text
# each, is no story; an article (or a podcast's show notes) links some words of its paragraphs.
MAX_LINK_DENSITY = 0.5
# Teasers printed side by side in one block: a headline (a block mostly link) over a summary of
# one or two sentences, again and again. An article has a few "read more" lines between long
# paragraphs: fewer link blocks than half its paragraphs, or much prose for each of them.
MIN_TEASERS = 6
TEASER_SHARE = 0.5
MAX_PROSE_PER_TEASER = 300
# Teasers each in its own box (<li>, card): a box of one headline and at most one short
# paragraph. Three such boxes side by side are a list; an article's sections hold no headline
# links, and its "related" boxes are few beside its paragraphs.
MIN_TEASER_BOXES = 3
# A headline is a few words: a link of a timestamp, "Share" or "PDF" is no teaser's headline.
MIN_HEADLINE_CHARS = 15


@dataclass(frozen=True)
class Prose:
    """A block of a page: its prose and link text (characters), sentence ends, paragraphs
    (blocks of prose), link blocks (blocks mostly link: headlines, link lists) and the boxes
    of one headline and a summary it holds."""

    chars: float = 0.0
    link_chars: float = 0.0
    sentences: int = 0
    blocks: int = 0
    link_blocks: int = 0
    teaser_boxes: int = 0
    #: The block's container (None for no block).
    at: HtmlElement | None = field(default=None, compare=False)

    @property
    def link_density(self) -> float:
        total = self.chars + self.link_chars
        return self.link_chars / total if total else 1.0


class _Page:
    """What the article test reads of a page beyond its metadata, each part read when first
    asked and kept: the site's furniture, the page's prose, and its structure (Shape)."""

    def __init__(self, tree: HtmlElement, url: str) -> None:
        self.tree = tree
        self.shape = Shape(tree, url, lambda: (self.block.at, self.furniture))

    @cached_property
    def furniture(self) -> set[HtmlElement]:
        return _skipped(self.tree, len(self._elements))

    @cached_property
    def _elements(self) -> list[HtmlElement]:
        return list(self.tree.iter())

    @cached_property
    def _prose(self) -> tuple[Prose, Prose, float]:
        return _prose_blocks(self.tree, self._elements, self.furniture)

    @property
    def block(self) -> Prose:
        """The largest block of running prose (prose_blocks)."""
        return self._prose[0]

    @property
    def section(self) -> Prose:
        """The largest block of such blocks (prose_blocks)."""
        return self._prose[1]

    @property
    def total(self) -> float:
        """The page's text outside links and furniture (characters)."""
        return self._prose[2]


def _types(value: Any) -> list[str]:
    types = value if isinstance(value, list) else [value]
    # "schema:NewsArticle" and "https://schema.org/NewsArticle" name the same type.
    return [re.split(r"[/:#]", t)[-1] for t in types if isinstance(t, str)]


def _jsonld_entities(tree: HtmlElement) -> Iterator[tuple[dict[str, Any], bool]]:
    """Top-level and @graph entities of the page's JSON-LD, and whether each is a page's
    mainEntity (walked into too)."""
    for raw in _JSONLD_XP(tree):
        if (data := load_json(raw)) is None:
            continue
        stack: list[tuple[Any, bool]] = [(data, False)]
        while stack:
            node, main = stack.pop()
            if isinstance(node, list):
                stack.extend((n, main) for n in node)
            elif isinstance(node, dict):
                yield node, main
                stack.extend((n, False) for n in _as_list(node.get("@graph")))
                stack.extend((n, True) for n in _as_list(node.get("mainEntity")))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _og_type(tree: HtmlElement) -> str:
    """The page's og:type: the content of its first <meta property="og:type"> that has one
    ("" if none does). <meta> elements are few, and found without XPath."""
    for meta in tree.iter("meta"):
        if meta.get("property") == "og:type" and (content := meta.get("content")) is not None:
            return content
    return ""


def page_kind(tree: HtmlElement) -> str | None:
    """ "article" or "listing" if the page's metadata says so, None if it does not.

    schema.org (JSON-LD, microdata, RDFa) first, then og:type; og:type=website decides
    nothing, since many article pages say "website".
    """
    articles: set[str] = set()
    listing = False
    for node, main in _jsonld_entities(tree):
        types = _types(node.get("@type"))
        if any(ARTICLE_TYPES.fullmatch(t) for t in types):
            key = node.get("@id") or node.get("url") or node.get("headline") or id(node)
            articles.add(str(key))
        elif any(t.lower() in LISTING_TYPES for t in types):
            listing = True
        elif "ItemList" in types and main:
            # Only as the page's main entity: beside an article, an ItemList is "related".
            listing = True
    for i, declared in enumerate(_TYPES_XP(tree)):
        types = _types(declared.split())
        if any(ARTICLE_TYPES.fullmatch(t) for t in types):
            articles.add(f"microdata-{i}")
        elif any(t.lower() in LISTING_TYPES for t in types):
            listing = True
    if 0 < len(articles) <= MAX_ARTICLE_ENTITIES:
        return "article"
    if listing:
        return "listing"
    og_type = _og_type(tree).strip().lower()
    if "article" in og_type:
        return "article"
    if og_type == "profile":
        return "listing"
    return None


def declared_type(tree: HtmlElement) -> str | None:
    """What the page's metadata says it is: one of PAGE_TYPES, or None if it does not say
    (_declared)."""
    return _declared(tree)[0]


def _declared(
    tree: HtmlElement, entities: list[tuple[dict[str, Any], bool]] | None = None
) -> tuple[str | None, bool, bool]:
    """What the page's metadata says it is, whether schema.org says it (not og:type), and
    whether its schema.org (JSON-LD, microdata, RDFa) names a product.

    schema.org (JSON-LD, microdata, RDFa) first, then og:type. A thread or Q&A type wins over
    an article type (forums mark their first post an article too); a product with an offer
    and no article is a product page, three products are a category; an article entity (one
    or two) says "article"; then listing and service types. ``entities``: the page's
    _jsonld_entities, when read already.
    """
    types: set[str] = set()
    articles: set[str] = set()
    products = 0
    main_list = False
    for node, main in _jsonld_entities(tree) if entities is None else entities:
        found = _types(node.get("@type"))
        lowered = {t.lower() for t in found}
        types |= lowered
        if any(ARTICLE_TYPES.fullmatch(t) for t in found):
            key = node.get("@id") or node.get("url") or node.get("headline") or id(node)
            articles.add(str(key))
        if lowered & PRODUCT_TYPES:
            products += 1
            # A ProductGroup's offers are its variants' (schema.org's hasVariant).
            variants = [v for v in _as_list(node.get("hasVariant")) if isinstance(v, dict)]
            if node.get("offers") or any(v.get("offers") for v in variants):
                types.add("offer")
        main_list |= "itemlist" in lowered and main
    for i, declared in enumerate(_TYPES_XP(tree)):
        found = _types(declared.split())
        lowered = {t.lower() for t in found}
        types |= lowered
        if any(ARTICLE_TYPES.fullmatch(t) for t in found):
            articles.add(f"microdata-{i}")
        products += bool(lowered & PRODUCT_TYPES)
    og_type = _og_type(tree).strip()
    named = products > 0
    if types & FORUM_TYPES:
        return "forum", True, named
    if products > MAX_PRODUCTS and not articles or types & CATALOG_TYPES:
        return "listing", True, named
    if products and types & OFFER_TYPES and not articles or OG_PRODUCT.match(og_type):
        return "product", True, named
    if OG_CATALOG.match(og_type):
        return "listing", True, named
    if 0 < len(articles) <= MAX_ARTICLE_ENTITIES:
        return "article", True, named
    if types & LISTING_TYPES or main_list:
        return "listing", True, named
    if types & SERVICE_TYPES:
        return "service", True, named
    if "article" in og_type.lower():
        return "article", False, named
    if og_type.lower() == "profile":
        return "listing", True, named
    return None, True, named


def jsonld_credit(
    tree: HtmlElement, entities: list[tuple[dict[str, Any], bool]] | None = None
) -> bool:
    """Whether an article entity of the page's JSON-LD names its author or publication date
    (a WebPage's dates, which site builders put on every page, do not count). ``entities``:
    the page's _jsonld_entities, when read already."""
    for node, _ in _jsonld_entities(tree) if entities is None else entities:
        if any(ARTICLE_TYPES.fullmatch(t) for t in _types(node.get("@type"))) and (
            node.get("author") or node.get("datePublished")
        ):
            return True
    return False


def page_type(tree: HtmlElement, url: str) -> tuple[str, str]:
    """What a page is (one of PAGE_TYPES), and why: "metadata", "url" or "structure".

    What the page says it is first (declared_type); a page saying "article", or nothing, is
    then read: the posts of a thread, a buy control beside a price, a grid of cards, a
    manual's sidebar with its chrome each say what the page is whatever its metadata (forum
    software and shops mark their pages articles too). Without article metadata a
    listing-shaped URL is a listing. A page that does not date itself as a story (URL,
    metadata, a dateline by its headline) is a product under a shop's product path, and a
    company's page (service) when the site's menu links to it and its text lies in many
    places. Under no story's URL, many teasers (same-shaped headline links with blurbs, or
    short <article> cards) beside little prose of the page's own are a listing, even dated by
    og:type=article alone; so is a page whose largest prose is one teaser's blurb, and a grid
    of priced cards on a page whose only credit is a class's name. A page crediting no one
    and dated nowhere is a listing when a grid of cards outnumbers its prose, and a manual's
    page under a manual's URL when it says nothing of itself. The page's prose decides
    the rest: a headline over running prose is an article, teasers a listing, and short prose
    among navigation a service or landing page. Only an HTML document is a page: a feed's XML
    is "other".
    """
    if etree.QName(tree).localname != "html":
        return "other", "structure"
    # The page's JSON-LD, parsed once for what it declares and whom it credits.
    entities = list(_jsonld_entities(tree))
    said, by_schema, names_product = _declared(tree, entities)
    if said not in (None, "article"):
        return said, "metadata"
    if said is None and _identified_product(entities):
        return "product", "metadata"
    if (said is None or not by_schema) and _og_priced(tree) and not dateline(tree):
        # Open Graph's price of a product: a shop's page, whatever og:type its theme gives
        # it (and the time of its last edit), unless a story's date stands by its headline.
        return "product", "metadata"
    shape_of_url = url_kind(_path_and_query(url))
    if said is None and shape_of_url == "listing":
        return "listing", "url"
    in_jsonld = jsonld_credit(tree, entities)
    marks = credit_marks(tree, url)
    dated = in_jsonld or published(tree, url, marks)
    # Marked up as a story's: its date or its author in markup, not by a class's name alone.
    marked, credit = credits(tree, url, marks)
    marked, credit = marked or dated, credit or in_jsonld
    # An article's schema.org entity settles it when the page marks who wrote it or when; a
    # theme's Article on every page (a manual's, a shop's) names neither.
    settled = said == "article" and (dated or by_schema and marked)
    story_url = shape_of_url == "article"
    # A list's page may date itself by og:type=article too (a section's or a topic's, with its
    # last story's time): such a page under no story's URL is read (og_listed), for many
    # headlines with blurbs or a blurb among teasers. A schema.org article entity that names
    # its author or date is a story's.
    og_listed = settled and not by_schema and not story_url
    if said == "article" and manual_marked_article(tree, url):
        # A docs generator marks every page an article, its date the build's.
        return "documentation", "structure"
    page = _Page(tree, url)
    shape = page.shape
    if _link_list(page):
        return "listing", "structure"
    if settled and not og_listed and not might_be_thread(tree, shape.hrefs):
        return "article", "metadata"  # the common case, decided without reading the page
    if shape.posts and shape.prose_in_post:  # Shape counts MIN_POSTS, or two by a thread URL
        return "forum", "structure"
    if settled:
        # An article's own metadata outweighs its affiliate buttons, galleries and sidebars;
        # og:type=article alone does not, when the page names no author and no date (site
        # builders give it to every page).
        if og_listed and (
            _headline_list(shape, page.block) and _listed(tree) or shape.teasers_around_prose
        ):
            return "listing", "structure"
        if og_listed and _shop_grid(page, storied=True):
            # Dated by its metadata alone: a grid of priced cards among little prose.
            return "listing", "structure"
        return "article", "metadata"
    # A story dates itself: in its URL, its metadata, or by its headline.
    storied = dated or dateline(tree)
    if names_product and not storied and shape.buy_with_price:
        # A shop's page naming its product in schema.org, a buy control by a price, undated:
        # its og:type=article and a byline's class are its theme's.
        return "product", "structure"
    # og:type=article with a byline outweighs affiliate buttons and galleries too; so does an
    # article's schema.org entity under a story's URL (a shop's blog post showing its wares).
    if (
        not (said == "article" and (credit or by_schema and story_url))
        and (kind := _structure_type(page, credit, storied)) is not None
    ):
        return kind, "structure"
    if not marked and _shop_grid(page, storied):
        # A byline's class on og:type=article outweighs a buy button, not a shop's grid.
        return "listing", "structure"
    if not storied and PRODUCT_URL.search(urlsplit(url).path):
        return "product", "url"
    if not credit and not storied and not story_url and _card_grid(page):
        return "listing", "structure"
    if said is None and not credit and not storied and not story_url and _manual_or_help(url):
        # Under a manual's or a help centre's host or path (its pages answer how to use a
        # product), a page saying nothing of itself, naming no author and dated nowhere is
        # the manual's: a story filed there credits or dates itself.
        return "documentation", "url"
    if shape.buy_button and said is None and not credit and not storied:
        # A shop's own buy control (a button, where a review links to shops) on a page that
        # calls itself nothing and names no author nor date: a product's, its price printed
        # by the shop's script.
        return "product", "structure"
    if not story_url and _headline_list(shape, page.block):
        return "listing", "structure"
    if said == "article" and not by_schema and _undated_headline_list(page, marked or storied):
        return "listing", "structure"
    if not story_url and shape.teasers_around_prose:
        # The page's largest prose is the blurb of one teaser among many: their list.
        return "listing", "structure"
    if not story_url and not storied and _linked_list(shape, page.block):
        return "listing", "structure"
    # A place in the site's menu, undated by its headline (a page without one is not judged),
    # unmarked, its text in many places: a company's page.
    undated = not marked and not storied and next(headlines(tree), None) is not None
    if undated and _scattered(page) and in_menu(tree, url):
        return "service", "structure"
    if undated and not story_url and SERVICE_URL.search(urlsplit(url).path):
        return "service", "url"
    # Crediting no one either, its own text offering a number to call: a business's page.
    if _offers_service(undated and not credit and not story_url, page):
        return "service", "structure"
    # Undated, under no story's URL, its text scattered, asking its reader to act again and
    # again (contact us, get a quote, apply): a business's page selling its service.
    if not storied and not story_url and _calls_to_act(page):
        return "service", "structure"
    short = (
        not credit
        and not story_url
        and page.block.chars < MAX_SERVICE_PROSE
        and shape.headings >= MIN_SERVICE_SECTIONS
        # Without og:type=article given by a site builder, only among much navigation.
        and (said == "article" or shape.link_chars >= MIN_NAV_RATIO * page.block.chars)
    )
    if said == "article":
        return ("service", "structure") if short else ("article", "metadata")
    if _has_headline(tree) and any(
        _running_prose(p, story_url) for p in (page.block, page.section)
    ):
        return ("service", "structure") if short else ("article", "structure")
    if _teasers(page.block) or _teasers(page.section):
        return "listing", "structure"
    return "service", "structure"


def _structure_type(page: _Page, credit: bool, storied: bool) -> str | None:
    """The kind the page's structure shows, None if it shows none but prose. ``credit``: the
    page names its author or a date; ``storied``: it dates itself as a story does (its URL,
    its metadata, a dateline by its headline)."""
    shape = page.shape
    if shape.buy_with_price:
        return "product"
    if _shop_grid(page, storied):
        # A shop's grid: an article's galleries and "related" boxes carry no prices.
        return "listing"
    code = shape.code_blocks >= MIN_CODE_BLOCKS or shape.versions
    if storied and not shape.doc_url:
        # A blog's post walking through code beside its archive's links is a story; a date by
        # a manual's headline is its release's.
        return None
    if shape.sibling_links >= MIN_SIBLING_LINKS and code:
        return "documentation"
    if (
        not storied
        and shape.doc_url
        and (code or shape.sibling_links >= MIN_SIBLING_LINKS or shape.manual_nav)
    ):
        # A manual's page under a manual's URL, with code, a version switcher, a sidebar of
        # its siblings, an edit link to its source or a pager of its neighbours, and no date
        # of its own ("last updated" is no story's date).
        return "documentation"
    if not credit and shape.code_blocks >= MIN_MANUAL_CODE_BLOCKS:
        # A tutorial or a post walking through this much code credits its author.
        return "documentation"
    return None


def _shop_grid(page: _Page, storied: bool) -> bool:
    """Whether the page is a shop's grid of cards, half of them priced: beside little prose,
    or beside any prose lying apart from the grid on a page that dates itself nowhere (a
    category's blurb for search engines under its products; a review dates itself, and prints
    its products among its paragraphs)."""
    shape = page.shape
    if not shape.priced_cards * 2 >= MIN_CARDS <= shape.cards:
        return False
    return page.section.chars < MAX_GRID_PROSE or (shape.grid_apart and not storied)


def _card_grid(page: _Page) -> bool:
    """Whether the page is a grid of cards, priced or not, lying apart from its prose and
    outnumbering it (MIN_GRID_CARDS, MAX_PROSE_PER_CARD): same-shaped boxes of a link and a
    picture or a price, or short <article> elements with a headline's link (none holding the
    prose). Asked of a page that credits no one and dates itself nowhere."""
    shape = page.shape
    cards = max(shape.cards if shape.grid_apart else 0, shape.teaser_articles)
    return cards >= MIN_GRID_CARDS and page.block.chars < MAX_PROSE_PER_CARD * cards


def _identified_product(entities: list[tuple[dict[str, Any], bool]]) -> bool:
    """Whether the page's JSON-LD names a product by its identity (PRODUCT_ID_PROPS: its
    SKU, part or trade item number): asked of a page that names no article entity."""
    for node, _ in entities:
        if {t.lower() for t in _types(node.get("@type"))} & PRODUCT_TYPES and any(
            node.get(prop) for prop in PRODUCT_ID_PROPS
        ):
            return True
    return False


def _og_priced(tree: HtmlElement) -> bool:
    """Whether the page's Open Graph metadata gives a product's price (OG_PRICE)."""
    return any(
        (meta.get("property") or "").strip().lower() in OG_PRICE
        and (meta.get("content") or "").strip(XPATH_SPACE)
        for meta in tree.iter("meta")
    )


def _manual_or_help(url: str) -> bool:
    """Whether the URL's host or path is a manual's (MANUAL_URL) or a help centre's
    (HELP_URL)."""
    return manual_url(url) or HELP_URL.search(host_and_path(url)) is not None


def _link_list(page: _Page) -> bool:
    """Whether the page is a list of links printed as rows (a "list of" page, a ranking, an
    index of forms): in the block of its prose, MIN_LINK_ROWS rows or more, each mostly a
    link, whose links outweigh all the page's prose MIN_ROW_LINK_RATIO times (linked_rows).
    Whatever its metadata says: an encyclopedia marks its lists articles too."""
    if not may_list_rows(page.tree):
        return False
    rows, letters = linked_rows(page.block.at, page.furniture)
    return rows >= MIN_LINK_ROWS and letters >= MIN_ROW_LINK_RATIO * page.total


def _undated_headline_list(page: _Page, dated: bool) -> bool:
    """Whether a page called an article by og:type alone (site builders give it to every
    page), dated and credited nowhere in its markup (``dated``: its date or author marked
    up, or a date by its headline), is many teasers' headlines beside a short introduction
    (_headline_list, _listed), whatever its URL: an index's slug of words reads as a story's,
    and a story dates itself."""
    return not dated and _headline_list(page.shape, page.block) and _listed(page.tree)


def url_kind(path_and_query: str) -> str | None:
    """ "listing" or "article" if the URL's shape says so, None if it does not tell."""
    if LISTING_URL.search(path_and_query):
        return "listing"
    if ARTICLE_URL.search(path_and_query):
        return "article"
    return None


def _path_and_query(url: str) -> str:
    """The URL's path and query, the query without its trackers (TRACKING_PARAM): a link
    from a search engine, a newsletter or an ad leads to the same page as the bare URL."""
    parts = urlsplit(url)
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not TRACKING_PARAM.match(pair.split("=", 1)[0])
    )
    return (parts.path or "/") + (f"?{query}" if query else "")


def _weight(text: str | None) -> float:
    """Characters of text, spaces not counted, wide (CJK, Hangul) characters weighed."""
    if not text or text.isspace():
        return 0.0
    n: float = len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")
    if not text.isascii():
        n += (WIDE_CHAR_WEIGHT - 1) * len(WIDE_CHARS.findall(text))
        return n + (DENSE_CHAR_WEIGHT - 1) * len(DENSE_CHARS.findall(text))
    return float(n)


# A text's measure (_measure) when it has none.
_NOTHING = (0.0, 0)


def _measure(text: str) -> tuple[float, int]:
    """A text's weight (_weight) and its sentence ends: one call for both, run on every text
    of the page."""
    if text.isspace():
        return _NOTHING
    return _weight(text), len(SENTENCE_END.findall(text))


def _skipped(tree: HtmlElement, size: int) -> set[HtmlElement]:
    """Elements inside scripts and the like, and inside the site's furniture (navigation,
    footers, asides, cookie notices) unless it holds the headline, <main> or half the page:
    a <nav> or <noscript> left open holds the whole page."""
    out: set[HtmlElement] = set()
    for el in tree.iter(*SKIP_TAGS):
        out.update(el.iter())
    furniture = list(tree.iter(*FURNITURE_TAGS))
    furniture += [e for e in _ROLES_XP(tree) if e.get("role", "").lower() in SKIP_ROLES]
    furniture += [
        e
        for e in _named(tree)
        if e.tag not in NEVER_SKIPPED and SKIP_CLASSES.search(f"{e.get('class')} {e.get('id')}")
    ]
    for el in furniture:
        if el in out or next(el.iter("h1", "main"), None) is not None:
            continue
        inside = list(el.iter())
        if len(inside) < size / 2:
            out.update(inside)
    return out


def _named(tree: HtmlElement) -> list[HtmlElement]:
    """Elements whose class or id holds one of _NAME_PARTS, in the page's order: the values
    searched first, and only the elements of those that hold one looked up."""
    found = (name.getparent() for name in _NAMES_XP(tree) if _NAME_PART.search(name))
    return list(dict.fromkeys(found))


def _container(el: HtmlElement) -> HtmlElement:
    """The block gathering el's paragraph with its siblings: its parent, past wrappers of one
    child (a paragraph wrapped in its own <div> counts with its neighbours); the root its own."""
    parent = el.getparent()
    if parent is None:
        return el
    while len(parent) == 1 and not (parent.text or "").strip():
        grand = parent.getparent()
        if grand is None:
            break
        parent = grand
    return parent


def prose_blocks(
    tree: HtmlElement,
    elements: list[HtmlElement] | None = None,
    skipped: set[HtmlElement] | None = None,
) -> tuple[Prose, Prose]:
    """The largest block of running prose, and the largest block of such blocks (an article
    printed in sections, each a block of its own paragraphs).

    A block's text is every paragraph's own text (with its inline children, <br>-separated
    lines and bare text), summed per container, link text apart. One walk, children first.
    """
    block, section, _ = _prose_blocks(tree, elements, skipped)
    return block, section


def _prose_blocks(
    tree: HtmlElement,
    elements: list[HtmlElement] | None = None,
    skipped: set[HtmlElement] | None = None,
) -> tuple[Prose, Prose, float]:
    """prose_blocks, and the page's text outside links and furniture (characters)."""
    if elements is None:
        elements = list(tree.iter())
    if skipped is None:
        skipped = _skipped(tree, len(elements))
    in_link: set[HtmlElement] = set()
    for a in tree.iter("a"):
        in_link.update(a.iter())
    inline: dict[HtmlElement, tuple[float, float, int]] = {}  # chars, link chars, ends
    total = 0.0
    blocks: dict[HtmlElement, list[float]] = {}  # container -> Prose fields
    for el in reversed(elements):
        if not isinstance(el.tag, str) or el in skipped:
            continue
        text = el.text
        chars, ends = _measure(text) if text else _NOTHING
        links = 0.0
        for child in el:
            if child in inline:
                c_chars, c_links, c_ends = inline[child]
                chars, links, ends = chars + c_chars, links + c_links, ends + c_ends
            tail = child.tail
            if tail and not tail.isspace():  # text after a child is el's, whatever the child
                weight, sentences = _measure(tail)
                chars += weight
                ends += sentences
        if el in in_link:
            chars, links = 0.0, links + chars
        if el.tag in INLINE_TAGS:
            inline[el] = (chars, links, ends)
        elif chars or links:
            total += chars
            _add_paragraph(blocks.setdefault(_container(el), [0.0] * 6), chars, links, ends)
    sections: dict[HtmlElement, list[float]] = {}
    for container, block in blocks.items():
        parent = _container(container)
        # A tuple, not a set: a set's order of elements changes from run to run, and so would
        # the largest of two sections of equal prose.
        for owner in (container,) if parent is container else (container, parent):
            section = sections.setdefault(owner, [0.0] * 6)
            section[:] = [x + y for x, y in zip(section, block, strict=True)]
            if owner is not container and _teaser_box(block):
                section[5] += 1
    return _largest(blocks), _largest(sections), total


def _teaser_box(block: list[float]) -> bool:
    chars, _, _, paragraphs, linked, _ = block
    return linked >= 1 and paragraphs <= 1 and chars < MAX_PROSE_PER_TEASER


def _add_paragraph(block: list[float], chars: float, links: float, ends: int) -> None:
    if chars >= MIN_PARAGRAPH_CHARS and chars > links:
        block[0] += chars
        block[2] += ends
        block[3] += 1
    block[1] += links
    block[4] += links >= chars and links >= MIN_HEADLINE_CHARS


def _largest(blocks: dict[HtmlElement, list[float]]) -> Prose:
    if not blocks:
        return Prose()
    at, block = max(blocks.items(), key=lambda b: b[1][0])
    chars, links, ends, paragraphs, linked, boxes = block
    return Prose(chars, links, int(ends), int(paragraphs), int(linked), int(boxes), at)


def _headline_list(shape: Shape, block: Prose) -> bool:
    """Whether the page is many headlines of one shape and little prose of its own."""
    headlines = shape.headlines
    if block.chars >= MAX_LIST_INTRO:
        return False
    if shape.teaser_articles >= MIN_TEASER_ARTICLES:
        return True
    return headlines >= MIN_LISTED_HEADLINES and block.chars < MAX_BODY_PER_HEADLINE * headlines


def _listed(tree: HtmlElement) -> bool:
    """Whether the whole page, its furniture counted too, shows many teasers' headlines or
    <article> cards: asked of a page dated by og:type=article alone before it is a list."""
    return (
        teaser_headlines(tree) >= MIN_LISTED_HEADLINES or _ARTICLES_XP(tree) >= MIN_TEASER_ARTICLES
    )


def _linked_list(shape: Shape, block: Prose) -> bool:
    """Whether the page is many cards each linking its headline and blurb beside a short
    introduction of its own: an undated index of courses, projects or stories."""
    return shape.linked_teasers >= MIN_LIST_ITEMS and block.chars < MAX_LIST_INTRO


def _scattered(page: _Page) -> bool:
    """Whether the page's largest section holds a small share of its text."""
    return page.section.chars < MAX_MENU_PAGE_PROSE_SHARE * page.total


def _offers_service(unclaimed: bool, page: _Page) -> bool:
    """Whether a page that claims no story (``unclaimed``: no date, no author, no byline's
    class, no story's URL; a headline) is a business's: its text scattered in many places
    (_scattered) and a number to call in its own text (offers_call). A story on a business's
    site runs in one place, or credits its writer."""
    return unclaimed and _scattered(page) and offers_call(page.tree, page.furniture)


def _calls_to_act(page: _Page) -> bool:
    """Whether the page's text lies in many places (_scattered) and calls its reader to act
    (calls_to_action) at MIN_CALLS_TO_ACTION places or more."""
    if not _scattered(page):
        return False
    return calls_to_action(page.tree, page.furniture) >= MIN_CALLS_TO_ACTION


def _has_headline(tree: HtmlElement) -> bool:
    """Whether the page has a headline: an <h1> or <title> holding text, or an og:title."""
    for el in tree.iter("h1", "title", "meta"):
        if el.tag != "meta":
            if el.text_content().strip(XPATH_SPACE):
                return True
        elif el.get("property") == "og:title" and (el.get("content") or "").strip(XPATH_SPACE):
            return True
    return False


def reads_like_article(tree: HtmlElement, *, story_url: bool = False) -> bool:
    """A headline above a block of running prose, mostly not links nor teasers; a short one
    when the URL reads as a story's (`story_url`)."""
    if not _has_headline(tree):
        return False
    return any(_running_prose(prose, story_url) for prose in prose_blocks(tree))


def _running_prose(prose: Prose, story_url: bool = False) -> bool:
    least = SHORT_PROSE_CHARS if story_url else MIN_PROSE_CHARS
    if prose.chars < least or prose.link_density > MAX_LINK_DENSITY:
        return False
    if _teasers(prose):
        return False
    if story_url and prose.sentences >= 1:
        return True
    return prose.sentences >= MIN_SENTENCES or prose.chars >= LONG_PROSE_CHARS


def _teasers(prose: Prose) -> bool:
    """Whether the block reads as teasers: many headlines, a short summary under each, side by
    side or each in its box."""
    teasers = prose.link_blocks
    if prose.teaser_boxes >= max(MIN_TEASER_BOXES, TEASER_SHARE * prose.blocks):
        return True
    return (
        teasers >= max(MIN_TEASERS, TEASER_SHARE * prose.blocks)
        and prose.chars / teasers < MAX_PROSE_PER_TEASER
    )


def classify(tree: HtmlElement, url: str) -> tuple[bool, str]:
    """Whether a page is an article, and why (page_type's reason)."""
    kind, why = page_type(tree, url)
    return kind == "article", why
