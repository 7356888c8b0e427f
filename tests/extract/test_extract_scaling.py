"""Extraction work grows with the page, never with its square: crafted shapes at two sizes,
work counted as the Python and C calls made (sys.setprofile), not timed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from htmldate import extractors as htmldate_extractors

from archiver.extract import dates, extract_article
from archiver.extract.parse import parse_html

WORDS = "the council met again on tuesday and the minister answered questions"
# Work beyond a page's constant part: from 2n to 4n elements it grows twice as much as from n
# to 2n when linear, four times as much when quadratic.
MAX_GROWTH = 2.6


def page(body: str) -> bytes:
    return (
        "<html lang='en'><head><title>Shape</title></head><body>"
        f"<h1>A headline of the page</h1>{body}</body></html>"
    ).encode()


SHAPES: dict[str, Callable[[int], bytes]] = {
    # Thousands of marked paragraphs in one article.
    "paragraphs": lambda n: page(
        "<article>"
        + "".join(f"<p class='para x{i % 7}'>{WORDS} {i}.</p>" for i in range(n))
        + "</article>"
    ),
    # Furniture nested in furniture, paragraphs at every level (threaded comments).
    "nested": lambda n: page(
        "<article>"
        + "".join(f"<p>{WORDS} {i}.</p>" for i in range(30))
        + "</article>"
        + "".join(f"<div class='comment'><p>{WORDS} {i}</p>" for i in range(n))
        + "</div>" * n
    ),
    # Furniture nested in furniture, without paragraphs (share bars, menus): dropped whole.
    "nested_furniture": lambda n: page(
        "<article>"
        + "".join(f"<p>{WORDS} {i}.</p>" for i in range(30))
        + "</article>"
        + "<div class='share'><span class='icon'>x</span>" * n
        + "</div>" * n
    ),
    # Marked inline elements on one line: each one's run of words is the same run.
    "inline": lambda n: page(
        "<p>" + "<span class='tag'>x</span>" * n + "</p>" + f"<p>{WORDS}</p>" * 5
    ),
    "table": lambda n: page(
        "<table>"
        + "".join(
            f"<tr class='row'><td class='cell'>{i}</td><td class='share'>{WORDS}</td></tr>"
            for i in range(n)
        )
        + "</table>"
    ),
    # No date in the metadata: htmldate's page-wide search reads them all.
    "dates": lambda n: page(
        "<div>"
        + "".join(
            f"<span>Posted {1 + i % 28} March {1990 + i % 30}, on {WORDS[:20]}</span><br>"
            for i in range(n)
        )
        + "</div>"
    ),
    "date_text": lambda n: page(
        "<p>"
        + " ".join(f"on {1 + i % 28}.{1 + i % 12}.{1990 + i % 30} and" for i in range(n))
        + "</p>"
    ),
    # A list of tens of thousands of items (an archive page, a tag cloud).
    "list": lambda n: page(
        "<article>"
        + "".join(f"<p>{WORDS} {i}.</p>" for i in range(30))
        + "</article><ul>"
        + "".join(f"<li><a href='/t/{i}'>topic {i}</a></li>" for i in range(n))
        + "</ul>"
    ),
    # One element with n attributes: libxml2 compares each with all before it.
    "attributes": lambda n: page(
        "<article><div " + " ".join(f"data-a{i}='x'" for i in range(n)) + ">"
        + "".join(f"<p>{WORDS} {i}.</p>" for i in range(30))
        + "</div></article>"
    ),
    # A <meta name="author"> of megabytes: no rule of the byline parser may read it all.
    "long_meta": lambda n: page(
        f"<meta name='author' content='{'Jane Doe and ' * (n * 20)}'>"
        f"<meta name='description' content='{WORDS * n}'>"
        + "<article>"
        + "".join(f"<p>{WORDS} {i}.</p>" for i in range(30))
        + "</article>"
    ),
    # Nesting deeper than libxml2 keeps (255): the page is flattened, its text kept.
    "deep": lambda n: page(
        "<article>"
        + "<div>" * n
        + "".join(f"<p>{WORDS} {i}.</p>" for i in range(30))
        + "</div>" * n
        + "</article>"
    ),
}  # fmt: skip
# libxml2 stops a tree at depth 255: nesting is measured below it, unless flattening is.
# Flattened pages are measured from 1200 levels, past the depth where trafilatura's main pass
# turns doubtful and its comparison with readability runs: a step once, not growth.
SIZES = {"nested": 60, "nested_furniture": 60, "deep": 1200, "list": 2000, "attributes": 2000}


def calls(html: bytes) -> int:
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        extract_article(html, "https://example.org/news/story")
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly(shape: str) -> None:
    n = SIZES.get(shape, 400)
    make = SHAPES[shape]
    calls(make(n))  # caches and lazy imports (dateparser's locales) warmed up
    one, two, four = (calls(make(k * n)) for k in (1, 2, 4))
    growth = (four - two) / max(two - one, 1)
    assert growth <= MAX_GROWTH, f"{shape}: calls {one}, {two}, {four} for {n}, {2 * n}, {4 * n}"


def test_htmldate_fallback_reads_few_texts_with_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many date-like strings a page prints, htmldate's search asks dateparser a few
    times, in the page's languages; htmldate called outside our search is left as it is."""
    read: list[tuple[str, tuple[str, ...]]] = []

    class Parser:
        def __init__(self, languages: tuple[str, ...]) -> None:
            self.languages = languages

        def get_date_data(self, text: str) -> Any:  # noqa: ANN401
            read.append((text, self.languages))
            return SimpleNamespace(date_obj=None)

    def find_date(*args: object, **kwargs: object) -> None:
        for n in range(1000):
            htmldate_extractors._external_date(f"Jueves {n} de Abril de 2022")

    monkeypatch.setattr(dates, "_date_parser", Parser)
    monkeypatch.setattr(dates, "find_date", find_date)
    tree = parse_html(page(""))
    dates.htmldate_fallback(tree, "https://example.org/news/story", None, "es-MX")
    assert len(read) == dates.HTMLDATE_PARSES
    assert {langs for _, langs in read} == {("es", "en")}
    read.clear()
    dates.htmldate_fallback(tree, "https://example.org/news/story", None, "en")
    assert len(read) == dates.HTMLDATE_PARSES and read[0][1] == ("en",)
    read.clear()
    dates.htmldate_fallback(tree, "https://example.org/news/story", None, None)
    assert len(read) == dates.HTMLDATE_PARSES_ANY_LANGUAGE  # many languages: fewer texts
    assert read[0][1] == dates.HTMLDATE_ANY_LANGUAGE
    monkeypatch.setattr(dates, "_htmldate_external", lambda text: read.append((text, ())))
    read.clear()
    htmldate_extractors._external_date("Jueves 28 de Abril de 2022")
    assert len(read) == 1  # outside our search: htmldate's own reading, no budget
