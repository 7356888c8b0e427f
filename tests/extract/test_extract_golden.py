"""Whole pages: the SBS demo article exactly, synthetic pages, hints, bad input, the command."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from archiver.extract import extract_article, is_article_page
from archiver.extract.decision import decide_page
from archiver.items import ArticlePage
from tests.seed import SEED_PARAGRAPHS, SEED_PATH, TEASERS

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
SBS = ROOT / SEED_PATH
SBS_URL = "https://www.sbs.com.au/news/article/russia-no-concrete-fact-chechnya"
FURNITURE = [*TEASERS, "Share on", "Sign up", "Tags:", "All rights reserved", "More stories"]


@pytest.fixture(scope="module")
def sbs() -> dict:
    return extract_article(SBS.read_bytes(), SBS_URL, hints={"timezone": "Australia/Sydney"})


def test_sbs_people_and_dates(sbs: dict) -> None:
    assert sbs["authors"] == ["Michaela Morgan"]
    assert sbs["agencies"] == []  # "a video recorded by AFP" is not a credit
    assert sbs["published"] == sbs["updated"] == "2017-05-31T11:38:00+10:00"
    assert sbs["published_raw"] == sbs["updated_raw"] == "31 May 2017 - 11:38 AM"
    assert (
        sbs["headline"]
        == "Russia says there is 'not a single concrete fact' of anti-gay purge in Chechnya"
    )
    assert sbs["site"] == "SBS News"
    assert sbs["canonical_url"] == SBS_URL
    assert sbs["language"] == "en"
    assert sbs["tags"] == ["LGBT", "Russia", "Chechnya"]  # rel="tag" links
    assert sbs["section"] == "World"  # last breadcrumb link


def test_sbs_image(sbs: dict) -> None:
    image = sbs["image"]
    assert image["url"] == "https://www.sbs.com.au/images/lavrov-moscow.jpg"
    assert image["caption"].startswith('Sergei Lavrov says there is not a "single concrete fact"')
    assert "(AAP)" not in image["caption"] and "Source" not in image["caption"]
    assert (image["credit"], image["credit_raw"]) == ("AAP", "Source: AAP")
    assert sbs["images"][0] == image


def test_sbs_body(sbs: dict) -> None:
    body = sbs["body"]
    paragraphs = body.split("\n\n")
    for start in SEED_PARAGRAPHS:
        assert start in body
    assert paragraphs[0].startswith("Russia’s foreign minister")  # the bold standfirst
    assert not [t for t in FURNITURE if t in body]
    pull_quote = "“There is not a single concrete fact; there are no surnames.”"
    assert pull_quote not in paragraphs


def test_wire_story_with_json_ld_graph() -> None:
    item = extract_article(
        (GOLDEN / "graph_wire_story.html").read_bytes(), "https://herald.example/local/bridge?x=1"
    )
    assert item["authors"] == ["Peter Citizen"]  # the @id reference resolved, caps fixed
    assert item["agencies"] == ["AAP"]
    assert item["canonical_url"] == "https://herald.example/local/bridge"
    assert item["site"] == "The Example Herald"
    assert item["section"] == "Local" and item["tags"] == ["Transport", "Roads"]
    assert item["published"] == "2024-03-05T09:15:00+11:00"  # the UTC JSON-LD instant, local offset
    assert item["updated"] == "2024-03-05T10:02:00+11:00"
    assert item["image"]["credit"] == "Jane Roe/Reuters"
    assert item["image"]["credit_raw"] == "Photo: Jane Roe/Reuters"
    assert len(item["images"]) == 1  # the figure and the JSON-LD image are one photo
    body = item["body"]
    assert "Detours in place" in body.split("\n\n")  # subheading kept as its own block
    assert body.endswith("by at least twenty years.")
    for junk in (
        "Share on Facebook",
        "Tunnel tolls",
        "Read more",
        "morning briefing",
        "Bob Smith",
        "©",
    ):
        assert junk not in body
    assert body.count("diverted through the tunnel") == 1  # pull quote not repeated


def test_microdata_page_in_latin1() -> None:
    item = extract_article(
        (GOLDEN / "microdata_german.html").read_bytes(),
        "https://zeitung.example/rhein",
        hints={"timezone": "Europe/Berlin"},
    )
    assert item["headline"] == "Hochwasser am Rhein: Pegel steigt weiter"
    assert item["authors"] == ["Anna Müller", "Jörg Weiß"]
    assert item["agencies"] == ["dpa"]
    assert item["published"] == "2024-03-12T14:05:00+01:00"
    assert item["image"]["caption"] == "Der Rhein bei Köln am Dienstagmorgen."
    assert item["image"]["credit"] == "Max Muster/dpa"
    assert "Mehr zum Thema" not in item["body"]
    assert item["body"].count("\n\n") == 2


def test_profile_selectors_override_generic_extraction() -> None:
    hints = {
        "timezone": "Europe/London",
        "selectors": {
            "body": ".x-par",
            "byline": ".x-who",
            "published": ".x-when",
            "headline": ".x-title",
        },
    }
    item = extract_article(
        (GOLDEN / "profile_selectors.html").read_bytes(), "https://town.example/lib", hints=hints
    )
    assert item["body"].split("\n\n") == [
        "Councillors voted eight to three on Monday night to fund a new library in the town"
        " centre.",
        "Construction is due to begin next spring and take eighteen months.",
    ]
    assert item["sources"]["body"] == "profile"
    assert item["authors"] == ["Sam Lee"] and item["sources"]["authors"] == "profile"
    assert item["published"] == "2023-06-02T09:30:00+01:00"
    generic = extract_article(
        (GOLDEN / "profile_selectors.html").read_bytes(), "https://town.example/lib"
    )
    assert "Councillors" not in (
        generic.get("body") or ""
    )  # the selector is what made the difference


def test_feed_hints_fill_missing_fields() -> None:
    html = "<html><body><div><p>" + "Some text here. " * 30 + "</p></div></body></html>"
    hints = {
        "title": "From the feed",
        "published": "2024-01-02T03:04:05+00:00",
        "authors": ["Jane Doe"],
        "site_name": "Feed Site",
    }
    item = extract_article(html, "https://f.example/x", hints=hints)
    assert item["headline"] == "From the feed" and item["sources"]["headline"] == "hint"
    assert item["published"] == "2024-01-02T03:04:05+00:00"
    assert item["authors"] == ["Jane Doe"] and item["site"] == "Feed Site"


@pytest.mark.parametrize(
    "html",
    [
        b"",
        "   ",
        b"<html></html>",
        "<p>only a fragment</p>",
        b"<html><body><p>caf\xe9</p></body></html>",
    ],
)
def test_bad_input_returns_what_it_can(html: bytes | str) -> None:
    item = extract_article(html, "https://x.example/")
    assert isinstance(item, dict) and item["authors"] == []


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00", b"just some plain text, no markup", b"%PDF-1.4\n%\xe2\xe3"],
)
def test_non_html_raises_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="not HTML"):
        extract_article(data, "https://x.example/")


def test_is_article_page() -> None:
    assert is_article_page(SBS.read_bytes(), SBS_URL)
    assert not is_article_page(
        b"<html><body><nav><a href=/>Home</a></nav></body></html>", "https://x.example/"
    )


def test_decide_page_runs_the_article_test_on_the_tree_it_extracts(sbs: dict) -> None:
    hints = {"timezone": "Australia/Sydney"}
    page = ArticlePage(url=SBS_URL, body=SBS.read_bytes(), hints=hints, is_article=None)
    decided = decide_page(page)
    assert (decided.kind, decided.reason) == ("article", "metadata")
    article = asdict(decided.article)
    assert {k: article[k] for k in sbs if k != "url"} == {
        k: v for k, v in sbs.items() if k != "url"
    }
    listing = b"<html><body><nav><a href=/>Home</a></nav></body></html>"
    plain = {"content-type": "text/plain"}
    for body, headers in ((listing, {}), (b"", {}), (b"  ", {}), (b"\x00\x01 no html", plain)):
        page = ArticlePage(url="https://x.example/", body=body, headers=headers, is_article=None)
        assert decide_page(page).article is None, body
    # Served as HTML, binary: a bad page, which the pipeline drops and reports.
    with pytest.raises(ValueError, match="not HTML"):
        decide_page(ArticlePage(url="https://x.example/", body=b"\x00\x01 no", is_article=None))


def _scrapy(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    scrapy = Path(sys.executable).with_name("scrapy")
    return subprocess.run(
        [str(scrapy), "extract", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120
    )


def test_command_prints_json() -> None:
    if not (ROOT / "scrapy.cfg").exists():
        pytest.skip("no scrapy.cfg")
    done = _scrapy(str(SBS), "--url", SBS_URL, "--timezone", "Australia/Sydney")
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert item["url"] == SBS_URL and item["authors"] == ["Michaela Morgan"]
    assert item["published"] == "2017-05-31T11:38:00+10:00"
    assert "’" in done.stdout.decode()  # ensure_ascii=False


def test_command_reads_stdin() -> None:
    prose = b"<p>The council voted on the plan on Monday. It will be reviewed again next month.</p>"
    page = b"<html><head><title>Stdin story</title></head><body><h1>Stdin story</h1>"
    page += prose * 4 + b"</body></html>"
    done = _scrapy("-", "--url", "https://x.example/s", stdin=page)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["headline"] == "Stdin story"


def test_command_missing_file() -> None:
    done = _scrapy("no-such-page.html")
    assert done.returncode in (1, 2)
    assert b"no-such-page.html" in done.stderr
    assert done.stdout == b""
