"""Hostile pages (issue 23): each still gives its article, the damaged field missing at worst."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archiver.extract.decision import decide_page
from archiver.extract.parse import (
    _LONG_TAG_RE,
    MAX_ATTRIBUTE_CHARS,
    MAX_ATTRIBUTES,
    _bound_long_tags,
    _fewer_attributes,
    parse_html,
)
from archiver.items import ArticlePage
from archiver.jsontext import MAX_JSON_DEPTH, load_json

URL = "https://example.org/news/council-meets"
WORDS = "The council met again on Tuesday and the minister answered questions on the budget."
PARAGRAPHS = "".join(f"<p>{WORDS} Paragraph {i} of the story.</p>" for i in range(8))


def page(head: str = "", body: str = "", wrap: Callable[[str], str] = lambda s: s) -> bytes:
    return (
        "<!doctype html><html lang='en'><head><title>Council meets</title>"
        "<meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2024-03-01T10:00:00+01:00'>"
        f"{head}</head><body><h1>Council meets again</h1>"
        + wrap(f"<article>{body}{PARAGRAPHS}</article>")
        + "</body></html>"
    ).encode()


def deep(n: int) -> Callable[[str], str]:
    return lambda inner: "<div>" * n + inner + "</div>" * n


def jsonld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


# name -> (page, field -> value the item must have; None: the field must be missing)
PAGES: dict[str, tuple[bytes, dict[str, object]]] = {
    "jsonld_deep_objects": (page(jsonld('{"a":' * 5000 + "1" + "}" * 5000)), {}),
    "jsonld_deep_lists": (page(jsonld("[" * 900 + "1" + "]" * 900)), {}),
    "jsonld_deep_graph": (
        page(jsonld('{"@graph":[' * 400 + '{"@type":"NewsArticle"}' + "]}" * 400)),
        {},
    ),
    "bad_offset": (
        page("<meta property='article:modified_time' content='2024-03-01T12:00:00+99:99'>"),
        {"updated": None, "updated_raw": "2024-03-01T12:00:00+99:99"},
    ),
    "bad_offset_jsonld": (
        page(jsonld('{"@type":"NewsArticle","dateModified":"2024-03-02T10:00:00+24:00"}')),
        {"updated": None, "updated_raw": "2024-03-02T10:00:00+24:00"},
    ),
    "nul_in_text": (page(body="<p>Before\x00after the NUL byte.</p>"), {}),
    "nul_first": (b"\x00" + page(), {}),
    "control_characters": (
        page("<meta name='author' content='Jane\x0b Doe'>", "<p>Bell\x07 and\x1f unit.</p>"),
        {"authors": ["Jane Doe"]},
    ),
    "non_characters": (page(body="<p>Odd \ufffe\uffff text.</p>"), {}),
    "list_50000": (page(body="<ul>" + "<li>item</li>" * 50_000 + "</ul>"), {}),
    "attributes_100000": (
        page(body="<div " + " ".join(f"a{i}='x'" for i in range(100_000)) + ">x</div>"),
        {},
    ),
    "author_10mb": (page("<meta name='author' content='" + "Jane Doe " * 1_200_000 + "'>"), {}),
    "nested_5000": (page(wrap=deep(5000)), {}),
    "nested_400": (page(wrap=deep(400)), {}),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hostile_page_gives_its_article(name: str) -> None:
    html, expected = PAGES[name]
    article = decide_page(ArticlePage(url=URL, body=html, is_article=None)).article
    assert article is not None, name
    item = vars(article)
    assert item["headline"] == "Council meets again"
    for i in (0, 7):
        assert f"Paragraph {i} of the story." in (item.get("body") or ""), name
    assert item.get("published") == "2024-03-01T10:00:00+01:00"
    for field, value in expected.items():
        assert item.get(field) == value, (name, field)


def test_binary_is_still_not_html() -> None:
    with pytest.raises(ValueError, match="not HTML"):
        parse_html(bytes(range(32)) * 64 + b"<html><body><p>x</p></body></html>")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": [1, 2]}', {"a": [1, 2]}),
        ('// comment\n{"a": 1}', {"a": 1}),
        ('{"a": "tab\there"}', {"a": "tab\there"}),
        ("[" * 5000 + "]" * 5000, None),
        ("{broken", None),
        ("", None),
    ],
)
def test_load_json(text: str, value: object) -> None:
    assert load_json(text) == value


def test_load_json_cuts_deep_values() -> None:
    value = load_json("[" * (MAX_JSON_DEPTH + 10) + "]" * (MAX_JSON_DEPTH + 10))
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    assert depth == MAX_JSON_DEPTH and value is None


def test_parser_limits_long_tags() -> None:
    """libxml2's own work is no Python call: what bounds it is what reaches it."""
    many = " ".join(f"a{i}='x'" for i in range(MAX_ATTRIBUTES * 4))
    huge = "x" * (MAX_ATTRIBUTE_CHARS + 1)
    tree = parse_html(
        f"<html><body><div id=first {many}>kept</div><meta name=author content='{huge}'>"
        "<p title='a > b' class=c>after</p></body></html>"
    )
    div = tree.find(".//div")
    assert len(div.attrib) == MAX_ATTRIBUTES and div.get("id") == "first" and div.text == "kept"
    assert tree.find(".//meta").get("content") is None and tree.find(".//meta").get("name")
    assert tree.find(".//p").get("title") == "a > b" and tree.find(".//p").text == "after"


_MANY = " ".join(f"a{i}=x" for i in range(MAX_ATTRIBUTES * 2))


@pytest.mark.parametrize(
    "markup",
    [
        f"<div {_MANY}>kept</div><p>after</p>",  # one tag bound
        f"<p>{'words ' * 200}</p><img src='{'z' * 900}'>",  # long text, long tag left whole
        f"a < b {_MANY}> c <p>",  # a "<" that starts no tag
        f"<x {_MANY} <y {_MANY}>",  # the tag starts at the last "<"
        f"<a {_MANY}><b {_MANY}>tail",  # two tags bound, the text after kept
        f"<p title='a > b' {_MANY}>",  # a ">" in a value: left whole
    ],
)
def test_long_tags_bound_as_the_regex_does(markup: str) -> None:
    assert _bound_long_tags(markup) == _LONG_TAG_RE.sub(_fewer_attributes, markup)
