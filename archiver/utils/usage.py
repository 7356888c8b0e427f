"""Usage errors of our commands: one line saying what is wrong, exit status 2, nothing written."""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Iterable
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings, default_settings

from archiver.project import SETTINGS_MODULE

#: The type of settings whose default does not tell it: None by default, or an int default that
#: Scrapy reads as a number of seconds with getfloat. Every other setting's type is its
#: default's type, in archiver.settings or else in Scrapy's default_settings.
SETTING_TYPES: dict[str, type] = {
    "ARCHIVER_EXTRACT_WORKERS": int,
    "DNS_TIMEOUT": float,
    "DOWNLOAD_DELAY": float,
    "DOWNLOAD_TIMEOUT": float,
}

#: Words a setting takes besides values of its type (ARCHIVER_PROGRESS: True, False or auto).
SETTING_WORDS: dict[str, tuple[str, ...]] = {"ARCHIVER_PROGRESS": ("auto",)}

#: The log levels named in the error line of a bad -L or LOG_LEVEL.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

#: How each type is asked for in the error line.
TYPE_WORDS: dict[type, str] = {
    bool: "True or False",
    int: "a whole number",
    float: "a number",
    list: "comma-separated values (a,b,c)",
    dict: 'a JSON object ({"key": value})',
}


def one_line_errors(parser: argparse.ArgumentParser, command: ScrapyCommand | None = None) -> None:
    """Make the parser report a usage error as ``scrapy CMD: error: WHY``, without the synopsis.

    Scrapy turns ``UsageError`` into ``parser.error()``, which prints the usage synopsis first;
    in a cron mail or a script's log the one line saying what is wrong is what helps. Bad
    ``-s`` values are refused the same way (check_setting_values), and ``-h`` says the log
    level the command uses (say_log_level): call it after ``use_project_settings``.
    """
    words = (parser.usage or "").split()
    if len(words) >= 2 and words[0] == "scrapy":
        parser.prog = f"scrapy {words[1]}"
    parser.print_usage = lambda file=None: None  # type: ignore[method-assign]
    check_setting_values(parser)
    if command is not None:
        say_log_level(parser, command)


def say_log_level(parser: argparse.ArgumentParser, command: ScrapyCommand) -> None:
    """``-L``'s help with the level the command logs at, not Scrapy's default (DEBUG), which
    Scrapy prints before the project's settings are loaded."""
    defaults = command.default_settings
    if defaults.get("LOG_ENABLED") is False:
        text = "log level (default: no log; -L LEVEL logs at LEVEL)"
    else:
        assert command.settings is not None
        text = f"log level (default: {defaults.get('LOG_LEVEL') or command.settings['LOG_LEVEL']})"
    for action in parser._actions:
        if "--loglevel" in action.option_strings:
            action.help = text


def setting_default(name: str) -> Any:
    """The default of a setting: the project's (archiver.settings), else Scrapy's; None if
    neither has it."""
    try:
        project = import_module(os.environ.get("SCRAPY_SETTINGS_MODULE") or SETTINGS_MODULE)
    except ImportError:  # Scrapy says so itself
        project = import_module(SETTINGS_MODULE)
    return getattr(project, name, getattr(default_settings, name, None))


def setting_error(name: str, value: str) -> str | None:
    """Why ``-s NAME=VALUE`` cannot work, in words, or None when it can.

    The expected type is the default's, read the way Scrapy's getters read it (getbool takes
    0/1/True/False/true/false); strings, unknown settings and None defaults are taken as they
    are. A list given as JSON (``["a", "b"]``) is refused: Scrapy splits it at its commas.
    """
    if name == "LOG_LEVEL":  # a string Python's logging refuses unless it names a level
        if value in logging.getLevelNamesMapping() or value.isdigit():
            return None
        return f"-s {name}={value}: expected a log level ({', '.join(LOG_LEVELS)})"
    default = setting_default(name)
    kind = SETTING_TYPES.get(name) or type(default)
    if value in SETTING_WORDS.get(name, ()) or kind not in TYPE_WORDS:
        return None
    if kind is list and value.lstrip().startswith("["):
        ok = False
    else:
        getter = {bool: "getbool", int: "getint", float: "getfloat", list: "getlist"}
        try:
            if kind is dict:
                ok = isinstance(json.loads(value), dict)
            else:
                getattr(BaseSettings({name: value}), getter[kind])(name)
                ok = True
        except ValueError:
            ok = False
    if ok:
        return None
    expected = " or ".join([TYPE_WORDS[kind], *SETTING_WORDS.get(name, ())])
    shown = f", default {default!r}" if kind in (bool, int, float) and default is not None else ""
    return f"-s {name}={value}: expected {expected}{shown}"


def check_setting_values(parser: argparse.ArgumentParser) -> None:
    """Make the parser refuse a ``-s NAME=VALUE`` whose value the setting cannot take.

    Scrapy converts the value where a component reads it, inside the crawl: a traceback,
    ``finish=startup_failed`` and exit 1 for what is a mistake on the command line.
    """
    parse = parser.parse_known_args

    def parse_and_check(*args: Any, **kwargs: Any) -> Any:
        opts, rest = parse(*args, **kwargs)
        level = getattr(opts, "loglevel", None)
        if level and setting_error("LOG_LEVEL", level):
            parser.error(f"-L {level}: expected a log level ({', '.join(LOG_LEVELS)})")
        for pair in getattr(opts, "set", None) or []:
            name, sep, value = pair.partition("=")
            if sep and (why := setting_error(name.strip(), value)):
                parser.error(why)
        return opts, rest

    parser.parse_known_args = parse_and_check  # type: ignore[method-assign]


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
