"""parse_byline: printed bylines -> person names and canonical agencies."""

from __future__ import annotations

import pytest

from archiver.extract import extract_article, parse_byline

CASES = [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], []),
    ("Anna Smith, Ben Jones and Carla Brown", ["Anna Smith", "Ben Jones", "Carla Brown"], []),
    ("Jane Doe | Political Editor", ["Jane Doe"], []),
    ("Jane Doe in Paris", ["Jane Doe"], []),
    ("Staff writer", [], []),
    ("Staff Writers", [], []),
    ("Jane Doe with AAP", ["Jane Doe"], ["AAP"]),
    ("By Jane Doe jane.doe@example.com", ["Jane Doe"], []),
    ("Jane Doe @janedoe", ["Jane Doe"], []),
    ("MICHAELA MORGAN", ["Michaela Morgan"], []),
    ("By JANE DOE and jane doe", ["Jane Doe"], []),
    ("By Jane Doe Updated 31 May 2017 - 11:38 AM", ["Jane Doe"], []),
    ("Jane Doe, 31/05/2017", ["Jane Doe"], []),
    ("Reuters", [], ["Reuters"]),
    ("By Associated Press", [], ["AP"]),
    ("Agence France-Presse", [], ["AFP"]),
    ("Jane Doe (AFP)", ["Jane Doe"], ["AFP"]),
    ("Jane Doe, Reuters", ["Jane Doe"], ["Reuters"]),
    ("dpa/lno", [], ["dpa"]),
    ("Von Anna Müller und Jörg Weiß", ["Anna Müller", "Jörg Weiß"], []),
    ("PA Media", [], ["PA"]),
    ("ANSA", [], ["ANSA"]),
    ("Xinhua", [], ["Xinhua"]),
    ("EFE", [], ["EFE"]),
    ("Jane Doe & John Roe", ["Jane Doe", "John Roe"], []),
    ("Perry Bacon Jr.", ["Perry Bacon Jr."], []),
    ("Ursula von der Leyen", ["Ursula von der Leyen"], []),
    ("Ingo Arzt Redakteur für Wirtschaft und Umwelt", ["Ingo Arzt"], []),
    ("Harry Paterson says:", [], []),
    ("Updated", [], []),
    ("", [], []),
]


@pytest.mark.parametrize(("text", "authors", "agencies"), CASES)
def test_parse_byline(text: str, authors: list[str], agencies: list[str]) -> None:
    assert parse_byline(text) == (authors, agencies)


def _page(head: str, body: str) -> str:
    text = "Text. " * 60
    return f"<html><head>{head}</head><body><article>{body}<p>{text}</p></article></body></html>"


def test_json_ld_and_page_byline_are_merged_without_duplicates() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Person", "name": "Jane Doe"}}</script>'
    )
    item = extract_article(
        _page(ld, '<p class="byline">By JANE DOE with AAP</p>'), "https://n.example/a"
    )
    assert item["authors"] == ["Jane Doe"]
    assert item["agencies"] == ["AAP"]
    assert item["sources"]["authors"] == "json-ld"


def test_publisher_is_never_an_author() -> None:
    head = (
        '<meta property="og:site_name" content="Daily Example News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Organization", "name": "Daily Example News"}}</script>'
    )
    item = extract_article(
        _page(head, '<span class="author">Daily Example News</span>'), "https://n.example/a"
    )
    assert item["authors"] == []


def test_agency_in_body_text_is_not_a_credit() -> None:
    body = (
        '<span class="author">Jane Doe</span><p>In a video recorded by AFP, the minister spoke.</p>'
    )
    item = extract_article(_page("", body), "https://n.example/a")
    assert item["authors"] == ["Jane Doe"]
    assert item["agencies"] == []


def test_comment_authors_are_not_bylines() -> None:
    body = '<div class="comments"><span class="author">Troll Person</span></div>'
    item = extract_article(_page("", body), "https://n.example/a")
    assert item["authors"] == []


def test_section_name_is_not_an_author() -> None:
    head = '<meta property="article:section" content="Politics">'
    item = extract_article(
        _page(head, '<span class="author">Politics</span>'), "https://n.example/a"
    )
    assert item["authors"] == [] and item["section"] == "Politics"
