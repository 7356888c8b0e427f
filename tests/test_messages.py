"""What a person reads: help texts, refusals, SQL errors and counts say what is true (issue 24)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pytest

from archiver.query import export
from archiver.utils.words import counted
from tests.conftest import BIN

LISTING = "<html><body><h1>Sections</h1><ul><li><a href='/a'>A story</a></li></ul></body></html>"


def scrapy(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "scrapy"), *args], cwd=cwd, input=stdin, capture_output=True, text=True
    )


def test_help_outside_the_project_says_every_command_works_here(tmp_path: Path) -> None:
    listing = scrapy(tmp_path, "-h").stdout
    assert "no active project" not in listing and "More commands" not in listing
    assert listing.splitlines()[0].endswith("every command below works in this folder")
    assert "\n  crawl " in listing and "\n  warc-index " in listing


@pytest.mark.parametrize(
    ("command", "level"),
    [("crawl", "INFO"), ("reparse", "WARNING"), ("query", "no log; -L LEVEL logs at LEVEL")],
)
def test_help_gives_the_log_level_the_command_uses(
    command: str, level: str, tmp_path: Path
) -> None:
    assert f"log level (default: {level})" in scrapy(tmp_path, command, "-h").stdout


def test_extract_says_when_the_article_test_refuses_the_page(tmp_path: Path) -> None:
    (tmp_path / "list.html").write_text(LISTING)
    result = scrapy(tmp_path, "extract", "list.html")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("scrapy extract: list.html: not an article page: "), line
    assert json.loads(result.stdout)["url"] == (tmp_path / "list.html").as_uri()
    piped = scrapy(tmp_path, "extract", "-", stdin=LISTING)
    assert piped.returncode == 1 and json.loads(piped.stdout)["url"] == "file:///dev/stdin"


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ("SELECT nope FROM articles", "LINE 1: SELECT nope FROM articles\n               ^"),
        ("SELECT 1 / 'x' FROM articles", "LINE 1: SELECT 1 / 'x' FROM articles\n"),
    ],
)
def test_sql_errors_show_the_users_sql_only(sql: str, shown: str) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE articles AS SELECT 'http://a.example/1' AS url").fetchall()
    with pytest.raises(duckdb.Error) as raised:
        export(con, sql, [], "jsonl", None)
    said = str(raised.value)
    assert shown in said and "query_result" not in said and "CREATE" not in said


@pytest.mark.parametrize(
    ("count", "noun", "plural", "said"),
    [(0, "file", None, "0 files"), (1, "file", None, "1 file"), (2, "site", None, "2 sites")]
    + [(1, "entry", "entries", "1 entry"), (3, "entry", "entries", "3 entries")],
)
def test_counts_agree_in_number(count: int, noun: str, plural: str | None, said: str) -> None:
    assert counted(count, noun, plural) == said
