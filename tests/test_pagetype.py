"""The structure a page shows (archiver.pagetype): its date of publication."""

from __future__ import annotations

import pytest
from parsel import Selector

from archiver.pagetype import published


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
