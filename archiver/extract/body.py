"""Page tree -> article paragraphs and subheadings, without teasers and page furniture."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from copy import copy
from functools import lru_cache

import trafilatura
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError
from lxml.html import HtmlElement
from trafilatura import core as traf_core
from trafilatura import external as traf_external
from trafilatura.settings import Extractor

from archiver.extract import libfast
from archiver.extract.parse import parse_html
from archiver.extract.patterns import (
    BARE_TEXT_MIN_CHARS,
    BLOCK_TAGS,
    BODY_SELECTORS,
    BOILERPLATE_RE,
    BOILERPLATE_TEXT_RE,
    CLASS_IGNORE_RE,
    DROP_TAGS,
    FLOW_CONTENT_TAGS,
    FURNITURE_TAGS,
    HEADING_TAGS,
    HIDDEN_CLASSES,
    INLINE_TAGS,
    LEAD_MAX_GROWTH,
    LEAD_MIN_CHARS,
    LEAD_PREFIX_CHARS,
    LEAD_SKIP_TAGS,
    NEVER_STORY_RE,
    RUNNING_TEXT_MIN_WORDS,
    STORY_PARAGRAPH_CHARS,
    SWALLOWING_TAGS,
)
from archiver.pagetype import XPATH_SPACE

_WS_RE = re.compile(r"\s+")
_QUOTES_RE = re.compile(r"[\"'“”‘’„«»]")
# The first character `_plain` keeps of a text: past whitespace and quotes.
_FIRST_KEPT_RE = re.compile(r"[\s\"'“”‘’„«»]*([^\s\"'“”‘’„«»])")
# Attributes that mark an element as possible furniture (with the FURNITURE_TAGS).
_MARK_ATTRS = frozenset({"class", "id", "hidden", "aria-hidden", "style", "role"})
_FURNITURE_TAG_SET = frozenset(FURNITURE_TAGS)
_P_XP = etree.XPath("//p")
# Elements a story class keeps: its paragraphs and its subheadings.
STORY_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6"})
_WORD_RE = re.compile(r"\w")
_WORDS_RE = re.compile(r"\w+")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "menu"}
)
_SELECTOR_CACHE: dict[str, CSSSelector | None] = {}
# trafilatura warns of what it found in a page ("discarding data: <url>" when it sees no main
# text): for us its empty answer is an outcome the next step handles, not trouble, and a cron
# job's log stays quiet. Its errors still show.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

MIN_BODY_CHARS = 250
# trafilatura's main pass is taken without its comparison with readability and justext (a
# third of its time) unless the comparison may change it: the pass is shorter than this share
# of the visible text of the tree readability reads (readability's text, part of that tree,
# replaces only a text under half its own length), or fails the comparison's own tests (no
# <p> text, mostly tables, under MIN_EXTRACTED_SIZE, elements its sanitizer removes,
# which justext replaces). Elsewhere the comparison keeps the main pass's text.
FAST_RESULT_PAGE_SHARE = 0.5
# The steps of trafilatura's sequence that `_main_text` runs itself, as trafilatura 2.3 spells
# them. They are its internals: under another version (whose steps may take other arguments)
# its whole `bare_extraction` runs instead, slower and as right.
_TRAF_STEPS = ("_forum_thread_page", "_prepare_tree", "_recall_retry", "compare_extraction")
_TRAF_GATED_VERSION = "2.3."
_GATED = trafilatura.__version__.startswith(_TRAF_GATED_VERSION) and all(
    hasattr(traf_core, name) for name in _TRAF_STEPS
)


def text_of(el: HtmlElement) -> str:
    """Visible text of an element, whitespace collapsed."""
    return _WS_RE.sub(" ", el.text_content()).strip()


def css(selector: str) -> CSSSelector | None:
    """A compiled CSS selector, None for an invalid one (profiles are user data)."""
    if selector not in _SELECTOR_CACHE:
        try:
            _SELECTOR_CACHE[selector] = CSSSelector(selector)
        except (SelectorError, SyntaxError, ValueError):
            _SELECTOR_CACHE[selector] = None
    return _SELECTOR_CACHE[selector]


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    compiled = css(selector)
    return [e for e in compiled(tree) if isinstance(e, HtmlElement)] if compiled is not None else []


# A compound selector of a tag, classes and attribute tests ("time[datetime]", ".date",
# "[class*='published']"), no combinator: matched in Python on elements already found.
_SIMPLE_PART_RE = re.compile(
    r"""\.(?P<cls>[\w-]+)|\[(?P<attr>[\w:-]+)(?:(?P<op>\*?=)(?P<q>['"]?)(?P<value>[^'"\]]*)(?P=q))?\]"""
)
_SIMPLE_TAG_RE = re.compile(r"[a-z][a-z0-9]*|\*")
# XPath's normalize-space, which CSS class matching goes through, splits at these only.
_CLASS_SPLIT_RE = re.compile(r"[ \t\r\n]+")


@lru_cache(maxsize=256)
def simple_matcher(selector: str) -> Callable[[HtmlElement], bool] | None:
    """A test of one element against a compound selector, as `select` would match it; None
    for a selector it does not understand (run those with `select`)."""
    tag = _SIMPLE_TAG_RE.match(selector)
    pos = tag.end() if tag else 0
    classes: list[str] = []
    attrs: list[tuple[str, str | None, str]] = []
    while pos < len(selector):
        part = _SIMPLE_PART_RE.match(selector, pos)
        if part is None:
            return None
        if part["cls"]:
            classes.append(part["cls"])
        else:
            attrs.append((part["attr"], part["op"], part["value"] or ""))
        pos = part.end()
    name = tag.group() if tag and tag.group() != "*" else None

    def matches(el: HtmlElement) -> bool:
        if name is not None and el.tag != name:
            return False
        if classes and not set(classes) <= set(_CLASS_SPLIT_RE.split(el.get("class", ""))):
            return False
        for attr, op, value in attrs:
            got = el.get(attr)
            if got is None or (op == "=" and got != value) or (op == "*=" and value not in got):
                return False
        return True

    return matches


def _drop(el: HtmlElement) -> None:
    parent = el.getparent()
    if parent is None:
        return
    el.drop_tree()  # keeps the tail text, which belongs to the parent


def clean_tree(tree: HtmlElement) -> tuple[int, int]:
    """Remove furniture in place: scripts, navigation, figures, and class/id-marked teasers,
    share bars, newsletter prompts, comments... An element holding most of the page's
    paragraph text is never removed, whatever its class says ("post has-comments").
    Returns the paragraph and visible text lengths before cleaning, to judge the extraction by."""
    for el in list(tree.iter(*DROP_TAGS)):  # in C, faster than XPath's union of 16 walks
        if el.tag in SWALLOWING_TAGS and next(el.iter(*FLOW_CONTENT_TAGS), None) is not None:
            el.drop_tag()  # a button left open: what it swallowed stays, its own words too
            continue
        _drop(el)
    # Paragraph text under each element, summed once: asked of every marked element, it
    # would walk each subtree again (minutes on a page of thousands of nested <p>).
    # The same walk finds the marked elements (nine XPath walks before).
    own: dict[HtmlElement, int] = {}  # a <p>'s text
    inner: dict[HtmlElement, int] = {}  # text of the <p>s inside an element
    marked: list[HtmlElement] = []
    for el in reversed(list(tree.iter(etree.Element))):  # an element after its descendants
        here = inner.get(el, 0)
        tag = el.tag
        if tag == "p":
            own[el] = len(el.text_content())
            here += own[el]
        if here and (parent := el.getparent()) is not None:
            inner[parent] = inner.get(parent, 0) + here
        if tag in _FURNITURE_TAG_SET or not _MARK_ATTRS.isdisjoint(el.keys()):
            marked.append(el)
    marked.reverse()  # page order: furniture before what it holds
    total = sum(own.values()) or 1
    story_classes = _story_classes(own)
    body_el = tree.find("body")
    whole = len(body_el.text_content()) if body_el is not None else 1
    runs = _Runs()
    # Inside furniture dropped already: two thirds of the marked elements of the dev pages.
    gone: set[HtmlElement] = set()
    for el in marked:
        if el in gone:
            continue
        if el.tag in ("html", "body") or el.getparent() is None:
            continue
        classes = el.get("class", "")
        hidden = (
            el.get("hidden") is not None
            or not HIDDEN_CLASSES.isdisjoint(classes.split())
            # aria-hidden hides from screen readers, not from view: paywalled paragraphs
            # carry it too, and an element of paragraphs stays for the size test below.
            or (el.get("aria-hidden") == "true" and not inner.get(el) and el.tag != "p")
            or _HIDDEN_STYLE_RE.search(el.get("style", "")) is not None
        )
        if not hidden and el.tag in INLINE_TAGS and in_sentence(el, runs):
            # Part of a sentence: unmarked, so that trafilatura, which prunes by class and id
            # too ("author", "ticker"), keeps it where it is as well.
            el.attrib.pop("class", None)
            el.attrib.pop("id", None)
            continue
        furniture = hidden or (
            el.get("role") in _FURNITURE_ROLES
            or (el.tag in FURNITURE_TAGS and not _data_figure(el))
            or _furniture_marks(f"{classes} {el.get('id', '')}")
        )
        if not furniture:
            continue
        if not hidden and el.tag in STORY_TAGS and classes in story_classes:
            # Unmarked as a sentence's inline words are: trafilatura prunes by class and by
            # aria-hidden too (and with it what follows).
            for name in ("class", "id", "aria-hidden"):
                el.attrib.pop(name, None)
            continue
        if total < 500:
            if len(el.text_content()) > 0.5 * whole:
                continue
        elif inner.get(el, 0) + own.get(el, 0) > 0.4 * total and el in inner:
            continue
        _drop(el)
        gone.update(el.iter())  # the dropped subtrees are disjoint: each element once
    for el in list(tree.iter("time")):
        if in_sentence(el, runs):
            el.tag = "span"  # trafilatura drops every <time>, words and all
    wrap_bare_text(tree)
    return total, whole


def _data_figure(el: HtmlElement) -> bool:
    """A <figure> of a table ("wp-block-table"): the article's data, not a photo and its
    caption."""
    return el.tag == "figure" and next(el.iter("table"), None) is not None


def in_sentence(el: HtmlElement, runs: _Runs | None = None) -> bool:
    """Whether an element is a piece of running text: an inline element (or a nest of them)
    in a run of words between two blocks, "At <span class=ticker>Home Depot</span>, we...".
    Its class describes the words (a ticker, an author), not a box on the page. `runs` keeps
    the word counts of the runs seen, for a caller asking of many elements of one tree."""
    runs = runs if runs is not None else _Runs()
    node = el
    while node.tag in INLINE_TAGS:
        if node.getparent() is None:
            return False
        if runs.words(node) >= RUNNING_TEXT_MIN_WORDS:
            return True
        node = node.getparent()
    return False


class _Runs:
    """Words of each run of inline content, per parent, counted once per parent: the parent's
    own text nodes in the run holding a child (the text before the run and the tails of its
    elements, up to the blocks on either side). Counted per element, a line of thousands of
    marked <span>s would be read once per <span>."""

    def __init__(self) -> None:
        self._by_child: dict[HtmlElement, int] = {}
        self._parents: set[HtmlElement] = set()

    def words(self, node: HtmlElement) -> int:
        parent = node.getparent()
        if parent not in self._parents:
            self._parents.add(parent)
            self._count(parent)
        return self._by_child.get(node, 0)

    def _count(self, parent: HtmlElement) -> None:
        words = _words(parent.text)
        members: list[HtmlElement] = []
        for child in parent:
            if _inline(child):
                members.append(child)
                words += _words(child.tail)
                continue
            self._by_child.update(dict.fromkeys(members, words))
            members, words = [], _words(child.tail)
        self._by_child.update(dict.fromkeys(members, words))


def _words(text: str | None) -> int:
    return len(_WORDS_RE.findall(text)) if text else 0


def _inline(el: HtmlElement) -> bool:
    return el.tag in INLINE_TAGS or not isinstance(el.tag, str)  # comments are no blocks


def wrap_bare_text(tree: HtmlElement) -> None:
    """Wrap text written straight into a paragraph container, beside its <p>s, in <p>s of its
    own: a lead paragraph without markup ("<div class=body>Lead.<p>Second</p>") is body text
    that trafilatura and the block scan see only as <p>."""
    for container in _mixed_containers(tree):
        if container.tag in BLOCK_TAGS or container.tag in INLINE_TAGS:
            continue
        owner: HtmlElement | None = None  # None: the run starts with the container's text
        run: list[HtmlElement] = []
        for child in list(container):
            if _inline(child):
                run.append(child)  # phrasing content and comments: part of the run
                continue
            _wrap_run(container, owner, run)
            owner, run = child, []
        _wrap_run(container, owner, run)


def _mixed_containers(tree: HtmlElement) -> list[HtmlElement]:
    """Elements holding a <p> and text of their own beside it ("//*[p][text()[normalize-space()]]"
    in one walk of the <p>s rather than of every element; the order of the parents' first <p>,
    which no wrapping depends on)."""
    parents = dict.fromkeys(p.getparent() for p in tree.iter("p"))
    return [
        el
        for el in parents
        if el is not None
        and (
            (el.text or "").strip(XPATH_SPACE)
            or any((child.tail or "").strip(XPATH_SPACE) for child in el)
        )
    ]


def _wrap_run(container: HtmlElement, owner: HtmlElement | None, run: list[HtmlElement]) -> None:
    """Move one run of bare text and inline elements into a new <p> in its place."""
    lead = container.text if owner is None else owner.tail
    words = (lead or "") + "".join(_run_text(el) for el in run)
    if len(words.strip()) < BARE_TEXT_MIN_CHARS or not _WORD_RE.search(words):
        return
    para = container.makeelement("p", {})
    para.text = lead
    if owner is None:
        container.text = None
    else:
        owner.tail = None
    for el in run:
        para.append(el)  # moves the element with its tail
    container.insert(0 if owner is None else container.index(owner) + 1, para)


def _run_text(el: HtmlElement) -> str:
    inner = el.text_content() if isinstance(el.tag, str) else ""  # a comment shows nothing
    return inner + (el.tail or "")


def as_fetched(page_text: str) -> HtmlElement:
    """The page parsed again, uncleaned, its bare-text paragraphs wrapped."""
    tree = parse_html(page_text)
    wrap_bare_text(tree)
    return tree


def _story_classes(own: dict[HtmlElement, int]) -> set[str]:
    """Class values of the story's paragraphs: a <p> of the story's length is the story's,
    whatever its class says ("paywall" on the paragraphs behind a paywall), and so are the
    shorter paragraphs of the same class. A teaser's summary, a prompt or a credit line is
    shorter; pull quotes and captions repeat or describe, and are never the story."""
    return {
        p.get("class", "")
        for p, chars in own.items()
        if chars >= STORY_PARAGRAPH_CHARS
        and p.get("class")
        and NEVER_STORY_RE.search(f"{p.get('class', '')} {p.get('id', '')}") is None
    }


@lru_cache(maxsize=4096)
def _furniture_marks(marks: str) -> bool:
    """Whether class and id words mark furniture; pages repeat the same class strings."""
    return any(_furniture_word(word) for word in marks.split())


@lru_cache(maxsize=16384)
def _furniture_word(word: str) -> bool:
    """Whether one class or id word marks furniture, a CMS's description of the post cut off
    (CLASS_IGNORE_RE matches from a word's start, within it). Sites put the same words in
    new combinations: a page's class strings are mostly new, their words seldom."""
    return any(BOILERPLATE_RE.match(token) for token in CLASS_IGNORE_RE.sub(" ", word).split())


def _link_density(el: HtmlElement, text_len: int) -> float:
    links = sum(len(a.text_content()) for a in el.iter("a"))
    return links / max(text_len, 1)


def blocks(container: HtmlElement) -> list[tuple[str, str]]:
    """(tag, text) of the leaf text blocks of a container, in document order."""
    out: list[tuple[str, str]] = []
    for el in container.iter():
        if not isinstance(el, HtmlElement):
            continue
        tag = el.tag
        if tag in BLOCK_TAGS:
            if any(d.tag in BLOCK_TAGS for d in el.iterdescendants() if isinstance(d, HtmlElement)):
                continue  # its inner blocks are taken one by one
        elif tag in ("div", "section", "span") and (el.text or "").strip():
            # Text written straight into a div with <br>s: a paragraph without <p>.
            if any(
                d.tag in BLOCK_TAGS or d.tag == "div"
                for d in el.iterdescendants()
                if isinstance(d, HtmlElement)
            ):
                if len((el.text or "").strip()) < 80:
                    continue
                text = _WS_RE.sub(" ", el.text or "").strip()
                out.append(("p", text))
                continue
            if tag == "span":
                continue
        else:
            continue
        text = text_of(el)
        if not text:
            continue
        if tag == "li" and _link_density(el, len(text)) > 0.5:
            continue
        if tag not in HEADING_TAGS and len(text) < 120 and _link_density(el, len(text)) > 0.8:
            continue  # a teaser link or "Read more" line
        out.append(("h" if tag in HEADING_TAGS else tag, text))
    return out


def _norm(text: str) -> str:
    return _QUOTES_RE.sub("", text).lower()


def _plain(text: str) -> str:
    """Text for comparing: quotes gone, lower case, whitespace collapsed."""
    return _WS_RE.sub(" ", _norm(text)).strip()


def assemble(parts: list[tuple[str, str]]) -> str | None:
    """Join blocks into body text: drop "Read more" lines, duplicates, pull quotes repeating
    a paragraph, and headings left without a paragraph after them."""
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    normed = [_norm(t) for _, t in parts]
    for i, (tag, text) in enumerate(parts):
        key = normed[i]
        if key in seen or BOILERPLATE_TEXT_RE.match(text):
            continue
        if tag == "blockquote" and any(key in other and key != other for other in normed):
            continue
        seen.add(key)
        kept.append((tag, text))
    while kept and kept[-1][0] == "h":
        kept.pop()
    return "\n\n".join(t for _, t in kept) or None


def _score_containers(tree: HtmlElement) -> HtmlElement | None:
    """The element whose paragraphs hold the most text (readability's idea, simplified)."""
    scores: dict[HtmlElement, float] = defaultdict(float)
    for p in _P_XP(tree):
        length = len(_WS_RE.sub(" ", p.text_content()).strip())
        if length < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] += length
        grand = parent.getparent()
        if grand is not None:
            scores[grand] += length / 2
    return max(scores, key=scores.__getitem__) if scores else None


def _text_len(parts: list[tuple[str, str]]) -> int:
    return sum(len(t) for tag, t in parts if tag != "h")


def extract_body(
    tree: HtmlElement, *, selector: str | None = None
) -> tuple[str | None, str | None]:
    """(body, layer) from a cleaned tree: the profile's selector, known article-body
    containers, then the container with the most paragraph text."""
    if selector:
        found = select(tree, selector)
        # A selected element without inner blocks is itself a paragraph ("span.x-par").
        parts = [b for el in found for b in (blocks(el) or [("p", text_of(el))]) if b[1]]
        if parts:
            return assemble(parts), "profile"
    for sel in BODY_SELECTORS:
        found = select(tree, sel)
        if not found:
            continue
        # Several matches: nested duplicates or one article per match; keep the richest.
        best = max(((el, blocks(el)) for el in found[:10]), key=lambda pair: _text_len(pair[1]))
        if _text_len(best[1]) >= MIN_BODY_CHARS:
            return assemble(best[1]), "heuristic"
    container = _score_containers(tree)
    if container is not None:
        parts = blocks(container)
        if _text_len(parts) >= MIN_BODY_CHARS:
            return assemble(parts), "heuristic"
    return None, None


def trafilatura_body(
    tree: HtmlElement, url: str, prose: int | None = None, page: int = 0
) -> str | None:
    """trafilatura's main-text extraction on the tree we parsed and cleaned (no second parse,
    no metadata pass: we read metadata ourselves), its lines passed through `assemble`.
    With `prose` given (the page's paragraph text in characters, `page` its visible text:
    the caller's measures) the comparison with readability and justext runs only where the
    main pass is doubtful (`_doubtful`)."""
    try:
        with libfast.scope():
            if prose is not None and _GATED:
                text = _main_text(tree, url)
            else:
                doc = trafilatura.bare_extraction(
                    tree, url=url, with_metadata=False, include_comments=False
                )
                text = getattr(doc, "text", None) if doc is not None else None
    except Exception:  # noqa: BLE001 - a fallback must not fail the page
        return None
    if not text:
        return None
    return assemble([("p", line.strip()) for line in text.splitlines() if line.strip()])


def _main_text(tree: HtmlElement, url: str) -> str | None:
    """`bare_extraction(tree, include_comments=False)`'s text, its steps run here so that the
    comparison with readability and justext runs only when the main pass is doubtful
    (`FAST_RESULT_*`): elsewhere it kept the main pass's text on every dev page. The other
    steps are trafilatura's, in its order and with its options."""
    options = Extractor(output_format="python", comments=False, url=url)
    tree = copy(tree)
    forum = traf_core._forum_thread_page(tree)
    tree = libfast.prune(tree, traf_core.RAW_TREE_PRUNE_XPATH)
    if not forum:
        tree = libfast.prune(tree, traf_core.REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = traf_core._prepare_tree(tree, options, url)
    body, text = traf_core.extract_content(cleaned, options)
    if _doubtful(body, len(text), tree, options):
        body, text = traf_core.compare_extraction(backup, copy(tree), body, text, options)
    if len(text) < options.min_extracted_size:
        b_body, b_text, b_len = traf_core.baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    if 0 < len(text) < traf_core.ESCALATION_MAX_LENGTH and len(
        text
    ) < traf_core.ESCALATION_PAGE_SHARE * len(traf_core.html2txt(tree)):
        body, text = _escalate(tree, url, options, body, text)
    if len(text) < options.min_output_size:
        return None
    return traf_core.xmltotxt(body, options.formatting)


def _doubtful(body: etree._Element, chars: int, tree: HtmlElement, options: Extractor) -> bool:
    """Whether the comparison may change trafilatura's main pass: its own tests of a
    deficient text (short, no <p> text, mostly tables, elements its sanitizer removes), or a
    pass shorter than half the text of `tree`, which readability reads: its text, part of
    that tree in page order and with whitespace collapsed as the comparison measures it,
    replaces only a text under half its own length. (The page's text as fetched counts
    scripts and furniture, and left half the pages doubtful.)"""
    if (
        chars < options.min_extracted_size  # justext's turn; readability's is the bound below
        or not body.xpath(".//p//text()")
        or len(body.findall(".//table")) > len(body.findall(".//p"))
        or bool(body.xpath(traf_external.SANITIZED_XPATH))
    ):
        return True
    text = tree.text_content()
    # The collapsed length only where the raw one leaves the pass doubtful (a page's worth
    # of splitting and joining).
    return chars < FAST_RESULT_PAGE_SHARE * len(text) and (
        chars < FAST_RESULT_PAGE_SHARE * len(" ".join(text.split()))
    )


def _escalate(
    tree: HtmlElement, url: str, options: Extractor, body: etree._Element, text: str
) -> tuple[etree._Element, str]:
    """trafilatura's retry of a short text covering little of the page: its rules again in
    recall mode (the comparison included), and justext's paragraphs."""
    recall = copy(options)
    recall.focus = "recall"
    r_body, r_text = traf_core._recall_retry(tree, recall, url)
    j_body, j_text = traf_core.justext_rescue(copy(tree), options)
    if len(j_text) > len(r_text) and len(j_text) > traf_core.ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(
        r_text
    ) > traf_core.ESCALATION_ACCEPT_RATIO * len(text):
        return r_body, r_text
    return body, text


def printed_lead(tree: HtmlElement, description: str | None, body: str) -> str | None:
    """The standfirst as the page prints it, when the body lacks it: an element whose text is
    the page's description (its metadata summary), the story's lead paragraph. A description
    the page does not print (a site blurb, an SEO summary) gives nothing."""
    want = _plain(description or "").rstrip(".…").strip()
    if len(want) < LEAD_MIN_CHARS or want[:LEAD_PREFIX_CHARS] in _plain(body):
        return None
    prefix = want[:LEAD_PREFIX_CHARS]
    for el in tree.iter(etree.Element):
        if el.tag in LEAD_SKIP_TAGS:
            continue
        # Cheap first: the element's own text, or its first child's, starts the description.
        head = (el.text or "").strip() or ((el[0].text or "").strip() if len(el) else "")
        # The first letter first: most elements fail there, before the text is normalised.
        if (first := _FIRST_KEPT_RE.match(head)) is None or first[1].lower()[:1] != prefix[0]:
            continue
        start = _plain(head)[:20]
        if not start or not prefix.startswith(start):
            continue
        text = _WS_RE.sub(" ", el.text_content()).strip()
        if _plain(text).startswith(prefix) and len(text) <= LEAD_MAX_GROWTH * len(want):
            return text
    return None
