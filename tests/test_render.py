"""Rendering (issue 16): pages filled by JavaScript, archived as the browser fetched them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.render.capture import decoded_headers, is_blocked, is_html
from archiver.render.setup import RenderUnavailable, find_browser
from archiver.warc.writer import Exchange
from tests.conftest import BIN, ROOT
from tests.demo_archive import made_once
from tests.js_site import PDF, STORIES, TRACKER, JsNewsSite
from tests.newsroom import crawl_command
from tests.processes import children, wait_gone

try:
    BROWSER: str | None = find_browser()
except RenderUnavailable:
    BROWSER = None
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium on this machine (apt-get install chromium)"
)
STORY = "council-budget-vote"


# -- the parts without a browser -------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "block", "blocked"),
    [
        ("http://ads.example/x.js", ("ads.example",), True),
        ("https://cdn.ads.example/x.js", ("ads.example",), True),
        ("https://badads.example/x.js", ("ads.example",), False),
        ("https://news.example/ads.example.js", ("ads.example",), False),
        ("https://news.example/x.js", (), False),
    ],
)
def test_is_blocked_by_host_and_subdomain(url: str, block: tuple[str, ...], blocked: bool) -> None:
    assert is_blocked(url, block) is blocked


@pytest.mark.parametrize(
    ("wire", "kept"),
    [
        (
            [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
            [("Content-Type", "application/json"), ("Content-Length", "7")],
        ),
        (
            [("transfer-encoding", "chunked"), ("content-length", "99"), ("Set-Cookie", "a=1")],
            [("Set-Cookie", "a=1"), ("Content-Length", "7")],
        ),
        ([(":status", "200"), ("Vary", "Accept")], [("Vary", "Accept"), ("Content-Length", "7")]),
    ],
)
def test_decoded_headers_describe_the_decoded_body(wire: list, kept: list) -> None:
    assert decoded_headers(wire, 7) == kept


def test_no_browser_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            BIN / "scrapy", "crawl", "news", "-a", "start=http://127.0.0.1:9/", "-a",
            "render=true", "-s", "ARCHIVER_RENDER_BROWSER=/nonexistent/chromium",
        ],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "scrapy crawl: error: ARCHIVER_RENDER_BROWSER: no browser at '/nonexistent/chromium'"
    ]


# -- crawls with the browser -----------------------------------------------------------------
#: Tests wait for what a page does, not for the clock: a loaded machine must not cut a page
#: short (a test of the time limit sets its own).
PATIENT = ("ARCHIVER_RENDER_TIMEOUT=120", "ARCHIVER_RENDER_SETTLE_MAX=120")


def _crawl(
    site: JsNewsSite, out: Path, start: str, *args: str, settings: tuple = (), status: int = 0
) -> str:
    """`scrapy crawl news -a start=START ARGS`: a profile given in ARGS starts there too."""
    cmd = crawl_command(site.url(start), out, *PATIENT, *settings)
    result = subprocess.run([*cmd, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    log = result.stdout + result.stderr
    assert result.returncode == status, log[-4000:]
    return log


def _items(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _records(out: Path) -> list[dict]:
    found = []
    for path in sorted((out / "warc").glob("*.warc.gz")):
        check = subprocess.run([BIN / "warcio", "check", str(path)], capture_output=True)
        assert check.returncode == 0, check.stdout
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                h = rec.rec_headers
                found.append(
                    {
                        "type": rec.rec_type,
                        "url": h.get_header("WARC-Target-URI"),
                        "id": h.get_header("WARC-Record-ID"),
                        "refers_to": h.get_header("WARC-Refers-To"),
                        "content_type": h.get_header("Content-Type"),
                        "truncated": h.get_header("WARC-Truncated"),
                        "http": dict(rec.http_headers.headers) if rec.http_headers else {},
                        "body": rec.content_stream().read(),
                    }
                )
    return found


def _stat(log: str, name: str) -> int:
    marker = f"'{name}': "
    if marker not in log:
        return 0
    return int(log.split(marker, 1)[1].split(",", 1)[0].split("}", 1)[0])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The story crawled with and without rendering (folders ``plain``, ``rendered``), and its
    URL; the site is gone afterwards, as for a replay."""
    return made_once(tmp_path_factory, "rendered", _crawl_story)


def _crawl_story(root: Path) -> str:
    with JsNewsSite() as site:
        _crawl(site, root / "plain", f"/news/{STORY}")
        _crawl(site, root / "rendered", f"/news/{STORY}", "-a", "render=true")
        return site.url(f"/news/{STORY}")


@needs_browser
def test_rendered_article_is_archived_and_reparsed_without_browser(
    rendered: tuple[Path, str], tmp_path: Path
) -> None:
    story = STORIES[STORY]
    root, page_url = rendered
    # Without rendering the shell is all there is: no article.
    assert _items(root / "plain" / "news.jsonl") == []
    out = root / "rendered"

    [item] = _items(out / "news.jsonl")
    assert item["headline"] == story["headline"]
    assert item["authors"] == [story["author"]]
    assert item["published"] == story["published"]
    assert item["body"].split("\n\n") == story["paragraphs"]
    assert item["sources"]["page"] == "rendered"

    records = _records(out)
    [document] = [r for r in records if r["type"] == "response" and r["url"] == page_url]
    assert b"Loading" in document["body"] and story["headline"].encode() not in document["body"]
    [dom] = [r for r in records if r["type"] == "conversion"]
    assert dom["url"] == page_url and dom["refers_to"] == document["id"]
    assert dom["content_type"].startswith("text/html")
    assert story["headline"].encode() in dom["body"]
    assert item["warc"]["record_id"] == dom["id"]
    # The JSON the script fetched: its body as the browser decoded it, said so by the headers.
    [api] = [r for r in records if r["type"] == "response" and "/api/stories/" in r["url"]]
    assert json.loads(api["body"]) == story
    assert "Content-Encoding" not in api["http"]
    assert api["http"]["Content-Length"] == str(len(api["body"]))
    assert any(r["url"] == page_url.replace(f"/news/{STORY}", "/static/app.js") for r in records)

    # The reparse reads the rendered DOM from the archive: no browser on its PATH.
    env = dict(os.environ, PATH=str(BIN))
    result = subprocess.run(
        [BIN / "scrapy", "reparse", str(out / "warc"), "-O", str(tmp_path / "re.jsonl"),
         "-s", "LOG_LEVEL=INFO"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'archiver/reparse/pages/rendered': 1" in result.stderr
    assert _items(tmp_path / "re.jsonl") == [item]


@needs_browser
def test_render_limits_block_cap_articles_only_and_restart(tmp_path: Path) -> None:
    with JsNewsSite() as site:
        profile = tmp_path / "js.toml"
        profile.write_text(
            f'base = "{site.url("/")}"\nstart_urls = ["/"]\narticle_patterns = ["^/news/"]\n'
            f'render = true\nrender_articles_only = true\nrender_block = ["tracker.localhost"]\n'
        )
        out = tmp_path / "out"
        log = _crawl(
            site, out, "/", "-a", f"site={profile}",
            settings=("ARCHIVER_RENDER_RESTART_AFTER=1",),
        )  # fmt: skip
        assert "/pixel.js" not in site.hits
    items = _items(out / "news.jsonl")
    assert sorted(i["headline"] for i in items) == sorted(s["headline"] for s in STORIES.values())
    records = _records(out)
    # The home page is no article: fetched over plain HTTP, no rendered DOM of it.
    rendered = sorted(r["url"] for r in records if r["type"] == "conversion")
    assert rendered == sorted(site.url(f"/news/{s}") for s in STORIES)
    assert not any(TRACKER in (r["url"] or "") for r in records)
    assert _stat(log, "archiver/render/resources_blocked") == len(STORIES)
    assert _stat(log, "archiver/render/pages") == len(STORIES)
    assert _stat(log, "archiver/render/browser_restarts") >= 1


def _profile(site: JsNewsSite, path: Path, start: str, *lines: str) -> str:
    """A site profile whose articles are /news/ pages, rendered, the tracker blocked."""
    path.write_text(
        f'base = "{site.url("/")}"\nstart_urls = ["{start}"]\narticle_patterns = ["^/news/"]\n'
        f'render = true\nrender_block = ["{TRACKER}"]\n' + "".join(f"{line}\n" for line in lines)
    )
    return f"site={path}"


@needs_browser
def test_resource_cap(tmp_path: Path) -> None:
    with JsNewsSite() as site:
        profile = _profile(site, tmp_path / "js.toml", f"/news/{STORY}")
        log = _crawl(
            site, tmp_path, f"/news/{STORY}", "-a", profile,
            settings=("ARCHIVER_RENDER_MAX_RESOURCES=1",), status=1,
        )  # fmt: skip
    # app.js was the one request allowed (the tracker is blocked, not counted); the JSON it
    # asked for was refused, and the page stayed a shell.
    assert _stat(log, "archiver/render/resources_over_cap") == 1
    assert _stat(log, "archiver/render/resources_blocked") == 1
    assert not any("/api/" in (r["url"] or "") for r in _records(tmp_path))
    # An article by the profile's pattern, but only its shell: no story in it, so no item,
    # said and counted as an article lost (issue 23: never an empty body exported silently).
    assert _items(tmp_path / "news.jsonl") == []
    assert _stat(log, "archiver/articles/dropped/no_body") == 1
    assert "No article text found in " in log and "(headline 'Loading…')" in log


@needs_browser
def test_a_page_past_the_load_timeout_fails_alone(tmp_path: Path) -> None:
    with JsNewsSite() as site:
        # /more is a listing on plain HTTP; the article it links never finishes loading.
        profile = _profile(site, tmp_path / "js.toml", "/more", "render_articles_only = true")
        log = _crawl(
            site,
            tmp_path,
            "/more",
            "-a",
            profile,
            settings=("ARCHIVER_RENDER_TIMEOUT=2",),
            status=1,  # a page lost: one exit rule (issue 23)
        )
        assert site.hanging.is_set()  # the browser asked for the script, and was kept waiting
    assert _stat(log, "archiver/failed/timeout") == 1
    assert f"Could not fetch {site.url('/news/hanging')} (timeout)" in log
    assert _stat(log, "archiver/render/failed") == 1
    assert _stat(log, "archiver/render/pages") == 0


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        new = children(todo.pop()) - found
        found |= new
        todo += new
    return found


@needs_browser
def test_browser_ends_with_a_killed_crawl(tmp_path: Path) -> None:
    with JsNewsSite() as site:
        cmd = crawl_command(site.url("/more"), tmp_path, "ARCHIVER_RENDER_TIMEOUT=120")
        crawl = subprocess.Popen(
            [*cmd, "-a", "render=true"], cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            assert site.hanging.wait(120), "the browser never opened the page"
            family = _descendants(crawl.pid)
            assert any(b"chrom" in _cmdline(p) for p in family)
            crawl.kill()  # SIGKILL: no handler of ours runs
            crawl.wait(30)
            # The Playwright driver sees its pipe close and takes the browser down with it.
            assert wait_gone(family, 30) == set()
        finally:
            if crawl.poll() is None:
                crawl.kill()


@needs_browser
def test_pywb_replays_the_rendered_page_from_the_archive(
    rendered: tuple[Path, str], tmp_path: Path
) -> None:
    """The archive holds what the page needs: pywb serves the document, the script and the
    JSON, and a browser builds the article again with the live site gone."""
    from playwright.sync_api import sync_playwright

    from archiver.render.setup import BROWSER_ARGS
    from tests.test_replay import _free_port, _pywb_bin

    root, page_url = rendered
    out = root / "rendered"
    bin_dir = _pywb_bin()
    root = tmp_path / "pywb"
    root.mkdir()
    run = {"cwd": root, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([bin_dir / "wb-manager", "init", "js"], **run)
    subprocess.run([bin_dir / "wb-manager", "add", "js", *(out / "warc").glob("*.warc.gz")], **run)
    port = _free_port()
    wayback = subprocess.Popen(
        [bin_dir / "wayback", "-b", "127.0.0.1", "-p", str(port)],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    args = [*BROWSER_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, args=args)
            page = browser.new_page()
            for _ in range(300):  # wayback takes a few seconds to start
                try:
                    page.goto(f"http://127.0.0.1:{port}/js/mp_/{page_url}", timeout=10_000)
                    break
                except Exception:  # noqa: BLE001 - connection refused until it listens
                    if wayback.poll() is not None:
                        pytest.fail("wayback exited")
                    page.wait_for_timeout(100)
            replayed = page.frame_locator("#replay_iframe").locator("article h1")
            assert replayed.text_content(timeout=30_000) == STORIES[STORY]["headline"]
            browser.close()
    finally:
        wayback.terminate()
        wayback.wait(timeout=20)


@needs_browser
def test_a_pdf_at_a_page_url_is_archived_as_the_file(tmp_path: Path) -> None:
    """The browser shows a PDF in its viewer and hands over the viewer's HTML: the request
    goes again over plain HTTP, and the WARC holds the file as the server sent it."""
    with JsNewsSite() as site:
        log = _crawl(site, tmp_path, "/news/annual-report", "-a", "render=true")
        url = site.url("/news/annual-report")
    [record] = [r for r in _records(tmp_path) if r["type"] == "response" and r["url"] == url]
    assert record["body"] == PDF
    assert not any(r["type"] == "conversion" for r in _records(tmp_path))
    assert _stat(log, "archiver/render/not_html") == 1


@pytest.mark.parametrize(
    ("ctype", "html"),
    [
        ("text/html; charset=utf-8", True),
        ("application/xhtml+xml", True),
        ("", True),  # sniffed by the browser, rendered as a page
        ("application/pdf", False),
        ("application/json", False),
    ],
)
def test_is_html_by_content_type(ctype: str, html: bool) -> None:
    headers = [("Content-Type", ctype)] if ctype else []
    assert is_html(Exchange(url="http://x.example/a", response_headers=headers)) is html


@needs_browser
def test_a_body_past_download_maxsize_is_not_archived_and_says_so(tmp_path: Path) -> None:
    with JsNewsSite() as site:
        # The JSON is 1.1 kB decoded (about 400 bytes gzip on the wire); the rest is smaller.
        log = _crawl(
            site, tmp_path, f"/news/{STORY}", "-a", "render=true",
            settings=("DOWNLOAD_MAXSIZE=1050",),
        )  # fmt: skip
    [api] = [r for r in _records(tmp_path) if r["type"] == "response" and "/api/" in r["url"]]
    assert api["body"] == b"" and api["truncated"] == "length"
    assert _stat(log, "archiver/render/resources_too_large") == 1
    # The page had it all the same: the article is there.
    [item] = _items(tmp_path / "news.jsonl")
    assert item["headline"] == STORIES[STORY]["headline"]
