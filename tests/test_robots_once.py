"""robots.txt fetched once per host and run; a dead start host said in one line (issue 24)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port
from tests.newsroom import Newsroom, crawl_command, last_summary
from tests.test_routine_runs import stats_of


@pytest.mark.parametrize("obey", [True, False])
def test_robots_txt_is_fetched_once_and_its_sitemap_read(obey: bool, tmp_path: Path) -> None:
    """Obeyed, RobotsTxtMiddleware's fetch serves the spider's reading of the Sitemap lines
    too; not obeyed, the spider fetches it alone. Either way the server sees one request."""
    with Newsroom(3, links=False) as site:  # articles only through robots.txt's sitemap
        result = subprocess.run(
            crawl_command(site.url("/"), tmp_path, f"ROBOTSTXT_OBEY={obey}"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert site.hits.get("/robots.txt") == 1, site.hits
        assert site.hits.get("/sitemap.xml") == 1, site.hits
    stats = stats_of(result.stderr)
    assert stats["archiver/discovery/robots_sitemaps"] == 1
    assert last_summary(tmp_path)["new"] == "3"
    assert "Traceback" not in result.stderr


def test_a_dead_start_host_is_one_cause_in_the_summary(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    result = subprocess.run(
        crawl_command(dead, tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    log = result.stderr
    assert result.returncode == 1, log[-3000:]  # a start page lost: the run failed
    assert "Traceback" not in log
    summary = log[log.rindex("\nCrawl news-") :]
    assert f"start page {dead} could not be fetched: connection refused" in summary
    assert "no articles exported" in summary and "nothing archived" in summary
    assert "1 error, 1 page lost" in summary  # the start page, said once; robots.txt is no loss
    assert not (tmp_path / "news.jsonl").exists()  # no empty feed left behind
    stats = stats_of(log)
    assert stats["robotstxt/request_count"] == 1  # one round of tries for robots.txt
    assert stats["archiver/robots/failed/connection"] == 1
    assert f"{dead}robots.txt could not be fetched (connection refused)" in log
