"""libfast: the Python walk selects the elements trafilatura's XPath prune selects."""

from __future__ import annotations

import pytest
from lxml import html
from trafilatura import xpaths

from archiver.extract import libfast

# (markup inside a <div>, whether some element of it is selected): both outcomes, and the
# cases where the walk could go wrong (attribute order of `@id|@class`, absent attributes,
# tags outside the first expression's, comments).
CASES = [
    ('<div class="sidebar">x</div>', True),
    ('<div class="story">x</div>', False),
    ('<p id="social-links">x</p>', True),
    ('<a class="sidebar">x</a>', False),  # first expression: div, p, section, span... only
    ('<div id="x" class="cookie-notice">x</div>', False),  # `@id|@class`: the id, written first
    ('<div class="cookie-notice" id="x">x</div>', True),
    ('<div id="cookie-notice" class="x">x</div>', True),
    ('<span role="Navigation">x</span>', True),
    ('<div data-lp-replacement-content="">x</div>', True),
    ('<div data-component="MostPopularStories">x</div>', True),
    ('<a class="comments-title">x</a>', True),
    ('<a id="reply-7">x</a>', True),
    ('<a class="x" id="reply-7">x</a>', False),
    ('<em style="display: none">x</em>', True),
    ('<em id="a" style="hidden">x</em>', False),
    ('<em style="visibility: hidden" id="a">x</em>', True),
    ('<b aria-hidden="true">x</b>', True),
    ('<b aria-hidden="false">x</b>', False),
    ("<p>plain <!-- a comment --> text</p>", False),
    ('<section class="a"><div class="b"><p class="hide-me">x</p></div></section>', True),
]


@pytest.mark.parametrize(("markup", "selected"), CASES)
def test_walk_selects_what_the_xpath_selects(markup: str, selected: bool) -> None:
    assert libfast._OVERALL is not None  # the trafilatura this was checked with
    tree = html.fromstring(f"<div>{markup}</div>")
    want = list(dict.fromkeys(e for x in xpaths.OVERALL_DISCARD_XPATH for e in x(tree)))
    assert list(dict.fromkeys(libfast._OVERALL.matches(tree))) == want
    assert bool(want) is selected


def test_other_expressions_left_to_trafilatura() -> None:
    tree = html.fromstring('<div><div class="teaser">x</div><p>y</p></div>')
    libfast.prune_unwanted_nodes(tree, xpaths.TEASER_DISCARD_XPATH)
    assert tree.find(".//div") is None


# (markup inside a <div>, whether the expression selects some element) for the raw-tree
# prune's first expression and the comment prune: both outcomes, the <h1> and list clauses.
WALK_CASES = [
    (xpaths.RAW_TREE_PRUNE_XPATH[0], '<div class="infinite-scroll"><p>x</p></div>', True),
    (xpaths.RAW_TREE_PRUNE_XPATH[0], '<div class="infinite-scroll"><h1>x</h1></div>', False),
    (xpaths.RAW_TREE_PRUNE_XPATH[0], '<aside id="mvp-post-add-box"><h1>x</h1></aside>', True),
    (xpaths.RAW_TREE_PRUNE_XPATH[0], '<span class="infinite-scroll">x</span>', False),
    (xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], '<div id="comments">x</div>', True),
    (xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], '<div id="commentary">x</div>', False),
    (xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], '<ul id="disqus_thread">x</ul>', False),
    (xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], '<div id="disqus_thread">x</div>', True),
    (xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], '<ol class="post-comments">x</ol>', True),
    (xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0], '<p class="comment">x</p>', False),
]


@pytest.mark.parametrize(("expr", "markup", "selected"), WALK_CASES)
def test_walks_select_what_the_xpath_selects(expr, markup: str, selected: bool) -> None:  # noqa: ANN001
    walk = libfast._WALKS[id(expr)]  # present under the trafilatura this was checked with
    tree = html.fromstring(f"<div>{markup}</div>")
    assert walk(tree) == expr(tree)
    assert bool(walk(tree)) is selected


def test_overall_prune_only_in_our_calls() -> None:
    markup = '<div><div class="sidebar">a</div><p>' + "words " * 50 + "</p></div>"
    outside = html.fromstring(markup)
    libfast.prune_unwanted_nodes(outside, xpaths.OVERALL_DISCARD_XPATH, with_backup=True)
    inside = html.fromstring(markup)
    with libfast.scope():
        libfast.prune_unwanted_nodes(inside, xpaths.OVERALL_DISCARD_XPATH, with_backup=True)
    assert html.tostring(inside) == html.tostring(outside)
    assert inside.find(".//div") is None


# Pages where BODY_XPATH's expressions find their first element: each expression's tests,
# an element before it passing none, and a page where none passes.
BODY_PAGES = [
    '<div class="x"><section class="post-content">a</section><div class="post">b</div></div>',
    '<div><div id="articleContent">a</div><article>b</article></div>',
    '<div><p>x</p><article class="story">a</article></div>',
    '<div><div class="FullText">a</div><div id="primary-col">b</div></div>',
    '<div><div class="cell">a</div></div>',
    '<div><span class="content">x</span><section id="Main-Content">a</section></div>',
    '<div><div class="Page-Content">a</div></div>',
    '<div><div role="mainbox">a</div><main>b</main></div>',
    '<div><main>b</main><div class="main">a</div></div>',
    '<div><p class="post">x</p><div>nothing</div></div>',
]


@pytest.mark.parametrize("markup", BODY_PAGES)
def test_body_walks_find_the_xpaths_first_element(markup: str) -> None:
    from trafilatura import main_extractor

    tree = html.fromstring(markup)
    for walk, expr in zip(main_extractor.BODY_XPATH, xpaths.BODY_XPATH, strict=True):
        want = next(iter(expr(tree)), None)
        with libfast.scope():
            got = next(iter(walk(tree)), None)
        assert got is want, expr.path


# Pages for justext's walk: the paragraphs it keeps and drops, and the events where a walk
# could read otherwise (a lone <br> making an empty paragraph, <br><br> splitting one, links,
# comment tails, "select" in the path, a copyright sign, stopword density).
JUSTEXT_PAGES = [
    "<p>" + "This is the text of the story and it is long enough to be good. " * 4 + "</p>",
    "<div><span><br></span></div><p>" + "and the words of it are in a story " * 6 + "</p>",
    "<p>"
    + "the first part of a line, " * 5
    + "<br><br>"
    + "and then a second line is " * 5
    + "</p>",
    "<p><a href='/x'>" + "a link that is the whole paragraph of the page " * 3 + "</a></p>",
    "<p>words <!-- c --> of a comment's tail, " + "and it is in the story too " * 6 + "</p>",
    "<form><select><option>" + "one of the options of it is the " * 6 + "</option></select></form>",
    "<p>\xa9 2024 " + "the site and all of its rights are the " * 5 + "</p>",
    "<p>" + "Zxq Wvb Klm Prt " * 12 + "</p>",
    "<h2>Short</h2><p>" + "it is a story of the town and the people in it " * 5 + "</p>",
    "<ul><li>one</li><li>two</li></ul><p>" + "it is in the text of the page " * 6 + "</p>",
]


@pytest.mark.parametrize("markup", JUSTEXT_PAGES)
@pytest.mark.parametrize("language", [None, "en"])
def test_justext_walk_keeps_what_justext_keeps(markup: str, language: str | None) -> None:
    assert libfast._JUSTEXT_OK  # the justext and trafilatura this was checked with
    tree = html.fromstring(f"<html><body>{markup}</body></html>")
    want = html.tostring(libfast._traf_try_justext(tree, None, language))
    with libfast.scope():
        got = html.tostring(libfast.try_justext(tree, None, language))
    assert got == want


def test_justext_walk_leaves_entities_to_justext() -> None:
    from lxml import etree

    tree = html.fromstring("<html><body><p>x</p></body></html>")
    tree.find(".//p").append(etree.Entity("nbsp"))
    with pytest.raises(libfast._Unsupported):
        libfast._make_paragraphs(tree)


# (markup inside a <div>, whether the basic cleaning selects some element of it).
BASIC_CASES = [
    ("<aside>x</aside>", True),
    ("<script>x</script>", True),
    ('<div id="footer-nav">x</div>', True),
    ('<div class="x" id="footer">x</div>', False),  # `@class|@id`: the class, written first
    ('<div id="footer" class="x">x</div>', True),
    ('<p id="footer">x</p>', False),
    ('<p class="Cookie-Banner">x</p>', True),
    ('<span id="x" class="y"><i id="onetrust-sdk">x</i></span>', True),
    ('<p class="story">x <!-- c --></p>', False),
]


@pytest.mark.parametrize(("markup", "selected"), BASIC_CASES)
def test_basic_cleaning_selects_what_the_xpath_selects(markup: str, selected: bool) -> None:
    from trafilatura.settings import BASIC_CLEAN_XPATH

    assert libfast._BASIC is not None  # the trafilatura this was checked with
    tree = html.fromstring(f"<div>{markup}</div>")
    assert libfast._BASIC(tree) == BASIC_CLEAN_XPATH(tree)
    assert bool(libfast._BASIC(tree)) is selected


_LINKS = "".join(f'<item><ref target="/{i}">Another story {i}</ref></item>' for i in range(6))
_PROSE = "<p>" + "A sentence of the story, long enough to count as text. " * 8 + "</p>"
# (body of a converted tree): nothing deleted (the second round skipped), a link farm deleted
# in the first round, and a farm that only the second round finds (its div is short of links
# until the first round deletes the prose beside them).
PRUNE_SECTIONS_CASES = [
    f"<div>{_PROSE}</div>",
    f"<div>{_PROSE}<div><list>{_LINKS}</list></div></div>",
    f"<div>{_PROSE}<div><p><ref target='/a'>{'x' * 120}</ref></p><p><ref target='/b'>ab</ref>"
    " cd ef</p><p>gh</p><p>ij</p></div><p>After.</p></div>",
]


@pytest.mark.parametrize("markup", PRUNE_SECTIONS_CASES)
@pytest.mark.parametrize("focus", ["balanced", "precision", "recall"])
def test_prune_sections_prunes_what_trafilatura_prunes(markup: str, focus: str) -> None:
    from lxml import etree
    from trafilatura import main_extractor
    from trafilatura.settings import TAG_CATALOG, Extractor

    assert main_extractor.prune_unwanted_sections is libfast.prune_unwanted_sections
    options = Extractor(output_format="python")
    options.focus = focus
    theirs = libfast._traf_prune_sections(
        html.fromstring(f"<body>{markup}</body>"), set(TAG_CATALOG), options
    )
    with libfast.scope():
        ours = libfast.prune_unwanted_sections(
            html.fromstring(f"<body>{markup}</body>"), set(TAG_CATALOG), options
        )
    assert etree.tostring(ours) == etree.tostring(theirs)
