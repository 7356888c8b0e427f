"""The crawl report: articles per day, field coverage over runs, alarms and runs, per site."""

from __future__ import annotations

import glob
import html
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from archiver.coverage import FIELDS, SQL_HOST, SQL_PRESENT, Drift, SiteCoverage, coverage_table
from archiver.history.sites import CHANGES_PAGE, SiteChanges, report_html
from archiver.state import RunRow, SqliteState, StateStore
from archiver.state.shared import REDIS_SCHEMES, shared_states
from archiver.words import counted

#: Alarms listed per site in the HTML report, and in all in the text report.
LATEST_ALARMS = 10
#: Red for a field missing, yellow half there, green always there: a drift is a red cell in a
#: green row.
COLORSCALE = [[0.0, "#d73027"], [0.5, "#fee08b"], [1.0, "#1a9850"]]
DAY_MS = 86_400_000


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


@dataclass
class Report:
    sites: dict[str, SiteReport] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
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


def _pooled(site: str, rows: list[SiteCoverage]) -> SiteCoverage:
    total = SiteCoverage(site)
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
        return "all JSONL", _pooled(s.site, [c for _, c in s.by_day]), []
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


def _per_day_figure(s: SiteReport) -> dict[str, Any]:
    data = [
        {
            "type": "bar",
            "name": "published",
            "x": list(s.per_day_published),
            "y": list(s.per_day_published.values()),
            # A day wide: plotly sizes bars by their closest neighbours, and a lone bar is thin.
            "width": DAY_MS * 0.8,
            "marker": {"color": "#1f77b4"},
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "archived",
            "x": list(s.per_day_archived),
            "y": list(s.per_day_archived.values()),
            "line": {"color": "#ff7f0e"},
        },
    ]
    layout = {
        "title": {"text": "Articles per day"},
        "xaxis": {"type": "date"},
        "yaxis": {"title": {"text": "articles"}, "rangemode": "tozero"},
        "height": 320,
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
            "colorscale": COLORSCALE,
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
td.low { background: #f8d0c8; } td.mid { background: #fbeec0; } td.high { background: #d6efd0; }
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
            share = cov.share(f)
            cls = "low" if share < 0.5 else "mid" if share < 0.8 else "high"
            cls += " drift" if f in drifted else ""
            mark = "!" if f in drifted else ""
            cells.append(f'<td class="{cls}">{round(100 * share)}{mark}</td>')
        cells.append(f"<td>{'' if cov.body_chars is None else cov.body_chars}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="coverage">{"".join(out)}</table>'


def render_html(report: Report, *, generated: str, max_runs: int = 60) -> str:
    """One self-contained page: plotly.js and every figure's data inline, nothing fetched."""
    figures: dict[str, Any] = {}
    sections = []
    for n, name in enumerate(sorted(report.sites)):
        s = report.sites[name]
        parts = [f'<h2 id="site-{html.escape(name)}">{html.escape(name)}</h2>']
        parts.append(
            f'<p class="note">{counted(s.articles, "article")} in the JSONL files; '
            f"{counted(len(s.runs), 'run')} recorded, {counted(len(s.alarms), 'drift alarm')}.</p>"
        )
        if s.per_day_published or s.per_day_archived:
            figures[f"per-day-{n}"] = _per_day_figure(s)
            parts.append(f'<div class="chart per-day" id="per-day-{n}"></div>')
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
        else:
            parts.append('<p class="note">No runs recorded in the crawl state.</p>')
        sections.append(f'<section class="site">{"".join(parts)}</section>')
    # "</" would end the script element early: JSON allows "<\/" for it.
    data = json.dumps(figures, separators=(",", ":")).replace("</", "<\\/")
    sources = ", ".join(report.files) or "none"
    states = ", ".join(report.states) or "none"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>news-archiver report</title>
<style>{STYLE}</style>
<script>{plotly_js()}</script>
</head><body>
<h1>news-archiver report</h1>
<p class="note">Generated {html.escape(generated)} from JSONL {html.escape(sources)} and crawl
state {html.escape(states)}.</p>
<h2>Field coverage, last run per site</h2>
<p class="note">Share of the run's articles that have each field (%); ! a drift alarm.</p>
{_coverage_html(report)}
{"".join(sections) or '<p class="note">No runs and no articles found.</p>'}
<script type="application/json" id="figures">{data}</script>
<script>{SCRIPT}</script>
</body></html>
"""
