"""The structure a page shows (archiver.pagetype): its main zone, its date of publication."""

from __future__ import annotations

import pytest
from parsel import Selector

from archiver.classify import _skipped, _weight
from archiver.pagetype import main_zone, published

BLURB = "<p>Decks and cables.</p><a class='btn' href='/x'>Learn more</a>"
SENTENCE = "The council voted to close the old bridge to traffic next spring. "
PARAGRAPH = f"<p>{SENTENCE * 8}</p>"


def zone(body: str):
    root = Selector(text=f"<html><body>{body}</body></html>").root
    return main_zone(root, _skipped(root, len(list(root.iter()))), _weight)


@pytest.mark.parametrize(
    ("body", "sections", "blurbs", "calls", "dates"),
    [
        ("".join(f"<h2>S{k}</h2>{BLURB}" for k in range(4)), 4, 4, 4, 0),
        ("".join(f"<h2>S{k}</h2>{PARAGRAPH}" for k in range(3)), 3, 0, 0, 0),
        # Headings, buttons and dates in furniture (a footer, a header without the headline)
        # are not the main zone's.
        (f"<header><h2>Menu</h2><a class='btn'>Log in</a></header><h2>S</h2>{PARAGRAPH}"
         "<footer><h3>About</h3><span>May 2, 2024</span><a class='button'>Top</a></footer>",
         1, 0, 0, 0),
        # A date printed in full or a <time> counts; a year or a clock time does not.
        ("<h1>T</h1><p>May 2, 2024</p><time>today</time><p>© 2024</p><p>9:30</p>", 0, 0, 0, 2),
        ("<h1>T</h1><p>2.5.2024</p><p>2024年5月2日</p>", 0, 0, 0, 2),
    ],
)  # fmt: skip
def test_main_zone(body: str, sections: int, blurbs: int, calls: int, dates: int) -> None:
    found = zone(body)
    assert (found.sections, found.blurbs, found.calls, found.dates) == (
        sections,
        blurbs,
        calls,
        dates,
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


def test_calls_to_action_of_sections() -> None:
    """Buttons side by side (a story's share bar) are in one section; a landing page's are one
    to a section."""
    shared = "<h2>S</h2><p>Text.</p>" + "<a class='btn'>Share</a>" * 3
    assert (zone(shared).calls, zone(shared).called_sections) == (3, 1)
    landing = "".join(f"<h2>S{k}</h2>{BLURB}" for k in range(3))
    assert (zone(landing).calls, zone(landing).called_sections) == (3, 3)
