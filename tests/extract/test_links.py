"""The links of a page that is no article, read on the worker's tree as LinkExtractor reads them."""

from __future__ import annotations

import pytest

from archiver.extract.links import alternate_links, page_links
from archiver.extract.parse import parse_html

URL = "https://news.example/section/world/"

CASES = [
    ('<a href="/a/1">x</a><a href="2">y</a>', ["https://news.example/a/1", URL + "2"]),
    # each once, in page order; <area> too
    (
        '<a href="/a">x</a><map><area href="/b"></map><a href="/a">again</a>',
        ["https://news.example/a", "https://news.example/b"],
    ),
    # <base href> resolves relative links
    ('<base href="https://cdn.example/x/"><a href="y">y</a>', ["https://cdn.example/x/y"]),
    # whitespace stripped, spaces and non-ASCII escaped as browsers do
    ('<a href="  /über uns \n">u</a>', ["https://news.example/%C3%BCber%20uns"]),
    # no mail, script, telephone or bogus links
    (
        '<a href="mailto:a@b.c">m</a><a href="javascript:void(0)">j</a><a href="tel:1">t</a>'
        '<a href="http://[::1">bad</a>',
        [],
    ),
]


@pytest.mark.parametrize(("html", "links"), CASES)
def test_page_links(html: str, links: list[str]) -> None:
    assert page_links(parse_html(f"<html><body>{html}</body></html>"), URL) == links


def test_alternate_links() -> None:
    tree = parse_html(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed">'
        '<link rel="stylesheet" href="/s.css"></head><body></body></html>'
    )
    assert alternate_links(tree) == [("application/rss+xml", "/feed")]
