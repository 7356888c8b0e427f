"""Pages served in a wrong charset are read as what they are, and say so in `sources`."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from archiver.extract import extract_article
from archiver.extract.parse import decode_page
from archiver.items import ArticlePage
from archiver.pipelines.article import ArticlePipeline

URL = "https://news.example/2024/05/story"
RU = (
    "Новости дня: правительство объявило о новых мерах поддержки экономики. Эксперты "
    "считают, что это поможет малому бизнесу пережить трудный год."
)
EL = "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα στήριξης της οικονομίας για μικρές επιχειρήσεις."
DE = "Die Bundesregierung kündigte am Dienstag neue Maßnahmen für Bürger an: Größe, Öl, Äpfel."
FR = "Le gouvernement a annoncé de nouvelles mesures très précises à Noël. Où ça ? Déjà prêt !"


def page(text: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<html><head>{meta}<title>{text[:30]}</title></head><body><article><h1>{text[:30]}</h1>"
        f"<p>{text}</p><p>{text}</p><p>{text}</p></article></body></html>"
    )


# (bytes, charset the transport gives, text expected, the fix reported)
FIXED = [
    (page(RU, "windows-1252").encode("cp1251"), None, RU, "cp1251 (declared windows-1252)"),
    (page(RU).encode("cp1251"), "iso-8859-1", RU, "cp1251 (declared iso-8859-1)"),
    (page(RU).encode("cp1251"), "utf-8", RU, "cp1251 (declared utf-8)"),
    (page(RU).encode("cp1251"), None, RU, "cp1251 (undeclared)"),
    (page(RU, "iso-8859-1").encode("koi8-r"), None, RU, "koi8-r (declared iso-8859-1)"),
    (page(EL, "windows-1252").encode("cp1253"), None, EL, "cp1253 (declared windows-1252)"),
    (page(RU, "windows-1251").encode("utf-8"), None, RU, "utf-8 (declared windows-1251)"),
    (page(FR, "iso-8859-1").encode("utf-8"), None, FR, "utf-8 (declared iso-8859-1)"),
    (page(FR, "utf-8").encode("latin-1"), None, FR, "cp1252 (declared utf-8)"),
    (page(DE, "shift_jis").encode("utf-8"), None, DE, "utf-8 (declared shift_jis)"),
]


@pytest.mark.parametrize(("html", "charset", "text", "fix"), FIXED)
def test_wrong_charset_is_fixed_and_reported(
    html: bytes, charset: str | None, text: str, fix: str
) -> None:
    assert decode_page(html, charset) == (decode_page(html, charset)[0], fix)
    item = extract_article(html, URL, encoding=charset)
    assert text in item["body"]
    assert item["sources"]["encoding"] == fix


# (bytes, charset the transport gives, text expected): read as declared, nothing reported
KEPT = [
    (page(RU, "utf-8").encode("utf-8"), None, RU),
    (page(RU).encode("utf-8"), "utf-8", RU),
    (page(RU).encode("utf-8"), None, RU),
    (page(RU, "windows-1251").encode("cp1251"), None, RU),
    (page(RU).encode("koi8-r"), "koi8-r", RU),
    (page(DE, "iso-8859-1").encode("latin-1"), None, DE),
    (page(DE).encode("latin-1"), "iso-8859-1", DE),
    (page(FR, "windows-1252").encode("cp1252"), None, FR),
    (page(FR).encode("cp1252"), None, FR),  # undeclared legacy page: cp1252, as before
    (page(EL, "iso-8859-7").encode("iso-8859-7"), None, EL),
    (page(FR, "utf-8").encode("utf-8").replace(b"</article>", b"\xff</article>"), None, FR),
    (page("Plain ASCII text of a story, nothing more.", "windows-1251").encode(), None, "Plain"),
]


@pytest.mark.parametrize(("html", "charset", "text"), KEPT)
def test_right_charset_is_never_fixed(html: bytes, charset: str | None, text: str) -> None:
    assert decode_page(html, charset)[1] is None
    item = extract_article(html, URL, encoding=charset)
    assert text in item["body"]
    assert "encoding" not in item["sources"]


def test_stray_bytes_are_no_evidence() -> None:
    """Two undecodable bytes in an ASCII page: read as before, nothing reported."""
    assert decode_page(b"<html><body><p>Price \x81\x8d</p></body></html>")[1] is None


def test_text_input_is_taken_as_is() -> None:
    text = page(RU, "windows-1252")
    assert decode_page(text) == (text, None)


@pytest.mark.parametrize(
    ("content_type", "html", "fix"),
    [
        ("text/html; charset=iso-8859-1", page(RU).encode("cp1251"), "cp1251 (declared cp1252)"),
        ("text/html; charset=utf-8", page(RU).encode("cp1251"), "cp1251 (declared utf-8)"),
        ("text/html; charset=iso-8859-1", page(DE).encode("latin-1"), None),
    ],
)
def test_scrapy_response_encoding(content_type: str, html: bytes, fix: str | None) -> None:
    """The crawl passes Scrapy's response.encoding (a header's latin-1 is cp1252 there)."""
    response = HtmlResponse(URL, body=html, headers={"Content-Type": content_type})
    item = extract_article(html, URL, encoding=response.encoding)
    assert item["sources"].get("encoding") == fix


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count

    def get_value(self, key: str, default: Any = None) -> Any:  # noqa: ANN401
        return self.values.get(key, default)


def test_pipeline_logs_and_counts_the_fix(caplog: pytest.LogCaptureFixture) -> None:
    stats = Stats()
    pipeline = ArticlePipeline(stats)  # type: ignore[arg-type]
    misread = ArticlePage(url=URL, body=page(RU).encode("cp1251"), encoding="cp1252")
    right = ArticlePage(url=URL + "2", body=page(DE).encode("latin-1"), encoding="cp1252")
    with caplog.at_level(logging.INFO, logger="archiver.pipelines.article"):
        article = pipeline.process_item(misread)
        pipeline.process_item(right)
    assert RU in article.body
    assert stats.values["archiver/encoding/fixed"] == 1
    logged = [r.getMessage() for r in caplog.records if "charset" in r.getMessage().lower()]
    assert logged == [f"Charset of {URL} fixed: read as cp1251 (declared cp1252)"]
