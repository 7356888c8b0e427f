"""What a page that is no article is, by its structure: a thread, a product, a grid, a manual."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from functools import cached_property
from itertools import chain, islice
from urllib.parse import SplitResult, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

# A date printed as numbers ("19.12.2025", "2025-12-19", "12/19/25") or with a month's name in
# a few languages' short forms, as a forum prints each post's date; and a clock time.
DATE_TEXT = re.compile(
    r"""(?ix)
    \b(\d{1,2}[./-]\d{1,2}[./-](19|20)?\d\d|(19|20)\d\d[./-]\d{1,2}[./-]\d{1,2})\b
    | \b\d{1,2}:\d\d\b
    | \b(jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz])[a-z]*\.?\s+\d{1,2},?\s+\d{4}
    | \b\d{1,2}\.?\s+(jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz])[a-z]*\.?\s+\d{4}
    | \d{4}年\d{1,2}月\d{1,2}日
    """
)
# What XPath's normalize-space() strips: a content of other spaces (U+00A0) is not blank.
XPATH_SPACE = " \t\r\n"
# A date's text is short: a date inside a paragraph is the story's, not a post's stamp.
MAX_DATE_TEXT = 60
DATE_PROPS = frozenset({"datePublished", "dateCreated", "dateModified", "commentTime"})
# Posts of a thread: siblings of one shape, each with its own date and text; three make a
# thread when the page's prose lies in one of them (an article's comments lie below its story).
MIN_POSTS = 3
# ...or two under a forum script's thread URL (phpBB's and FluxBB's viewtopic.php, vBulletin's
# showthread.php, and their kin): a question and its one answer.
THREAD_URL = re.compile(r"(?i)/(viewtopic|showthread|showtopic|viewthread)\.php$")
MIN_THREAD_URL_POSTS = 2
# Siblings left out of groups: code and line breaks are no post nor card.
UNGROUPED_TAGS = frozenset({"script", "style", "br"})
# Same-shaped siblings with a link and a picture or a price each: a grid of cards (products,
# categories, teasers). An article's "related" box rarely holds this many.
MIN_CARDS = 8
# A card is a box of a few words (a name, a price, its variants); a post or section of an
# article is longer.
MAX_CARD_CHARS = 600
# A price: an amount beside a currency sign or code, either side.
CURRENCY = (
    r"[$€£¥₹₽₩₪₺₫฿]|\b(USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|RUB|BRL|PLN|SEK|NOK|DKK|CZK|zł|kr|Kč|R\$)\b"
)
PRICE = re.compile(
    rf"(?:{CURRENCY})\s?\d[\d.,\s]*\d|\b\d[\d.,\s]*\d\s?(?:{CURRENCY})|(?:{CURRENCY})\s?\d",
)
PRICE_PROPS = frozenset({"price", "lowPrice", "highPrice"})
# Labels of a shop's buy control, in a few languages: a button (or a submit input) saying one
# of these beside a price is a product's, not a story's.
BUY_LABELS = re.compile(
    r"""(?ix)
    add\s+to\s+(cart|bag|basket|trolley)|buy\s+(it\s+)?now|in\s+den\s+warenkorb|jetzt\s+kaufen
    |ajouter\s+au\s+panier|acheter|añadir\s+al\s+carrito|comprar|aggiungi\s+al\s+carrello
    |in\s+winkel(wagen|mand)|do\s+koszyka|kup\s+teraz|lägg\s+i\s+varukorgen|læg\s+i\s+kurv
    |в\s+корзину|купить|カートに入れる|加入购物车|加入購物車|장바구니|sepete\s+ekle
    """
)
# Words one of which every BUY_LABELS match holds, lowercased: looked for in all of a page's
# labels at once before the regex, most pages having no buy control. None holds a letter that
# re.IGNORECASE matches beyond its lowercase (s, i and Greek and some Cyrillic ones: ſ, ı).
BUY_WORDS = frozenset(
    {"add", "buy", "warenkorb", "kaufen", "ajouter", "acheter", "carr", "comprar", "nkel"}
    | {"zyka", "teraz", "varukorgen", "kurv", "зину", "купи", "ekle", "장바구니"}
    | {"カートに入れる", "加入购物车", "加入購物車"}
)
# A control's label is a few words; a link around a whole card is no button.
MAX_LABEL_CHARS = 80
# How far above a buy control its product's price sits: the form and the block around it.
PRICE_REACH = 4
# Documentation: a sidebar of the manual's sibling pages (links under the page's own path
# prefix), beside chrome only manuals carry: a version switcher, code, an API reference.
MIN_SIBLING_LINKS = 12
DOC_URL = re.compile(
    r"(?i)^(docs?|developers?|dev|api|help|support|learn|wiki|manual)\.|"
    r"/(docs?|documentation|manual|reference|api|apidocs|guides?|handbook|kb|knowledge-?base"
    r"|help|wiki|tutorials?|man)(/|$)"
)
VERSION_TEXT = re.compile(r"^\s*v?\d+(\.\d+){1,2}(\.x)?\s*(\(\w+\))?\s*$")
# A version named with its "v" stands alone in a link or button ("v3.2"): a manual's switcher.
VERSION_PREFIXED = re.compile(r"^\s*v\d+(\.\d+){1,2}(\.x)?\s*$")
# A manual's own chrome beside its URL, when its sidebar lists few siblings: a link to edit
# the page's source in a code host (docs generators' "Edit this page": GitHub's or GitLab's
# /edit/ or /blob/ path, or rel="edit") or a pager of the previous and the next page (rel
# prev and next on links, or classes naming them). A blog pages its posts too and a wiki
# links its editor: both asked only of an undated page under a manual's URL.
SOURCE_URL = re.compile(
    r"(?i)^(https?:)?//(github\.com|gitlab\.[\w.]+|bitbucket\.org)/[^?#]+/(edit|blob)/"
)
PAGER_PREV = re.compile(r"(?i)(^|[\s_-])prev(ious)?($|[\s_-])")
PAGER_NEXT = re.compile(r"(?i)(^|[\s_-])next($|[\s_-])")
MIN_CODE_BLOCKS = 2
# Code listings on a page naming no author nor date beyond which it is a manual's page, sidebar
# or not (a manual's sidebar may list only the page's own sections): a tutorial or a post
# walking through this much code credits its author.
MIN_MANUAL_CODE_BLOCKS = 10
# Where forum software links a poster's name: a profile under a user path ("/u/name",
# "/members/name.12/", "/user/name"), or a script's query: vBulletin's "member.php?u=12",
# phpBB's "memberlist.php?mode=viewprofile&u=2", FluxBB's and PunBB's "profile.php?id=2",
# SMF's "index.php?action=profile;u=2" (SMF parts its query with semicolons).
# Not "/author/": a newsroom's pages of its journalists, linked from each story of a list. A
# user's home under a tilde ("/~name") is one too.
USER_URL = re.compile(
    r"(?i)/(u|users?|members?|profiles?|community/profile)/[^/?#]+|/~[^/?#]+/?$|"
    r"member(list)?\.php\?|profile\.php\?|[?&;](u|uid|userid|user)=\d"
)
# The same over all of a page's links at once, a line each ("$" ends each): a superset of
# USER_URL's matches, so that a page linking no profile is known in one search.
USER_URL_LINES = re.compile(USER_URL.pattern, re.M)
# Teasers' headlines: a link holding or inside an <h2>-<h4> (not a jump within the page), of
# a headline's length, whose shape (its tag and first class and its ancestors') repeats: a
# list of stories, courses or issues prints one such headline per item.
HEADLINE_TAGS = ("h2", "h3", "h4")
MIN_HEADLINE_LETTERS = 15
HEADLINE_PATH_DEPTH = 4
# How far above a heading a link around it may sit (a card's link around its headline).
HEADLINE_LINK_REACH = 3
# A teaser is a headline with a blurb: its box (the largest around it holding no other
# headline of its list) has this many letters of its own beyond its links. A grid of names (a
# shop's products, a portfolio's projects) has none; a photo story's slide captions its
# picture (<figcaption>), which no teaser does.
MIN_BLURB_LETTERS = 40
# How far above a headline its box may reach.
TEASER_BOX_DEPTH = 6
# A list's items: the page's largest block of prose may be the blurb of one of them, which a
# list prints after the item's headline linking to its page: this many same-shaped items (the
# item found at most this far above the blurb), nearly all with a headline's link of their own
# (a listicle's items link to shops, or to nothing), most a teaser's few words (a list may
# print its first or featured post in full).
MIN_LIST_ITEMS = 8
LIST_ITEM_REACH = 8
LINKED_ITEM_SHARE = 0.8
MAX_TEASER_LETTERS = 1200
# Letters an item may print before its headline: a kicker, a date, a label.
MAX_BEFORE_HEADLINE = 40
# A link to a picture file: a gallery's enlargement, not a teaser's page.
PICTURE_URL = re.compile(r"(?i)\.(jpe?g|png|gif|webp|avif|svg)([?#]|$)")
# A card whose one link holds its headline and blurb (the whole card linked): this many
# letters in the link, more than a headline's.
MIN_LINKED_TEASER_LETTERS = 100
_PRICE_PROPS_XP = etree.XPath(
    "count(//*[" + " or ".join(f"@itemprop='{p}'" for p in sorted(PRICE_PROPS)) + "])"
)
# Words of links that may lead to a user's profile (USER_URL says which do).
USER_LINK_HINTS = ("/u", "ember", "rofile", "user", "/~")
_TIME_XP = etree.XPath(
    f"//time | //*[@itemprop] | //*[@title][string-length(@title) <= {MAX_DATE_TEXT}]"
)
_TEXT_XP = etree.XPath("//text()[normalize-space()]")
# Every date shape holds a digit: texts without one are passed over before DATE_TEXT.
_DIGIT = re.compile(r"\d")
# Where a post may name its poster (_poster) besides a profile's link.
_AUTHOR_MARKED_XP = etree.XPath("boolean(//*[@itemprop='author' or @rel='author'])")
_HREFS_XP = etree.XPath("//a/@href", smart_strings=False)

# The container of a page's largest block of prose, and the site's furniture: read when asked.
Reading = Callable[[], tuple[HtmlElement | None, Collection[HtmlElement]]]


class Shape:
    """What the page's structure shows: a thread's posts, a buy control beside a price, a
    grid of cards, a manual's sibling links and chrome.

    Each part is read from the page when first asked, and kept: the article test asks only
    for the parts its branch needs (a dated article's page, for its posts alone). ``reading``
    gives the container of the page's largest block of prose and the site's furniture (its
    menus, footer, asides), read only when a part needs them.
    """

    def __init__(self, tree: HtmlElement, url: str, reading: Reading) -> None:
        self._tree = tree
        self._url = url
        self._reading = reading

    @cached_property
    def _prose(self) -> tuple[HtmlElement | None, Collection[HtmlElement], set[HtmlElement]]:
        """The prose's container, the furniture, and the prose's container with its ancestors."""
        prose_at, skipped = self._reading()
        path = set(prose_at.iterancestors()) | {prose_at} if prose_at is not None else set()
        return prose_at, skipped, path

    @cached_property
    def _thread_url(self) -> bool:
        return THREAD_URL.search(urlsplit(self._url).path) is not None

    @cached_property
    def _groups(self) -> list[list[HtmlElement]]:
        return _groups(self._tree, _least_posts(self._thread_url))

    @cached_property
    def hrefs(self) -> list[str]:
        """The targets of the page's links (links)."""
        return links(self._tree)

    @cached_property
    def _thread(self) -> tuple[int, bool]:
        """Posts of the thread holding the page's prose (most of any group), and whether the
        prose lies in one: siblings with a date each and more than one poster."""
        if not _names_posters(self._tree, self._thread_url, self.hrefs):
            return 0, False  # every poster is "": no thread, and the page's groups not read
        candidates = _dated_posts(self._tree, self._groups, self._thread_url)
        if not candidates:  # the prose is not read: most pages have no posts
            return 0, False
        prose_path = self._prose[2]
        posts, prose_in_post = 0, False
        for with_date in candidates:
            inside = any(el in prose_path for el in with_date)
            if inside and len(with_date) > posts:
                posts, prose_in_post = len(with_date), True
        return posts, prose_in_post

    @property
    def posts(self) -> int:
        return self._thread[0]

    @property
    def prose_in_post(self) -> bool:
        return self._thread[1]

    @cached_property
    def _buy(self) -> tuple[bool, bool, int]:
        return _buy_with_price(self._tree)

    @property
    def buy_with_price(self) -> bool:
        return self._buy[0]

    @property
    def buy_button(self) -> bool:
        """A buy control that is the shop's own (a button or a form's input, not a link),
        priced or not (a shop's script may print the price)."""
        return self._buy[1]

    @property
    def price_props(self) -> int:
        return self._buy[2]

    @cached_property
    def _grid(self) -> tuple[int, int, list[HtmlElement]]:
        """The cards of the largest grid, the priced ones, and the grid (first of most)."""
        cards = priced_cards = 0
        grid: list[HtmlElement] = []
        for group in self._groups:
            if len(group) >= MIN_CARDS:
                n, priced = _cards(group)
                if n > cards:
                    cards, priced_cards, grid = n, priced, group
        return cards, priced_cards, grid

    @property
    def cards(self) -> int:
        return self._grid[0]

    @property
    def priced_cards(self) -> int:
        return self._grid[1]

    @cached_property
    def grid_apart(self) -> bool:
        """The grid of cards lies apart from the page's prose: neither inside its block nor
        around it (a shop's category above its blurb, not products within a review)."""
        grid = self._grid[2]
        if not grid:
            return False
        prose_at, _, prose_path = self._prose
        return _apart(grid, prose_at, prose_path)

    @cached_property
    def _manual(self) -> tuple[int, bool, int, bool]:
        return _manual(self._tree, self._url)

    @property
    def sibling_links(self) -> int:
        return self._manual[0]

    @property
    def doc_url(self) -> bool:
        return self._manual[1]

    @property
    def code_blocks(self) -> int:
        return self._manual[2]

    @property
    def versions(self) -> bool:
        return self._manual[3]

    @cached_property
    def manual_nav(self) -> bool:
        """Under a manual's URL: an edit link to the page's source, or a previous/next pager."""
        return self.doc_url and manual_nav(self._tree)

    @cached_property
    def headings(self) -> int:
        return sum(1 for _ in self._tree.iter(*HEADLINE_TAGS))

    @cached_property
    def link_chars(self) -> int:
        return sum(len(a.text_content()) for a in self._tree.iter("a"))

    @cached_property
    def headlines(self) -> int:
        """The most headline links of one shape (teaser_headlines)."""
        return teaser_headlines(self._tree, self._prose[1])

    @cached_property
    def teaser_articles(self) -> int:
        """<article> elements with a headline's link, when none holds the page's prose."""
        _, skipped, prose_path = self._prose
        return _teaser_articles(self._tree, skipped, prose_path)

    @cached_property
    def teasers_around_prose(self) -> int:
        """The page's prose is the blurb of one teaser among many (teaser_of_prose)."""
        return teaser_of_prose(self._prose[0])

    @cached_property
    def linked_teasers(self) -> int:
        """Cards whose link holds a headline and its blurb, most of one list (_linked_teasers)."""
        skipped = self._prose[1]
        lists = (g for g in self._groups if len(g) >= MIN_LIST_ITEMS and g[0] not in skipped)
        return max(map(_linked_teasers, lists), default=0)

    @property
    def doc_chrome(self) -> bool:
        return self.doc_url or self.code_blocks >= MIN_CODE_BLOCKS or self.versions


def _date_shaped(text: str) -> bool:
    """Whether a text is a date's stamp: short, and shaped as a date."""
    return (
        len(text) <= MAX_DATE_TEXT
        and _DIGIT.search(text) is not None
        and DATE_TEXT.search(text) is not None
    )


def _dated(tree: HtmlElement) -> set[HtmlElement]:
    """Elements holding a date: a <time>, a date property, a short text shaped as a date, or
    a title shaped as one (a forum prints "posted 6 years ago" and gives the date on hover)."""
    stamps: list[HtmlElement] = []
    for el in _TIME_XP(tree):
        stamped = el.tag == "time" or el.get("itemprop") in DATE_PROPS
        if stamped or _date_shaped(el.get("title") or ""):
            stamps.append(el)
    for text in _TEXT_XP(tree):
        if _date_shaped(text):
            parent = text.getparent()
            if parent is not None and parent.tag not in ("script", "style"):
                stamps.append(parent)
    out: set[HtmlElement] = set()
    for el in stamps:
        while el is not None and el not in out:
            out.add(el)
            el = el.getparent()
    return out


def _signature(el: HtmlElement) -> tuple[str, str]:
    # Classes beyond the first tell one post from another ("post--first", "is-unread").
    classes = el.get("class")
    return el.tag, classes.split(" ", 1)[0] if classes else ""


def _groups(tree: HtmlElement, least: int = MIN_POSTS) -> list[list[HtmlElement]]:
    """Runs of same-shaped siblings (same tag and first class), ``least`` or more."""
    out: list[list[HtmlElement]] = []
    for parent in tree.iter():
        if len(parent) < least or not isinstance(parent.tag, str):
            continue
        by_shape: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent:
            tag = child.tag
            if isinstance(tag, str) and tag not in UNGROUPED_TAGS:
                classes = child.get("class")  # _signature, inline: this runs on every element
                shape = tag, classes.split(" ", 1)[0] if classes else ""
                by_shape.setdefault(shape, []).append(child)
        out.extend(g for g in by_shape.values() if len(g) >= least)
    return out


def _least_posts(thread_url: bool) -> int:
    """Posts that make a thread: fewer under a forum script's thread URL."""
    return MIN_THREAD_URL_POSTS if thread_url else MIN_POSTS


def _dated_posts(
    tree: HtmlElement, groups: list[list[HtmlElement]], thread_url: bool
) -> list[list[HtmlElement]]:
    """Of each group, its members holding a date, when they may be a thread's posts: enough
    of them (half the group or more each naming its poster), and more than one poster."""
    if not groups:
        return []
    least = _least_posts(thread_url)
    dated = _dated(tree)
    out: list[list[HtmlElement]] = []
    for group in groups:
        with_date = [el for el in group if el in dated]
        if len(with_date) >= least and len(with_date) * 2 >= len(group):
            with_date = [el for el in with_date if _poster(el, thread_url)]
        if len(with_date) >= least and len({_poster(el, thread_url) for el in with_date}) > 1:
            out.append(with_date)
    return out


def _apart(grid: list[HtmlElement], prose_at: HtmlElement | None, prose_path: set) -> bool:
    """Whether a grid of cards lies apart from the page's prose: its box neither holds the
    prose's block nor sits in it. A review's products are cards among its paragraphs; a
    shop's category prints its grid and, apart, a blurb for search engines."""
    if not grid or prose_at is None:
        return bool(grid)
    box = grid[0].getparent()
    return box not in prose_path and prose_at not in set(box.iterancestors())


def teaser_of_prose(prose_at: HtmlElement | None) -> int:
    """How many items the list holds when the page's largest block of prose is the blurb of
    one of its items (0 if it is not): same-shaped siblings, most a teaser's few words, with a
    headline linking to a page of its own, the blurb's item printing its headline before it.
    A story's paragraphs are no list's item; a photo story's slides caption their pictures."""
    if prose_at is None:
        return 0
    item = prose_at
    for _ in range(LIST_ITEM_REACH):
        box = item.getparent()
        if box is None:
            return 0
        shape = _signature(item)
        items = [el for el in box if isinstance(el.tag, str) and _signature(el) == shape]
        if len(items) >= MIN_LIST_ITEMS:
            break
        item = box
    else:
        return 0
    if not _headline_first(item):
        return 0
    targets: set[str] = set()
    long = 0
    for el in items:
        if next(el.iter("figcaption"), None) is not None:
            return 0
        long += _letters(el.text_content()) > MAX_TEASER_LETTERS
        if (link := _item_link(el)) is not None:
            targets.add(link.get("href") or "")
    if long * 2 > len(items):
        return 0
    return len(items) if len(targets) >= LINKED_ITEM_SHARE * len(items) else 0


def _linked_teasers(group: list[HtmlElement]) -> int:
    """How many pages a list's cards lead to, each card's link holding a headline and a blurb
    (a teaser's few words); a link list's entries hold a title at most."""
    targets: set[str] = set()
    for item in group:
        if _letters(item.text_content()) > MAX_TEASER_LETTERS:
            continue
        for a in item.iter("a"):  # the item itself first, when it is the link
            href = a.get("href") or "#"
            if href[0] != "#" and _letters(a.text_content()) >= MIN_LINKED_TEASER_LETTERS:
                targets.add(href)
                break
    return len(targets)


def _item_link(item: HtmlElement) -> HtmlElement | None:
    """An item's first link to another page (the item's own, or in it) holding a headline or
    the item's picture; not to a user's profile, which credits a picture or a post, nor a
    post's dated permalink."""
    for a in item.iter("a"):  # the item itself first, when it is the link
        href = a.get("href") or "#"
        if href[0] == "#" or href.startswith("javascript:") or _profile(href):
            continue
        # A headline's letters are words, not a timestamp's.
        if _letters(DATE_TEXT.sub("", a.text_content())) >= MIN_HEADLINE_LETTERS:
            return a
        # Or its picture leads there, on the same site (a relative link), not to the picture.
        if "//" not in href[:8] and not PICTURE_URL.search(href) and _pictured(a):
            return a
    return None


def _pictured(link: HtmlElement) -> bool:
    return next(link.iter("img", "picture"), None) is not None


def _headline_first(item: HtmlElement) -> bool:
    """Whether the item opens with its headline link: before it, a kicker or a date at most."""
    link = _item_link(item)
    if link is None:
        return False
    return _letters_before(item, link)[0] <= MAX_BEFORE_HEADLINE


def _letters_before(el: HtmlElement, target: HtmlElement) -> tuple[int, bool]:
    """Letters of el's text before target in document order, and whether target is in el."""
    if el is target:
        return 0, True
    n = _letters(el.text or "") if isinstance(el.tag, str) else 0
    for child in el:
        m, found = _letters_before(child, target)
        if found:
            return n + m, True
        n += m + _letters(child.tail or "")
    return n, False


def _teaser_articles(
    tree: HtmlElement, skipped: set[HtmlElement] | frozenset[HtmlElement], prose_path: set
) -> int:
    """Short <article> elements (a card's words) outside the furniture holding a headline's
    link; none if one holds the page's prose: a story is the <article> of its text, a list
    prints each teaser in one."""
    n = 0
    for article in tree.iter("article"):
        if article in prose_path:
            return 0
        if article in skipped or _letters(article.text_content()) > MAX_CARD_CHARS:
            continue
        n += any(_letters(a.text_content()) >= MIN_HEADLINE_LETTERS for a in article.iter("a"))
    return n


def teaser_headlines(
    tree: HtmlElement, skipped: set[HtmlElement] | frozenset[HtmlElement] = frozenset()
) -> int:
    """Of the most links of one shape (their own and their ancestors' tag and first class)
    that hold or sit in a heading, outside the furniture, how many have a blurb: a list's
    teasers."""
    shapes: dict[tuple[tuple[str, str], ...], dict[HtmlElement, HtmlElement]] = {}
    for heading in tree.iter(*HEADLINE_TAGS):
        if heading in skipped:
            continue
        link = _headline_link(heading)
        if link is None or (link.get("href") or "#").startswith("#"):
            continue
        if len("".join(link.text_content().split())) < MIN_HEADLINE_LETTERS:
            continue
        path = [link, *islice(link.iterancestors(), HEADLINE_PATH_DEPTH)]
        shapes.setdefault(tuple(_signature(e) for e in path), {})[link] = heading
    if not shapes:
        return 0
    return _with_blurb(max(shapes.values(), key=len))


def _with_blurb(links: dict[HtmlElement, HtmlElement]) -> int:
    """How many of a list's headline links (with their headings) have a blurb in their box:
    its text beyond the heading and other links."""
    holding: dict[HtmlElement, int] = {}
    for link in links:
        for el in islice(link.iterancestors(), TEASER_BOX_DEPTH):
            holding[el] = holding.get(el, 0) + 1
    n = 0
    for link in links:
        box = link
        for el in islice(link.iterancestors(), TEASER_BOX_DEPTH):
            if holding[el] > 1:
                break
            box = el
        if next(box.iter("figcaption"), None) is not None:
            continue
        heading = links[link]
        # The headline's own link is in its heading, or holds it (and the card's blurb).
        others = sum(_letters(a.text_content()) for a in box.iter("a") if a is not link)
        own = _letters(box.text_content()) - _letters(heading.text_content()) - others
        n += own >= MIN_BLURB_LETTERS
    return n


def _letters(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def _headline_link(heading: HtmlElement) -> HtmlElement | None:
    """The link in a heading, or around it (a card's)."""
    link = next(heading.iter("a"), None)
    if link is not None:
        return link
    for el in islice(heading.iterancestors(), HEADLINE_LINK_REACH):
        if el.tag == "a":
            return el
    return None


def _profile(href: str) -> bool:
    """Whether a link leads to a user's profile; a relative path ("members/name.12/", as
    XenForo prints it) is a path too."""
    return USER_URL.search("/" + href) is not None


def might_be_thread(tree: HtmlElement, hrefs: list[str] | None = None) -> bool:
    """Whether the page links several profiles of users (a cheap test before reading posts).
    ``hrefs``: the page's links (links), when read already."""
    hrefs = links(tree) if hrefs is None else hrefs
    return sum(any(hint in href for hint in USER_LINK_HINTS) for href in hrefs) >= MIN_POSTS


def links(tree: HtmlElement) -> list[str]:
    """The targets of the page's links (<a href>), as written."""
    return _HREFS_XP(tree)


def _poster(post: HtmlElement, thread_url: bool = False) -> str:
    """The first link in a post to a user's profile (its poster), "" if none; under a forum
    script's thread URL (``thread_url``), the post's permalink if it has no such link."""
    for a in post.iter("a"):
        href = a.get("href") or ""
        if _profile(href):
            return href
    for el in post.iter():
        if el.get("itemprop") == "author" or el.get("rel") == "author":
            return el.text_content().strip() or "?"
    # Forum software shows guests no profiles: a post then links to itself, its permalink's
    # fragment naming the post. A story's comments do so too, hence only by a thread's URL.
    if thread_url and (own := post.get("id")):
        for a in post.iter("a"):
            if (a.get("href") or "").endswith("#" + own):
                return "#" + own
    return ""


def _names_posters(tree: HtmlElement, thread_url: bool, hrefs: list[str]) -> bool:
    """Whether any post of the page may name its poster (_poster): a link to a user's
    profile, an author's mark, or a thread's URL (a post's permalink). Without one, every
    poster is "" and the page holds no thread: its dates are not looked for."""
    if thread_url or _AUTHOR_MARKED_XP(tree):
        return True
    if USER_URL_LINES.search("/" + "\n/".join(hrefs)) is None:  # most pages link no profile
        return False
    return any(_profile(href) for href in hrefs)


def _cards(group: list[HtmlElement]) -> tuple[int, int]:
    """How many of a group are cards (a link and a picture or price, few words), and priced."""
    n = priced = 0
    for el in group:
        if next(el.iter("a"), None) is None and el.tag != "a":
            continue
        text = el.text_content()
        if len(text) - text.count(" ") - text.count("\n") - text.count("\t") > MAX_CARD_CHARS:
            continue
        has_price = bool(PRICE.search(text))
        if has_price or _linked_picture(el, text):
            n += 1
            priced += has_price
    return n, priced


def _linked_picture(card: HtmlElement, text: str) -> bool:
    """A picture in a card whose words are mostly a link's (a product's or a story's name): an
    article's gallery captions its figures in text of their own."""
    if next(card.iter("img", "picture"), None) is None:
        return False
    linked = sum(len(a.text_content().strip()) for a in card.iter("a"))
    return linked * 2 >= len(text.strip())


def _buy_with_price(tree: HtmlElement) -> tuple[bool, bool, int]:
    """Whether a buy control has a price near it, whether one is a button (or a form's
    input: the shop's own, where a review links to shops); and how many price properties
    the page has."""
    props = int(_PRICE_PROPS_XP(tree))
    labels: list[tuple[HtmlElement, str]] = []
    for el in tree.iter("button", "input", "a"):
        if el.tag == "input":
            # An image's submit button is one too.
            if (el.get("type") or "").lower() not in ("submit", "button", "image"):
                continue
            label = el.get("value") or ""
        else:
            label = el.text_content()
        label = f"{label} {el.get('aria-label') or ''} {el.get('title') or ''}"
        # Counted without the template's indentation and line breaks around the words.
        if len(label) <= MAX_LABEL_CHARS or len(" ".join(label.split())) <= MAX_LABEL_CHARS:
            labels.append((el, label))
    # One look over all the labels first: most pages have no buy control at all.
    every = "\n".join(label for _, label in labels)
    lowered = every.lower()
    if not any(word in lowered for word in BUY_WORDS) or not BUY_LABELS.search(every):
        return False, False, props
    button = False
    for el, label in labels:
        if not BUY_LABELS.search(label):
            continue
        button = button or el.tag != "a"
        block = el
        for _ in range(PRICE_REACH):
            if block.getparent() is None:
                break
            block = block.getparent()
            if PRICE.search(block.text_content()) or any(
                e.get("itemprop") in PRICE_PROPS for e in block.iter()
            ):
                return True, button, props
    return False, button, props


def _under(href: str, host: str, prefix: str) -> bool:
    """Whether a link leads under prefix on host; a relative path (no scheme, no leading
    slash) stays in the page's own folder, which is under it. No urljoin: a page has
    thousands of links, and this runs on every page."""
    if not href or href[0] == "#":
        return False
    if href[0] == "/" and href[:2] != "//":
        return href.startswith(prefix)
    if "//" in href[:8]:
        rest = href.split("//", 1)[1]
        netloc, _, path = rest.partition("/")
        return netloc == host and ("/" + path).startswith(prefix)
    return ":" not in href.split("/", 1)[0]  # not mailto:, javascript:, tel:


def _manual(tree: HtmlElement, url: str) -> tuple[int, bool, int, bool]:
    """Links in one list to the page's siblings (same host, same first path segment), most
    of any list; and whether the page carries a manual's chrome (its URL's shape, a version
    switcher, code blocks)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    best = 0
    if segments:
        prefix = "/" + segments[0] + "/"
        for box in tree.iter("ul", "ol", "nav"):
            if box.tag != "nav" and box.getparent() is not None and box.getparent().tag == "li":
                continue  # a nested list counts with its parent's
            n = 0
            n = sum(_under(a.get("href") or "", parts.netloc, prefix) for a in box.iter("a"))
            best = max(best, n)
    code = sum(1 for _ in tree.iter("pre"))
    # A switcher offers several versions; one "2.0" in a link or button is any number.
    versions = sum(1 for o in tree.iter("option") if VERSION_TEXT.match(o.text or "")) > 1
    versions |= any(VERSION_PREFIXED.match(o.text or "") for o in tree.iter("button", "a"))
    return best, bool(DOC_URL.search(parts.netloc + parts.path)), code, versions


def manual_nav(tree: HtmlElement) -> bool:
    """Whether the page links its source's editor in a code host, or pages to the previous
    and the next page (a docs generator's pager): a manual's chrome (SOURCE_URL)."""
    return any(_manual_chrome(tree, source=True))


def _manual_chrome(tree: HtmlElement, *, source: bool) -> tuple[bool, bool]:
    """Whether the page links its source's editor (asked only if ``source``), and whether it
    pages to the previous and the next page: rel or classes naming them, or DocBook's and
    Sphinx's access keys (p and n)."""
    prev = nxt = False
    for a in tree.iter("a"):
        rel = (a.get("rel") or "").lower().split()
        if source and ("edit" in rel or SOURCE_URL.match((a.get("href") or "").strip())):
            return True, False
        named = " ".join(rel) + " " + (a.get("class") or "")
        key = (a.get("accesskey") or "").lower()
        prev = prev or key == "p" or PAGER_PREV.search(named) is not None
        nxt = nxt or key == "n" or PAGER_NEXT.search(named) is not None
        if prev and nxt:
            return False, True
    return False, False


# Where a page names its author or its date of publication: an article's credit, which a
# service, product or landing page lacks. Metadata (Open Graph's article times, Dublin Core,
# schema.org properties in JSON-LD or microdata), <time>, rel=author, a dated URL path, and
# the class or id the byline's box is given in most templates.
CREDIT_META = re.compile(
    r"(?i)published|pubdate|dc\.date|dcterms\.(created|issued)|^author$|^date$"
)
CREDIT_PROPS = frozenset({"datePublished", "dateCreated", "author", "creator"})
CREDIT_NAMES = re.compile(r"(?i)byline|\bauthor|posted-?on|\bpost-?date|\bpublish|\bdateline")
DATED_PATH = re.compile(r"/(19|20)\d\d[/-](0?[1-9]|1[0-2])[/-]")
_MARKED_XP = etree.XPath(
    "//time | //*[@rel='author'] | //*[@itemprop] | //meta[@property or @name]"
)
# Class names of the page, as plain strings: one search over them all is cheaper than
# asking each element.
_CLASSES_XP = etree.XPath("//@class", smart_strings=False)
# Words CREDIT_NAMES needs one of, found by substring before the regex reads the classes.
_CREDIT_WORDS = ("byline", "author", "post", "publish", "dateline")


def credit_marks(tree: HtmlElement, url: str) -> list[HtmlElement]:
    """The page's elements that may credit it (<time>, rel=author, schema.org's properties,
    metadata), read once for credits and published; none for a dated URL, which credits it."""
    return [] if DATED_PATH.search(urlsplit(url).path) else _MARKED_XP(tree)


def credits(
    tree: HtmlElement, url: str, marks: list[HtmlElement] | None = None
) -> tuple[bool, bool]:
    """Whether the page says who wrote it or when it was published in its markup (<time>,
    rel=author, metadata, schema.org's properties), and whether it does so or by a byline's
    class (which themes give to widgets of every page too). ``marks``: credit_marks, when
    read already."""
    if DATED_PATH.search(urlsplit(url).path):
        return True, True
    # Cheapest first: most articles answer here.
    for el in credit_marks(tree, url) if marks is None else marks:
        if el.tag == "time" or el.get("rel") == "author":
            return True, True
        if el.tag == "meta":
            name = el.get("property") or el.get("name") or ""
            if CREDIT_META.search(name) and (el.get("content") or "").strip():
                return True, True
        elif el.get("itemprop") in CREDIT_PROPS:
            return True, True
    classes = "\n".join(_CLASSES_XP(tree))
    lowered = classes.lower()
    if not any(word in lowered for word in _CREDIT_WORDS):
        return False, False
    return False, bool(CREDIT_NAMES.search(classes))


# A dateline: a date printed by the headline, among the few texts before it (a kicker, a
# date above the title) and after it (the byline's line, the standfirst). A story prints its
# date there; a manual's, a shop's or a company's page prints none, or only in its footer.
DATELINE_BEFORE = 10
DATELINE_AFTER = 25
# Headlines looked at: the first <h1> may be the site's name in its logo.
MAX_HEADLINES = 3
_BEFORE_XP = etree.XPath(f"preceding::text()[normalize-space()][position() <= {DATELINE_BEFORE}]")
_AFTER_XP = etree.XPath(f"following::text()[normalize-space()][position() <= {DATELINE_AFTER}]")


def headlines(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The page's <h1> elements that hold text (not only XPath's spaces), in its order."""
    return (h1 for h1 in tree.iter("h1") if h1.text_content().strip(XPATH_SPACE))


def dateline(tree: HtmlElement) -> bool:
    """Whether the page prints a date by a headline (one of its first <h1>): a short text
    shaped as a date, or a <time>, among the texts around it."""
    for headline in islice(headlines(tree), MAX_HEADLINES):
        for text in chain(_BEFORE_XP(headline), _AFTER_XP(headline)):
            parent = text.getparent()
            if parent is None or parent.tag in ("script", "style"):
                continue
            if parent.tag == "time" or _date_shaped(text):
                return True
    return False


# The site's menus: a company's pages (its services, its about and contact pages) and its
# indexes are places in them, and a menu marks the page it is on by linking to it; a story is
# no place in the site's menu. A breadcrumb trail links to the page too, and is no menu; nor
# is a <header> inside the content (an article's or a section's own), a language switcher
# (the page in each language, its own among them) or a pair of tabs (a wiki's page and its
# discussion).
MENU_ROLES = frozenset({"navigation", "banner", "menubar"})
CONTENT_TAGS = frozenset({"article", "main", "section", "aside"})
MIN_MENU_LINKS = 4
_MENUS_XP = etree.XPath("//nav | //header | //*[@role]")
TRAIL = re.compile(r"(?i)breadcrumb")


def _same_page(page: tuple[str, str, str], href: str, base: str) -> bool:
    if not href or href[0] == "#" or href.startswith(("mailto:", "tel:", "javascript:")):
        return False
    try:
        target = urlsplit(urljoin(base, href))
    except ValueError:
        return False
    return _page_key(target) == page


def _page_key(parts: SplitResult) -> tuple[str, str, str]:
    host = (parts.hostname or "").removeprefix("www.")
    return host, parts.path.rstrip("/") or "/", parts.query


def _menus(tree: HtmlElement) -> Iterator[HtmlElement]:
    for menu in _MENUS_XP(tree):
        if menu.tag == "header":
            if any(e.tag in CONTENT_TAGS for e in menu.iterancestors()):
                continue
        elif menu.tag != "nav" and menu.get("role", "").lower() not in MENU_ROLES:
            continue
        if not TRAIL.search(f"{menu.get('class')} {menu.get('id')} {menu.get('aria-label')}"):
            yield menu


def in_menu(tree: HtmlElement, url: str) -> bool:
    """Whether the site's navigation (a <nav>, the page's header, a navigation role) links to
    the page itself. Never for a site's home page, which every logo links to."""
    page = _page_key(urlsplit(url))
    if page[1] == "/":
        return False
    for menu in _menus(tree):
        links = list(menu.iter("a"))
        if len(links) < MIN_MENU_LINKS:
            continue
        for a in links:
            if a.get("hreflang") is not None or a.get("lang") is not None:
                continue
            if _same_page(page, a.get("href") or "", url) and not any(
                TRAIL.search(f"{e.get('class')} {e.get('id')}") for e in a.iterancestors()
            ):
                return True
    return False


# Metadata naming when the page was published (not modified: site builders stamp every page
# with its last edit), and schema.org's property of it in microdata.
PUBLISHED_META = re.compile(r"(?i)published|pubdate|^date$|^dc\.date|^dcterms\.(created|issued)")


def published(tree: HtmlElement, url: str, marks: list[HtmlElement] | None = None) -> bool:
    """Whether the page's URL or metadata says when it was published: a story's evidence that
    a page's look (a byline's class, a <time> in a sidebar) is not. ``marks``: credit_marks,
    when read already."""
    if DATED_PATH.search(urlsplit(url).path):
        return True
    for el in credit_marks(tree, url) if marks is None else marks:
        if el.get("itemprop") == "datePublished":
            return True
        if el.tag != "meta" or not (el.get("content") or "").strip(XPATH_SPACE):
            continue
        name = el.get("property") or el.get("name")
        if name is not None and PUBLISHED_META.search(name):
            return True
    return False


# A telephone number the page offers to call (a tel: link): a business's page asks its reader
# to call, a story does not. Only in the page's own text: a site's header or footer may print
# the company's number on every page, its stories' too.
_PHONE_LINKS_XP = etree.XPath("//a[starts-with(normalize-space(@href), 'tel:')]")


def offers_call(
    tree: HtmlElement, skipped: set[HtmlElement] | frozenset[HtmlElement] = frozenset()
) -> bool:
    """Whether a link to call a telephone number (tel:) stands in the page's own text, outside
    the site's furniture (``skipped``: its menus, header, footer, asides)."""
    return any(a not in skipped for a in _PHONE_LINKS_XP(tree))


# Calls to action: links in the page's own text to where its reader becomes a customer (the
# site's contact, quote, demo, sign-up, application, enrolment or pricing page), by a whole
# segment of the target's path ("/contact-us", "/apply/", "/signup.html", not "/applying-x")
# or the first label of its host ("quote.example.com"), in a few languages. A business's page
# repeats them between its sections; a story links to what it tells of.
CALL_URL = re.compile(
    r"""(?ix)
    ^(https?:)?//(quotes?|apply|signup|register|enrol+|demo)[.-]
    | /(contact|get-?started|sign-?up|register|enrol+(ment)?|apply|request|quotes?|demo
       |(free-?)?trial|pricing|consultation|kontakt|anfrage|anmeldung|contacto|devis
       |inscription|contatti)([-_.][^/?#]*)?(/|[?#]|$)
    """
)


def calls_to_action(
    tree: HtmlElement, skipped: set[HtmlElement] | frozenset[HtmlElement] = frozenset()
) -> int:
    """How many times the page's own text, outside the site's furniture (``skipped``), calls
    its reader to act (a link to CALL_URL), each by a control's short label: a link around a
    whole card is no button. The same call repeated under each section counts each time."""
    calls = 0
    for a in tree.iter("a"):
        if a in skipped or not CALL_URL.search((a.get("href") or "").strip()):
            continue
        calls += len(a.text_content()) <= MAX_LABEL_CHARS
    return calls


# A manual's host or path, for a page whose metadata calls it an article, or that names no
# author nor date: narrower than DOC_URL, without a wiki's (an encyclopedia's entry marked an
# article is one) nor a site's guides, tutorials or help, where stories are filed too.
MANUAL_URL = re.compile(
    r"(?i)^(docs?|developers?|api|manual)\.|"
    r"/(docs?|documentation|manuals?|reference|api|apidocs|handbook)(/|$)"
)
_PRE_XP = etree.XPath("count(//pre)")


def host_and_path(url: str) -> str:
    """The URL's host and path as one string ("docs.example.org/guide/"), which the URL
    patterns of manuals and help centres read."""
    parts = urlsplit(url)
    return parts.netloc + parts.path


def manual_url(url: str) -> bool:
    """Whether the URL's host or path is a manual's (MANUAL_URL: docs.*, /docs/, /manual/...)."""
    return MANUAL_URL.search(host_and_path(url)) is not None


def manual_marked_article(tree: HtmlElement, url: str) -> bool:
    """Whether a page its metadata calls an article (a docs generator's og:type=article, a
    TechArticle with the build's time as its date) is a manual's: a sidebar of its sibling
    pages (or a pager of its neighbours under a manual's URL) beside a manual's URL, code
    listings or a version switcher, and no date by its headline (a dated post walking
    through code prints its date there)."""
    in_manual = manual_url(url)
    # Cheap first: most articles have neither a manual's URL nor code listings.
    if not in_manual and _PRE_XP(tree) < MIN_CODE_BLOCKS:
        return False
    siblings, _, code, versions = _manual(tree, url)
    # Or, under a manual's URL, a pager of its neighbours (DocBook's, Sphinx's); not an edit
    # link, which an encyclopedia's entry has too.
    if siblings < MIN_SIBLING_LINKS and not (in_manual and _manual_chrome(tree, source=False)[1]):
        return False
    if not (in_manual or code >= MIN_CODE_BLOCKS or versions):
        return False
    return not dateline(tree)


# A list page (an encyclopedia's "list of" page, a ranking's table, an index of forms or
# trails): the block holding its prose (the introduction) holds rows, table rows or list
# items, each mostly link (a name, a title), whose link text outweighs all of the page's own
# prose this many times. An article's link list at its end, its table of figures or its
# sources are fewer rows, or text of their own, or weigh less than its paragraphs.
MIN_LINK_ROWS = 30
MIN_ROW_LINK_RATIO = 2.0
# Rows holding a link outside the site's menus and footer, below which the page is never such
# a list: a cheap test, before the page's prose is read.
_ROWS_XP = etree.XPath(
    "count(//*[self::li or self::tr][.//a]"
    "[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside)])"
)


def linked_rows(
    box: HtmlElement | None, skipped: set[HtmlElement] | frozenset[HtmlElement] = frozenset()
) -> tuple[int, int]:
    """How many rows (<li>, <tr> holding no list nor table of their own) in box, outside the
    site's furniture (``skipped``), are mostly a link's words, and those links' letters."""
    if box is None:
        return 0, 0
    rows = letters = 0
    for row in box.iter("li", "tr"):
        if row in skipped or next(row.iter("ul", "ol", "table"), None) is not None:
            continue
        own = _letters(row.text_content())
        linked = sum(_letters(a.text_content()) for a in row.iter("a"))
        if own and linked * 2 >= own:
            rows += 1
            letters += linked
    return rows, letters


def may_list_rows(tree: HtmlElement) -> bool:
    """Whether the page has rows enough to be a list page (linked_rows): most pages do, a
    short one does not."""
    return _ROWS_XP(tree) >= MIN_LINK_ROWS
