"""Usage errors of our commands: one line saying what is wrong, exit status 2, nothing written."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.exceptions import UsageError


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Make the parser report a usage error as ``scrapy CMD: error: WHY``, without the synopsis.

    Scrapy turns ``UsageError`` into ``parser.error()``, which prints the usage synopsis first;
    in a cron mail or a script's log the one line saying what is wrong is what helps.
    """
    words = (parser.usage or "").split()
    if len(words) >= 2 and words[0] == "scrapy":
        parser.prog = f"scrapy {words[1]}"
    parser.print_usage = lambda file=None: None  # type: ignore[method-assign]


def reject_options(args: Iterable[str]) -> None:
    """Refuse unknown options, which Scrapy's parser leaves among the arguments as file names."""
    for arg in args:
        if arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option {arg.split('=', 1)[0]} (see -h)", print_help=False)


def check_timezone(value: str | None, option: str = "--timezone") -> None:
    """Refuse a timezone that is not an IANA name ZoneInfo knows."""
    if not value:
        return
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"{option}: unknown timezone {value!r} (an IANA name, such as Australia/Sydney)",
            print_help=False,
        ) from None


def check_date(value: str | None, option: str) -> None:
    """Refuse what is not an ISO 8601 date or date and time (2017-05-01, 2017-05-01T10:00Z)."""
    if not value:
        return
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{option}: not an ISO 8601 date {value!r} (such as 2017-05-01)", print_help=False
        ) from None


def check_paths(paths: Iterable[str | os.PathLike[str]], what: str = "file or directory") -> None:
    """Refuse paths that do not exist, before anything is read or written."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such {what}: {', '.join(missing)}", print_help=False)
