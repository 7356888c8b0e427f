"""Visible-page evidence: byline, date blocks, figures and headline read from the markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from archiver.extract.body import select, simple_matcher, text_of
from archiver.extract.byline import (
    agency_of,
    is_first_name,
    is_full_name,
    name_letters,
    parse_byline,
)
from archiver.extract.credit import split_caption, split_credit_element
from archiver.extract.patterns import (
    ARTICLE_FRAME_MIN_PARAGRAPHS,
    AUTHOR_PATH_SEGMENTS,
    AUTHOR_SELECTORS,
    BREADCRUMB_XPATH,
    CAPTION_ATTR_RE,
    CAPTION_CLASS_RE,
    CHECKER_BY_RE,
    CHECKER_LABEL_RE,
    CHECKER_MAX_LABELS,
    CHECKER_STEMS,
    COMMENT_CLASS_RE,
    CONTROL_TAGS,
    COPYRIGHT_RE,
    CREDIT_ATTR_RE,
    CREDIT_CLASS_RE,
    CREDIT_LABEL_RE,
    CREDIT_SENTENCE_RE,
    CREDIT_SENTENCE_STEMS,
    CREDIT_TAIL_RE,
    DATE_SELECTORS,
    HEADED_BYLINE_DATE_RE,
    HEADED_BYLINE_MAX_CHARS,
    HEADED_BYLINE_SIBLINGS,
    HEADED_BYLINE_SPLIT_RE,
    HEADED_NAMES_DEGREE_RE,
    HEADED_NAMES_JOINERS,
    HEADED_NAMES_MAX_CHARS,
    INLINE_TAGS,
    LABELLED_BYLINE_MAX_CHARS,
    LABELLED_BYLINE_MID_RE,
    LABELLED_BYLINE_RE,
    MICRODATA_CREDIT_PROPS,
    NAME_PARTICLES,
    NOT_CAPTION_TAGS,
    NOT_WRITER_BEFORE_BY_RE,
    PHOTO_BLOCK_CREDIT_CLASS_RE,
    PHOTO_BLOCK_STOP_TAGS,
    PHOTO_CREDIT_CLASS_RE,
    PORTRAIT_ALT_WORDS_RE,
    PORTRAIT_CAPTION_DEPTH,
    PORTRAIT_CARD_DEPTH,
    PORTRAIT_CLASS_RE,
    PORTRAIT_NAME_EXTRA,
    PORTRAIT_NAME_MAX_CHARS,
    PORTRAIT_NAME_MAX_WORDS,
    PORTRAIT_THING_WORDS,
    REVIEWER_CLASS_RE,
    REVIEWER_DEPTH,
    REVIEWER_LABEL_RE,
    SMALL_PRINT_TAGS,
    TEASER_CARD_CLASS_RE,
    TEASER_DATE_DEPTH,
    TEASER_LINK_TAGS,
    TEASER_LIST_OTHERS,
    UPDATED_SELECTORS,
)

_CREDIT_CLASS_RE = CREDIT_CLASS_RE
_TEASER_RE = re.compile(
    r"related|teaser|promo|recommend|more-stories|sidebar|advert|card|gallery", re.I
)
_NOT_BYLINE_STEMS = (
    r"comments?|commentlist|respond|related|teasers?|recommend\w*|more-stories|reply|read-next"
)
_NOT_BYLINE_RE = re.compile(
    rf"^(?:{_NOT_BYLINE_STEMS})(?:[-_].*)?$|^.*[-_](?:{_NOT_BYLINE_STEMS})$", re.I
)
_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W\d_]+")
_VISIBLE_TEXT_XP = etree.XPath("//body//text()[not(ancestor::script or ancestor::style)]")
_ID_TOKEN_RE = re.compile(r"[A-Za-z0-9]{10,}")
_DIGIT_RE = re.compile(r"\d")
# A static site's page name: "/author/jane-doe.html" spells "jane-doe".
_PAGE_SUFFIX_RE = re.compile(r"\.(?:html?|php|aspx?)$")
# A file name made of a long id with digits and a size spec: "13862217_M400x267".
_SIZED_NAME_RE = re.compile(r"([A-Za-z0-9]*\d{5}[A-Za-z0-9]*)[-_]\w*?\d{2,4}x\d{2,4}")
_SIZE_SUFFIX_RE = re.compile(r"[-_]?\d{2,4}x\d{2,4}$|[-_](?:large|medium|small|thumb|wide|square)$")
# A file named after a person: two to four words of letters ("Julia-Gralberg", "jane_doe").
_NAME_FILE_RE = re.compile(r"[^\W\d_]+(?:(?:[-_+]|%20)[^\W\d_]+){1,3}")
# A copy's number after a file's name ("Julia-Gralberg-2"), cut before it is read as a name.
_COPY_NUMBER_RE = re.compile(r"[-_]\d+$")
_DATE_ID_RE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d$")  # a day, not a photo
_GENERIC_TOKENS = frozenset(
    {"thumbnail", "thumbnails", "wordpress", "wp-content", "uploads", "original"}
)
# Class and itemprop words of every element a generic selector can match, as XPath's
# contains() finds them (case kept): dates (DATE_SELECTORS, UPDATED_SELECTORS, and a few more)
# and bylines (AUTHOR_SELECTORS). Tested in one walk of the page, in Python: faster than
# contains() in libxml2, and the selectors are then tried on these elements only.
_DATE_MARK_RE = re.compile("date|published|updated|timestamp")
_BYLINE_MARK_RE = re.compile("author|byline")
# The class of the element holding a writer's name inside a byline block.
_AUTHOR_NAME_CLASS_RE = re.compile(r"(?:author|byline)[-_]*name\b", re.IGNORECASE)
# Names read from one byline block of writers' cards: more are a list of staff, not a byline.
BYLINE_MAX_NAMES = 4
_TAG_LINKS_XP = etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
_BREADCRUMB_XP = etree.XPath(BREADCRUMB_XPATH)
_IMG_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset")


@dataclass
class Marked:
    """The elements of a page the generic date and byline selectors can match, in page order."""

    dates: list[HtmlElement]
    bylines: list[HtmlElement]
    breadcrumbs: bool = False
    """Whether BREADCRUMB_XPATH can match: an element it starts from is on the page."""
    tag_links: bool = False
    """Whether an element says rel="tag" (or a rel holding "tag")."""
    crumb_roots: list[tuple[HtmlElement, bool, bool]] = field(default_factory=list)
    """The elements BREADCRUMB_XPATH starts from, in page order, each with which of its two
    expressions starts there: its links' (a class or label), its names' (an itemtype)."""


def marked_elements(tree: HtmlElement) -> Marked:
    """The page's date and byline candidates, found in one walk (fifteen selectors, each
    run over the whole page, cost more than the rest of the byline and date search)."""
    dates: list[HtmlElement] = []
    bylines: list[HtmlElement] = []
    crumbs: list[tuple[HtmlElement, bool, bool]] = []
    tag_links = False
    for el in tree.iter(etree.Element):
        cls = el.get("class") or ""
        prop = el.get("itemprop") or ""
        rel = el.get("rel") or ""
        if el.tag == "time" or "date" in prop or _DATE_MARK_RE.search(cls):
            dates.append(el)
        if "author" in prop or rel == "author" or _BYLINE_MARK_RE.search(cls):
            bylines.append(el)
        tag_links = tag_links or "tag" in rel
        links = "breadcrumb" in cls or "readcrumb" in (el.get("aria-label") or "")
        names = "BreadcrumbList" in (el.get("itemtype") or "")
        if links or names:
            crumbs.append((el, links, names))
    return Marked(dates, bylines, bool(crumbs), tag_links, crumbs)


def _matches(tree: HtmlElement, selector: str, candidates: list[HtmlElement]) -> list[HtmlElement]:
    """What ``select(tree, selector)`` finds, for a selector whose elements (or, for "A B",
    whose A elements) are among `candidates`: tested in Python, not run over the page."""
    if (test := simple_matcher(selector)) is not None:
        return [e for e in candidates if test(e)]
    outer, _, inner = selector.partition(" ")
    if inner and (test_outer := simple_matcher(outer)) and (test := simple_matcher(inner)):
        found: list[HtmlElement] = []
        seen: set[HtmlElement] = set()
        for anchor in candidates:
            if test_outer(anchor):
                # Nested anchors: the outer one's walk met the inner one's elements first,
                # in page order.
                for el in anchor.iterdescendants(etree.Element):
                    if el not in seen and test(el):
                        seen.add(el)
                        found.append(el)
        return found
    return select(tree, selector)


@dataclass
class Byline:
    """A byline found in the page: the printed text and what it names."""

    text: str
    authors: list[str]
    agencies: list[str]
    # The element that holds it, where the finder knows it: which of two comes first.
    element: HtmlElement | None = field(default=None, compare=False, repr=False)


def spaced_text(el: HtmlElement) -> str:
    """Text with a space between nodes: "Author<span>Jane Doe</span>" -> "Author Jane Doe"."""
    return _WS_RE.sub(" ", " ".join(el.itertext())).strip()


def items_spaced_text(el: HtmlElement) -> str:
    """spaced_text with a ";" between the items of a list: "<li>Jane Doe</li><li>John
    Roe</li>" -> "Jane Doe; John Roe", two names, not one of four words."""
    if next(el.iter("li"), None) is None:
        return spaced_text(el)
    parts: list[str] = []
    _item_parts(el, parts)
    return _WS_RE.sub(" ", " ".join(parts)).replace(" ;", ";").strip()


def _item_parts(el: HtmlElement, parts: list[str]) -> None:
    if el.tag == "li" and (before := el.getprevious()) is not None and before.tag == "li":
        parts.append(";")
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        _item_parts(child, parts)
        if child.tail:
            parts.append(child.tail)


def block_spaced_text(el: HtmlElement) -> str:
    """Visible text with a space where a block (an element that is no phrasing content, a
    line break) begins or ends: "<div>August 28, 2025</div><div>5 min read</div>" -> "August
    28, 2025 5 min read", not "20255 min read"; "9<sup>th</sup>" stays "9th"."""
    parts: list[str] = []
    _spaced_parts(el, parts, top=True)
    return _WS_RE.sub(" ", "".join(parts)).strip()


def _spaced_parts(el: HtmlElement, parts: list[str], top: bool = False) -> None:
    block = isinstance(el.tag, str) and (el.tag not in INLINE_TAGS or el.tag == "br")
    if block and not top:
        parts.append(" ")
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        _spaced_parts(child, parts)
    if block and not top:
        parts.append(" ")
    if not top and el.tail:
        parts.append(el.tail)


def _outside_furniture(
    el: HtmlElement, main_aside: bool = False, article_parts: bool = False
) -> bool:
    """Not inside comments, forms, sidebars or teasers, where other people's names live.
    `main_aside`: an <aside> inside the page's <main> or <article> is the article's own side
    column (its date, its writer, its topics), not the site's. `article_parts`: the footer
    or aside of the <article> holding the page's <h1> is the article's own (its writer), and
    an element holding the article itself is its frame, not furniture (_article_part)."""
    for anc in el.iterancestors():
        if anc.tag == "aside" and main_aside and _in_main(anc):
            continue
        if anc.tag in ("form", "footer", "aside", "nav"):
            if article_parts and _article_part(anc):
                continue
            return False
        if anc.tag in ("body", "html"):
            break
        marks = f"{anc.get('class', '')} {anc.get('id', '')}".split()
        if any(_NOT_BYLINE_RE.match(token) for token in marks):
            return False
    return True


def _article_part(el: HtmlElement) -> bool:
    """A <footer> or <aside> of the <article> that holds the page's <h1> (the writer's line
    under the text: "<article><h1>..</h1>..<footer>By <a rel=author>Jane Doe</a>"), or a
    <nav>, <footer> or <aside> that holds the <h1> and the paragraphs of the article (unclosed
    markup nests the page in a <nav>)."""
    h1 = next(el.getroottree().getroot().iter("h1"), None)
    if h1 is None:
        return False
    if any(anc is el for anc in h1.iterancestors()):
        # Not a <form>: a page-wide ASP.NET form holds captions and widgets marked "author"
        # as readily as the byline.
        return el.tag != "form" and sum(1 for _ in el.iter("p")) >= ARTICLE_FRAME_MIN_PARAGRAPHS
    if el.tag not in ("footer", "aside"):
        return False
    article = next(el.iterancestors("article"), None)
    return article is not None and any(anc is article for anc in h1.iterancestors())


def _in_main(el: HtmlElement) -> bool:
    return any(anc.tag in ("main", "article") for anc in el.iterancestors())


def _reviewer(el: HtmlElement) -> bool:
    """A byline block of someone who checked the article, not of its writer: marked by the
    class of the block or of a close container ("author-meta-container expert", "reviewer"),
    or by the label printed just before it ("Fact checked by")."""
    for depth, node in enumerate((el, *el.iterancestors())):
        if depth > REVIEWER_DEPTH or node.tag in ("body", "html"):
            return False
        if REVIEWER_CLASS_RE.search(node.get("class") or ""):
            return True
        before = node.getprevious()
        if before is not None and REVIEWER_LABEL_RE.search(spaced_text(before)[-60:]):
            return True  # "<span>Fact checked by</span> <div><a>John Roe</a></div>"
    return False


def _other_article(el: HtmlElement, h1: HtmlElement | None) -> bool:
    """The element sits in an <article> other than the one holding the page's <h1>: a teaser
    of another article ("Read next", a grid of cards), its byline another's."""
    if h1 is None:
        return False
    own = next(h1.iterancestors("article"), None)
    theirs = next(el.iterancestors("article"), None)
    return own is not None and theirs is not None and theirs is not own


def _comment_author(el: HtmlElement) -> bool:
    """The author of a comment printed beside it ("<span class="author">Jane Doe</span> <div
    class="comment">..."), in a list of recent comments no class marks as such."""
    parent = el.getparent()
    if parent is None:
        return False
    return any(
        COMMENT_CLASS_RE.match(token)
        for sib in parent
        if sib is not el and isinstance(sib.tag, str)
        for token in (sib.get("class") or "").split()
    )


def find_byline(
    tree: HtmlElement,
    selectors: tuple[str, ...] = AUTHOR_SELECTORS,
    marked: Marked | None = None,
) -> Byline | None:
    """The first selector whose element names a person or agency. Only the first element and
    its close siblings count: later matches are comment authors or other articles' bylines.
    `marked`: the page's marked_elements, if known."""
    for texts in _byline_texts(tree, selectors, marked):
        authors: list[str] = []
        agencies: list[str] = []
        for text in texts:
            a, g = parse_byline(text)
            authors += [x for x in a if x.lower() not in {y.lower() for y in authors}]
            agencies += [x for x in g if x not in agencies]
        if authors or agencies:
            return Byline(" ".join(texts), authors, agencies)
    return None


def find_byline_texts(tree: HtmlElement, marked: Marked | None = None) -> list[str]:
    """The texts of the first element the page marks as its byline, whatever they name (a
    team's credit, "Podium Staff", where find_byline wants a person or an agency)."""
    return next((t for t in _byline_texts(tree, AUTHOR_SELECTORS, marked) if t), [])


def _byline_texts(
    tree: HtmlElement, selectors: tuple[str, ...], marked: Marked | None
) -> Iterator[list[str]]:
    """For each selector in turn, the texts of its first element and close siblings outside
    the page's furniture, reviewers, comments and other articles."""
    generic = selectors is AUTHOR_SELECTORS
    candidates = (marked or marked_elements(tree)).bylines if generic else []
    if generic and not candidates:
        return
    h1 = next(tree.iter("h1"), None)
    for sel in selectors:
        matched = _matches(tree, sel, candidates) if generic else select(tree, sel)
        found = [
            e for e in matched[:30]
            if e.tag not in ("meta", "link", "html", "body")
            and _outside_furniture(e, article_parts=True)
            and not _reviewer(e) and not _comment_author(e) and not _other_article(e, h1)
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
        if names := _name_elements(first):
            # A block of writers' cards, each a name and a title ("Jane Doe / Research"): the
            # elements its class marks as names hold the names, the rest describes them.
            group = names
        texts: list[str] = []
        for el in group:
            text = spaced_text(el)
            if len(text) >= 160:
                # A byline block holding the author's biography: its first link is the name
                # ("By <a>Jane Doe</a> Jane Doe has covered ... for ten years").
                link = next((a for a in el.iter("a") if 0 < len(spaced_text(a)) < 60), None)
                name = spaced_text(link) if link is not None else ""
                # Only a link that opens the block, after a label at most ("By"; not "Fact
                # checked by").
                at = text.find(name)
                opens = 0 <= at <= 20 and not REVIEWER_LABEL_RE.search(text[:at])
                text = name if name[:1].isupper() and opens else ""
            if text and len(text) < 160 and text not in texts:
                texts.append(text)
        yield texts


def _name_elements(block: HtmlElement) -> list[HtmlElement]:
    """The elements inside `block` whose class marks a writer's name ("author-name",
    "byline__name"), the first BYLINE_MAX_NAMES of them."""
    return [
        e
        for e in block.iterdescendants(etree.Element)
        if _AUTHOR_NAME_CLASS_RE.search(e.get("class") or "")
    ][:BYLINE_MAX_NAMES]


# Texts tried by find_labelled_byline before it gives up: the byline is near the top.
_LABELLED_TRIES = 12
# The first text after an element, in page order, that a reader sees.
_NEXT_TEXT_XP = etree.XPath(
    "following::text()[normalize-space()][not(ancestor::script or ancestor::style)][1]"
)
_NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "title", "head", "template", "svg"})


def _label_texts(
    tree: HtmlElement,
) -> Iterator[tuple[str, HtmlElement, re.Match[str] | None, re.Match[str] | None]]:
    """(text, the element it is in, its label at the start, its label inside) of each text
    and tail in the page a byline's label starts or holds, in the order find_labelled_byline
    reads them (an element's text, then its tail). A label inside the text is sought only in
    the texts that hold its words ("By", "BY", "Written"): found in C, where the expression
    would test every character of every text of the page."""
    match, search = LABELLED_BYLINE_RE.match, LABELLED_BYLINE_MID_RE.search
    for el in tree.iter(etree.Element):
        if el.tag in _NO_TEXT_TAGS:
            continue
        for text, tail in ((el.text, False), (el.tail, True)):
            if not text or text.isspace():
                continue
            start = match(text)
            mid = None
            if start is None and (
                not ("By" in text or "BY" in text or "Written" in text)
                or (mid := search(text)) is None
            ):
                continue
            holder = el.getparent() if tail else el
            if holder is not None:
                yield text, holder, start, mid


def find_labelled_byline(tree: HtmlElement) -> Byline | None:
    """A byline no class or property marks, found by its printed label: "Written by" and
    the name in the next element, "By <a>Jane Doe</a>", "Mar 24, 2025 By Jane Doe". The
    first such text outside comments, forms and teasers that names someone."""
    tries = 0
    for text, holder, start, mid in _label_texts(tree):
        if start is None and _in_control(holder):
            continue  # a link's words around a "By": a control ("Shop By Brand")
        block = items_spaced_text(holder)
        if start is not None and not block[start.end() :].strip() and len(block) < 40:
            # The label alone ("<p>Written by</p><p>Jane Doe</p>"): the name follows it.
            alone = holder
            holder = holder.getparent() if holder.getparent() is not None else holder
            block = items_spaced_text(holder)
            if len(block) > LABELLED_BYLINE_MAX_CHARS and (after := _NEXT_TEXT_XP(alone)):
                # A writer's card under the label, biography and all: the next text.
                block = f"{spaced_text(alone)} {_WS_RE.sub(' ', after[0]).strip()}"
        if (
            holder.tag in _NO_TEXT_TAGS
            or len(block) > LABELLED_BYLINE_MAX_CHARS
            or not _outside_furniture(holder, main_aside=True, article_parts=True)
        ):
            continue
        tries += 1
        label = text.strip() if start is None else text[start.start() :].strip()
        at = block.find(label[:20]) if start is not None else block.find(mid.group().strip())
        if NOT_WRITER_BEFORE_BY_RE.search(block[: max(at, 0)]):
            continue  # "Medically reviewed by", "Photo by"
        if COPYRIGHT_RE.search(block[: max(at, 0)]):
            continue  # "© 2026 Body By Acme Ltd": the site's owner
        byline = block[max(at, 0) :]
        # A count or a date after the name ("By Jane Doe 0 comments") ends it.
        byline = re.split(r"\s\d", byline, maxsplit=1)[0]
        a, g = parse_byline(byline)
        # No class vouches for this text: a lone word must be a given name, not prose
        # ("by signing up", "by using").
        a = [n for n in a if " " in n or (n[:1].isupper() and is_first_name(n))]
        if a:
            return Byline(byline, a, g, holder)
        if tries >= _LABELLED_TRIES:
            return None
    return None


# The page's text nodes but those the searches skip (their element, a tail's parent, is one of
# _NO_TEXT_TAGS: XPath's parent of a text node): a page's scripts may hold most of its text.
_TEXT_NODES_XP = etree.XPath(
    "//body//text()[not({})]".format(" or ".join(f"parent::{t}" for t in sorted(_NO_TEXT_TAGS)))
)


def body_text(tree: HtmlElement) -> str:
    """The text of the page's <body>, as `_texts_matching` scans it for its stems (read once
    by a caller that runs several of its searches on the same tree)."""
    body = tree.find("body")
    return body.text_content() if body is not None else ""


def _texts_matching(
    tree: HtmlElement, pattern: re.Pattern[str], stems: tuple[str, ...], text: str | None
) -> list[Any]:
    """The page's text nodes (lxml's, which know their element) where `pattern` is found.
    Most pages hold none of the `stems` followed by "by" every match holds: their text
    (`text`, the page's `body_text`, or read here) is found in C and not walked (a regular
    expression over every text node costs more than the rest of the byline search)."""
    if text is None:
        text = body_text(tree)
    if not any(_stem_before_by(text, stem) for stem in stems):
        return []
    return [t for t in _TEXT_NODES_XP(tree) if pattern.search(t)]


def _stem_before_by(source: str, stem: str) -> bool:
    at = source.find(stem)
    while at >= 0:
        if CHECKER_BY_RE.match(source, at + len(stem)):
            return True
        at = source.find(stem, at + 1)
    return False


def _text_holder(text: Any) -> HtmlElement | None:  # noqa: ANN401
    """The element whose text `text` (an lxml text node) is: its parent's for a tail."""
    el = text.getparent()
    return el.getparent() if el is not None and text.is_tail else el


def find_credit_sentence(tree: HtmlElement, body: str | None = None) -> Byline | None:
    """A sentence of the page that credits the writer ("This post was written by <a>Jane
    Doe</a>, MD, gastroenterologist."), in a short paragraph outside comments and teasers:
    the first that names a person by their full name. `body`: the page's `body_text`, if
    the caller has it."""
    for text in _texts_matching(tree, CREDIT_SENTENCE_RE, CREDIT_SENTENCE_STEMS, body):
        holder = _text_holder(text)
        if holder is None or holder.tag in _NO_TEXT_TAGS:
            continue
        block = items_spaced_text(holder)
        if len(block) > 2 * LABELLED_BYLINE_MAX_CHARS or not _outside_furniture(
            holder, main_aside=True, article_parts=True
        ):
            continue
        after = CREDIT_SENTENCE_RE.split(block, maxsplit=1)[-1]
        authors, agencies = parse_byline(after)
        authors = [n for n in authors if is_full_name(n)]
        if authors:
            return Byline(block, authors, agencies, holder)
    return None


def find_checkers(tree: HtmlElement, body: str | None = None) -> list[str]:
    """Full names of the people the page says checked or edited the article ("Medically
    reviewed by Jane Doe", "fact-checked and edited by <a>John Roe</a>"), in page order: no
    writers, but the people credited where no writer is named. `body`: the page's
    `body_text`, if the caller has it."""
    names: list[str] = []
    labels = 0
    for text in _texts_matching(tree, CHECKER_LABEL_RE, CHECKER_STEMS, body):
        m = CHECKER_LABEL_RE.search(text)
        holder = _text_holder(text)
        if holder is None or holder.tag in _NO_TEXT_TAGS:
            continue
        labels += 1
        if labels > CHECKER_MAX_LABELS:
            return names
        if _outside_furniture(holder, main_aside=True, article_parts=True):
            found = _checked_names(holder, text[m.start() :])
            names += [n for n in found if n not in names]
    return names


def _checked_names(holder: HtmlElement, label: str) -> list[str]:
    """The full names after a checker's label in `holder`: the text after it, else the
    links after it ("edited by Site Editor <a>John Roe</a>"), else the next text (the label
    alone in its element)."""
    block = items_spaced_text(holder)
    if len(block) > 2 * LABELLED_BYLINE_MAX_CHARS:
        return []  # prose: "the study, reviewed by ..." is no credit of this article
    at = max(block.find(_WS_RE.sub(" ", label).strip()[:20]), 0)
    after = CHECKER_LABEL_RE.split(block[at:], maxsplit=1)[-1]
    if not after.strip() and (following := _NEXT_TEXT_XP(holder)):
        after = _WS_RE.sub(" ", following[0]).strip()
    # The writer's label after the checker's ("Reviewed by A Written by B") or a date ends it.
    after = re.split(r"\b(?:written\s+)?by\b|\s\d", after, maxsplit=1, flags=re.I)[0]
    names = [n for n in parse_byline(after)[0] if is_full_name(n)]
    if names:
        return names
    links = [text for a in holder.iter("a") if (text := spaced_text(a)) and text in after]
    return [n for text in links for n in parse_byline(text)[0] if is_full_name(n)]


def find_unmarked_byline(tree: HtmlElement, body: str | None = None) -> Byline | None:
    """A byline no class or property marks: by its label, by its line beside the headline, by
    a link to the writer's page, by the writer's card; the first found in that order, but a
    link to the writer that comes before the labelled text in the page wins it (a labelled
    line further down is part of the text: "Authors: Jane Doe and John Roe" over a list of the
    software they wrote). `body`: the page's `body_text`, if the caller has it."""
    labelled = find_labelled_byline(tree)
    if labelled is None:
        return (
            find_headed_byline(tree)
            or find_author_link(tree)
            or find_portrait_card(tree)
            or find_credit_sentence(tree, body)
        )
    link = find_author_link(tree)
    if link is not None and _comes_first(tree, link.element, labelled.element):
        return link
    return labelled


def _comes_first(tree: HtmlElement, a: HtmlElement | None, b: HtmlElement | None) -> bool:
    """`a` comes before `b` in the page (an element before what it holds)."""
    if a is None or b is None or a is b:
        return False
    for el in tree.iter():
        if el is a:
            return True
        if el is b:
            return False
    return False


def _in_control(el: HtmlElement) -> bool:
    """The element is a link or a control (a menu's <summary>, a <label>), or inside one: a
    writer's link holds the name, not the "By" before it."""
    return el.tag in CONTROL_TAGS or any(anc.tag in CONTROL_TAGS for anc in el.iterancestors())


def _line_parts(el: HtmlElement, line: str) -> list[str]:
    """The parts of a line under or over a headline: between separators ("Jane Doe | July 2,
    2025"), or, with none printed, its child elements, each a part ("<span>Dec 17,
    2025</span><span>Jane Doe</span>")."""
    parts = HEADED_BYLINE_SPLIT_RE.split(line)
    if len(parts) == 1 and len(el) > 1:
        parts = [t for child in el if isinstance(child.tag, str) if (t := spaced_text(child))]
    return parts


def find_headed_byline(tree: HtmlElement) -> Byline | None:
    """A byline with no label, mark or property, printed as the line beside the headline
    (under it, or the line just over it): the writer's name and the date or their role, in
    parts between separators or in elements of their own ("Jane Doe | Senior Writer | July 2,
    2025", "Dec 26, 2025 • Jane Doe in Project Management"). The line must print a date, and
    the names must start with a given name: a section's name ("News | July 2, 2025") is no
    writer."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return None
    after = h1.itersiblings()
    lines = [next(after, None) for _ in range(HEADED_BYLINE_SIBLINGS)]
    lines.append(h1.getprevious())
    for i, el in enumerate(lines):
        if el is None or not isinstance(el.tag, str):
            continue
        line = spaced_text(el)
        if i == 0 and _names_only(line):
            authors, agencies = parse_byline(line)
            if authors and all(is_full_name(n) and len(n.split()[0]) > 2 for n in authors):
                return Byline(line, authors, agencies, el)
        if len(line) > HEADED_BYLINE_MAX_CHARS or not HEADED_BYLINE_DATE_RE.search(line):
            continue
        parts = _line_parts(el, line)
        if len(parts) < 2:
            continue
        for part in parts:
            dated = HEADED_BYLINE_DATE_RE.search(part)
            # The names before a date in the same part: "Jane Doe 24 Apr 2000 • 3 min read".
            authors, agencies = parse_byline(part[: dated.start()] if dated else part)
            # A given name of two letters opens words as often ("Im Wortlaut").
            if authors and all(is_full_name(n) and len(n.split()[0]) > 2 for n in authors):
                return Byline(line, authors, agencies)
            if not dated:
                break  # the first part that is no date names the writer, or no one
    return None


def _names_only(line: str) -> bool:
    """A line of names with their degrees as a byline prints them: no figure, and no
    lower-case word but those that join names and the particles of names ("van der")."""
    if not line or len(line) > HEADED_NAMES_MAX_CHARS or _DIGIT_RE.search(line):
        return False
    if not HEADED_NAMES_DEGREE_RE.search(line):
        return False
    return all(
        w in HEADED_NAMES_JOINERS or w in NAME_PARTICLES
        for w in _WORD_RE.findall(line)
        if w[:1].islower()
    )


def find_author_link(tree: HtmlElement) -> Byline | None:
    """A byline no class, label or line marks: the first link to a writer's page, outside
    comments, forms and teasers, whose address spells the name it prints
    ("<a href="/authors/jane-doe">Jane Doe</a>"); a link to an author page that names someone
    else ("More from our team") is no byline."""
    found = next(((a, n) for a in tree.iter("a") if (n := _writer_name(a))), None)
    if found is None:
        return None
    first, name = found
    # Co-writers' links beside the first, in the same block: "<a>Jane Doe</a> & <a>John Roe</a>".
    block = first.getparent().getparent() if first.getparent() is not None else None
    names = [name]
    if block is not None:
        names += [n for a in block.iter("a") if a is not first and (n := _writer_name(a))]
    names = list(dict.fromkeys(names))
    return Byline(" & ".join(names), names, [], first)


def _writer_name(a: HtmlElement) -> str | None:
    """The full name a link into a writers' folder prints, when its address spells it."""
    segments = [s for s in urlsplit(a.get("href") or "").path.lower().split("/") if s]
    if len(segments) < 2 or not AUTHOR_PATH_SEGMENTS.intersection(segments[:-1]):
        return None
    text = spaced_text(a)
    if not 0 < len(text) < 60:
        return None
    authors, _ = parse_byline(text)
    if len(authors) != 1 or " " not in authors[0]:
        return None  # a lone word spelt by an address is a desk's or an account's
    slug = _PAGE_SUFFIX_RE.sub("", segments[-1])
    if slug != segments[-1] and not is_full_name(authors[0]):
        return None  # a static site's folder of topic pages ("/redaktion/energie-wende.html")
    if name_letters(authors[0]) != name_letters(slug) or not _outside_furniture(
        a, article_parts=True
    ):
        return None
    return authors[0]


def find_portrait_card(tree: HtmlElement) -> Byline | None:
    """A writer's card no label, mark on the name or link marks: a portrait and the person's
    name as the next text the reader sees ("<img alt="Jane Doe" src="jane-doe.jpg"><strong>Jane
    Doe</strong><p>Jane writes about ..."). The image is a portrait when its alt text or file
    name spells the name, or when its class marks an avatar; outside comments, teasers,
    sidebars and figures. The page must show one such person: portraits beside several names
    are a list of people (a team page, teasers with their writers' faces), no byline."""
    found: dict[str, str] = {}
    for img in tree.iter("img"):
        name = _portrait_name(img)
        if name is None:
            continue
        found.setdefault(name_letters(name), name)
        if len(found) > 1:
            return None
    if len(found) != 1:
        return None
    name = next(iter(found.values()))
    return None if names_a_thing(name, lower_words(tree)) else Byline(name, [name], [])


def visible_text(tree: HtmlElement) -> str:
    """The text of the page a reader sees, whitespace collapsed."""
    return _WS_RE.sub(" ", " ".join(_VISIBLE_TEXT_XP(tree)))


def lower_words(tree: HtmlElement) -> set[str]:
    """The words the page prints in lower case: its language's common nouns, verbs..."""
    return {w for t in _VISIBLE_TEXT_XP(tree) for w in _WORD_RE.findall(t) if w[:1].islower()}


def _portrait_name(img: HtmlElement) -> str | None:
    """The full name printed after `img` in its card, if `img` is that person's portrait."""
    frame = img.getparent()
    marked = any(
        PORTRAIT_CLASS_RE.search(el.get("class") or "") for el in (img, frame) if el is not None
    )
    alt = PORTRAIT_ALT_WORDS_RE.sub("", img.get("alt") or img.get("title") or "")
    alt_names = {name_letters(n) for n in parse_byline(alt)[0]} if _may_name(alt) else set()
    spelled = set(alt_names)
    src = img.get("src") or img.get("data-src") or img.get("data-lazy-src") or ""
    stem = _COPY_NUMBER_RE.sub("", _SIZE_SUFFIX_RE.sub("", _file_stem(urlsplit(src).path)))
    if _NAME_FILE_RE.fullmatch(stem):
        spelled.add(name_letters(stem))
    if not (marked or spelled):
        return None  # before the walk to the next text, which is dear on a long page
    if any(a.tag in ("figure", "figcaption") for a in img.iterancestors()):
        return None  # a photo with its caption, of whoever the article is about
    # The name is the text a reader sees next, in the portrait's card.
    after = _text_after(img, PORTRAIT_CARD_DEPTH)
    if after is None:
        return None
    text, holder = _WS_RE.sub(" ", after[0]).strip(), after[1]
    if len(text) > PORTRAIT_NAME_MAX_CHARS or not _may_name(text):
        return None
    authors, _ = parse_byline(text)
    if len(authors) != 1 or not is_full_name(authors[0]):
        return None
    name, letters = authors[0], name_letters(text)
    if not letters.startswith(name_letters(name)):
        return None  # "Jane Doe speaks in Berlin": a sentence, not the name alone
    if len(letters) - len(name_letters(name)) > PORTRAIT_NAME_EXTRA:
        return None
    if name_letters(name) not in spelled and (alt_names or not marked):
        return None  # a photo of someone else beside the name
    near = islice((holder, *holder.iterancestors()), PORTRAIT_CAPTION_DEPTH)
    if any(a.tag == "figcaption" or CAPTION_CLASS_RE.search(a.get("class") or "") for a in near):
        return None
    outside = _outside_furniture(holder, main_aside=True, article_parts=True)
    return name if outside and not _comment_author(holder) and not _reviewer(holder) else None


def names_a_thing(name: str, common: set[str], min_words: int = PORTRAIT_THING_WORDS) -> bool:
    """A title of `min_words` words or more whose words after the first the page prints in
    lower case, as its language writes common nouns: a product's, a topic's or a company's
    name that opens with a given name ("Ninja Specialty Coffee Maker", "Verena Street"), no
    person's."""
    words = [w for w in name.split()[1:] if len(w) > 2 and w.lower() not in NAME_PARTICLES]
    lowered = [w for w in words if w.lower() in common]
    return len(name.split()) >= min_words and len(lowered) >= min_words - 1


def _may_name(text: str) -> bool:
    """Short words opening with a given name: worth parsing as a person's name (a page of
    products has hundreds of images, each with its alt text and a text after it)."""
    words = text.split(maxsplit=PORTRAIT_NAME_MAX_WORDS)
    return 1 < len(words) <= PORTRAIT_NAME_MAX_WORDS and is_first_name(words[0])


def _text_after(el: HtmlElement, levels: int) -> tuple[str, HtmlElement] | None:
    """The first text a reader sees after `el` inside its ancestor `levels` up, and the
    element holding it (the walk stays in that ancestor: XPath's following:: axis would read
    on to the end of the page for every image)."""
    node = el
    for _ in range(levels):
        parent = node.getparent()
        if parent is None:
            return None
        if node.tail and node.tail.strip():
            return node.tail, parent
        for sib in node.itersiblings():
            if found := _first_text(sib):
                return found
            if sib.tail and sib.tail.strip():
                return sib.tail, parent
        node = parent
    return None


def _first_text(el: HtmlElement) -> tuple[str, HtmlElement] | None:
    """The first visible text inside `el` (its own tail aside), and its holder."""
    walk = etree.iterwalk(el, events=("start", "end"))
    for event, node in walk:
        visible = isinstance(node.tag, str) and node.tag not in _NO_TEXT_TAGS
        if event == "start":
            if not visible:
                walk.skip_subtree()
            elif node.text and node.text.strip():
                return node.text, node
        elif node is not el and node.tail and node.tail.strip():
            return node.tail, node.getparent()
    return None


def find_dates(
    tree: HtmlElement, selectors: tuple[str, ...] = DATE_SELECTORS, marked: Marked | None = None
) -> list[str]:
    """Raw date texts of the page, best first: datetime attributes, then printed text.
    `marked`: the page's marked_elements, if known."""
    out: list[str] = []
    generic = selectors is DATE_SELECTORS or selectors is UPDATED_SELECTORS
    candidates = (marked or marked_elements(tree)).dates if generic else []
    if generic and not candidates:
        return out
    h1 = next(tree.iter("h1"), None) if generic else None
    for sel in selectors:
        found = _matches(tree, sel, candidates) if generic else select(tree, sel)
        kept = [e for e in found[:10] if _outside_furniture(e) and not _teaser_date(e, h1)]
        for el in kept[:3]:
            value = el.get("datetime") or el.get("content")
            if not value and len(el) < 12:  # a date is a short element, not a whole section
                value = block_spaced_text(el)
            if value and len(value) < 120 and value not in out:
                out.append(value)
        if len(out) >= 4:
            break
    return out


def _teaser_date(el: HtmlElement, h1: HtmlElement | None) -> bool:
    """A date of another page's teaser: inside a link that holds a heading or a picture (a
    permalink around the article's own date holds neither), or inside a card that does not
    hold the page's headline."""
    for depth, anc in enumerate(el.iterancestors()):
        if anc.tag in ("body", "html") or depth >= TEASER_DATE_DEPTH:
            return False
        if (
            anc.tag == "a"
            and anc.get("href")
            and any(
                c.tag in TEASER_LINK_TAGS for c in anc.iterdescendants() if isinstance(c.tag, str)
            )
        ):
            return True
        card = TEASER_CARD_CLASS_RE.search(anc.get("class") or "") or _listed(anc, el)
        if card and (h1 is None or anc not in h1.iterancestors()):
            return True
    return False


def _listed(item: HtmlElement, date: HtmlElement) -> bool:
    """`item` is one of a list of like elements (same tag and class, a carousel's slides, a
    list's entries) that each hold a date like `date`: the dates of the items a list shows,
    not of the page. A page's own header items (its date beside its writer) hold one date."""
    parent = item.getparent()
    if parent is None:
        return False
    cls, date_cls = item.get("class"), date.get("class")
    others = 0
    for sib in parent:
        if sib is item or sib.tag != item.tag or sib.get("class") != cls:
            continue
        if any(d.get("class") == date_cls for d in sib.iter(date.tag)):
            others += 1
            if others >= TEASER_LIST_OTHERS:
                return True
    return False


def find_updated(tree: HtmlElement, marked: Marked | None = None) -> list[str]:
    return find_dates(tree, UPDATED_SELECTORS, marked)


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
    for fig in tree.iter("figure"):
        img = next(fig.iter("img"), None)
        if img is None or _teaser(fig):
            continue
        url = image_url(img, base)
        if not url:
            continue
        caption_text, credit_text = _figure_texts(fig, img)
        caption, credit, raw = split_credit_element(caption_text, credit_text)
        out.append({"url": url, "caption": caption, "credit": credit, "credit_raw": raw})
    return out


def _figure_texts(fig: HtmlElement, img: HtmlElement) -> tuple[str | None, str | None]:
    """Caption and credit texts of a <figure>: the figcaption without its credit elements, and
    those; else a credit printed, marked up or stored elsewhere in the figure."""
    caption_el = next(fig.iter("figcaption"), None)
    caption_text = credit_text = None
    if caption_el is not None:
        for e in [e for e in caption_el.iterdescendants() if _is_control(e)]:
            e.drop_tree()  # "Show more" is the page's button, not the caption's words
        credit_els = _inner_credits(caption_el, labelled=False)
        credit_text = " ".join(text_of(e) for e in credit_els) or None
        if credit_text and (rest := _beside_caption(caption_el)):
            credit_text = rest if credit_text in rest else credit_text
        for e in credit_els:
            e.drop_tree()  # so the caption text is read without the credit
        # Without a figcaption there is no caption: alt text describes, it does not caption.
        caption_text = text_of(caption_el)
    if credit_text or split_caption(caption_text)[1]:
        return caption_text, credit_text  # the credit as printed beats any stored one
    return caption_text, _figure_credit(fig, img, caption_el)


def _is_control(el: HtmlElement) -> bool:
    return el.tag == "button" or el.get("role") == "button"


def _figure_credit(fig: HtmlElement, img: HtmlElement, caption: HtmlElement | None) -> str | None:
    """A credit of the figure outside its figcaption: an element marked or labelled as one,
    schema.org microdata (<meta itemprop="copyrightHolder" content=...>), data-credit
    attributes, or a credit written into the image's alt or title text."""
    for el in fig.iterdescendants():
        if not isinstance(el.tag, str) or el is caption or el is img:
            continue
        if (prop := el.get("itemprop")) in MICRODATA_CREDIT_PROPS and el.get("content"):
            return el.get("content")
        if (caption is not None and caption in el.iterancestors()) or img in el.iterdescendants():
            continue  # inside the figcaption, read above; or a wrapper of the image
        if prop not in MICRODATA_CREDIT_PROPS and _credit_like(el):
            return _short_text(el)
    for el in (img, fig):
        if credit := _attr_text(el, CREDIT_ATTR_RE):
            return credit
    return _alt_credit(img)


def _beside_caption(figcaption: HtmlElement) -> str | None:
    """The text of a figcaption outside its marked caption child: "<span class=caption>...</span>
    <span class=credit>Photo by Jane Doe</span> / <span>AFP via Getty Images</span>" is
    caption, then one credit in pieces."""
    inner = next(
        (
            e
            for e in figcaption.iterdescendants()
            if isinstance(e.tag, str) and CAPTION_CLASS_RE.search(e.get("class", ""))
        ),
        None,
    )
    if inner is None:
        return None
    whole, caption = spaced_text(figcaption), spaced_text(inner)
    rest = whole.replace(caption, " ", 1).strip(" /|-–—,;") if caption else ""
    return _WS_RE.sub(" ", rest) if 0 < len(rest) < 200 else None


def same_image(a: str, b: str) -> bool:
    """Two URLs of one photo: equal, or the same file name under different sizes/CDNs."""
    if a == b:
        return True
    # Image proxies carry the photo's address in the query: "cdn.example/?url=https://...".
    for x, y in ((a, b), (b, a)):
        inner = next((v for _, v in parse_qsl(urlsplit(x).query) if v.startswith("http")), None)
        if inner and inner != x and same_image(inner, y):
            return True
    name_a, name_b = _file_stem(urlsplit(a).path), _file_stem(urlsplit(b).path)
    strip = _SIZE_SUFFIX_RE
    if bool(name_a) and len(name_a) > 4 and strip.sub("", name_a) == strip.sub("", name_b):
        return True
    # Resizing CDNs keep the path and change the query: "/c/02.jpeg?fl=cro,0,0,1920,1080".
    if len(urlsplit(a).path) > 12 and urlsplit(a).path == urlsplit(b).path:
        return True
    # "13862217_W2040C2040x1360.jpg", "13862217_M400x267.jpg": one id, two size specs.
    id_a, id_b = _SIZED_NAME_RE.match(name_a), _SIZED_NAME_RE.match(name_b)
    if id_a and id_b and id_a.group(1) == id_b.group(1) and not _DATE_ID_RE.match(id_a.group(1)):
        return True
    # CDNs put sizes and crops in the path but keep the photo's id: share a long token with a
    # digit (a word such as the site's name in the path is no id).
    tokens_a = {t for t in _ID_TOKEN_RE.findall(urlsplit(a).path) if _is_id(t)}
    return bool((tokens_a - _GENERIC_TOKENS) & set(_ID_TOKEN_RE.findall(urlsplit(b).path)))


def _file_stem(path: str) -> str:
    """The file name of a URL's path, without its extension: "/a/jane-doe.jpg" -> "jane-doe"."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _is_id(token: str) -> bool:
    """A photo's id has digits: "img2024090415", not "web2images" (a site's folder)."""
    return len(_DIGIT_RE.findall(token)) >= 3 and token not in _GENERIC_TOKENS


def photo_keys(url: str) -> frozenset[str]:
    """Pieces that every URL `same_image` matches with `url` holds: a cheap test before it."""
    keys: set[str] = set()
    query = urlsplit(url).query
    for u in (url, *(v for _, v in parse_qsl(query) if v.startswith("http"))):
        path = urlsplit(u).path
        name = _file_stem(path)
        # "/image/5b19241f/": no file name, the path must match, and holds its last part.
        keys.add(_SIZE_SUFFIX_RE.sub("", name) if len(name) > 4 else name or path.strip("/"))
        keys |= {t for t in _ID_TOKEN_RE.findall(path) if _is_id(t)}
        if m := _SIZED_NAME_RE.match(name):
            keys.add(m.group(1))
    return frozenset(keys)


def _outside_furniture_tags(el: HtmlElement) -> bool:
    # Tag clouds of sidebars list the whole site's topics, not this article's.
    return not any(anc.tag in ("aside", "footer", "nav") for anc in el.iterancestors())


def find_tags(tree: HtmlElement, marked: Marked | None = None) -> list[str]:
    """Topic links printed with rel="tag", in page order. `marked`: the page's
    marked_elements, if known."""
    if marked is not None and not marked.tag_links:
        return []
    tags = [text_of(a) for a in _TAG_LINKS_XP(tree) if _outside_furniture_tags(a)]
    return list(dict.fromkeys(t for t in tags if t and len(t) < 60))


def find_section(
    tree: HtmlElement, headline: str | None, marked: Marked | None = None
) -> str | None:
    """The last breadcrumb link before the article itself: "News > World" -> "World".
    `marked`: the page's marked_elements, if known."""
    if marked is not None and not marked.breadcrumbs:
        return None
    found = _crumb_links(tree, marked.crumb_roots) if marked and marked.crumb_roots else None
    links = [text_of(a) for a in (_BREADCRUMB_XP(tree) if found is None else found)]
    links = list(dict.fromkeys(t for t in links if t and t != headline and len(t) < 40))
    return links[-1] if len(links) >= 2 else None


def _crumb_links(
    tree: HtmlElement, roots: list[tuple[HtmlElement, bool, bool]]
) -> list[HtmlElement] | None:
    """What BREADCRUMB_XPATH finds, read under the elements it starts from (`roots`, in page
    order) rather than by its walk of every element: under each outermost one, in page order,
    its links and names and those of the roots it holds. None where a root is no longer in
    `tree`."""
    starts = {el for el, _, _ in roots}
    outer: list[tuple[HtmlElement, bool, bool]] = []
    inner_links: set[HtmlElement] = set()  # under a nested root of links (a class or label)
    inner_names: set[HtmlElement] = set()  # under a nested root of names (an itemtype)
    for el, links, names in roots:
        top = el
        for top in el.iterancestors():
            if top in starts:
                break
        else:
            if top is not tree:
                return None
            outer.append((el, links, names))
            continue
        if links:
            inner_links.update(el.iterdescendants(etree.Element))
        if names:
            inner_names.update(el.iterdescendants(etree.Element))
    found: list[HtmlElement] = []
    for el, links, names in outer:
        for d in el.iterdescendants(etree.Element):
            if (d.tag == "a" and (links or d in inner_links)) or (
                d.get("itemprop") == "name" and (names or d in inner_names)
            ):
                found.append(d)
    return found


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


# Words a feed's title adds to the site's name ("Jane Doe » Feed", "Jane Doe RSS").
_FEED_WORDS_RE = re.compile(r"[\s»|:–—-]*\b(?:rss|atom)?\s*feed\b.*$|\s*\b(?:rss|atom)\s*$", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
# "© 2019-2025 Jane Doe. All rights reserved": the holder after the sign and the years.
_COPYRIGHT_HOLDER_RE = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?:by\s+)?([^.|©]{3,60})", re.I
)
# Links that may lead to the home page ("/", "https://example.com") or the about page: the
# rest of a page's links (hundreds) are not joined to its address.
_SITE_LINKS_XP = etree.XPath(
    "//a[@href='/' or @href='./' or contains(@href, 'about') or contains(@href, 'About')"
    " or (contains(@href, '//') and string-length(substring-after(substring-after(@href, '//'),"
    " '/')) = 0)]"
)
_ABOUT_PATHS = frozenset({"about", "about-me", "about-us"})
# Links to the home page read for the site's printed name: the logo's and the header's come
# first; one in a footer or a teaser further down names nothing new.
SITE_HOME_LINKS = 4


def site_self_names(tree: HtmlElement, url: str) -> list[tuple[str, str]]:
    """(where, text) of the names a site gives itself on every page: its feeds' titles, the
    part of the <title> after the headline, the text of its links to the home page (the
    header's "Jane Doe") and to its about page ("About Jane Doe"), and the copyright holder.
    A one-person site prints its owner's name there."""
    found: list[tuple[str, str]] = []
    for link in tree.iter("link"):
        title, kind = link.get("title") or "", (link.get("type") or "").lower()
        if kind in _FEED_TYPES and "comment" not in title.lower():
            found.append(("feed", _FEED_WORDS_RE.sub("", title)))
    if (title_el := tree.find(".//title")) is not None:
        parts = re.split(r"\s+[|–—·]\s+|\s+-\s+|\s*[()]\s*", text_of(title_el).strip())
        found += [("title", part) for part in parts[1:] if part]
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    homes = 0
    for a in _SITE_LINKS_XP(tree):
        parts = urlsplit(urljoin(url, (a.get("href") or "").strip()))
        if (parts.hostname or "").removeprefix("www.") != host:
            continue
        text = spaced_text(a)
        if parts.path in ("", "/") and not parts.query and text and homes < SITE_HOME_LINKS:
            homes += 1
            found.append(("home", text))
        elif parts.path.strip("/").lower() in _ABOUT_PATHS and text[:6].lower() == "about ":
            found.append(("about", text[6:]))
    for footer in tree.iter("footer"):
        if m := _COPYRIGHT_HOLDER_RE.search(spaced_text(footer)):
            found.append(("copyright", m.group(1)))
    return [(where, _WS_RE.sub(" ", text).strip()) for where, text in found if text.strip()]


# <img>, AMP's <amp-img> and web components such as <x-image src=...>.
# Three walks that test names, not one that builds every element's local-name().
_BODY_IMG_XP = etree.XPath(
    "//body//img | //body//amp-img | //body//*[@src][contains(local-name(), '-image')]"
)
_MAX_BLOCK_TEXT = 1200  # an ancestor with more text than this is the article, not the photo
_MAX_COPIES = 4  # copies of the lead photo whose blocks are read, the article's first


def _img_sources(img: HtmlElement) -> list[HtmlElement]:
    """An <img> and the <source>s of the <picture> around it."""
    sources = [img]
    # lxml's parser does not know <source> is empty: the <img> may sit inside one.
    for anc in img.iterancestors():
        if anc.tag == "picture":
            sources += [s for s in anc.iter("source")]
            break
        if anc.tag != "source":
            break
    return sources


def _img_attrs(img: HtmlElement) -> str:
    """The URL attributes of an <img> and its <picture> as one string, for a substring test."""
    return " ".join(el.get(attr) or "" for el in _img_sources(img) for attr in _IMG_ATTRS)


def _img_urls(img: HtmlElement, base: str, keys: frozenset[str] = frozenset({""})) -> list[str]:
    """Every URL an <img> (and the <picture> around it) offers: src, lazy attributes, srcsets;
    only those holding one of `keys` (see `photo_keys`)."""
    out: list[str] = []
    for el in _img_sources(img):
        for attr in _IMG_ATTRS:
            for part in (el.get(attr) or "").split(","):
                value = part.strip().split(" ")[0] if part.strip() else ""
                if value and not value.startswith("data:") and any(k in value for k in keys):
                    out.append(urljoin(base, value))
    return out


def _text_over(el: HtmlElement, limit: int) -> bool:
    """More than `limit` characters of text, counted only as far as needed (the walk up from a
    photo reaches the whole page)."""
    n = 0
    for text in el.itertext():
        n += len(" ".join(text.split())) + 1
        if n > limit + 1:
            return True
    return False


def _short_text(el: HtmlElement) -> str:
    return _WS_RE.sub(" ", " ".join(el.itertext())).strip()


def _is_credit_text(text: str) -> bool:
    """Printed "© Jane Doe", "Foto: dpa", "Photo: Reuters": a credit line by its label."""
    m = CREDIT_LABEL_RE.search(text)
    return bool(m and m.start("label") == 0 and m.group("credit").strip() and len(text) < 160)


def _bare_credit(text: str) -> bool:
    """A line that is a credit and nothing else: "Getty Images", "REUTERS/Jane Doe", "Anadolu
    Agency" (a news agency by any of its names)."""
    m = CREDIT_TAIL_RE.search(text)
    return bool(m and m.start() == 0 and len(text) < 80) or (
        len(text) < 40 and agency_of(text) is not None
    )


def _attr_text(el: HtmlElement, name_re: re.Pattern[str]) -> str | None:
    for name, value in el.attrib.items():
        value = _WS_RE.sub(" ", value or "").strip()
        if name_re.match(name) and value and not value.startswith(("http", "/", "{", "[")):
            return value
    return None


def photo_block(tree: HtmlElement, url: str, base: str) -> dict[str, Any] | None:
    """Caption and credit printed beside the page's copy of the photo `url`, wherever it sits:
    a <figure> (even inside a block our teaser filter skips), a <div class="image-caption">
    next to a bare <img>/<picture>, a credit line "Foto: ..." above or below it, or
    data-caption/data-credit attributes of the image or its wrappers."""
    keys = photo_keys(url)
    copies = [
        i
        for i in _BODY_IMG_XP(tree)
        if any(k in _img_attrs(i) for k in keys)
        and any(same_image(url, u) for u in _img_urls(i, base, keys))
    ]
    # A thumbnail of the same photo in a menu or teaser list may come before the article's copy.
    copies.sort(key=_teaser)
    for img in copies[:_MAX_COPIES]:
        if block := _img_block(img):
            return block
    return None


def _img_block(img: HtmlElement) -> dict[str, Any] | None:
    """Caption and credit printed around one <img>, its wrappers and attributes."""
    chain = [img]
    for anc in img.iterancestors():
        if anc.tag in PHOTO_BLOCK_STOP_TAGS or len(chain) > 5:
            break
        if anc.tag not in ("source", "picture", "a"):
            chain.append(anc)
    cap_text = cred_text = None
    seen_text = False  # the unmarked-line rule only reads the image's own small block
    for anc in chain[1:]:
        if _text_over(anc, _MAX_BLOCK_TEXT):
            break
        if cap_text:
            # Past the caption, a credit element marked as such, in a block of this one photo.
            if _photo_count(anc) > 1:
                break
            if (found := _marked_credit(anc)) is not None:
                cred_text = _short_text(found)
                break
            continue
        found_caption, found_credit = _caption_elements(anc, img, near=not seen_text)
        seen_text = seen_text or bool(_short_text(anc))
        if found_caption is not None and cap_text is None:
            cap_text = _short_text(found_caption)
            inner = _inner_credits(found_caption)
            if inner and cred_text is None:
                cred_text = " ".join(_short_text(e) for e in inner)
                for e in inner:
                    cap_text = cap_text.replace(_short_text(e), " ")
        if found_credit is not None and cred_text is None:
            cred_text = _short_text(found_credit)
        if cap_text and cred_text:
            break
    if not cap_text:
        cap_text = _sibling_caption(img)
    for el in chain:
        cap_text = cap_text or _attr_text(el, CAPTION_ATTR_RE)
        cred_text = cred_text or _attr_text(el, CREDIT_ATTR_RE)
    cred_text = cred_text or _alt_credit(img)
    if not cap_text and not cred_text:
        return None
    caption, credit, raw = split_credit_element(cap_text, cred_text)
    return {"caption": caption, "credit": credit, "credit_raw": raw}


def _sibling_caption(img: HtmlElement) -> str | None:
    """<picture>...</picture><figcaption>: a caption beside the image in a long article."""
    wrapper = img
    while (parent := wrapper.getparent()) is not None and parent.tag in ("source", "picture", "a"):
        wrapper = parent
    for sib in list(wrapper.itersiblings())[:2]:
        if isinstance(sib.tag, str) and (
            sib.tag == "figcaption" or CAPTION_CLASS_RE.search(sib.get("class", ""))
        ):
            return _short_text(sib) or None
    return None


def _marked_credit(block: HtmlElement) -> HtmlElement | None:
    """The first element of `block` whose class says it is a photo credit."""
    for el in block.iterdescendants():
        if isinstance(el.tag, str) and PHOTO_BLOCK_CREDIT_CLASS_RE.search(el.get("class", "")):
            text = _short_text(el)
            if text and len(text) < 200:
                return el
    return None


def _photo_count(el: HtmlElement) -> int:
    return sum(1 for e in el.iter() if isinstance(e.tag, str) and _is_photo_tag(e))


def _is_photo_tag(el: HtmlElement) -> bool:
    return el.tag in ("img", "amp-img") or ("-image" in el.tag and el.get("src") is not None)


def _inner_credits(caption: HtmlElement, labelled: bool = True) -> list[HtmlElement]:
    """The credit elements inside a caption, outermost only: "<span class=copyright>All rights
    reserved</span><span class=credit>Jane Doe</span>" is one credit in two pieces; small print
    after the caption's words ("<small>Jane Doe/AFP</small>", "<cite>") is one too; and, if
    `labelled`, an element whose text starts with a credit label ("Foto: ...")."""
    found: list[HtmlElement] = []
    whole = len(_short_text(caption))
    for e in caption.iterdescendants():
        if any(f in e.iterancestors() for f in found):
            continue
        if _credit_like(e, True, labelled) or (
            e.tag in SMALL_PRINT_TAGS and whole > len(_short_text(e)) + 10 and _short_text(e)
        ):
            found.append(e)
    return found


def _alt_credit(img: HtmlElement) -> str | None:
    """A credit written into the alt or title text after its description: "A meteorite in the
    garden © NDR Foto: Jane Doe", "Traders at the market. (Photo: Gallo Images / Jane Doe)"."""
    for name in ("alt", "title"):
        text = _WS_RE.sub(" ", img.get(name) or "").strip()
        m = CREDIT_LABEL_RE.search(text)
        # An alt text may start "Photo: a man..."; a title that starts with a label is a credit.
        first = text.startswith("©") or (name == "title" and len(text) < 80)
        if m and m.group("credit").strip() and (m.start("label") > 0 or first):
            return text[m.start("label") :].rstrip(") ")
    return None


def _credit_like(el: HtmlElement, inside_caption: bool = False, labelled: bool = True) -> bool:
    if not isinstance(el.tag, str):
        return False
    text = _short_text(el)
    marks = f"{el.get('class', '')} {el.get('itemprop', '')}"
    marked = (_CREDIT_CLASS_RE if inside_caption else PHOTO_CREDIT_CLASS_RE).search(marks)
    by_label = labelled and _is_credit_text(text)
    return bool(text) and len(text) < 200 and (bool(marked) or by_label)


def _caption_elements(
    block: HtmlElement, img: HtmlElement, near: bool
) -> tuple[HtmlElement | None, HtmlElement | None]:
    """The caption and credit elements of a photo block: marked by tag or class, or, in a
    small block of unmarked elements, the text beside the image (the credit by its label)."""
    caption = credit = None
    for el in block.iterdescendants():
        if not isinstance(el.tag, str) or el.tag in ("img", "picture", "source", "script"):
            continue
        if img in el.iterdescendants():
            continue  # a wrapper of the image itself, not a text beside it
        text = _short_text(el)
        if not text or len(text) > 1000:
            continue
        inside_caption = caption is not None and caption in el.iterancestors()
        if credit is None and not inside_caption and _credit_like(el):
            credit = el
            continue
        if caption is None and (
            el.tag == "figcaption" or CAPTION_CLASS_RE.search(el.get("class", ""))
        ):
            caption = el
    if caption is None and near:
        # No marked caption: the one unmarked line beside the image, in its own small block.
        lines = [
            c for c in block
            if isinstance(c.tag, str) and c is not credit and img not in c.iterdescendants()
            and c.tag not in NOT_CAPTION_TAGS
            and _short_text(c) and (credit is None or credit not in c.iterdescendants())
        ]  # fmt: skip
        if len(lines) in (1, 2) and credit is None:
            # "<div>Chelsea beat Tottenham</div><div>Getty Images</div>": a bare credit line;
            # alone beside the photo, an agency's name is its credit, not its caption.
            bare = [c for c in lines if _bare_credit(_short_text(c))]
            if len(bare) == 1:
                credit = bare[0]
                lines = [c for c in lines if c is not credit]
        if len(lines) == 1 and 15 < len(_short_text(lines[0])) < 600 and not _credit_like(lines[0]):
            caption = lines[0]
    return caption, credit
