"""The crawl report: articles per day, field coverage over runs, alarms and runs, per site."""

from __future__ import annotations

import glob
import html
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from archiver.coverage import FIELDS, SQL_HOST, SQL_PRESENT, Drift, SiteCoverage, coverage_table
from archiver.history.sites import CHANGES_PAGE, SiteChanges, report_html
from archiver.state import RunRow, SqliteState, StateStore
from archiver.state.shared import REDIS_SCHEMES, shared_states
from archiver.utils.words import counted

#: Alarms listed per site in the HTML report, and in all in the text report.
LATEST_ALARMS = 10
#: Red for a field missing, yellow half there, green always there: a drift is a red cell in a
#: green row. The heat-map and the coverage table both colour a share from it (share_color).
COLORSCALE = [[0.0, "#d73027"], [0.5, "#fee08b"], [1.0, "#1a9850"]]
#: Relative luminance above which a cell's text is black, else white: the point where black
#: and white text have the same contrast (WCAG 2 contrast ratio).
DARK_TEXT_ABOVE = 0.179
DAY_MS = 86_400_000
#: Days before the first fetch whose publications "Articles per day" still shows: a first
#: crawl takes in the site's backlog (a news sitemap lists two days, a feed about a week).
#: Older dates (an archive's 2017 pages fetched today) are counted beside the chart: on one
#: axis with the fetch days they would squeeze every bar into a pixel.
BACKLOG_DAYS = 7
#: Days after the last fetch still in the period: a publication date is the page's local
#: day, which can be a day ahead of the UTC day of the fetch.
LOCAL_DAY_AHEAD = 1


@dataclass
class Run:
    """A run as the report shows it: the runs-table row, which state file it came from."""

    row: RunRow
    state: str

    @property
    def label(self) -> str:
        return f"{self.row.started[:16].replace('T', ' ')} #{self.row.id}"


@dataclass
class SiteReport:
    """Everything the report says about one site."""

    site: str
    runs: list[Run] = field(default_factory=list)  # runs of crawls that covered the site
    coverage: list[tuple[Run, SiteCoverage]] = field(default_factory=list)  # oldest first
    alarms: list[tuple[Run, Drift]] = field(default_factory=list)  # oldest first
    per_day_published: dict[str, int] = field(default_factory=dict)
    per_day_archived: dict[str, int] = field(default_factory=dict)
    by_day: list[tuple[str, SiteCoverage]] = field(default_factory=list)  # JSONL, by fetch day
    articles: int = 0  # lines of the site in the JSONL files
    body_chars: int | None = None  # median body length of those lines, in characters


@dataclass
class Report:
    sites: dict[str, SiteReport] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)  # the states that had runs
    searched: list[str] = field(default_factory=list)  # where states were looked for
    #: Changed articles per site (archiver.history), when read; shown with a link to the page.
    changes: dict[str, SiteChanges] | None = None

    def site(self, name: str) -> SiteReport:
        if name not in self.sites:
            self.sites[name] = SiteReport(name)
        return self.sites[name]


def state_files(paths: list[str]) -> list[str]:
    """SQLite state files from files, directories (their ``*.sqlite``) and globs."""
    found: list[str] = []
    for p in paths:
        for match in sorted(glob.glob(p)) or []:
            if Path(match).is_dir():
                found += sorted(str(f) for f in Path(match).glob("*.sqlite"))
            else:
                found.append(match)
    return list(dict.fromkeys(found))


def open_states(paths: list[str]) -> Iterator[tuple[str, StateStore]]:
    """(label, state) of each SQLite state found in ``paths`` and of each crawl kept in the
    Redis servers named there (``redis://host:6379/0``: a cluster's shared states)."""
    for path in paths:
        if path.startswith(REDIS_SCHEMES):
            yield from shared_states(path)
            continue
        for file in state_files([path]):
            yield file, SqliteState(file, readonly=True)


def add_runs(report: Report, paths: list[str]) -> None:
    """The runs, coverage and alarms kept in the crawl states (read only)."""
    report.searched += paths
    for path, store in open_states(paths):
        try:
            runs = {r.id: Run(r, path) for r in store.runs()}
            coverage = store.coverage()
            alarms = store.alarms()
        finally:
            store.close()
        if not runs:
            continue
        report.states.append(path)
        sites = set()
        for run_id, cov in coverage:
            report.site(cov.site).coverage.append((runs[run_id], cov))
            sites.add(cov.site)
        for run_id, drift in alarms:
            report.site(drift.site).alarms.append((runs[run_id], drift))
        # A run that found nothing new for a site is still one of its runs.
        for site in sites:
            report.site(site).runs += runs.values()
    for s in report.sites.values():
        s.runs.sort(key=lambda r: (r.row.started, r.row.id))
        s.coverage.sort(key=lambda rc: (rc[0].row.started, rc[0].row.id))
        s.alarms.sort(key=lambda ra: (ra[0].row.started, ra[0].row.id))


def add_articles(report: Report, con: duckdb.DuckDBPyConnection) -> None:
    """Articles per day and coverage by day archived, from the ``articles`` view (``scrapy
    query``'s, over the JSONL files), in one scan of the files."""
    flags = ", ".join(f'{SQL_PRESENT[f]} AS "{f}"' for f in FIELDS)
    # One pass over the JSON into a narrow table: every figure below is grouped from it.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE report_rows AS SELECT "
        f"{SQL_HOST} AS site, left(fetched_at, 10) AS fday, left(published, 10) AS pday, "
        f"{flags}, coalesce(length(body), 0) AS blen FROM articles"
    ).fetchall()
    for site, day, n in con.execute(
        "SELECT site, pday, count(*) FROM report_rows WHERE pday IS NOT NULL GROUP BY ALL"
    ).fetchall():
        report.site(site).per_day_published[day] = n
    for site, day, n in con.execute(
        "SELECT site, fday, count(*) FROM report_rows WHERE fday IS NOT NULL GROUP BY ALL"
    ).fetchall():
        report.site(site).per_day_archived[day] = n
    sums = ", ".join(f'sum("{f}"::INT)' for f in FIELDS)
    for site, day, n, chars, *have in con.execute(
        f"SELECT site, fday, count(*), quantile_disc(blen, 0.5), {sums} FROM report_rows"
        " GROUP BY ALL ORDER BY fday"
    ).fetchall():
        s = report.site(site)
        s.articles += n
        cov = SiteCoverage(site, n, dict(zip(FIELDS, map(int, have), strict=True)), chars)
        s.by_day.append((day or "undated", cov))
    # The median as the crawl's coverage computes it (statistics.median_low): the lower middle.
    for site, chars in con.execute(
        "SELECT site, quantile_disc(blen, 0.5) FROM report_rows GROUP BY ALL"
    ).fetchall():
        report.site(site).body_chars = chars
    con.execute("DROP TABLE report_rows").fetchall()
    for s in report.sites.values():
        s.per_day_published = dict(sorted(s.per_day_published.items()))
        s.per_day_archived = dict(sorted(s.per_day_archived.items()))


def build(states: list[str], con: duckdb.DuckDBPyConnection | None = None) -> Report:
    """The report from the runs of the state files and, given a connection with the
    ``articles`` view, from the articles."""
    report = Report()
    add_runs(report, states)
    if con is not None:
        add_articles(report, con)
    return report


def _pooled(site: str, rows: list[SiteCoverage], body_chars: int | None) -> SiteCoverage:
    total = SiteCoverage(site, body_chars=body_chars)
    for c in rows:
        total.articles += c.articles
        for f in FIELDS:
            total.have[f] += c.have[f]
    return total


def latest(s: SiteReport) -> tuple[str, SiteCoverage, list[str]] | None:
    """The site's last run with articles (and its alarms), else all of its JSONL articles."""
    if s.coverage:
        run, cov = s.coverage[-1]
        drifted = [d.field for r, d in s.alarms if r is run]
        return run.label, cov, drifted
    if s.by_day:
        return "all JSONL", _pooled(s.site, [c for _, c in s.by_day], s.body_chars), []
    return None


# -- text ------------------------------------------------------------------------------------
def text(report: Report) -> str:
    rows = []
    for name in sorted(report.sites):
        if (found := latest(report.sites[name])) is not None:
            rows.append((name, *found))
    lines = ["Field coverage, last run per site (% of articles; ! drift alarm):"]
    lines += coverage_table(rows) if rows else ["(no runs and no articles found)"]
    alarms = sorted(
        ((r, d) for s in report.sites.values() for r, d in s.alarms),
        key=lambda rd: (rd[0].row.started, rd[0].row.id),
    )[-LATEST_ALARMS:]
    lines.append(f"Alarms (latest {LATEST_ALARMS}):" if alarms else "Alarms: none")
    lines += [f"  {r.row.started[:16].replace('T', ' ')}  {d.message()}" for r, d in alarms]
    return "\n".join(lines) + "\n"


# -- HTML ------------------------------------------------------------------------------------
def plotly_js() -> str:
    """plotly.js as the plotly package ships it, to inline: the report works offline."""
    path = resources.files("plotly") / "package_data" / "plotly.min.js"
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):  # another layout of the package
        from plotly.offline import get_plotlyjs

        return get_plotlyjs()


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def share_color(percent: float) -> str:
    """The colour of a share (0 to 100 %) on COLORSCALE, mixed in RGB between its two stops:
    the one colour scale of the coverage table and of the heat-map (COVERAGE_SCALE)."""
    at = min(max(percent / 100, 0.0), 1.0)
    for (lo, lo_color), (hi, hi_color) in zip(COLORSCALE, COLORSCALE[1:], strict=False):
        if at <= hi:
            t = (at - lo) / (hi - lo)
            mixed = (a + (b - a) * t for a, b in zip(_rgb(lo_color), _rgb(hi_color), strict=True))
            return "#" + "".join(f"{round(c):02x}" for c in mixed)
    return COLORSCALE[-1][1]


def text_color(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG 2 relative luminance)."""
    r, g, b = (c / 255 for c in _rgb(background))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if luminance > DARK_TEXT_ABOVE else "#fff"


#: The heat-map's colour scale: share_color at every whole percent, so that plotly, which mixes
#: between stops, gives a share the colour the table gives it.
COVERAGE_SCALE = [[p / 100, share_color(p)] for p in range(101)]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def publication_window(report: Report) -> tuple[str, str] | None:
    """First and last publication day "Articles per day" shows: the report's period (its
    first to last fetch day) with the backlog before it; None when no article has a fetch day
    (every publication day is shown then)."""
    days = [d for s in report.sites.values() for k in s.per_day_archived if (d := _day(k))]
    if not days:
        return None
    first = min(days) - timedelta(days=BACKLOG_DAYS)
    return first.isoformat(), (max(days) + timedelta(days=LOCAL_DAY_AHEAD)).isoformat()


def _shown(s: SiteReport, window: tuple[str, str] | None) -> dict[str, int]:
    if window is None:
        return s.per_day_published
    return {d: n for d, n in s.per_day_published.items() if window[0] <= d <= window[1]}


def day_axis(report: Report, window: tuple[str, str] | None) -> list[str] | None:
    """The time axis of every "Articles per day" of the report: its fetch days and the
    publication days shown, half a day either side (a bar stands on its day's midnight)."""
    days = [
        d
        for s in report.sites.values()
        for k in [*s.per_day_archived, *_shown(s, window)]
        if (d := _day(k))
    ]
    if not days:
        return None
    return [f"{min(days) - timedelta(days=1)} 12:00", f"{max(days)} 12:00"]


def _per_day_figure(
    s: SiteReport, window: tuple[str, str] | None, axis: list[str] | None
) -> dict[str, Any]:
    published = _shown(s, window)
    # Publication days above, fetch days below: each count on its own scale, one time axis.
    data = [
        {
            "type": "bar",
            "name": "published",
            "x": list(published),
            "y": list(published.values()),
            # A day wide: plotly sizes bars by their closest neighbours, and a lone bar is thin.
            "width": DAY_MS * 0.8,
            "marker": {"color": "#1f77b4"},
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "archived",
            "x": list(s.per_day_archived),
            "y": list(s.per_day_archived.values()),
            "line": {"color": "#ff7f0e"},
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    xaxis: dict[str, Any] = {"type": "date", "anchor": "y"}
    if axis is not None:
        xaxis["range"] = axis
    layout = {
        "title": {"text": "Articles per day: published (above), archived (below)"},
        "xaxis": xaxis,
        "yaxis": {"domain": [0.55, 1], "title": {"text": "published"}, "rangemode": "tozero"},
        "xaxis2": {"type": "date", "anchor": "y2", "matches": "x"},
        "yaxis2": {"domain": [0, 0.4], "title": {"text": "archived"}, "rangemode": "tozero"},
        "height": 420,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
        "legend": {"orientation": "h"},
    }
    return {"data": data, "layout": layout}


def _coverage_figure(s: SiteReport, max_runs: int) -> dict[str, Any]:
    if s.coverage:
        cols = [(run.label, cov) for run, cov in s.coverage[-max_runs:]]
        title = "Field coverage per run (% of the run's articles)"
        drifted = {(run.label, d.field) for run, d in s.alarms}
    else:
        cols = s.by_day[-max_runs:]
        title = "Field coverage per day archived (JSONL; no runs in the state)"
        drifted = set()
    x = [label for label, _ in cols]
    z = [[round(100 * cov.share(f), 1) for _, cov in cols] for f in FIELDS]
    counts = [[f"{cov.have[f]} of {cov.articles}" for _, cov in cols] for f in FIELDS]
    data: list[dict[str, Any]] = [
        {
            "type": "heatmap",
            "name": "coverage",
            "x": x,
            "y": list(FIELDS),
            "z": z,
            "text": counts,
            "zmin": 0,
            "zmax": 100,
            "colorscale": COVERAGE_SCALE,
            "xgap": 1,
            "ygap": 1,
            "hovertemplate": "%{y}, %{x}: %{z}% (%{text} articles)<extra></extra>",
            "colorbar": {"title": {"text": "%"}},
        }
    ]
    if drifted:
        marks = [(label, f) for label, f in sorted(drifted) if label in x]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "drift alarm",
                "x": [m[0] for m in marks],
                "y": [m[1] for m in marks],
                "marker": {"symbol": "x", "size": 14, "color": "black"},
                "hovertemplate": "drift alarm: %{y}, %{x}<extra></extra>",
            }
        )
    layout = {
        "title": {"text": title},
        "xaxis": {"type": "category", "automargin": True},
        "yaxis": {"type": "category", "autorange": "reversed", "automargin": True},
        "height": 420,
        "margin": {"l": 90, "r": 20, "t": 40, "b": 60},
        "showlegend": bool(drifted),
        "legend": {"orientation": "h", "y": 1.1},
    }
    return {"data": data, "layout": layout}


def _table(head: list[str], rows: list[list[Any]], cls: str = "") -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>" for r in rows
    )
    return f'<table class="{cls}"><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>'


def _runs_rows(s: SiteReport, max_runs: int) -> list[list[Any]]:
    articles = {id(run): cov.articles for run, cov in s.coverage}
    alarms: dict[int, list[str]] = defaultdict(list)
    for run, d in s.alarms:
        alarms[id(run)].append(d.field)
    rows = []
    for run in reversed(s.runs[-max_runs:]):
        r = run.row
        rows.append(
            [
                r.started[:19].replace("T", " "),
                r.crawl,
                r.finish_reason or "",
                r.exit_status if r.exit_status is not None else "",
                r.fetched,
                r.new,
                r.updated,
                r.unchanged,
                r.skipped,
                r.errors,
                f"{r.elapsed:.1f} s" if r.elapsed is not None else "",
                articles.get(id(run), 0),
                ", ".join(alarms.get(id(run), [])),
            ]
        )
    return rows


RUN_COLUMNS = [
    "started (UTC)", "crawl", "finish", "exit", "fetched", "new", "updated", "unchanged",
    "skipped", "errors", "duration", "articles of the site", "drift alarms",
]  # fmt: skip

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 2px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0 1em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
td.drift { outline: 2px solid #c00; font-weight: bold; }
.alarm { color: #a00; } .note { color: #666; }
"""

SCRIPT = """
const figures = JSON.parse(document.getElementById("figures").textContent);
for (const [id, fig] of Object.entries(figures)) {
  Plotly.newPlot(id, fig.data, fig.layout, {displaylogo: false, responsive: true});
}
"""


def _coverage_html(report: Report) -> str:
    head = ["site", "run", "articles", *FIELDS, "body chars"]
    out = [f"<tr>{''.join(f'<th>{html.escape(h)}</th>' for h in head)}</tr>"]
    for name in sorted(report.sites):
        found = latest(report.sites[name])
        if found is None:
            continue
        label, cov, drifted = found
        cells = [
            f'<td><a href="#site-{html.escape(name)}">{html.escape(name)}</a></td>',
            f"<td>{html.escape(label)}</td>",
            f"<td>{cov.articles}</td>",
        ]
        for f in FIELDS:
            # Coloured as the heat-map colours the same share: the z it is given.
            percent = round(100 * cov.share(f), 1)
            color = share_color(percent)
            cls = ' class="drift"' if f in drifted else ""
            mark = "!" if f in drifted else ""
            style = f"background:{color};color:{text_color(color)}"
            cells.append(f'<td{cls} style="{style}">{round(percent)}{mark}</td>')
        cells.append(f"<td>{'' if cov.body_chars is None else cov.body_chars}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="coverage">{"".join(out)}</table>'


def _left_out_note(s: SiteReport, window: tuple[str, str] | None) -> str:
    if window is None:
        return ""
    older = {d: n for d, n in s.per_day_published.items() if d < window[0]}
    later = {d: n for d, n in s.per_day_published.items() if d > window[1]}
    said = []
    if older:
        n = sum(older.values())
        said.append(
            f"{n} {'article' if n == 1 else 'articles'} published before {window[0]} "
            f"(the earliest on {min(older)})"
        )
    if later:
        n = sum(later.values())
        said.append(f"{n} dated after {window[1]} (the latest {max(later)}), after the last fetch")
    if not said:
        return ""
    return (
        f'<p class="note">Not in the chart: {"; ".join(said)}. It shows the publication days '
        f"of the report's period, its days of archiving, and of the {BACKLOG_DAYS} days "
        "before it.</p>"
    )


def sources_note(report: Report, generated: str) -> str:
    """What the report was made from, in words, saying what was not there."""
    files = ", ".join(report.files)
    states = ", ".join(report.states)
    searched = ", ".join(report.searched) or "nowhere"
    if files and states:
        return f"Generated {generated} from JSONL {files} and crawl state {states}."
    if files:
        return (
            f"Generated {generated} from JSONL {files}. No crawl state with runs in "
            f"{searched}: no runs or drift alarms to show (--state names where they are)."
        )
    if states:
        return f"Generated {generated} from crawl state {states}; no JSONL files were read."
    return f"Generated {generated}: no JSONL files and no crawl state with runs in {searched}."


def render_html(report: Report, *, generated: str, max_runs: int = 60) -> str:
    """One self-contained page: plotly.js and every figure's data inline, nothing fetched."""
    figures: dict[str, Any] = {}
    sections = []
    window = publication_window(report)
    axis = day_axis(report, window)
    for n, name in enumerate(sorted(report.sites)):
        s = report.sites[name]
        parts = [f'<h2 id="site-{html.escape(name)}">{html.escape(name)}</h2>']
        parts.append(
            f'<p class="note">{counted(s.articles, "article")} in the JSONL files; '
            f"{counted(len(s.runs), 'run')} recorded, {counted(len(s.alarms), 'drift alarm')}.</p>"
        )
        if s.per_day_published or s.per_day_archived:
            figures[f"per-day-{n}"] = _per_day_figure(s, window, axis)
            parts.append(f'<div class="chart per-day" id="per-day-{n}"></div>')
            parts.append(_left_out_note(s, window))
        if s.coverage or s.by_day:
            figures[f"coverage-{n}"] = _coverage_figure(s, max_runs)
            parts.append(f'<div class="chart coverage" id="coverage-{n}"></div>')
        if report.changes is not None:
            parts.append(report_html(report.changes.get(name), CHANGES_PAGE, name))
        parts.append("<h3>Latest alarms</h3>")
        alarms = s.alarms[-LATEST_ALARMS:]
        if alarms:
            items = "".join(
                f'<li class="alarm">{html.escape(r.row.started[:16].replace("T", " "))} '
                f"{html.escape(d.message())}</li>"
                for r, d in reversed(alarms)
            )
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append('<p class="note">None.</p>')
        parts.append("<h3>Runs</h3>")
        if s.runs:
            parts.append(_table(RUN_COLUMNS, _runs_rows(s, max_runs), "runs"))
            if len(s.runs) > max_runs:
                parts.append(f'<p class="note">The last {max_runs} of {len(s.runs)} runs.</p>')
        elif report.states:
            parts.append('<p class="note">No runs recorded in the crawl state.</p>')
        else:
            parts.append('<p class="note">No crawl state read: runs are kept there.</p>')
        sections.append(f'<section class="site">{"".join(parts)}</section>')
    # "</" would end the script element early: JSON allows "<\/" for it.
    data = json.dumps(figures, separators=(",", ":")).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>news-archiver report</title>
<style>{STYLE}</style>
<script>{plotly_js()}</script>
</head><body>
<h1>news-archiver report</h1>
<p class="note">{html.escape(sources_note(report, generated))}</p>
<h2>Field coverage, last run per site</h2>
<p class="note">Share of the run's articles that have each field (%); ! a drift alarm.</p>
{_coverage_html(report)}
{"".join(sections) or '<p class="note">No runs and no articles found.</p>'}
<script type="application/json" id="figures">{data}</script>
<script>{SCRIPT}</script>
</body></html>
"""
