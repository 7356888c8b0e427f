"""`scrapy report`: the crawl report from the JSONL files and the crawl states' runs."""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.core.scheduler import check_redis
from archiver.history.sites import changes_beside
from archiver.project import use_project_settings
from archiver.query import DEFAULT_FILES, connect
from archiver.report import add_articles, build, render_html, text
from archiver.state import beside_warc, now_iso
from archiver.state.shared import REDIS_SCHEMES
from archiver.utils.usage import one_line_errors
from archiver.utils.words import counted

DEFAULT_HTML = "output/report.html"


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [JSONL file or glob ...]"

    def short_desc(self) -> str:
        return "Report per site: articles per day, field coverage over runs, alarms, runs"

    def long_desc(self) -> str:
        return (
            f"Reads the article JSONL files ({DEFAULT_FILES} unless named; globs allowed) with "
            "DuckDB and the runs kept in the crawl states (--state, by default the state "
            "directory beside ARCHIVER_WARC_DIR, output/state) and writes one self-contained "
            f"HTML file that works offline ({DEFAULT_HTML} unless -o), or with --format text "
            "prints the field coverage of each site's last run and the latest drift alarms. "
            "--format text reads the JSONL files only for sites without runs."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        g = parser.add_argument_group(title="Report options")
        g.add_argument(
            "--state",
            action="append",
            metavar="PATH",
            help="state file, directory of them, glob, or a cluster's Redis URL (repeatable;"
            " default: output/state, and ARCHIVER_REDIS_URL when set)",
        )
        g.add_argument("--format", choices=("html", "text"), default="html", help="default: html")
        g.add_argument("--runs", type=int, default=60, help="runs shown per site (default 60)")
        g.add_argument("-o", "--output", metavar="FILE", help=f"default: {DEFAULT_HTML}; text: -")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        states = opts.state or [str(beside_warc(self.settings, "ARCHIVER_STATE_DIR", "state"))]
        if not opts.state and (shared := self.settings.get("ARCHIVER_REDIS_URL")):
            states.append(shared)  # a cluster's runs, kept in its Redis server
        for url in (s for s in states if s.startswith(REDIS_SCHEMES)):
            try:
                check_redis(url)
            except ValueError as exc:
                print(f"scrapy report: error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
        patterns = args or [DEFAULT_FILES]
        files = [p for p in patterns if glob.glob(p)]
        if args and len(files) < len(args):
            missing = sorted(set(args) - set(files))
            raise UsageError(f"no such file: {', '.join(missing)}", print_help=False)
        named = [s for s in opts.state or [] if not s.startswith(REDIS_SCHEMES)]
        if missing := [s for s in named if not glob.glob(s)]:
            raise UsageError(
                f"--state: no such file or directory: {', '.join(missing)}", print_help=False
            )
        report = build(states)
        # The text summary reads the articles only when no run says anything about them.
        if files and (opts.format == "html" or not report.sites):
            add_articles(report, connect(files))
            report.files = files
        if opts.format == "text":
            out = text(report)
            if opts.output and opts.output != "-":
                Path(opts.output).write_text(out, encoding="utf-8")
            else:
                sys.stdout.write(out)
            return
        target = Path(opts.output or DEFAULT_HTML)
        target.parent.mkdir(parents=True, exist_ok=True)
        if report.files:
            # The articles that changed, per site, and their page beside the report.
            report.changes = changes_beside(report.files, target, now_iso())
        target.write_text(render_html(report, generated=now_iso(), max_runs=opts.runs), "utf-8")
        sites = len(report.sites)
        alarms = sum(len(s.alarms) for s in report.sites.values())
        print(
            f"Report of {counted(sites, 'site')} ({counted(alarms, 'drift alarm')}) written to "
            f"{target}",
            file=sys.stderr,
        )
