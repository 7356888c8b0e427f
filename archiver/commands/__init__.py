"""Scrapy commands of the archiver (COMMANDS_MODULE): demo, extract, reparse, query..."""

from __future__ import annotations

import os
import sys

import scrapy
from scrapy import cmdline
from scrapy.settings import BaseSettings

import archiver
from archiver.project import SETTINGS_MODULE

_scrapy_print_commands = cmdline._print_commands


def print_commands(settings: BaseSettings, inproject: bool) -> None:
    """``scrapy`` and ``scrapy -h`` outside a project folder, saying what is true of ours.

    Scrapy says "no active project" and "More commands available when run from project
    directory" there; but our commands are entry points that load archiver.settings wherever
    they run, and every command listed works in this folder. Inside a Scrapy project (ours,
    or SCRAPY_SETTINGS_MODULE) Scrapy's own listing is printed.
    """
    try:
        _print_commands(settings, inproject)
    except BrokenPipeError:  # `scrapy -h | head`: the reader went away, as tools allow
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _print_commands(settings: BaseSettings, inproject: bool) -> None:
    if inproject:
        _scrapy_print_commands(settings, inproject)
        return
    print(
        f"Scrapy {scrapy.__version__} - news-archiver {archiver.__version__} "
        f"(settings {SETTINGS_MODULE}): every command below works in this folder\n"
    )
    print("Usage:\n  scrapy <command> [options] [args]\n\nAvailable commands:")
    cmds = cmdline._get_commands_dict(settings, inproject)
    for name, cmd in sorted(cmds.items()):
        print(f"  {name:<13} {cmd.short_desc()}")
    print('\nUse "scrapy <command> -h" to see more info about a command', flush=True)


# Imported by Scrapy's command line when it loads our entry points, before it lists them.
cmdline._print_commands = print_commands
