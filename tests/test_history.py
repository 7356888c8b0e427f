"""`scrapy changes` and `scrapy history`: a site crawled, edited, crawled again; JSONL and WARC."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import html as lxml_html

from archiver.history.render import DEL_BG, INS_BG
from tests.conftest import BIN, ROOT
from tests.demo_archive import made_once
from tests.newsroom import Newsroom, crawl_command, last_summary
from tests.test_report import _rgb, browse, find_browser

PARAGRAPHS = [
    "The council met again on Tuesday and the minister answered questions about the budget.",
    "Residents of the region asked why the new bridge had been delayed for a second year.",
    "The minister said the contract would be signed before the end of the month.",
    "Opposition members called the answer vague and asked for the documents to be released.",
]
NOTICE = "Correction: An earlier version of this story gave the wrong day for the meeting."


@dataclass
class Page:
    """What an article page of the edited site shows."""

    headline: str
    author: str = "Jane Doe"
    paragraphs: list[str] = field(default_factory=lambda: list(PARAGRAPHS))
    updated: int = 0  # days after publication
    ad: str = "Advertisement: the best mortgage rates in town"


class EditedNewsroom(Newsroom):
    """Newsroom whose article pages are made of a Page each, edited between runs by a test."""

    def __init__(self, slugs: list[str]) -> None:
        super().__init__(0, sitemap=False)
        self.add(len(slugs))
        self.pages = {s: Page(f"Council meets over {s.replace('-', ' ')}") for s in self.stories}

    def page(self, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        slug = path.rsplit("/", 1)[-1]
        if not path.startswith("/article/") or slug not in self.pages:
            return super().page(path)
        p, story = self.pages[slug], self.stories[slug]
        updated = story.published + timedelta(days=p.updated)
        paras = "\n".join(f"<p>{t}</p>" for t in p.paragraphs)
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": p.headline,
            "datePublished": story.published.isoformat(),
            "dateModified": updated.isoformat(),
            "author": {"@type": "Person", "name": p.author},
        }
        body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{p.headline}</title>
<link rel="canonical" href="{self.base}/article/{slug}">
<meta property="og:type" content="article">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><header><nav><a href="/">Home</a></nav></header>
<aside class="advert">{p.ad}</aside>
<article><h1>{p.headline}</h1><p class="byline">By {p.author}</p>
{paras}</article></body></html>"""
        return 200, [("Content-Type", "text/html; charset=utf-8")], body.encode()


SLUGS = ["headline", "paragraph", "correction", "byline", "silent", "ads", "same"]
STORY = {name: f"story-{i:04d}" for i, name in enumerate(SLUGS)}
# What each edit changes, and the flags the change must have.
EXPECTED = {
    "headline": (["headline", "updated"], []),
    "paragraph": (["body", "updated"], []),
    "correction": (["body", "updated"], ["correction"]),
    "byline": (["byline", "authors", "updated"], []),
    "silent": (["body"], ["stealth"]),
}


def edit(site: EditedNewsroom) -> None:
    pages = {name: site.pages[STORY[name]] for name in SLUGS}
    pages["headline"].headline = "Minister quits as council meets over the bridge"
    pages["paragraph"].paragraphs.insert(
        2, "A spokesman later confirmed that the tender had been reopened twice this year."
    )
    pages["correction"].paragraphs[0] = PARAGRAPHS[0].replace("Tuesday", "Wednesday")
    pages["correction"].paragraphs.append(NOTICE)
    pages["byline"].author = "John Roe"
    # The silent edit: the text changes, the page's dateModified does not.
    pages["silent"].paragraphs[3] = PARAGRAPHS[3].replace("vague", "evasive")
    pages["ads"].ad = "Advertisement: holidays in the sun, book now"
    for name in ("headline", "paragraph", "correction", "byline"):
        pages[name].updated = 2


def run(*args: object, status: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / "scrapy"), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == status, result.stderr[-3000:]
    return result


@dataclass
class Crawled:
    out: Path
    site_url: str

    def url(self, name: str) -> str:
        return f"{self.site_url}/article/{STORY[name]}"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """The site crawled, edited, crawled again (every known article fetched again)."""
    out, base = made_once(tmp_path_factory, "history", _crawl_twice)
    return Crawled(out, base)


def _crawl_twice(out: Path) -> str:
    recheck = "ARCHIVER_STATE_RECHECK_AFTER=0"
    with EditedNewsroom(SLUGS) as site:
        for n in range(2):
            if n:
                edit(site)
            result = subprocess.run(
                crawl_command(site.url("/"), out, recheck),
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stderr[-3000:]
        second = last_summary(out)
    # Five articles changed; the ads page archived anew but its article unchanged.
    assert (second["new"], second["updated"], second["unchanged"]) == ("0", "5", "2")
    return site.base


def changes_of(lines: list[dict]) -> dict[str, tuple[list[str], list[str]]]:
    slug_of = {v: k for k, v in STORY.items()}
    return {slug_of[c["url"].rsplit("/", 1)[1]]: (c["fields"], c["flags"]) for c in lines}


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_changes_lists_exactly_the_changed_articles(crawled: Crawled) -> None:
    feed = crawled.out / "news.jsonl"
    result = run("changes", feed, "--format", "jsonl")
    lines = jsonl(result.stdout)
    assert changes_of(lines) == EXPECTED
    assert "5 articles changed (5 changes, 1 stealth edit)" in result.stderr
    by = {c["url"]: c for c in lines}
    corrected = by[crawled.url("correction")]
    assert corrected["notices"] == [{"kind": "correction", "text": NOTICE}]
    assert (corrected["words_added"], corrected["words_removed"]) == (15, 1)
    assert by[crawled.url("silent")]["updated"][0] == by[crawled.url("silent")]["updated"][1]
    assert by[crawled.url("paragraph")]["words_added"] == 13
    for c in lines:  # the new version points at its own record, fetched after the old one
        assert c["after"]["warc"]["record_id"] != c["before"]["warc"]["record_id"]
        assert c["after"]["fetched_at"] > c["before"]["fetched_at"]

    # The terminal's lines: a header, then one line per changed article.
    text = run("changes", feed).stdout.splitlines()
    head = ["when", "(UTC)", "site", "changes", "fields", "words", "flags", "url"]
    assert text[0].split() == head
    assert len(text) == 6
    silent = next(line for line in text if line.endswith(crawled.url("silent")))
    assert re.search(r"\s1\s+body\s+\+1 -1\s+stealth\s", silent)

    # A period before the second run's day has no change; --site that is not it, none either.
    day = lines[0]["when"][:10]
    assert jsonl(run("changes", feed, "--format", "jsonl", "--until", "2026-01-01").stdout) == []
    assert len(jsonl(run("changes", feed, "--format", "jsonl", "--since", day).stdout)) == 5
    assert jsonl(run("changes", feed, "--format", "jsonl", "--site", "elsewhere").stdout) == []

    # What the commands write, read back by a glob, is no version of an article.
    run("changes", feed, "-o", crawled.out / "changes-out.jsonl")
    run("history", crawled.url("silent"), feed, "-o", crawled.out / "history-out.jsonl")
    again = jsonl(run("changes", crawled.out / "*.jsonl", "--format", "jsonl").stdout)
    assert again == lines


def test_history_shows_each_version_and_its_diff(crawled: Crawled, tmp_path: Path) -> None:
    feed = crawled.out / "news.jsonl"
    out = run("history", crawled.url("correction"), feed).stdout
    lines = out.splitlines()
    assert lines[0] == crawled.url("correction")
    assert lines[1].startswith("2 versions")
    assert lines[2].startswith("v1  ") and "first archived" in lines[2]
    assert "changed: body, updated; words +15 -1  [correction notice]" in out
    assert "{+Wednesday+}" in out and "[-Tuesday-]" in out
    assert f"{{+{NOTICE}+}}" in out
    assert f"correction notice: {NOTICE}" in out

    headline = run("history", crawled.url("headline"), feed).stdout
    # Rewritten, not edited (two words of eight kept): the old one out, the new one in.
    assert (
        "headline: [-Council meets over story 0000-]"
        "{+Minister quits as council meets over the bridge+}"
    ) in headline
    byline = run("history", crawled.url("byline"), feed).stdout
    assert "byline: By Jane Doe -> By John Roe" in byline
    assert "authors: Jane Doe -> John Roe" in byline
    # The ads page: one version, nothing changed.
    ads = run("history", crawled.url("ads"), feed).stdout
    assert ads.splitlines()[1].startswith("1 version ")

    versions = jsonl(run("history", crawled.url("silent"), feed, "--format", "jsonl").stdout)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["archived"]["warc"]["record_id"].startswith("<urn:uuid:")
    change = versions[1]["change"]
    assert change["flags"] == ["stealth"]
    assert ["delete", "vague"] in change["diffs"]["body"]
    assert ["insert", "evasive"] in change["diffs"]["body"]

    # Its page: the article's section, the added paragraph marked as an insertion.
    page = tmp_path / "history.html"
    assert (
        "2 versions written to" in run("history", crawled.url("paragraph"), feed, "-o", page).stderr
    )
    tree = lxml_html.fromstring(page.read_text())
    assert len(tree.xpath("//section[contains(@class, 'article')]")) == 1
    (added,) = tree.xpath("//div[contains(@class, 'diff')]//ins")
    assert added.text_content().startswith("A spokesman later confirmed")

    missing = run("history", f"{crawled.site_url}/article/story-9999", feed, status=1)
    assert missing.stderr.startswith("scrapy history: no version of ")


def test_the_warc_files_alone_give_the_same_answer(crawled: Crawled) -> None:
    warc = crawled.out / "warc"
    from_warc = jsonl(run("changes", "--warc", warc, "--format", "jsonl").stdout)
    from_jsonl = jsonl(run("changes", crawled.out / "news.jsonl", "--format", "jsonl").stdout)
    assert from_warc == from_jsonl
    history = run("history", "--warc", warc, crawled.url("silent")).stdout
    assert history == run("history", crawled.url("silent"), crawled.out / "news.jsonl").stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["history"], "name the article's URL"),
        (["history", "not-a-url"], "not an http(s) URL: 'not-a-url'"),
        (["history", "http://x.example/a", "missing.jsonl"], "no such file: missing.jsonl"),
        (["changes", "--since", "last week"], "--since: not an ISO 8601 date 'last week'"),
        (["changes", "--warc", "no/such/dir"], "no such file or directory: no/such/dir"),
        (["changes", "--format", "html"], "name the page with -o FILE.html"),
        (["changes", "--frobnicate"], "unknown option --frobnicate"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args, status=2)
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_changes_page_renders_insertions_and_deletions(crawled: Crawled, tmp_path: Path) -> None:
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium to render the page: apt-get install chromium (.ci/apt-packages)")
    page = tmp_path / "changes.html"
    result = run("changes", crawled.out / "news.jsonl", "-o", page)
    assert f"written to {page}" in result.stderr
    source = page.read_text()
    # Offline: nothing fetched, no script at all.
    assert "<script" not in source
    assert not re.search(r"""<(link|img)[^>]+(src|href)=["']?https?:""", source)

    dom = browse(browser, page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-3000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    tree = lxml_html.fromstring(dom.stdout)
    sections = tree.xpath("//section[contains(@class, 'article')]")
    assert len(sections) == 5  # one per changed article
    assert len(tree.xpath("//table[contains(@class, 'summary')]//tr")) == 6
    ins = [e.text_content() for e in tree.xpath("//div[contains(@class, 'diff')]//ins")]
    dels = [e.text_content() for e in tree.xpath("//div[contains(@class, 'diff')]//del")]
    assert "evasive" in ins and "vague" in dels and NOTICE in ins
    assert tree.xpath("//span[contains(@class, 'flag') and contains(@class, 'stealth')]")
    # Each change links to both archived versions in a replay collection.
    links = tree.xpath("//p[contains(@class, 'flags')]/a/@href")
    assert len(links) == 10
    assert all(
        re.match(r"http://localhost:8080/ours/\d{14}/http://127\.0\.0\.1:", h) for h in links
    )

    shot = tmp_path / "changes.png"
    screenshot = browse(browser, page, tmp_path / "profile", f"--screenshot={shot}")
    assert screenshot.returncode == 0 and shot.exists(), screenshot.stderr[-3000:]
    from PIL import Image

    with Image.open(shot) as im:
        colors = im.convert("RGB").getcolors(maxcolors=1 << 24)
    count = {rgb: n for n, rgb in colors}
    # The insertions and deletions are on the screen in their colours, not only in the DOM.
    assert count.get(_rgb(INS_BG), 0) >= 2000, count.get(_rgb(INS_BG))
    assert count.get(_rgb(DEL_BG), 0) >= 500, count.get(_rgb(DEL_BG))


def test_the_crawl_report_counts_the_changes_and_links_to_them(
    crawled: Crawled, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    run("report", crawled.out / "news.jsonl", "--state", crawled.out / "state", "-o", page)
    tree = lxml_html.fromstring(page.read_text())
    (said,) = tree.xpath("//p[@class='changes']")
    assert said.text_content().startswith("5 articles changed (5 changes): 1 silently")
    assert "1 with a correction or update notice" in said.text_content()
    (link,) = said.xpath(".//a/@href")
    assert link == "changes.html#site-127.0.0.1"
    changes = lxml_html.fromstring((tmp_path / "changes.html").read_text())
    assert changes.get_element_by_id("site-127.0.0.1") is not None
    assert len(changes.xpath("//section[contains(@class, 'article')]")) == 5
