"""Three runs against a changing site: only new and changed articles are fetched or kept."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import BIN, ROOT
from tests.newsroom import Newsroom, crawl_command, last_summary


def crawl(site: Newsroom, out: Path, *settings: str) -> dict[str, str]:
    site.hits.clear()
    result = subprocess.run(
        crawl_command(site.url("/"), out, *settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Run summary:" in result.stderr
    return last_summary(out)


def article_hits(site: Newsroom) -> set[str]:
    return {p.rsplit("/", 1)[1] for p in site.hits if p.startswith("/article/")}


def lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "news.jsonl").read_text().splitlines()]


def records(out: Path) -> list:
    found = []
    for path in sorted((out / "warc").glob("*.warc.gz")):
        check = subprocess.run([BIN / "warcio", "check", str(path)], capture_output=True)
        assert check.returncode == 0, check.stdout
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                rec.content_stream().read()
                found.append((path.name, rec.rec_headers))
    assert not list((out / "warc").glob("*.open"))
    return found


def test_sitemap_lastmod_skips_unchanged_and_fetches_new_and_updated(tmp_path: Path) -> None:
    with Newsroom(30, links=False) as site:
        first = crawl(site, tmp_path)
        assert (first["new"], first["updated"], first["skipped"]) == ("30", "0", "0")
        assert len(article_hits(site)) == 30

        site.add(5)
        site.update(["story-0001", "story-0002", "story-0003"])
        second = crawl(site, tmp_path)
        assert (second["new"], second["updated"], second["skipped"]) == ("5", "3", "27")
        new = {f"story-{i:04d}" for i in range(30, 35)}
        assert article_hits(site) == new | {"story-0001", "story-0002", "story-0003"}

        site.update(["story-0002", "story-0031"])
        third = crawl(site, tmp_path)
        assert (third["new"], third["updated"], third["skipped"]) == ("0", "2", "33")
        assert article_hits(site) == {"story-0002", "story-0031"}

    items = lines(tmp_path)
    assert len(items) == 30 + 8 + 2
    per_url = Counter(i["url"].rsplit("/", 1)[1] for i in items)
    assert per_url["story-0002"] == 3 and per_url["story-0001"] == 2 and per_url["story-0031"] == 2
    # JSONL is appended: the old versions stay, each with its own `updated`.
    versions = [i["updated"] for i in items if i["url"].endswith("story-0002")]
    assert len(set(versions)) == 3
    assert all(i["warc"]["record_id"] for i in items)
    assert not [h for _, h in records(tmp_path) if h.get_header("WARC-Type") == "revisit"]


def test_links_only_unchanged_pages_become_revisit_records(tmp_path: Path) -> None:
    recheck = "ARCHIVER_STATE_RECHECK_AFTER=0"
    with Newsroom(30, sitemap=False) as site:
        first = crawl(site, tmp_path, recheck)
        assert (first["new"], first["unchanged"]) == ("30", "0")
        site.add(5)
        site.update(["story-0004", "story-0005"])
        second = crawl(site, tmp_path, recheck)
        assert (second["new"], second["updated"], second["unchanged"]) == ("5", "2", "28")
        third = crawl(site, tmp_path, recheck)
        assert (third["new"], third["updated"], third["unchanged"], third["items"]) == (
            "0",
            "0",
            "35",
            "0",
        )
        # Without a recheck interval passed, known articles are not fetched at all.
        fourth = crawl(site, tmp_path)
        assert (fourth["skipped"], fourth["unchanged"]) == ("35", "0")
        assert not article_hits(site)

    assert len(lines(tmp_path)) == 30 + 5 + 2
    recs = records(tmp_path)
    responses = {
        h.get_header("WARC-Record-ID"): h
        for _, h in recs
        if h.get_header("WARC-Type") == "response"
    }
    revisits = [h for _, h in recs if h.get_header("WARC-Type") == "revisit"]
    assert len(revisits) == 28 + 35
    for rev in revisits:
        assert rev.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
        original = responses[rev.get_header("WARC-Refers-To")]
        assert original.get_header("WARC-Target-URI") == rev.get_header("WARC-Refers-To-Target-URI")
        assert original.get_header("WARC-Date") == rev.get_header("WARC-Refers-To-Date")
        assert original.get_header("WARC-Payload-Digest") == rev.get_header("WARC-Payload-Digest")


def test_dynamic_pages_archive_new_bytes_but_export_only_changed_articles(tmp_path: Path) -> None:
    recheck = "ARCHIVER_STATE_RECHECK_AFTER=0"
    with Newsroom(20, sitemap=False, dynamic=True) as site:
        crawl(site, tmp_path, recheck)
        site.update(["story-0007"])
        second = crawl(site, tmp_path, recheck)
    # Every page was fetched and archived in full (its bytes differ), one item was exported.
    assert (second["new"], second["updated"], second["unchanged"]) == ("0", "1", "19")
    assert second["items"] == "1"
    items = lines(tmp_path)
    assert len(items) == 21 and items[-1]["url"].endswith("story-0007")
    responses = [h for _, h in records(tmp_path) if h.get_header("WARC-Type") == "response"]
    assert sum("/article/" in h.get_header("WARC-Target-URI") for h in responses) == 40


def test_links_and_sitemap_updates_found_by_link_first_are_fetched(tmp_path: Path) -> None:
    # Default settings. Links reach articles before the sitemap (robots.txt, then sitemap) is
    # parsed: the sitemap's lastmod comes too late for the first decision, not for the update.
    with Newsroom(60) as site:
        crawl(site, tmp_path)
        site.add(3)
        site.update(["story-0010", "story-0020"])
        second = crawl(site, tmp_path)
        assert (second["new"], second["updated"]) == ("3", "2")
        assert article_hits(site) == {"story-0060", "story-0061", "story-0062"} | {
            "story-0010",
            "story-0020",
        }
        third = crawl(site, tmp_path)
        assert (third["new"], third["updated"], third["skipped"]) == ("0", "0", "63")
        assert not article_hits(site)
