"""scrapy extract: run the article extractor on a saved page and print the item as JSON."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from archiver.classify import classify
from archiver.extract import extract_article
from archiver.extract.parse import parse_html
from archiver.project import use_project_settings
from archiver.utils.usage import check_paths, check_timezone, one_line_errors, reject_options

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace


#: The URL of a page read from stdin without --url: where it was read from.
STDIN_URL = "file:///dev/stdin"

#: Why the article test (archiver.classify.classify) refused a page, by the evidence it used.
REFUSALS = {
    "metadata": "its metadata says it is no article (a listing, profile or search page)",
    "url": "its URL is shaped like a listing (tag, section, author, search, page 2...)",
    "structure": "it has no headline over a block of running text",
}


def refusal(html: bytes, url: str, encoding: str | None) -> str | None:
    """Why the crawl's article test refuses the page, in words; None for an article."""
    try:
        tree = parse_html(html, encoding=encoding)
    except ValueError:
        return "not an article page: not HTML"
    accepted, why = classify(tree, url)
    return None if accepted else f"not an article page: {REFUSALS.get(why, why)}"


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [FILE.html | -]"

    def short_desc(self) -> str:
        return "Extract the article of a saved HTML page and print it as JSON"

    def long_desc(self) -> str:
        return (
            "Run archiver.extract.extract_article on FILE (or stdin when FILE is '-' or "
            "missing) and print the extracted fields, with the evidence each came from, "
            "as JSON to stdout. A page the crawl's article test refuses (a listing, a "
            "profile, a page without running text) is said on stderr, its fields are printed "
            "all the same, and the exit status is 1: a crawl or a reparse makes no item of it."
        )

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        use_project_settings(self.settings)
        one_line_errors(parser, self)
        parser.add_argument("--url", dest="url", default=None, help="URL the page was fetched from")
        parser.add_argument(
            "--timezone",
            dest="timezone",
            default=None,
            help="IANA timezone of the site, for dates printed without offset",
        )
        parser.add_argument("--language", dest="language", default=None, help="site language")
        parser.add_argument("--encoding", dest="encoding", default=None, help="page encoding")

    def process_options(self, args: list[str], opts: Namespace) -> None:
        super().process_options(args, opts)
        reject_options(args)
        check_timezone(opts.timezone)
        if len(args) > 1:
            raise UsageError("give one file, or '-' for stdin", print_help=False)
        if args and args[0] != "-":
            check_paths(args, "file")
            if Path(args[0]).is_dir():
                raise UsageError(f"{args[0]} is a directory, not a saved page", print_help=False)

    def run(self, args: list[str], opts: Namespace) -> None:
        source = args[0] if args else "-"
        if source == "-":
            html = sys.stdin.buffer.read()
            url = opts.url or STDIN_URL
        else:
            html = Path(source).read_bytes()
            url = opts.url or Path(source).resolve().as_uri()
        hints = {k: v for k, v in (("timezone", opts.timezone), ("language", opts.language)) if v}
        try:
            item = extract_article(
                html,
                url,
                fetched_at=datetime.now(UTC),
                hints=hints,
                encoding=opts.encoding,
            )
        except ValueError as exc:
            print(f"scrapy extract: {source}: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        if refused := refusal(html, url, opts.encoding):
            print(f"scrapy extract: {source}: {refused}; its fields follow", file=sys.stderr)
            self.exitcode = 1
        try:
            print(json.dumps({"url": url, **item}, ensure_ascii=False, indent=2), flush=True)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as command-line tools do, and
            # keep Python from reporting the lost flush at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            self.exitcode = 1
