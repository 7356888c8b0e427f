"""Crawls of a site whose byline markup changes before the last run: the drift alarm."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from tests.conftest import ROOT
from tests.newsroom import Newsroom, crawl_command, last_summary

JSONLD_AUTHOR = ', "author": {"@type": "Person", "name": "Jane Doe"}'
BYLINE = '<p class="byline">By Jane Doe</p>'
# The new template draws the byline client-side: no author in the markup any more.
NEW_BYLINE = (
    '<div class="story-meta"><span class="writer-card" data-writer="jane-doe"></span></div>'
)


class Redesigned(Newsroom):
    """The Newsroom, whose article template can lose its byline markup (``redesign()``)."""

    redesigned = False

    def page(self, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        status, headers, body = super().page(path)
        if self.redesigned and path.startswith("/article/") and status == 200:
            html = body.decode()
            assert JSONLD_AUTHOR in html and BYLINE in html  # the template the test changes
            body = html.replace(JSONLD_AUTHOR, "").replace(BYLINE, NEW_BYLINE).encode()
        return status, headers, body


def crawl(site: Newsroom, out: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(site.url("/"), out, *settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def alarms(log: str) -> list[str]:
    return [line for line in log.splitlines() if "Layout change?" in line]


def coverage_line(stderr: str) -> list[str]:
    """The words of the line under the coverage table's header, the last table logged."""
    lines = stderr.strip().splitlines()
    heads = [i for i, line in enumerate(lines) if line.split()[:3] == ["site", "run", "articles"]]
    assert heads, stderr[-3000:]
    return lines[heads[-1] + 1].split()


def test_byline_markup_change_raises_the_drift_alarm_on_that_run_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    per_run = 25
    with Redesigned(per_run, links=False) as site:
        host = "127.0.0.1"
        for run in range(3):
            if run:
                site.add(per_run)
            result = crawl(site, out)
            assert result.returncode == 0, result.stderr[-3000:]
            assert not alarms(result.stderr), result.stderr[-3000:]
            assert "archiver/coverage/drift" not in result.stderr
            summary = last_summary(out)
            assert summary["new"] == str(per_run) and "drift" not in summary
            # The crawl ends with the coverage line of the site it crawled (above the summary
            # for a person).
            line = coverage_line(result.stderr)
            assert line[:5] == [host, "this", "run", str(per_run), "100"], line

        site.redesigned = True
        site.add(per_run)
        # The same last run twice, from copies of the state: once failing on drift, once not.
        copy = tmp_path / "copy"
        shutil.copytree(out, copy)
        failing = crawl(site, out, "ARCHIVER_RUN_FAIL_ON_DRIFT=True")
        logged = crawl(site, copy)

    assert failing.returncode == 3, failing.stderr[-3000:]
    assert logged.returncode == 0, logged.stderr[-3000:]
    for result, where in ((failing, out), (logged, copy)):
        found = alarms(result.stderr)
        assert len(found) == 1, result.stderr[-3000:]
        assert "WARNING" in found[0]
        assert found[0].endswith(
            f"Layout change? {host}: authors on 0 of {per_run} articles (0%), "
            "100% over the last 3 runs"
        )
        assert "'archiver/coverage/drift/authors': 1" in result.stderr
        summary = last_summary(where)
        assert summary["drift"] == "authors" and summary["new"] == str(per_run)
        assert summary["exit"] == ("3" if where == out else "0")
        # The coverage line marks the field.
        line = coverage_line(result.stderr)
        assert line[:4] == [host, "this", "run", str(per_run)] and line[5] == "0!", line

    # The runs, their coverage and the alarm are kept in the crawl state.
    (state,) = (out / "state").glob("*.sqlite")
    db = sqlite3.connect(state)
    runs = db.execute("SELECT id, exit_status, new, items FROM runs ORDER BY id").fetchall()
    assert [(r[1], r[2], r[3]) for r in runs] == [(0, 25, 25)] * 3 + [(3, 25, 25)]
    cov = db.execute("SELECT articles, authors, headline FROM run_coverage ORDER BY run_id")
    assert cov.fetchall() == [(25, 25, 25)] * 3 + [(25, 0, 25)]
    assert db.execute("SELECT run_id, site, field, have, articles FROM run_alarms").fetchall() == [
        (runs[-1][0], host, "authors", 0, 25)
    ]
