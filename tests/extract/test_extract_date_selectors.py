"""Dates, bylines, breadcrumbs and tag links found from the one walk of the page marking them."""

from __future__ import annotations

import re

import pytest

from archiver.extract import page
from archiver.extract.body import select, simple_matcher
from archiver.extract.page import _matches, find_dates, find_section, find_tags, marked_elements
from archiver.extract.parse import parse_html
from archiver.extract.patterns import AUTHOR_SELECTORS, DATE_SELECTORS, UPDATED_SELECTORS

_PART_RE = re.compile(r"""\.([\w-]+)|\[([\w:-]+)(?:\*?=['"]?([^'"\]]*)['"]?)?\]""")


def element_for(selector: str) -> str:
    """Markup of an element the selector matches, holding a date."""
    tag = re.match(r"[a-z][a-z0-9]*", selector)
    classes, attrs = [], []
    for cls, attr, value in _PART_RE.findall(selector):
        if cls:
            classes.append(cls)
        else:
            attrs.append(f'{attr}="{value or "x"}"')
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    name = tag.group() if tag else "span"
    return f"<{name} {' '.join(attrs)}>7 March 2021</{name}>"


@pytest.mark.parametrize(
    ("selectors", "selector"),
    [(DATE_SELECTORS, s) for s in DATE_SELECTORS]
    + [(UPDATED_SELECTORS, s) for s in UPDATED_SELECTORS],
)
def test_every_generic_selector_is_among_the_candidates(selectors: tuple, selector: str) -> None:
    markup = element_for(selector)
    tree = parse_html(f"<html><body><h1>Headline</h1><p>Text.</p>{markup}</body></html>")
    assert select(tree, selector), markup  # the element built matches the selector
    found = find_dates(tree, selectors)
    assert found and any(v in ("7 March 2021", "x") or "2021" in v for v in found), markup


@pytest.mark.parametrize(
    "selector",
    [".date", "time[datetime]", "[class*='date']", "[itemprop='datePublished']", "p.a.b", "*"],
)
def test_simple_matcher_matches_as_css(selector: str) -> None:
    tree = parse_html(
        "<html><body><p class='date'>a</p><p class='dates'>b</p><p class=' a\tb '>c</p>"
        "<p class='a\xa0b'>d</p><time datetime=''>e</time><time>f</time>"
        "<span itemprop='datePublished'>g</span><span itemprop='datePublished x'>h</span>"
        "<i class='up-date'>i</i></body></html>"
    )
    test = simple_matcher(selector)
    assert test is not None
    assert [e for e in tree.iter() if test(e)] == select(tree, selector)


def test_selectors_with_combinators_are_left_to_css() -> None:
    assert simple_matcher("article time") is None
    assert simple_matcher("div > .date") is None
    assert simple_matcher(".date:not(.x)") is None


# Every kind of element the generic selectors look for, nested and not, marked and not.
_MARKED_PAGE = """<html><body><h1>Headline</h1>
<div itemprop="author" itemscope><span itemprop="name">Jane Doe</span>
  <div itemprop="author"><b itemprop="name">John Roe</b></div></div>
<p class="byline">By <a rel="author" href="/a">Jane Doe</a></p>
<span class="author-name">Jane</span><span class="article__author">x</span>
<div class="meta-author post-author entry-author">y</div><i class="Author">z</i>
<time datetime="2021-03-07">7 March</time><time>8 March</time>
<span class="date published">a</span><span class="post-date">b</span>
<span itemprop="datePublished">c</span><span itemprop="dateModified">d</span>
<span class="date-updated">e</span><span class="timestamp">f</span><p class="dateline">g</p>
<p class="article__dates">h</p><span class="Date">i</span><p>Text.</p></body></html>"""


@pytest.mark.parametrize("selector", AUTHOR_SELECTORS + DATE_SELECTORS + UPDATED_SELECTORS)
def test_generic_selectors_find_on_the_marked_elements_what_css_finds(selector: str) -> None:
    tree = parse_html(_MARKED_PAGE)
    marked = marked_elements(tree)
    candidates = marked.bylines if selector in AUTHOR_SELECTORS else marked.dates
    assert _matches(tree, selector, candidates) == select(tree, selector)


@pytest.mark.parametrize(
    "trail",
    [
        '<nav class="c-breadcrumbs"><a href="/">Home</a><a href="/w">World</a></nav>',
        '<nav aria-label="Breadcrumb"><a href="/">Home</a><a href="/w">World</a></nav>',
        '<ol itemscope itemtype="https://schema.org/BreadcrumbList">'
        '<li itemprop="itemListElement"><span itemprop="name">Home</span></li>'
        '<li itemprop="itemListElement"><span itemprop="name">World</span></li></ol>',
    ],
)
def test_each_kind_of_breadcrumb_trail_is_marked_and_read(trail: str) -> None:
    tree = parse_html(f"<html><body>{trail}<h1>Headline</h1><p>Text.</p></body></html>")
    marked = marked_elements(tree)
    assert marked.breadcrumbs
    assert find_section(tree, "Headline", marked) == find_section(tree, "Headline") == "World"
    plain = parse_html("<html><body><h1>Headline</h1><p>Text.</p></body></html>")
    assert not marked_elements(plain).breadcrumbs


# Trails whose starting elements nest or mix the two kinds: the links under a labelled box
# inside a BreadcrumbList, names under a list inside a labelled box, two trails one after the
# other, a name that is also a link, a link outside any trail.
NESTED_TRAILS = [
    '<nav class="breadcrumbs"><ol class="breadcrumb-list"><li><a href="/">Home</a></li>'
    '<li><a href="/w">World</a></li></ol></nav>',
    '<div itemscope itemtype="https://schema.org/BreadcrumbList"><span itemprop="name">Home'
    '</span><nav class="breadcrumb"><a href="/w">World</a><b itemprop="name">Asia</b></nav>'
    "<a href='/x'>Other</a></div>",
    '<nav aria-label="breadcrumb"><ol itemscope itemtype="https://schema.org/BreadcrumbList">'
    '<li><a itemprop="name" href="/">Home</a></li><li><span itemprop="name">World</span></li>'
    '</ol></nav><a href="/y">Elsewhere</a><p class="breadcrumb"><a href="/z">Zone</a></p>',
]


@pytest.mark.parametrize("trail", NESTED_TRAILS)
def test_breadcrumb_links_read_under_their_trails_are_the_xpaths(trail: str) -> None:
    tree = parse_html(f"<html><body>{trail}<h1>Headline</h1><p>Text.</p></body></html>")
    roots = marked_elements(tree).crumb_roots
    assert len(roots) >= 2
    assert page._crumb_links(tree, roots) == page._BREADCRUMB_XP(tree)


def test_tag_links_are_marked_and_read() -> None:
    tree = parse_html(
        "<html><body><h1>Headline</h1><p>Text.</p><a rel='tag' href='/t/a'>Alpha</a>"
        "<a rel='nofollow tag' href='/t/b'>Beta</a></body></html>"
    )
    marked = marked_elements(tree)
    assert marked.tag_links
    assert find_tags(tree, marked) == find_tags(tree) == ["Alpha", "Beta"]
    plain = parse_html("<html><body><a rel='nofollow' href='/x'>X</a></body></html>")
    assert not marked_elements(plain).tag_links


# Another page's teaser prints its own date: the article's is the one outside it.
TEASER_DATES = [
    # a link holding the other page's headline and date
    (
        '<a href="/blog/fries"><h2>Fries</h2><span class="date">December 17, 2025</span></a>',
        [],
    ),
    # a card that does not hold the page's headline
    (
        '<div class="card"><div class="byline card__top-byline"><span class="byline__date">'
        'January 31, 2025</span></div><a href="/b">Other post</a></div>',
        [],
    ),
    # a permalink around the article's own date, a card holding the headline: kept
    ('<a href="/a"><time datetime="2025-01-27">Jan 27</time></a>', ["2025-01-27"]),
    ('<p class="post-date">June 13, 2025</p>', ["June 13, 2025"]),
    ('<span class="cardinal-date">June 13, 2025</span>', ["June 13, 2025"]),
]


@pytest.mark.parametrize(("markup", "dates"), TEASER_DATES)
def test_teaser_dates_are_not_the_articles(markup: str, dates: list[str]) -> None:
    tree = parse_html(f"<html><body><h1>Headline</h1><p>Text.</p>{markup}</body></html>")
    assert find_dates(tree) == dates


def test_a_card_holding_the_headline_keeps_its_date() -> None:
    tree = parse_html(
        '<html><body><div class="card"><h1>Headline</h1><span class="date">June 13, 2025'
        "</span></div></body></html>"
    )
    assert find_dates(tree) == ["June 13, 2025"]
