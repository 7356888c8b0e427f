"""`scrapy wacz`: package WARC files, their index and the articles as pages into one WACZ file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.project import use_project_settings
from archiver.utils.usage import check_paths, one_line_errors, reject_options
from archiver.utils.words import counted
from archiver.warc.convert import warc_name
from archiver.warc.index import INDEX_NAME
from archiver.warc.reader import ARC_SUFFIXES, expand_paths
from archiver.warc.wacz import archived_pages, article_pages, create_wacz


class Command(ScrapyCommand):
    requires_project = False  # archiver.settings loaded wherever it runs
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [WARC/ARC file or directory ...] -o FILE.wacz"

    def short_desc(self) -> str:
        return "Package WARC files as WACZ (index, pages, datapackage) for replay anywhere"

    def long_desc(self) -> str:
        return (
            "Packages the WARC files (ARCHIVER_WARC_DIR unless named) with `wacz create` of the "
            "wacz package: the WARCs under archive/, a CDXJ index, pages/pages.jsonl and a "
            "datapackage.json with every file's hash. Pages are the articles of --items "
            "JSONL files (title = headline, at their capture time), or, without --items, "
            "every archived 2xx HTML response (wacz's own detection keeps only pages that "
            "were a Referer, which suits browser crawls, not ours). Damaged WARC files are "
            "refused (file and offset), and so are files gzipped as a whole (no record can be "
            "sought in them). ARC files go in converted to WARC (NAME.warc.gz, warcio arc2warc). "
            "The result is checked with `wacz validate` and opens in ReplayWeb.page."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the .wacz")
        parser.add_argument(
            "--items", metavar="JSONL", action="append", default=[], help="articles as pages"
        )
        parser.add_argument("--title", default="", help="title of the package")
        parser.add_argument("--desc", default="", help="description of the package")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        reject_options(args)
        check_paths(args)
        check_paths(opts.items, "--items file")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        inputs = args or [self.settings.get("ARCHIVER_WARC_DIR")]
        check_paths(inputs)
        warcs = [p for p in expand_paths(inputs) if p.name != INDEX_NAME]
        if not warcs:
            raise UsageError(f"no WARC files in {' '.join(map(str, inputs))}", print_help=False)
        names = [warc_name(p) if p.name.endswith(ARC_SUFFIXES) else p.name for p in warcs]
        if len(set(names)) != len(names):
            # WACZ keeps archive/<file name>: two files of one name would overwrite each other.
            raise UsageError("two WARC files have the same name", print_help=False)
        html_pages, errors = archived_pages(warcs)
        if errors:
            # A WACZ holds the WARC files unchanged and its players index them again: a damaged
            # file would be packaged with records no player reaches. Repair first.
            for exc in errors:
                print(f"not packaged: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        output = Path(opts.output)
        title = opts.title or output.stem
        # As the crawl makes output/warc/: a new folder for the package is no error.
        output.parent.mkdir(parents=True, exist_ok=True)
        pages = article_pages([Path(i) for i in opts.items]) if opts.items else html_pages
        print(counted(len(pages), "page"), file=sys.stderr)
        rc = create_wacz(output, title, opts.desc, pages, warcs)
        if rc:
            print(f"wacz failed: {rc}; {output} removed", file=sys.stderr)
            output.unlink(missing_ok=True)
            self.exitcode = 1
            return
        print(f"{output}: {len(warcs)} WARC files, valid WACZ", file=sys.stderr)
