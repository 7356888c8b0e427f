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
