"""Body text: phrasing content stays in its sentence, bare-text paragraphs are kept in order."""

from __future__ import annotations

import logging

import pytest
import trafilatura
from lxml import etree

from archiver.extract import extract_article, parse_html
from archiver.extract.body import (
    _mixed_containers,
    clean_tree,
    in_sentence,
    trafilatura_body,
    wrap_bare_text,
)

URL = "https://news.example/world/2024/05/story"
FILLER = (
    "The council met again on Tuesday evening and heard from residents of the northern "
    "suburbs, who asked for more buses, longer library hours and safer crossings near schools."
)


def page(container: str) -> str:
    return (
        "<html><head><title>Story</title></head><body>"
        '<nav class="menu"><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<main><article><h1>Story</h1>{container}</article></main>"
        "<footer>Copyright Example News</footer></body></html>"
    )


def body_of(container: str) -> str:
    return extract_article(page(container), URL)["body"]


# (markup of one paragraph, the sentence as the body must print it)
INLINE_CASES = [
    (
        # Frameworks put empty comments around a sentence's links.
        "<p>Some of the <!-- --><a href='/b'>borrowing costs<!-- --></a> are set by markets."
        "<!-- --></p>",
        "Some of the borrowing costs are set by markets.",
    ),
    (
        '<p>At <span class="ticker">Home Depot</span>, we first realised the shelves were bare'
        ".</p>",
        "At Home Depot, we first realised the shelves were bare.",
    ),
    (
        '<p>Our reporter <span class="author-name">Jane Doe</span> spoke to the mayor.</p>',
        "Our reporter Jane Doe spoke to the mayor.",
    ),
    (
        '<p><a href="/q/hd" class="ticker-link">Shares</a> fell by a fifth on Monday morning.</p>',
        "Shares fell by a fifth on Monday morning.",
    ),
    (
        '<p>Talks with <a href="/t"><span class="tag-name">Tesla</span></a> ended in a deal.</p>',
        "Talks with Tesla ended in a deal.",
    ),
    (
        '<p>Asked on <time class="timestamp">Monday</time>, the minister said nothing at all.</p>',
        "Asked on Monday, the minister said nothing at all.",
    ),
    (
        '<p>The <em class="promo-word">new</em> line <b class="share-x">opens</b> next year.</p>',
        "The new line opens next year.",
    ),
]


@pytest.mark.parametrize(("paragraph", "sentence"), INLINE_CASES)
def test_inline_element_with_furniture_class_stays_in_its_sentence(
    paragraph: str, sentence: str
) -> None:
    body = body_of(f'<div class="article-body">{paragraph}<p>{FILLER}</p><p>{FILLER}</p></div>')
    assert sentence in body


# (markup inside the article container, text that must not reach the body)
FURNITURE_CASES = [
    ('<div class="related-articles"><a href="/x">Other story people read</a></div>', "Other story"),
    ("<aside><p>Sign up for our daily letter today</p></aside>", "daily letter"),
    ('<p><span class="share">Facebook</span> <span class="share">Twitter</span></p>', "Twitter"),
    ('<p>The vote is <span style="display:none">hidden note</span>due soon.</p>', "hidden note"),
    ('<div class="byline">By <span class="author-name">Jane Doe</span></div>', "Jane Doe"),
]


@pytest.mark.parametrize(("markup", "gone"), FURNITURE_CASES)
def test_block_furniture_and_hidden_text_still_go(markup: str, gone: str) -> None:
    body = body_of(f'<div class="article-body">{markup}<p>{FILLER}</p><p>{FILLER}</p></div>')
    assert FILLER in body
    assert gone not in body


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<p>At <span class="ticker">X</span> we saw it</p>', True),
        ('<p><a href="/"><span class="ticker">X</span></a> rose by a third</p>', True),
        ('<p><span class="ticker">X</span> <span class="ticker">Y</span></p>', False),
        ('<p><span class="ticker">X</span> | <span class="ticker">Y</span></p>', False),
        ('<p>By <a class="ticker">X</a> and <a>Y</a></p>', False),  # a byline, not a sentence
        ('<div>Lead text of a story <span class="ticker">X</span><p>Para</p></div>', True),
        ('<div><div class="ticker">X</div> and text</div>', False),
        # Words elsewhere in the parent, but blocks on either side: a widget, not a sentence.
        (
            '<div>Text of the story<div>A</div> <span class="ticker">X</span><div>B</div></div>',
            False,
        ),
    ],
)
def test_in_sentence(markup: str, expected: bool) -> None:
    tree = parse_html(f"<html><body>{markup}</body></html>")
    el = tree.xpath("//*[@class='ticker']")[0]
    assert in_sentence(el) is expected


LEAD = "Lead sentence written bare into the container, before any paragraph."
MIDDLE = "A sentence left bare between two paragraphs, as some CMSs print it."
# (article container, paragraphs the body must hold, in this order)
BARE_CASES = [
    (f'<div class="article-body">{LEAD}<p>{FILLER}</p><p>Two. {FILLER}</p></div>', [LEAD]),
    (
        f'<div class="article-body"><p>{FILLER}</p>{MIDDLE}<p>Two. {FILLER}</p></div>',
        [FILLER, MIDDLE, f"Two. {FILLER}"],
    ),
    (
        f'<section class="story-text">{LEAD}<div class="ad">Ad</div><p>{FILLER}</p>'
        f"<p>Two. {FILLER}</p></section>",
        [LEAD, FILLER],
    ),
    (
        '<div class="post-content"><strong>BERLIN</strong> - Lead with <a href="/x">a link</a>'
        f" in it, bare as well.<p>{FILLER}</p><p>Two. {FILLER}</p></div>",
        ["BERLIN - Lead with a link in it, bare as well.", FILLER],
    ),
    (
        f'<div class="entry">{LEAD}<!-- note --><p>{FILLER}</p><p>Two. {FILLER}</p></div>',
        [LEAD, FILLER],
    ),
]


@pytest.mark.parametrize(("container", "paragraphs"), BARE_CASES)
def test_bare_text_paragraphs_are_kept_in_order(container: str, paragraphs: list[str]) -> None:
    found = body_of(container).split("\n\n")
    assert [p for p in found if p in paragraphs] == paragraphs


@pytest.mark.parametrize(
    ("markup", "wrapped"),
    [
        (f"<div>{LEAD}<p>Para</p></div>", [LEAD]),
        (f"<div><p>Para</p>{MIDDLE}<h2>Sub</h2></div>", [MIDDLE]),
        ("<div><p>Para</p> | <p>Para</p></div>", []),  # a separator, not a paragraph
        ("<div>Short label<p>Para</p></div>", []),
        (f"<div>{LEAD}<div>No paragraphs here</div></div>", []),  # not a paragraph container
        (f"<p>{LEAD}<b>bold</b></p>", []),  # already a paragraph
    ],
)
def test_wrap_bare_text(markup: str, wrapped: list[str]) -> None:
    tree = parse_html(f"<html><body>{markup}</body></html>")
    before = {p.text_content() for p in tree.iter("p")}
    wrap_bare_text(tree)
    assert [p.text_content() for p in tree.iter("p") if p.text_content() not in before] == wrapped


def test_clean_tree_keeps_order_of_wrapped_lead() -> None:
    tree = parse_html(page(f'<div class="article-body">{LEAD}<p>{FILLER}</p></div>'))
    clean_tree(tree)
    texts = [p.text_content() for p in tree.iter("p")]
    assert texts == [LEAD, FILLER]


def test_paragraphs_of_the_story_class_are_kept_whatever_the_class_says() -> None:
    second = (
        "Behind the paywall, the mayor said the buses would come first, then the library, and "
        "that the crossings near the two primary schools would be rebuilt by the end of the "
        "summer holidays, paid for by the regional road fund and not by local taxes, as the "
        "council had promised before the last election."
    )
    third = (
        "Residents said they would hold the council to it: a petition with four thousand names "
        "asks for monthly reports on the works, and a public meeting is planned for October, "
        "when the first buses are due to run on the new northern route."
    )
    container = (
        f"<p>{FILLER}</p>"
        f'<p class="paywall">{second}</p>'
        '<p class="paywall">Jane Roe contributed to this report.</p>'
        '<h2 class="paywall">What comes next</h2>'
        f'<p class="paywall" aria-hidden="true">{third}</p>'
        '<div class="paywall-prompt"><p>Subscribe to read the whole story.</p></div>'
    )
    body = body_of(container)
    assert second in body and third in body
    assert "Jane Roe contributed to this report." in body and "What comes next" in body
    assert "Subscribe" not in body


def test_a_teaser_class_keeps_its_long_paragraphs_out() -> None:
    long = " ".join([FILLER] * 2)
    body = body_of(f"<p>{FILLER}</p><p>{FILLER}</p><p class='related-teaser'>Elsewhere. {long}</p>")
    assert "Elsewhere." not in body


LEAD = "Residents of the northern suburbs will wait another year for the buses they were promised."
DESCRIBED = f'<meta name="description" content="{LEAD}">'


def described_page(head: str, header: str, paragraphs: str) -> str:
    return (
        f"<html><head><title>Story</title>{head}</head><body>"
        f"<main><article><header><h1>Story</h1>{header}</header>"
        f'<div class="article-body">{paragraphs}</div></article></main></body></html>'
    )


@pytest.mark.parametrize(
    ("head", "header", "lead_first"),
    [
        # The standfirst printed above the body is the story's first paragraph.
        (DESCRIBED, f'<div class="standfirst">{LEAD}</div>', True),
        (DESCRIBED, f"<p><strong>{LEAD}</strong></p>", True),
        # A description the page does not print, or prints only as a link, is no lead.
        (DESCRIBED, "", False),
        (DESCRIBED, f'<a href="/other">{LEAD}</a>', False),
        ("", f'<div class="standfirst">{LEAD}</div>', False),
    ],
)
def test_printed_standfirst_leads_the_body(head: str, header: str, lead_first: bool) -> None:
    paragraphs = f"<p>{FILLER}</p><p>{FILLER.replace('council', 'board')}</p>"
    body = extract_article(described_page(head, header, paragraphs), URL)["body"]
    assert body.startswith(LEAD) is lead_first
    assert body.count(LEAD) <= 1 and FILLER in body


def test_standfirst_already_in_the_body_is_not_repeated() -> None:
    paragraphs = f"<p>{LEAD}</p><p>{FILLER}</p>"
    body = extract_article(described_page(DESCRIBED, "", paragraphs), URL)["body"]
    assert body.count(LEAD) == 1


def test_paragraph_containers_with_text_of_their_own_are_those_xpath_finds() -> None:
    tree = parse_html(
        "<html><body><div id=a>Lead text.<p>One</p></div><div id=b> \n\t<p>Two</p> </div>"
        "<div id=c>\xa0<p>Three</p></div><div id=d><p>Four</p><b>x</b> tail</div>"
        "<section id=e><div><p>Five</p></div>Text</section><p>Six</p></body></html>"
    )
    xpath = etree.XPath("//*[p][text()[normalize-space()]]")
    assert _mixed_containers(tree) == xpath(tree)
    assert [el.get("id") for el in _mixed_containers(tree)] == ["a", "c", "d"]


def test_a_page_trafilatura_finds_nothing_in_logs_no_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """trafilatura warns "discarding data" of a page without main text: an outcome for us."""
    html = "<html><head><title>Empty</title></head><body></body></html>"
    with caplog.at_level(logging.DEBUG):
        assert trafilatura_body(parse_html(html), "https://example.org/x") is None
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


_STORY = "".join(
    f"<p>Paragraph {i} of the story tells what the council decided about the bridge on "
    f"Tuesday, and what the residents said about it afterwards.</p>"
    for i in range(8)
)


@pytest.mark.parametrize(
    ("markup", "compared"),
    [
        # The main pass holds the page's paragraphs: nothing to compare it with.
        (f"<html><body><article>{_STORY}</article></body></html>", False),
        # Scripts make the page's text long, not readability's: the main pass holds the story.
        (
            f"<html><body><article>{_STORY}</article>"
            f"<script>var data = '{'x' * 5000}';</script></body></html>",
            False,
        ),
        # Nor does the markup's whitespace, which the comparison's measure collapses.
        (f"<html><body><article>{_STORY}</article><div>{' ' * 5000}</div></body></html>", False),
        # A short main pass (one line): readability or justext may find more.
        ("<html><body><article><p>The council met on Tuesday.</p></article></body></html>", True),
    ],
)
def test_trafilatura_comparison_runs_only_for_a_doubtful_main_pass(
    markup: str, compared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archiver.extract import body

    if not body._GATED:
        pytest.skip(f"trafilatura {trafilatura.__version__}: its whole bare_extraction runs")
    calls: list[int] = []
    compare = body.traf_core.compare_extraction

    def counted(*args: object) -> object:
        calls.append(1)
        return compare(*args)

    tree = parse_html(markup)
    before, whole = clean_tree(tree)
    expected = body.trafilatura_body(tree, "https://example.com/a")  # the whole sequence
    monkeypatch.setattr(body.traf_core, "compare_extraction", counted)
    assert body.trafilatura_body(tree, "https://example.com/a", before, whole) == expected
    assert bool(calls) is compared


TABLE = (
    "<table><tr><th>City</th><th>Score</th></tr><tr><td>Northfield</td><td>84.7</td></tr>"
    "<tr><td>Southgate</td><td>83.4</td></tr></table>"
)
# (markup inside the article, text that must reach the body or not): a figure of a table is
# the article's data; a figure of a photo is no body text, whatever its caption says.
FIGURE_CASES = [
    (f'<figure class="wp-block-table">{TABLE}</figure>', "Northfield", True),
    (f"<figure>{TABLE}<figcaption>Source: city records</figcaption></figure>", "Southgate", True),
    ('<figure><img src="/a.jpg"><figcaption>The harbour at dawn</figcaption></figure>',
     "harbour at dawn", False),
    (f'<figure class="ad-slot">{TABLE}</figure>', "Northfield", False),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "text", "kept"), FIGURE_CASES)
def test_a_figure_of_a_table_is_body_text(markup: str, text: str, kept: bool) -> None:
    body = body_of(f'<div class="article-body"><p>{FILLER}</p>{markup}<p>{FILLER}</p></div>')
    assert FILLER in body
    assert (text in body) is kept


# (markup of the page's header, whether the story after it is in the body): a <button> left
# open ("<button><div></button>") swallows the page after it in libxml2, not in a browser.
BUTTON_CASES = [
    ('<header><p><a href="#main">Skip to the story</a></p><button class="menu">'
     '<div class="inner"><div></button></div><a href="/">Home</a></header>', True),
    ('<header><button class="menu"><span>Menu</span></button></header>', True),
]  # fmt: skip


@pytest.mark.parametrize(("header", "kept"), BUTTON_CASES)
def test_a_button_left_open_does_not_take_the_story_with_it(header: str, kept: bool) -> None:
    html = (
        f"<html><head><title>Story</title></head><body>{header}"
        f"<main><article><h1>Story</h1><p>{FILLER}</p><p>{FILLER} Again.</p>"
        "</article></main></body></html>"
    )
    body = extract_article(html, URL).get("body") or ""
    assert (FILLER in body) is kept
    assert "Menu" not in body


def test_a_button_of_phrasing_content_is_dropped_with_its_words() -> None:
    tree = parse_html(
        f'<html><body><p>{FILLER}</p><button class="b">Subscribe <b>now</b></button></body></html>'
    )
    clean_tree(tree)
    text = tree.text_content()
    assert FILLER in text and "Subscribe" not in text
