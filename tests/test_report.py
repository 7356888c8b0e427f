"""`scrapy report`: the text summary, and the HTML report rendered by a real headless browser."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from archiver.coverage import FIELDS, Drift, SiteCoverage
from archiver.report import (
    COLORSCALE,
    Report,
    day_axis,
    publication_window,
    share_color,
    sources_note,
    text_color,
)
from archiver.state import SqliteState
from tests.conftest import BIN, ROOT

NEWS = "news.example.com"
OTHER = "www.other.example"
START = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
#: Articles of NEWS's first run published years before the crawl (an archive's old pages).
OLD = 4
OLD_DAY = datetime(2019, 3, 14, 9, 0, tzinfo=UTC)


def article(
    host: str, n: int, day: int, *, authors: bool = True, credit: bool = True, old: bool = False
) -> dict:
    when = START + timedelta(days=day, minutes=n)
    return {
        "url": f"https://{host}/story/{n}",
        "headline": f"Story {n}",
        "authors": ["Jane Doe"] if authors else [],
        "published": (OLD_DAY if old else when).isoformat(),
        "language": "en",
        "body": "Text. " * (60 + n % 41),  # lengths vary: their median is a figure
        "image": {"url": f"https://{host}/{n}.jpg", "credit": "AAP" if credit else None},
        "fetched_at": (when + timedelta(hours=1)).isoformat(),
    }


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    """A JSONL file and a state of runs: NEWS lost its bylines in its last run, OTHER did not."""
    items = []
    store = SqliteState(tmp_path / "state" / "news-news.example.com.sqlite")
    for run in range(6):
        broken = run == 5
        batch = [
            article(NEWS, run * 100 + i, run, authors=not broken, old=run == 0 and i < OLD)
            for i in range(30)
        ]
        items += batch
        cov = SiteCoverage(NEWS, 30, dict.fromkeys(FIELDS, 0), 480)
        for f in ("headline", "published", "language", "body", "image", "credit"):
            cov.have[f] = 30
        cov.have["authors"] = 0 if broken else 30
        started = (START + timedelta(days=run, hours=1)).isoformat()
        store.add_run(
            crawl="news-news.example.com",
            started=started,
            finished=started,
            finish_reason="finished",
            exit_status=3 if broken else 0,
            counts={"fetched": 40, "new": 30, "updated": 1, "items": 31},
            elapsed=12.5,
            coverage=[cov],
            alarms=[Drift(NEWS, "authors", 0, 30, 1.0, 5)] if broken else [],
        )
    store.close()
    # OTHER credits 3 photos in 4: the 75% the table and the heat-map colour alike.
    other = SqliteState(tmp_path / "state" / "news-other.sqlite")
    for run in range(3):
        started = (START + timedelta(days=run, hours=2)).isoformat()
        cov = SiteCoverage(OTHER, 8, dict.fromkeys(FIELDS, 8) | {"credit": 6}, 480)
        other.add_run(
            crawl="news-other",
            started=started,
            finished=started,
            finish_reason="finished",
            exit_status=0,
            counts={"fetched": 12, "new": 10},
            elapsed=3.0,
            coverage=[cov],
            alarms=[],
        )
        items += [article(OTHER, run * 100 + i, run, credit=i < 6) for i in range(8)]
    other.close()
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return jsonl, tmp_path / "state"


def report(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / "scrapy"), "report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_text_report_has_the_coverage_table_and_the_alarms(archive: tuple[Path, Path]) -> None:
    jsonl, state = archive
    out = report(str(jsonl), "--state", str(state), "--format", "text").stdout.splitlines()
    assert out[0].startswith("Field coverage, last run per site")
    assert out[1].split()[:3] == ["site", "run", "articles"]
    news = out[2].split()
    # site, run label (day, time, id), articles, then the fields in order.
    assert news[:5] == [NEWS, "2026-11-06", "07:00", "#6", "30"]
    assert news[5:9] == ["100", "0!", "0", "100"]
    assert out[3].split()[:6] == [OTHER, "2026-11-03", "08:00", "#3", "8", "100"]
    assert out[4] == "Alarms (latest 10):"
    assert out[5].endswith(
        f"Layout change? {NEWS}: authors on 0 of 30 articles (0%), 100% over the last 5 runs"
    )
    assert len(out) == 6


@pytest.mark.parametrize(
    ("percent", "color", "ink"),
    [
        (0, "#d73027", "#fff"),
        (50, "#fee08b", "#000"),
        (75, "#8cbc6e", "#000"),  # halfway from yellow to green, in the table as in the heat-map
        (100, "#1a9850", "#000"),
        (-3, "#d73027", "#fff"),
        (140, "#1a9850", "#000"),
    ],
)
def test_share_color(percent: float, color: str, ink: str) -> None:
    assert share_color(percent) == color and text_color(color) == ink


def test_per_day_axis_is_the_period_and_its_backlog() -> None:
    report = Report()
    s = report.site(NEWS)
    s.per_day_archived = {"2026-11-01": 30, "2026-11-06": 30}
    s.per_day_published = {"2019-03-14": 4, "2026-10-30": 2, "2026-11-06": 9, "2031-01-01": 1}
    window = publication_window(report)
    assert window == ("2026-10-25", "2026-11-07")
    # From the earliest day shown (not the week's empty start) to the last, half a day out.
    assert day_axis(report, window) == ["2026-10-29 12:00", "2026-11-06 12:00"]
    s.per_day_archived = {}
    assert publication_window(report) is None  # no fetch days: every publication day


@pytest.mark.parametrize(
    ("files", "states", "said"),
    [
        (["a.jsonl"], ["s.sqlite"], "Generated T from JSONL a.jsonl and crawl state s.sqlite."),
        (
            ["a.jsonl"],
            [],
            "Generated T from JSONL a.jsonl. No crawl state with runs in output/state: no runs"
            " or drift alarms to show (--state names where they are).",
        ),
        ([], ["s.sqlite"], "Generated T from crawl state s.sqlite; no JSONL files were read."),
        ([], [], "Generated T: no JSONL files and no crawl state with runs in output/state."),
    ],
)
def test_sources_note(files: list[str], states: list[str], said: str) -> None:
    report = Report(files=files, states=states, searched=["output/state"])
    assert sources_note(report, "T") == said


def _median_body(jsonl: Path, host: str) -> int:
    items = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    return statistics.median_low(len(i["body"]) for i in items if f"//{host}/" in i["url"])


def test_report_from_jsonl_alone(archive: tuple[Path, Path], tmp_path: Path) -> None:
    """No crawl state: the body chars come from the JSONL, and the header says what is not
    there rather than "crawl state none"."""
    jsonl, _ = archive
    nowhere = tmp_path / "no-state"  # a folder with no state in it: a missing one is a usage error
    nowhere.mkdir()
    page = tmp_path / "alone.html"
    report(str(jsonl), "--state", str(nowhere), "-o", str(page))
    tree = lxml_html.parse(str(page)).getroot()
    header = " ".join(tree.xpath("//p[@class='note']")[0].text_content().split())
    assert header.endswith(
        f"from JSONL {jsonl}. No crawl state with runs in {nowhere}: no runs or drift alarms to"
        " show (--state names where they are)."
    )
    rows = tree.xpath("//table[@class='coverage']//tr[td]")
    for row, host in zip(rows, (NEWS, OTHER), strict=True):
        cells = [td.text_content() for td in row.xpath("td")]
        assert cells[:2] == [host, "all JSONL"]
        assert cells[-1] == str(_median_body(jsonl, host))
    text = report(str(jsonl), "--state", str(nowhere), "--format", "text").stdout.splitlines()
    assert text[2].split()[0] == NEWS and text[2].split()[-1] == str(_median_body(jsonl, NEWS))


def find_browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


def browse(browser: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium on a file: the run ends once the page settled (virtual time budget)."""
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",  # as root in CI
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--window-size=1280,4000",
            "--virtual-time-budget=20000",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _rows_with(image: Any, color: tuple[int, int, int], least: int) -> list[int]:
    """The rows of ``image`` with at least ``least`` pixels of ``color``."""
    width, height = image.size
    rows = []
    for y in range(height):
        counts = {rgb: n for n, rgb in image.crop((0, y, width, y + 1)).getcolors(width)}
        if counts.get(color, 0) >= least:
            rows.append(y)
    return rows


def test_html_report_renders_its_charts_in_a_headless_browser(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium to render the report: apt-get install chromium (.ci/apt-packages)")
    jsonl, state = archive
    page = tmp_path / "report.html"
    result = report(str(jsonl), "--state", str(state), "-o", str(page))
    assert "Report of 2 sites (1 drift alarm)" in result.stderr
    source = page.read_text()
    # Self-contained: nothing to fetch, not even the chart library.
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?https?:""", source)

    dom = browse(browser, page, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-3000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    tree = lxml_html.fromstring(dom.stdout)
    plots = tree.xpath("//div[contains(@class, 'js-plotly-plot')]")
    assert len(plots) == 4  # per site: articles per day, coverage over runs
    for site_n in range(2):
        per_day = tree.get_element_by_id(f"per-day-{site_n}")
        bars = per_day.xpath(".//g[contains(@class, 'trace') and contains(@class, 'bars')]//path")
        assert len(bars) == (6 if site_n == 0 else 3)  # the days of the period, not 2019
        for bar in bars:
            # "M x0,y0 V y1 H x1 V y0 Z": a day's bar stays wide and tall although some
            # articles were published years before the crawl.
            x0, y0, y1, x1 = map(float, re.findall(r"-?[\d.]+", bar.get("d", ""))[:4])
            assert abs(x1 - x0) >= 20 and abs(y1 - y0) >= 20, bar.get("d")
        lines = per_day.xpath(
            ".//g[contains(@class, 'scatterlayer')]//path[contains(@class, 'js-line')]"
        )
        assert lines and lines[0].get("d", "").startswith("M")
        points = per_day.xpath(
            ".//g[contains(@class, 'scatterlayer')]//path[contains(@class, 'point')]"
        )
        assert len(points) == (6 if site_n == 0 else 3)  # a day archived, a point
        legend = per_day.xpath(
            ".//g[contains(@class, 'legend')]//text[contains(@class, 'legendtext')]"
        )
        assert [t.text_content() for t in legend] == ["published", "archived"]
        coverage = tree.get_element_by_id(f"coverage-{site_n}")
        heatmap = coverage.xpath(".//g[contains(@class, 'hm')]//image")
        assert len(heatmap) == 1
        href = heatmap[0].get("xlink:href") or heatmap[0].get("href") or ""
        assert href.startswith("data:image/png;base64,") and len(href) > 200
        ticks = coverage.xpath(".//g[contains(@class, 'ytick')]//text")
        assert sorted(t.text_content() for t in ticks) == sorted(FIELDS)
        runs = coverage.xpath(".//g[contains(@class, 'xtick')]//text")
        assert len(runs) == (6 if site_n == 0 else 3)
    # The drift is marked on the run that had it.
    marks = tree.get_element_by_id("coverage-0").xpath(
        ".//g[contains(@class, 'scatterlayer')]//path[contains(@class, 'point')]"
    )
    assert len(marks) == 1
    assert "Layout change? news.example.com: authors on 0 of 30 articles" in dom.stdout
    assert (
        f"Not in the chart: {OLD} articles published before 2026-10-25 (the earliest on "
        f"{OLD_DAY.date()})" in " ".join(tree.get_element_by_id("per-day-0").getnext().itertext())
    )
    # The table's 75% cell has the colour the heat-map gives 75%.
    [cell] = tree.xpath(f"//table[@class='coverage']//tr[td//a[text()='{OTHER}']]/td[10]")
    assert cell.text_content() == "75" and f"background:{share_color(75)}" in cell.get("style")

    shot = tmp_path / "report.png"
    screenshot = browse(browser, page, tmp_path / "profile", f"--screenshot={shot}")
    assert screenshot.returncode == 0 and shot.exists(), screenshot.stderr[-3000:]
    from PIL import Image

    with Image.open(shot) as im:
        colors = im.convert("RGB").getcolors(maxcolors=1 << 24)
    count = {rgb: n for n, rgb in colors}
    # Not blank, and each series is there in its colour: published bars, archived line, and
    # the heat-map's full (green) and empty (red) cells.
    assert len(count) > 50
    for color, least in (("#1f77b4", 500), ("#ff7f0e", 50)):
        assert count.get(_rgb(color), 0) >= least, color
    assert count.get(_rgb(COLORSCALE[-1][1]), 0) >= 5000
    assert count.get(_rgb(COLORSCALE[0][1]), 0) >= 5000
    # 75% in one colour in both places: OTHER's credit cell in the table (at the top of the
    # page) and its credit row in OTHER's heat-map (further down), each a band of rows.
    with Image.open(shot) as im:
        rows = _rows_with(im.convert("RGB"), _rgb(share_color(75)), 20)
    bands = [[rows[0]]] if rows else []
    for y in rows[1:]:
        if y == bands[-1][-1] + 1:
            bands[-1].append(y)
        else:
            bands.append([y])
    assert len(bands) == 2, [(b[0], b[-1]) for b in bands]
    table, heatmap = bands
    assert len(table) < 80 and table[-1] < 600  # one table row, above the charts
    assert heatmap[0] > 1000 and len(heatmap) >= 15  # a heat-map row, far below
