"""trafilatura's costliest XPath prunes and its justext pass done in Python walks: same results."""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import import_module
from itertools import chain

from justext import core as _jt_core
from justext import paragraph as _jt_paragraph
from justext import utils as _jt_utils
from lxml.etree import Element, ProcessingInstruction, SubElement, XPath, _Element, iterwalk
from lxml.html import HtmlElement
from trafilatura import __version__ as _TRAF_VERSION
from trafilatura import external as _traf_external
from trafilatura import main_extractor as _traf_main
from trafilatura import settings as _traf_settings
from trafilatura import xpaths as _traf_xpaths
from trafilatura.htmlprocessing import prune_unwanted_nodes as _traf_prune
from trafilatura.settings import JUSTEXT_LANGUAGES
from trafilatura.xml import delete_element

TRAF_PATCHED_VERSION = "2.3."
# The two expressions of trafilatura's OVERALL_DISCARD_XPATH that `_OverallDiscard` restates,
# as trafilatura 2.3.1 spells them (sha1 of their text): they test attributes with EXSLT
# regular expressions, a call into Python per element and test, a tenth of our time on
# wcxb-dev. Under other expressions trafilatura's own XPath runs.
_OVERALL_DISCARD_SHA1 = (
    "d00545c1e3acd7dd0585191cc70e0104d49e5586",
    "8c88600b03181df7a8d96c7c92ca3b0351f47e78",
)
# RAW_TREE_PRUNE_XPATH's first expression and REMOVE_COMMENTS_AND_LISTS_XPATH's, likewise.
_RAW_TREE_PRUNE_SHA1 = "c15751070b078a647446175f714fc52b5d51ca8c"
_COMMENTS_AND_LISTS_SHA1 = "7e7d885e629a511978658d1420f16b1a4ac09d85"
# BODY_XPATH's five expressions, likewise (`_BodyFirst`).
_BODY_SHA1 = (
    "2465b9ddf0fc1b9b11762bba0368942a191f062d",
    "91b22f3d0771189c5b515619b4b5308899c90a63",
    "b9c180cd18240e44ef70d3bb606708425bec038f",
    "1e7b8c5b36e9e0e8045815f7c79ba22f4d557cca",
    "2cee30110a45e6bbd5c4f6cd9daf5862c32fa43a",
)
_RE_TEST = re.compile(r"re:test\(([@\w|-]+), '([^']*)'(?:, '(i?)')?\)")
# trafilatura's guard: a prune is undone where it would leave under 1/7 of the text.
_TRAF_PRUNE_SHARE = 7
_DISCARD_TAGS = frozenset({"div", "item", "list", "p", "section", "span"})


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - a fingerprint, not security


def _first(el: HtmlElement, names: tuple[str, ...]) -> str:
    """XPath's string of `@a|@b`: the value of the one written first in the tag, else ""."""
    for key, value in el.items():
        if key in names:
            return value
    return ""


def _regexes(xpath: XPath) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """The (attributes, pattern) of each re:test of an expression, in its order."""
    return [
        (tuple(a.lstrip("@") for a in attrs.split("|")), re.compile(pattern, re.I if i else 0))
        for attrs, pattern, i in _RE_TEST.findall(xpath.path)
    ]


class _OverallDiscard:
    """OVERALL_DISCARD_XPATH's two expressions evaluated together, in one walk."""

    def __init__(self, exprs: list[XPath]) -> None:
        (self.consent, self.by_id, self.by_class) = (r for _, r in _regexes(exprs[0]))
        (self.hidden, self.reader, self.hide_class) = (r for _, r in _regexes(exprs[1]))

    def matches(self, tree: HtmlElement) -> Iterator[HtmlElement]:
        """The elements each expression selects, the first's then the second's, each in
        document order (as trafilatura collects them). The tests of a class or id value are
        asked once per value: pages repeat them."""
        firsts, seconds = [], []
        # value -> (consent, first expression's, second's): the tests of an id or a class.
        ids: dict[str, tuple[bool, bool, bool]] = {}
        classes: dict[str, tuple[bool, bool, bool]] = {}
        for el in tree.iterdescendants():
            if not isinstance(el.tag, str):
                continue  # `*` selects elements, no comments
            attrs = el.attrib
            if not attrs:
                continue  # every test reads an attribute
            get = attrs.get
            id_, cls = get("id"), get("class")
            i = ids.get(id_) if id_ is not None else _NONE
            if i is None:
                i = ids[id_] = self._tests(id_, self.by_id, self.reader)
            c = classes.get(cls) if cls is not None else _NONE
            if c is None:
                c = classes[cls] = self._tests(cls, self.by_class, self.hide_class)
            # `@id|@class` is the one written first.
            first_ic = (i, id_) if cls is None or (id_ is not None and _id_first(el)) else (c, cls)
            if el.tag in _DISCARD_TAGS and (
                i[1]
                or c[1]
                or first_ic[0][0]
                or get("data-lp-replacement-content") is not None
                or "nav" in get("role", "").replace("N", "n")
                or "MostPopularStories" in get("data-component", "")
            ):
                firsts.append(el)
            if (
                i[2]
                or c[2]
                or cls == "comments-title"
                or (first_ic[1] or "").startswith("reply-")
                or get("aria-hidden") == "true"
                or _style_tests(el, id_, get("style"), self.hidden)
            ):
                seconds.append(el)
        yield from firsts
        yield from seconds

    def _tests(
        self, value: str, own: re.Pattern[str], second: re.Pattern[str]
    ) -> tuple[bool, bool, bool]:
        return (
            self.consent.search(value) is not None,
            own.search(value) is not None,
            second.search(value) is not None,
        )


# The tests of an absent id or class: all false (as on "", checked in `_restatable`).
_NONE = (False, False, False)


def _id_first(el: HtmlElement) -> bool:
    """Whether the id is written before the class (both present)."""
    for key in el.attrib:  # in the order written
        if key == "id":
            return True
        if key == "class":
            return False
    return False


def _style_tests(
    el: HtmlElement, id_: str | None, style: str | None, hidden: re.Pattern[str]
) -> bool:
    """`re:test(@id|@style, 'hidden') or contains(@style, 'display:none') or ...`"""
    if style is not None and ("display:none" in style or "display: none" in style):
        return True
    first = _first(el, ("id", "style")) if style is not None and id_ is not None else (id_ or style)
    return bool(first) and hidden.search(first) is not None


def _restatable(exprs: list[XPath], sha1s: tuple[str, ...]) -> bool:
    """Whether a restatement here holds for these expressions: the text it was written from,
    under the trafilatura it was checked with, and no test true of an element without
    attributes (which the walks skip)."""
    return (
        _TRAF_VERSION.startswith(TRAF_PATCHED_VERSION)
        and tuple(_sha1(x.path) for x in exprs) == sha1s
        and not any(r.search("") for x in exprs for _, r in _regexes(x))
    )


class _RawTreePrune:
    """`.//*[self::div or self::section or self::aside][re:test(@id, A) or re:test(@class,
    A)][not(.//h1) or re:test(@id, B) or re:test(@class, B)]`: RAW_TREE_PRUNE_XPATH's first."""

    def __init__(self, expr: XPath) -> None:
        (self.any_id, self.any_class, self.h1_id, self.h1_class) = (r for _, r in _regexes(expr))

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        out = []
        for el in tree.iterdescendants("div", "section", "aside"):
            id_, cls = el.get("id", ""), el.get("class", "")
            if not (self.any_id.search(id_) or self.any_class.search(cls)):
                continue
            if (
                next(el.iterdescendants("h1"), None) is None
                or self.h1_id.search(id_)
                or self.h1_class.search(cls)
            ):
                out.append(el)
        return out


class _CommentsAndLists:
    """`.//*[self::div or ... or self::ul][re:test(@id, A) or re:test(@class, C)][not(self::ol
    or self::ul) or re:test(@id, B) or re:test(@class, C)]`: REMOVE_COMMENTS_AND_LISTS_XPATH."""

    def __init__(self, expr: XPath) -> None:
        (self.by_id, self.by_class, self.list_id, self.list_class) = (r for _, r in _regexes(expr))

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        out = []
        for el in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
            id_, cls = el.get("id", ""), el.get("class", "")
            if not (self.by_id.search(id_) or self.by_class.search(cls)):
                continue
            if (
                el.tag not in ("ol", "ul")
                or self.list_id.search(id_)
                or self.list_class.search(cls)
            ):
                out.append(el)
        return out


# Our trafilatura calls: the restatements below run only there (trafilatura's own
# `bare_extraction`, as a benchmark times it, runs as shipped).
_SCOPE: ContextVar[bool] = ContextVar("libfast_scope", default=False)


@contextmanager
def scope() -> Iterator[None]:
    """Within: trafilatura's main-pass prune by `_OVERALL`, and BODY_XPATH by `_BodyFirst`."""
    token = _SCOPE.set(True)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def prune_unwanted_nodes(
    tree: HtmlElement, nodelist: list[XPath], with_backup: bool = False
) -> HtmlElement:
    """trafilatura's `prune_unwanted_nodes`; for OVERALL_DISCARD_XPATH in our calls, the same
    elements found by `_OVERALL` and pruned under trafilatura's guard."""
    if (
        nodelist is not _traf_xpaths.OVERALL_DISCARD_XPATH
        or _OVERALL is None
        or not with_backup
        or not _SCOPE.get()
    ):
        return _traf_prune(tree, nodelist, with_backup)
    # trafilatura's guarded prune, its XPath walk aside: nothing is pruned if that would
    # remove over 6/7 of the text.
    matches = dict.fromkeys(_OVERALL.matches(tree))
    outer = [el for el in matches if not any(a in matches for a in el.iterancestors())]
    old_len = len(tree.text_content())
    if old_len - sum(len(el.text_content()) for el in outer) > old_len / _TRAF_PRUNE_SHARE:
        for el in outer:
            delete_element(el)
    return tree


def prune(tree: HtmlElement, nodelist: list[XPath]) -> HtmlElement:
    """trafilatura's `prune_unwanted_nodes(tree, nodelist)` (unguarded), the expressions
    restated here found by their walks: each expression's elements found, then removed."""
    for expression in nodelist:
        found = _WALKS.get(id(expression))
        for el in found(tree) if found is not None else expression(tree):
            delete_element(el)
    return tree


_OVERALL = (
    _OverallDiscard(_traf_xpaths.OVERALL_DISCARD_XPATH)
    if _restatable(_traf_xpaths.OVERALL_DISCARD_XPATH, _OVERALL_DISCARD_SHA1)
    else None
)
# XPath (by id) -> the walk finding its elements.
_WALKS: dict[int, Callable[[HtmlElement], list[HtmlElement]]] = {}
if _restatable(_traf_xpaths.RAW_TREE_PRUNE_XPATH[:1], (_RAW_TREE_PRUNE_SHA1,)):
    _WALKS[id(_traf_xpaths.RAW_TREE_PRUNE_XPATH[0])] = _RawTreePrune(
        _traf_xpaths.RAW_TREE_PRUNE_XPATH[0]
    )
if _restatable(_traf_xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH, (_COMMENTS_AND_LISTS_SHA1,)):
    _WALKS[id(_traf_xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0])] = _CommentsAndLists(
        _traf_xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0]
    )
_traf_main.prune_unwanted_nodes = prune_unwanted_nodes


_CM = str.maketrans("CM", "cm")
_CP = str.maketrans("CP", "cp")
_BODY_TAGS = ("article", "div", "main", "section")


class _BodyFirst:
    """One of BODY_XPATH's expressions, of which trafilatura reads the first element found:
    in our calls, that element alone, found by a walk that stops there (its XPath tests
    every element of the page, with EXSLT regular expressions)."""

    def __init__(self, xpath: XPath, rank: int) -> None:
        self.xpath, self.rank, self.path = xpath, rank, xpath.path
        self.res = [r for _, r in _regexes(xpath)]

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        if not _SCOPE.get():
            return self.xpath(tree)
        if self.rank == 1:  # `(.//article)[1]`
            return [el] if (el := next(tree.iterdescendants("article"), None)) is not None else []
        tags = ("article", "div", "section", "main") if self.rank == 4 else _BODY_TAGS
        test = (self._first, None, self._third, self._fourth, self._fifth)[self.rank]
        for el in tree.iterdescendants(*tags):
            if test(el):  # type: ignore[misc]
                return [el]
        return []

    def _first(self, el: HtmlElement) -> bool:
        """`.//*[self::article or ...][@class='post' or ... or re:test(@class, B)][1]`: of
        its elements, the first in page order is the first element passing the tests."""
        cls, id_ = el.get("class"), el.get("id", "")
        return (
            cls in ("post", "entry")
            or el.get("itemprop") == "articleBody"
            or id_ == "articleContent"
            or self.res[0].search(id_) is not None
            or self.res[1].search(cls or "") is not None
        )

    def _third(self, el: HtmlElement) -> bool:
        cls, id_ = el.get("class"), el.get("id")
        return (
            el.get("role") == "article"
            or id_ in ("article", "story")
            or cls in ("postarea", "art-postcontent", "text", "cell", "story")
            or self.res[0].search(id_ or "") is not None
            or self.res[1].search(cls or "") is not None
            or self.res[2].search(cls or "") is not None
        )

    def _fourth(self, el: HtmlElement) -> bool:
        cls, id_ = el.get("class", ""), el.get("id", "")
        return (
            el.get("id") == "content"
            or el.get("class") == "content"
            or self.res[0].search(id_) is not None
            or self.res[1].search(cls) is not None
            or "main-content" in id_.translate(_CM)
            or "main-content" in cls.translate(_CM)
            or "page-content" in cls.translate(_CP)
        )

    def _fifth(self, el: HtmlElement) -> bool:
        """`(.//*[self::article or ...][starts-with(@class, 'main') or ...])[1]|(.//main)[1]`:
        the first in page order of the two, the first element that is either."""
        return el.tag == "main" or any(
            el.get(name, "").startswith("main") for name in ("class", "id", "role")
        )


if _TRAF_VERSION.startswith(TRAF_PATCHED_VERSION) and (
    tuple(_sha1(x.path) for x in _traf_xpaths.BODY_XPATH) == _BODY_SHA1
):
    _traf_main.BODY_XPATH = [_BodyFirst(x, i) for i, x in enumerate(_traf_xpaths.BODY_XPATH)]


# justext, as trafilatura runs it (`try_justext`): its paragraphs found by one walk of the tree
# rather than by SAX events into Python (a call per element, text and tail, and a path string
# per paragraph that trafilatura never reads), each paragraph's text joined once rather than
# at each of the five reads of it. The same paragraphs, classes and text, for the justext
# whose sources (sha1 of the functions restated, trafilatura's caller included) were checked.
_JUSTEXT_SHA1 = "e7ee2efea2ce87b5159ea7da8c5f0094d3f03125"
# trafilatura's arguments to classify_paragraphs and revise_paragraph_classification.
_JT_LENGTH_LOW, _JT_LENGTH_HIGH = 50, 150
_JT_STOPWORDS_LOW, _JT_STOPWORDS_HIGH = 0.1, 0.2
_JT_MAX_LINK_DENSITY = 0.25
_JT_MAX_HEADING_DISTANCE = 150


def _justext_sources() -> str:
    return "\n".join(
        inspect.getsource(obj)
        for obj in (
            _traf_try_justext,
            _jt_core.ParagraphMaker,
            _jt_core.classify_paragraphs,
            _jt_core.revise_paragraph_classification,
            _jt_paragraph.Paragraph,
            _jt_utils.normalize_whitespace,
            _jt_utils._replace_whitespace,
            _jt_utils.is_blank,
        )
    )


class _Paragraph:
    """justext's Paragraph as trafilatura reads it: no XPath, its text joined once."""

    __slots__ = ("cf_class", "chars_count_in_links", "class_type", "dom_path", "heading", "text")

    def __init__(self, dom_path: str, nodes: list[str], links: int) -> None:
        self.dom_path = dom_path
        self.text = _jt_utils.normalize_whitespace("".join(nodes).strip())
        self.chars_count_in_links = links
        self.heading = False  # trafilatura classifies with no_headings
        self.class_type = self.cf_class = ""


class _Unsupported(Exception):
    """A node justext's SAX walk reads otherwise (an entity): its own walk runs."""


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        raise _Unsupported
    return tag.rpartition("}")[2] if tag[:1] == "{" else tag


def _make_paragraphs(root: HtmlElement) -> list[_Paragraph]:
    """justext's ParagraphMaker.make_paragraphs(root): the events lxml.sax.saxify sends it
    (element starts and ends, texts, tails; the tails of comments and processing
    instructions, those of the instructions beside the root too), handled as it does."""
    normalize, para_tags = _jt_utils.normalize_whitespace, _jt_core.PARAGRAPH_TAGS
    paragraphs: list[_Paragraph] = []
    dom = [""]  # the path of tag names at each depth, joined with "."
    path, nodes, links = "", [], 0
    link = br = False
    before, after = [], []
    sibling = root.getprevious()
    while sibling is not None and sibling.tag is ProcessingInstruction:
        before.append(sibling)
        sibling = sibling.getprevious()
    sibling = root.getnext()
    while sibling is not None and sibling.tag is ProcessingInstruction:
        after.append(sibling)
        sibling = sibling.getnext()
    events = [("pi", pi) for pi in reversed(before)]
    walk = iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in chain(events, walk, (("pi", pi) for pi in after)):
        if event == "start":
            name = _local(el.tag)
            dom.append(f"{dom[-1]}.{name}" if len(dom) > 1 else name)
            if name in para_tags or (name == "br" and br):
                if nodes:
                    _close(paragraphs, path, nodes, links)
                path, nodes, links = dom[-1], [], 0
            else:
                br = name == "br"
                if br:
                    nodes.append(" ")
                elif name == "a":
                    link = True
            content = el.text
        elif event == "end":
            name = _local(el.tag)
            dom.pop()
            if name in para_tags:
                if nodes:
                    _close(paragraphs, path, nodes, links)
                path, nodes, links = dom[-1], [], 0
            if name == "a":
                link = False
            content = el.tail
        else:
            content = el.tail
        if content and not content.isspace():
            text = normalize(content)
            nodes.append(text)
            if link:
                links += len(text)
            br = False
    if nodes:
        _close(paragraphs, path, nodes, links)
    return paragraphs


def _close(paragraphs: list[_Paragraph], path: str, nodes: list[str], links: int) -> None:
    """A paragraph of text kept, as justext keeps it: a Paragraph is falsy when its text is
    empty (its `__len__`), and one of only whitespace (a lone <br>) is dropped."""
    paragraph = _Paragraph(path, nodes, links)
    if paragraph.text:
        paragraphs.append(paragraph)


def _classify(paragraphs: list[_Paragraph], stoplist: frozenset[str]) -> None:
    """justext's classify_paragraphs with trafilatura's arguments."""
    for p in paragraphs:
        text = p.text
        length = len(text)
        words = text.split()
        stopword_density = (
            sum(map(stoplist.__contains__, map(str.lower, words))) / len(words) if words else 0
        )
        link_density = p.chars_count_in_links / length if length else 0
        if (
            link_density > _JT_MAX_LINK_DENSITY
            or "\xa9" in text
            or "&copy" in text
            or "select" in p.dom_path
        ):
            p.cf_class = "bad"
        elif length < _JT_LENGTH_LOW:
            p.cf_class = "bad" if p.chars_count_in_links > 0 else "short"
        elif stopword_density >= _JT_STOPWORDS_HIGH:
            p.cf_class = "good" if length > _JT_LENGTH_HIGH else "neargood"
        elif stopword_density >= _JT_STOPWORDS_LOW:
            p.cf_class = "neargood"
        else:
            p.cf_class = "bad"


def try_justext(tree: HtmlElement, url: str | None, target_language: str | None) -> _Element:
    """trafilatura's `try_justext`; in our calls, justext's paragraphs found by
    `_make_paragraphs` and classified by `_classify`."""
    if not _JUSTEXT_OK or not _SCOPE.get():
        return _traf_try_justext(tree, url, target_language)
    try:
        paragraphs = _make_paragraphs(tree)
    except _Unsupported:
        return _traf_try_justext(tree, url, target_language)
    if target_language in JUSTEXT_LANGUAGES:
        stoplist = _jt_utils.get_stoplist(JUSTEXT_LANGUAGES[target_language])
    else:
        stoplist = _traf_external.JT_STOPLIST or _traf_external.jt_stoplist_init()
    _classify(paragraphs, _jt_core.define_stoplist(stoplist))
    _jt_core.revise_paragraph_classification(paragraphs, _JT_MAX_HEADING_DISTANCE)
    result_body = Element("body")
    for paragraph in paragraphs:
        if paragraph.class_type == "good":
            SubElement(result_body, "p").text = paragraph.text
    return result_body


_traf_try_justext = _traf_external.try_justext
_JUSTEXT_OK = (
    _TRAF_VERSION.startswith(TRAF_PATCHED_VERSION) and _sha1(_justext_sources()) == _JUSTEXT_SHA1
)
_traf_external.try_justext = try_justext


# BASIC_CLEAN_XPATH, as trafilatura 2.3.1 spells it (sha1 of its text): the cleaning of
# justext's input and of trafilatura's page measure, whose regular expression XPath tests on
# every element's class and id with a call into Python.
_BASIC_CLEAN_SHA1 = "841f8efcd6f3ebba22264ed53facd2000673b297"
_BASIC_CLEAN_TAGS = frozenset(
    {"aside", "fencedframe", "footer", "script", "style", "svg", "template"}
)


class _BasicClean:
    """`.//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script|
    .//style|.//svg|.//template|.//*[re:test(@class, C, 'i') or re:test(@id, C, 'i')]`, in
    one walk in document order, each class or id value tested once."""

    def __init__(self, expr: XPath) -> None:
        (self.by_class, self.by_id) = (r for _, r in _regexes(expr))

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        out = []
        tested: dict[str, bool] = {}
        for el in tree.iterdescendants():
            tag = el.tag
            if tag in _BASIC_CLEAN_TAGS:
                out.append(el)
                continue
            if not isinstance(tag, str):
                continue
            get = el.get
            cls, id_ = get("class"), get("id")
            if cls is None and id_ is None:
                continue
            # `contains(@class|@id, ...)` reads the one written first.
            first = id_ if cls is None or (id_ is not None and _id_first(el)) else cls
            if tag == "div" and "footer" in first:
                out.append(el)
                continue
            for value in (cls, id_):
                if value is None:
                    continue
                if (hit := tested.get(value)) is None:
                    hit = tested[value] = self.by_class.search(value) is not None
                if hit:
                    out.append(el)
                    break
        return out


def basic_cleaning(tree: HtmlElement) -> HtmlElement:
    """trafilatura's `basic_cleaning`; in our calls, its elements found by `_BASIC`."""
    if _BASIC is None or not _SCOPE.get():
        return _traf_basic_cleaning(tree)
    for elem in _BASIC(tree):
        delete_element(elem)
    return tree


# The module, which trafilatura's package shadows with its function `baseline`.
_traf_baseline = import_module("trafilatura.baseline")
_traf_basic_cleaning = _traf_baseline.basic_cleaning
_BASIC = (
    _BasicClean(_traf_settings.BASIC_CLEAN_XPATH)
    if _restatable([_traf_settings.BASIC_CLEAN_XPATH], (_BASIC_CLEAN_SHA1,))
    and len({r.pattern for _, r in _regexes(_traf_settings.BASIC_CLEAN_XPATH)}) == 1
    else None
)
_traf_baseline.basic_cleaning = basic_cleaning
_traf_external.basic_cleaning = basic_cleaning


# trafilatura's `prune_unwanted_sections`, as trafilatura 2.3.1 writes it (sha1 of its source):
# its two rounds of link-density deletions, of which the second finds nothing when the first
# deleted nothing (the tests read the tree alone, and it is as the first round found it):
# skipped then. A fifth of the main pass's prune, done once where it was done twice.
_PRUNE_SECTIONS_SHA1 = "d8b49b8a2d271f21976179e646b2b68ed5716f3a"
_ELEMENTS = XPath("count(.//*)")


def prune_unwanted_sections(
    tree: HtmlElement,
    potential_tags: set[str],
    options: _traf_settings.Extractor,
    keep_teasers: bool = False,
) -> HtmlElement:
    """trafilatura's `prune_unwanted_sections`; in our calls, its second round of link-density
    deletions run only after a first round that deleted something."""
    if not _SCOPE.get():
        return _traf_prune_sections(tree, potential_tags, options, keep_teasers)
    favor_precision = options.focus == "precision"
    tree = _traf_main.prune_unwanted_nodes(
        tree, _traf_xpaths.OVERALL_DISCARD_XPATH, with_backup=True
    )
    if "graphic" not in potential_tags:
        tree = _traf_main.prune_unwanted_nodes(tree, _traf_xpaths.DISCARD_IMAGE_ELEMENTS)
    if options.focus != "recall":
        if not keep_teasers:
            tree = _traf_main.prune_unwanted_nodes(tree, _traf_xpaths.TEASER_DISCARD_XPATH)
        if favor_precision:
            tree = _traf_main.prune_unwanted_nodes(tree, _traf_xpaths.PRECISION_DISCARD_XPATH)
    count = _ELEMENTS(tree)
    for _ in range(2):
        for tag, backtracking in (("div", True), ("list", False), ("p", False)):
            tree = _traf_main.delete_by_link_density(
                tree, tag, backtracking=backtracking, favor_precision=favor_precision
            )
        if (count_after := _ELEMENTS(tree)) == count:
            break  # nothing deleted: the tree, and so the next round's findings, unchanged
        count = count_after  # the next round's count before it: this one's after
    if "table" in potential_tags or favor_precision:
        boilerplate_tables = [
            elem for elem in tree.iter("table") if _traf_main.link_density_test_tables(elem) is True
        ]
        for elem in boilerplate_tables:
            delete_element(elem, keep_tail=False)
    if favor_precision:
        while len(tree) > 0 and (tree[-1].tag == "head"):
            delete_element(tree[-1], keep_tail=False)
        tree = _traf_main.delete_by_link_density(
            tree, "head", backtracking=False, favor_precision=True
        )
        tree = _traf_main.delete_by_link_density(
            tree, "quote", backtracking=False, favor_precision=True
        )
    _traf_main.strip_tags(tree, "span", *(() if "ref" in potential_tags else ("ref",)))
    return tree


_traf_prune_sections = _traf_main.prune_unwanted_sections
if _TRAF_VERSION.startswith(TRAF_PATCHED_VERSION) and (
    _sha1(inspect.getsource(_traf_prune_sections)) == _PRUNE_SECTIONS_SHA1
):
    _traf_main.prune_unwanted_sections = prune_unwanted_sections
