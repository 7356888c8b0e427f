"""Listing and collection pages the article test refuses, and articles shaped like them it keeps."""

from __future__ import annotations

import pytest
from parsel import Selector

from archiver.classify import page_type

SENTENCES = [
    "The council voted on Tuesday to close the old bridge to traffic from next spring.",
    "Engineers had warned for years that the steel beams under the deck were corroding.",
    "Residents of the east bank said the detour would add half an hour to their commute.",
    "The mayor promised a ferry service until a new crossing opens, perhaps in 2029.",
    "Opposition members called the decision rushed and asked for an independent review.",
]
NAV = "<nav>" + "".join(f"<a href='/s/{n}'>Section {n}</a> " for n in range(15)) + "</nav>"
DATELINE = "<p class='meta'>Jane Doe · 12.03.2025</p>"


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
    ],
)  # fmt: skip
def test_page_type(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind
