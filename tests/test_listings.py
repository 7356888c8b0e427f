"""Listing and collection pages the article test refuses, and articles shaped like them it keeps."""

from __future__ import annotations

import pytest
from parsel import Selector

from archiver.classify import page_type, prose_blocks
from archiver.pagetype import teaser_of_prose
from tests.test_classify import DATELINE, NAV, SENTENCES


def paragraphs(n: int) -> str:
    return "".join(f"<p>{' '.join(SENTENCES[(i + k) % 5] for k in range(3))}</p>" for i in range(n))


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Page</title>{head}</head><body>{NAV}{body}</body></html>"


def card(k: int) -> str:
    """A shop's card: a picture and a name in a link, a price."""
    return (
        f"<div class='card'><a href='/p/{k}'><img src='/i/{k}.jpg'>Model {k}</a>"
        f"<span>$ {k}.99</span></div>"
    )


CARDS = "".join(card(k) for k in range(12))
# A shop's category: its grid, and below it a long blurb for search engines.
SHOP_CATEGORY = (
    f"<h1>Bridge models</h1><div class='grid'>{CARDS}</div><div class='seo'>{paragraphs(8)}</div>"
)
# A review of products: the priced cards lie among its paragraphs.
REVIEW = (
    "<h1>The best bridge models of the year</h1><div class='body'>"
    + "".join(f"{paragraphs(1)}{card(k)}" for k in range(12))
    + "</div>"
)


def excerpt(k: int) -> str:
    """A teaser's blurb of a few sentences, longer than a short story's minimum."""
    return " ".join(SENTENCES[(k + i) % 5] for i in range(8))


# A blog's index: eight posts, each its headline's link first, a date, an excerpt; and pages.
BLOG_INDEX = (
    "<h1>News</h1><ul class='posts'>"
    + "".join(
        f"<li class='post'><h3><a href='/news/post-{k}'>What the council decided on bridge {k}"
        f"</a></h3><time>0{k + 1}.03.2025</time><div class='excerpt'><p>{excerpt(k)}</p></div>"
        "</li>"
        for k in range(8)
    )
    + "</ul><div class='pager'><a href='/news/page/2' rel='next'>2</a>"
    "<a href='/news/page/3'>3</a></div>"
)
# The same index printing its latest post in full.
FULL_FIRST_POST = BLOG_INDEX.replace(excerpt(0), " ".join(excerpt(k) for k in range(3)), 1)
# A story with a rail of related stories, each a headline and a blurb.
RELATED_RAIL = (
    f"<h1>Bridge to close</h1>{DATELINE}<div class='story'>{paragraphs(6)}</div><ul class='rail'>"
    + "".join(
        f"<li class='related'><h3><a href='/news/story-{k}'>Another story about bridge {k}</a>"
        f"</h3><p>{SENTENCES[k % 5]}</p></li>"
        for k in range(10)
    )
    + "</ul>"
)
# A listicle: each item's text before its link to a shop.
LISTICLE = (
    "<h1>Eight bridges worth a walk</h1><div class='items'>"
    + "".join(
        f"<div class='item'><h2>Bridge {k}</h2><p>{excerpt(k)}</p>"
        f"<a href='https://tickets.example/b{k}'>Book a guided walk over bridge {k}</a></div>"
        for k in range(8)
    )
    + "</div>"
)
# A photo story: each picture credited to its photographer's profile, then a caption.
CREDITED_PHOTOS = (
    "<h1>Bridges of the year</h1><div class='gallery'>"
    + "".join(
        f"<div class='photo'><a href='/user/photographer{k}'>Photographer number {k}</a>"
        f"<p>{excerpt(k)}</p></div>"
        for k in range(8)
    )
    + "</div>"
)
# A catalogue of courses: each card one link around its picture, title and blurb.
LINKED_CARDS = (
    f"<h1>Courses</h1><p class='intro'>{' '.join(SENTENCES[:4])}</p>"
    "<div class='courses'>"
    + "".join(
        f"<div class='course'><a href='/courses/{k}'><img src='/c/{k}.jpg'>"
        f"<div class='title'>Course {k}</div>"
        f"<p>{SENTENCES[k % 5]} {SENTENCES[(k + 1) % 5]}</p></a></div>"
        for k in range(10)
    )
    + "</div>"
)
# A story, with a rail of related stories below it linked the same way.
LINKED_RAIL = (
    f"<h1>Bridge to close</h1><div class='story'>{paragraphs(6)}</div>"
    + LINKED_CARDS[LINKED_CARDS.index("<div class='courses'>") :]
)
OG_ARTICLE = '<meta property="og:type" content="article">'
BYLINE_CLASS = "<p class='byline'>The shop's team</p>"
OG_DATED = (
    '<meta property="og:type" content="article">'
    '<meta property="article:published_time" content="2025-03-08T10:00:00Z">'
)


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        ("https://shop.example/models", page(SHOP_CATEGORY), "listing"),
        # The same grid on a page dated by its headline: a story's, whatever its shop box.
        ("https://shop.example/models", page(SHOP_CATEGORY.replace("</h1>", "</h1>" + DATELINE)),
         "article"),
        ("https://reviews.example/best-models", page(REVIEW), "article"),
        ("https://reviews.example/best-models", page(REVIEW.replace("</h1>", "</h1>" + DATELINE)),
         "article"),
        # og:type=article and a time of its own: a grid among little prose is still a shop's.
        ("https://shop.example/models", page(f"<h1>Models</h1>{CARDS}", OG_DATED), "listing"),
        ("https://reviews.example/best-models", page(REVIEW, OG_DATED), "article"),
        # og:type=article and a byline's class name: the grid outweighs them, not a date.
        ("https://shop.example/models", page(SHOP_CATEGORY + BYLINE_CLASS, OG_ARTICLE), "listing"),
        ("https://shop.example/models",
         page(SHOP_CATEGORY.replace("</h1>", "</h1>" + DATELINE) + BYLINE_CLASS, OG_ARTICLE),
         "article"),
        ("https://school.example/courses", page(LINKED_CARDS), "listing"),
        # Dated by its headline: a story's, with a rail of cards.
        ("https://school.example/courses", page(LINKED_CARDS.replace("</h1>", "</h1>" + DATELINE)),
         "article"),
        ("https://news.example/bridge", page(LINKED_RAIL), "article"),
        ("https://blog.example/news", page(BLOG_INDEX), "listing"),
        ("https://blog.example/news", page(FULL_FIRST_POST), "listing"),
        # A list's page dated by og:type=article and its last post's time is read too.
        ("https://blog.example/news", page(BLOG_INDEX, OG_DATED), "listing"),
        # Under a story's URL the same list is a story's (a digest of posts).
        ("https://blog.example/2025/03/what-the-council-decided", page(BLOG_INDEX), "article"),
        ("https://news.example/bridge", page(RELATED_RAIL), "article"),
        ("https://news.example/bridge", page(RELATED_RAIL, OG_DATED), "article"),
        ("https://guide.example/bridges", page(LISTICLE), "article"),
        ("https://guide.example/bridges", page(CREDITED_PHOTOS), "article"),
    ],
)  # fmt: skip
def test_page_type(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


# A thread's posts, each opening with its permalink printed as a timestamp.
PERMALINKED_POSTS = (
    "<h1>Which detour is quickest?</h1><div class='thread'>"
    + "".join(
        f"<div class='post'><h2><a href='/t?pid={k}#p{k}'>2024-08-0{k + 1} 10:59:47</a></h2>"
        f"<div class='msg'><p>{excerpt(k)}</p></div></div>"
        for k in range(8)
    )
    + "</div>"
)


def pictured(opening: str, closing: str = "") -> str:
    """Eight items, each its opening, a title (no link), a blurb, and its closing."""
    return (
        "<h1>Shows</h1><div class='shows'>"
        + "".join(
            f"<div class='show'>{opening.format(k=k)}<h5>Show {k}</h5><div class='about'>"
            f"<p>{excerpt(k)}</p></div>{closing.format(k=k)}</div>"
            for k in range(8)
        )
        + "</div>"
    )


# A directory: each item opens with its picture linking to the item's page.
PICTURE_TEASERS = pictured("<a href='/shows/{k}'><img src='/s/{k}.jpg'></a>")
# A gallery: each picture links to its enlargement.
ENLARGED = pictured("<a href='/s/{k}.jpg'><img src='/s/{k}.jpg'></a>")
# A listicle: each item's picture links to its shop's page after its text.
PICTURE_LAST = pictured("", "<a href='/buy/{k}'><img src='/s/{k}.jpg'></a>")
# A thread: each post opens with its poster's avatar, linked by a relative path.
AVATARS = pictured("<a href='members/user{k}.{k}/'><img src='/a/{k}.jpg'></a>")


@pytest.mark.parametrize(
    ("html", "items"),
    [
        (BLOG_INDEX, 8),
        (FULL_FIRST_POST, 8),
        (LISTICLE, 0),
        (CREDITED_PHOTOS, 0),
        (PERMALINKED_POSTS, 0),
        (RELATED_RAIL, 0),
        (PICTURE_TEASERS, 8),
        (ENLARGED, 0),
        (PICTURE_LAST, 0),
        (AVATARS, 0),
    ],
)
def test_teaser_of_prose(html: str, items: int) -> None:
    tree = Selector(text=page(html)).root
    assert teaser_of_prose(prose_blocks(tree)[0].at) == items
