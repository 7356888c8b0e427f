"""The structure a page shows (archiver.pagetype): its date of publication, its dateline, its
place in the site's menu."""

from __future__ import annotations

import pytest
from parsel import Selector

from archiver.classify import _skipped
from archiver.pagetype import (
    calls_to_action,
    dateline,
    in_menu,
    offers_call,
    published,
    teaser_headlines,
)


@pytest.mark.parametrize(
    ("url", "head", "expected"),
    [
        ("https://s.example/2024/05/bridge", "", True),
        ("https://s.example/bridge", '<meta property="article:published_time" content="2024">',
         True),
        ("https://s.example/bridge", '<meta name="pubdate" content="2024-05-02">', True),
        ("https://s.example/bridge", '<meta itemprop="datePublished" content="2024-05-02">', True),
        # A time of modification, an author, an empty date: no date of publication.
        ("https://s.example/bridge", '<meta property="article:modified_time" content="2024">',
         False),
        ("https://s.example/bridge", '<meta name="author" content="Jane Doe">', False),
        ("https://s.example/bridge", '<meta property="article:published_time" content=" ">',
         False),
    ],
)  # fmt: skip
def test_published(url: str, head: str, expected: bool) -> None:
    root = Selector(text=f"<html><head>{head}</head><body><p>x</p></body></html>").root
    assert published(root, url) is expected


PROSE = "".join(f"<p>Paragraph {k} of the page, which says what it says.</p>" for k in range(40))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<h1>Bridge to close</h1><p class='meta'>By Jane Doe, May 2, 2024</p>" + PROSE, True),
        ("<h1>Bridge to close</h1><p>12.03.2025 · 10:42</p>" + PROSE, True),
        ("<p><time datetime='2024-05-02'>Thursday</time></p><h1>Bridge to close</h1>" + PROSE,
         True),
        ("<h1>市议会决定关闭旧桥</h1><p>2024年5月2日</p>" + PROSE, True),
        # A date in the footer, far below the headline; a date inside a sentence; no headline.
        ("<h1>Bridge to close</h1>" + PROSE + "<p>© May 2, 2024</p>", False),
        ("<h1>Bridge to close</h1><p>The council said on May 2, 2024 that the old bridge "
         "would close to traffic next spring, after years of warnings.</p>", False),
        ("<h2>Bridge to close</h2><p>May 2, 2024</p>", False),
    ],
)  # fmt: skip
def test_dateline(body: str, expected: bool) -> None:
    root = Selector(text=f"<html><body>{body}</body></html>").root
    assert dateline(root) is expected


LINKS = "".join(f"<a href='/p/{k}'>Page {k}</a>" for k in range(4))


@pytest.mark.parametrize(
    ("url", "body", "expected"),
    [
        ("https://c.example/services/repair",
         f"<nav>{LINKS}<a href='/services/repair/'>R</a></nav>", True),
        ("https://c.example/services/repair",
         f"<header>{LINKS}<a href='https://www.c.example/services/repair'>R</a></header>", True),
        ("https://c.example/services/repair",
         f"<div role='navigation'>{LINKS}<a href='repair'>R</a></div>", True),
        # Not the page; a breadcrumb trail; an article's own header; a language switcher; a
        # wiki's two tabs; the home page, which every logo links to.
        ("https://c.example/services/repair", f"<nav>{LINKS}<a href='/services/x'>X</a></nav>",
         False),
        ("https://c.example/services/repair",
         f"<nav class='breadcrumbs'>{LINKS}<a href='/services/repair'>R</a></nav>", False),
        ("https://c.example/services/repair",
         f"<article><header>{LINKS}<a href='/services/repair'>R</a></header></article>", False),
        ("https://c.example/services/repair",
         f"<nav>{LINKS}<a hreflang='en' href='/services/repair'>EN</a></nav>", False),
        ("https://c.example/wiki/Penny",
         "<div role='navigation'><a href='/wiki/Penny'>Page</a><a href='/wiki/Talk:Penny'>Talk</a>"
         "</div>", False),
        ("https://c.example/", f"<nav>{LINKS}<a href='/'>Home</a></nav>", False),
    ],
)  # fmt: skip
def test_in_menu(url: str, body: str, expected: bool) -> None:
    root = Selector(text=f"<html><body>{body}<p>Text</p></body></html>").root
    assert in_menu(root, url) is expected


HEADLINE = "Headline {k} about the council vote"
BLURB = "A short summary of the story that says what happened."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("".join(f"<div class='t'><h3><a href='/s/{k}'>{HEADLINE}</a></h3><p>{BLURB}</p>"
                 "</div>" for k in range(12)), 12),
        # A card's link around its headline and blurb.
        ("".join(f"<a class='card' href='/s/{k}'><div><h3>{HEADLINE}</h3><p>{BLURB}</p></div>"
                 "</a>" for k in range(12)), 12),
        # Two shapes of six each: the larger counts.
        ("".join(f"<div class='a'><h3><a href='/s/{k}'>{HEADLINE}</a></h3>{BLURB}</div>"
                 f"<div class='b'><h2><a href='/t/{k}'>{HEADLINE}</a></h2>{BLURB}</div>"
                 for k in range(6)), 6),
        # Headlines without a blurb: a grid of names; a blurb of a date and a link.
        ("".join(f"<div class='t'><h3><a href='/s/{k}'>{HEADLINE}</a></h3></div>"
                 for k in range(12)), 0),
        ("".join(f"<div class='t'><h3><a href='/s/{k}'>{HEADLINE}</a></h3><span>May 2, 2024"
                 f"</span><a href='/tag/{k}'>Politics and the council</a></div>"
                 for k in range(12)), 0),
        # A photo story's slides: a linked title over a captioned picture.
        ("".join(f"<div class='slide'><h2><a href='/p/{k}'>{HEADLINE}</a></h2><figure>"
                 f"<img src='/{k}.jpg'><figcaption>{BLURB}</figcaption></figure></div>"
                 for k in range(12)), 0),
        # Jumps within the page (a table of contents), short links, headings without links;
        # headlines in the site's menu.
        ("".join(f"<h2><a href='#s{k}'>{HEADLINE}</a></h2>" for k in range(12)), 0),
        ("".join(f"<div><h3><a href='/s/{k}'>More</a></h3>{BLURB}</div>" for k in range(12)), 0),
        ("".join(f"<h2>{HEADLINE}</h2><p>Text.</p>" for k in range(12)), 0),
        ("<nav>" + "".join(f"<div><h3><a href='/s/{k}'>{HEADLINE}</a></h3>{BLURB}</div>"
                           for k in range(12))
         + "</nav>", 0),
    ],
)  # fmt: skip
def test_teaser_headlines(body: str, expected: int) -> None:
    root = Selector(text=f"<html><body>{body}</body></html>").root
    menu = {e for nav in root.iter("nav") for e in nav.iter()}
    assert teaser_headlines(root, menu) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>Call us: <a href='tel:+15550100'>555 0100</a></p>", True),
        ("<p>Call us: <a href=' tel:5550100'>555 0100</a></p>", True),
        # The site's footer or header prints the number on every page: not the page's own.
        ("<p>Our story.</p><footer><a href='tel:+15550100'>555 0100</a></footer>", False),
        ("<nav><a href='/a'>A</a><a href='tel:+15550100'>Call</a></nav><p>Our story.</p>", False),
        ("<p>Write to <a href='mailto:desk@example.org'>the desk</a>, 555 0100.</p>", False),
    ],
)  # fmt: skip
def test_offers_call(body: str, expected: bool) -> None:
    root = Selector(text=f"<html><body><h1>Bridges</h1>{body}</body></html>").root
    assert offers_call(root, _skipped(root, sum(1 for _ in root.iter()))) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p><a href='/contact'>Contact us</a> or <a href='/get-started'>start</a>.</p>", 2),
        # The same call under two sections counts twice; a fragment changes nothing.
        ("<a class='btn' href='/request-a-demo'>Demo</a><a href='/request-a-demo#f'>Demo</a>", 2),
        ("<a href='https://quote.example.com/pets'>Get a quote</a>", 1),
        ("<a href='https://apply.uni.example/?p=1'>Apply now</a>", 1),
        ("<a href='/register'>Join</a><a href='/sign-up'>Sign up</a><a href='/signup'>x</a>", 3),
        # Links to what a story tells of, not to act: a book, an application's news, contacts
        # of a lens, a quotation's page.
        ("<a href='/books/bridges'>Bridges</a><a href='/news/applying-rules'>Rules</a>", 0),
        ("<a href='/lens/contactless'>Lens</a><a href='/misquoted'>Quote</a>", 0),
        # In the site's footer or menu: every page's.
        ("<footer><a href='/contact'>Contact</a></footer><nav><a href='/pricing'>P</a></nav>", 0),
        # A link around a whole card is no button.
        ("<a href='/contact'>" + "A card's headline and its long blurb. " * 4 + "</a>", 0),
    ],
)  # fmt: skip
def test_calls_to_action(body: str, expected: int) -> None:
    root = Selector(text=f"<html><body><h1>Bridges</h1>{body}</body></html>").root
    assert calls_to_action(root, _skipped(root, sum(1 for _ in root.iter()))) == expected
