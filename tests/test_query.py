"""`scrapy query`: filters, output formats and SQL on the demo crawl's JSONL and mixed files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.demo_archive import DemoArchive, demo_archive, scrapy

RUSSIA = "news/article/russia-no-concrete-fact-chechnya"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Lines of another era: fields missing, others added, keys in another order."""
    path = tmp_path_factory.mktemp("mixed") / "old.jsonl"
    lines = [
        {"headline": "Old story about Lavrov", "url": "https://old.example/1", "site": "Old"},
        {"url": "https://old.example/2", "future_field": {"x": 1}, "authors": ["Ann Old"],
         "published": "2017-05-31T23:30:00-04:00", "body": "Nothing concrete."},
        # A page that printed its date without a time: a calendar date.
        {"url": "https://old.example/3", "published": "2017-06-02", "headline": "Day only"},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def _query(*args: object) -> tuple[str, str, int]:
    result = scrapy("query", *args)
    return result.stdout, result.stderr, result.returncode


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_filters_give_the_right_articles_as_jsonl(demo: DemoArchive) -> None:
    out, err, rc = _query(demo.jsonl, "--author", "morgan", "--format", "jsonl")
    assert rc == 0, err
    [item] = _jsonl(out)
    crawled = next(i for i in demo.items if i["url"].endswith(RUSSIA))
    assert item == crawled  # the whole item, nested image and warc included

    out, _, _ = _query(demo.jsonl, "--agency", "aap", "--format", "jsonl", "--fields", "url")
    assert [i["url"].split("/", 3)[3] for i in _jsonl(out)] == [
        "news/article/pm-defends-budget-measures"
    ]
    out, _, _ = _query(demo.jsonl, "--agency", "AA", "--format", "jsonl")
    assert out == ""  # agencies match whole, names match in part


def test_dates_words_and_site(demo: DemoArchive) -> None:
    def urls(*args: object) -> list[str]:
        out, err, rc = _query(demo.jsonl, *args, "--format", "jsonl", "--fields", "url")
        assert rc == 0, err
        return [i["url"].split("/", 3)[3] for i in _jsonl(out)]

    assert urls("--since", "2017-05-31", "--until", "2017-05-31") == [RUSSIA]
    assert urls("--until", "2017-12-31") == ["news/article/pm-defends-budget-measures", RUSSIA]
    # An instant: 11:38 Sydney is 01:38 UTC.
    assert urls("--since", "2017-05-31T01:38:00Z", "--until", "2017-05-31T01:38:00Z") == [RUSSIA]
    assert urls("--text", 'LAVROV "concrete fact"') == [RUSSIA]
    assert urls("--text", "lavrov reef") == []
    assert urls("--headline", "bleaching") == ["news/article/reef-bleaching-survey"]
    assert urls("--site", "sbs") == [RUSSIA]
    assert len(urls("--site", "127.0.0.1")) == 4  # the host matches too


def test_since_until_compare_the_day_of_a_calendar_date(mixed: Path) -> None:
    def urls(*args: object) -> list[str]:
        out, err, rc = _query(mixed, *args, "--format", "jsonl", "--fields", "url")
        assert rc == 0, err
        return [i["url"] for i in _jsonl(out)]

    assert urls("--since", "2017-06-02") == ["https://old.example/3"]
    assert urls("--until", "2017-06-01") == ["https://old.example/2"]
    # An instant: a calendar date is on the instant's day in UTC.
    assert urls("--since", "2017-06-02T12:00:00Z") == ["https://old.example/3"]
    assert urls("--until", "2017-06-01T12:00:00Z") == ["https://old.example/2"]
    assert urls("--since", "2017-06-03T00:00:00Z") == []


def test_csv_and_table(demo: DemoArchive) -> None:
    out, err, rc = _query(
        demo.jsonl, "--text", "lavrov", "--format", "csv", "--fields", "headline,authors,image"
    )
    assert rc == 0, err
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["authors"] == "Michaela Morgan"
    assert json.loads(row["image"])["credit"] == "AAP"

    out, err, rc = _query(demo.jsonl)
    assert rc == 0 and "4 rows" in err
    assert "Survey finds third mass bleaching" in out and "│" in out


def test_sql_over_mixed_files(demo: DemoArchive, mixed: Path) -> None:
    glob = str(mixed.parent / "*.jsonl")
    out, err, rc = _query(
        demo.jsonl,
        glob,
        "--format",
        "jsonl",
        "--sql",
        "SELECT url, len(authors) AS n, image.credit AS credit, warc.filename AS f "
        "FROM articles ORDER BY url",
    )
    assert rc == 0, err
    rows = _jsonl(out)
    assert len(rows) == 7  # the demo's 4 and the old file's 3
    old = {r["url"]: r for r in rows if "old.example" in r["url"]}
    assert old["https://old.example/1"] == {
        "url": "https://old.example/1", "n": None, "credit": None, "f": None
    }  # fmt: skip
    assert old["https://old.example/2"]["n"] == 1
    russia = next(r for r in rows if r["url"].endswith(RUSSIA))
    assert russia["credit"] == "AAP" and russia["f"].endswith(".warc.gz")

    out, _, _ = _query(glob, "--since", "2017-05-31", "--format", "jsonl", "--fields", "url")
    # Its own local date; then the calendar date, sorted as its day's start.
    assert _jsonl(out) == [{"url": "https://old.example/2"}, {"url": "https://old.example/3"}]


def test_errors_are_clear(demo: DemoArchive, tmp_path: Path) -> None:
    _, err, rc = _query(demo.jsonl, "--sql", "SELECT nope FROM articles")
    assert rc == 1 and "query failed" in err and "nope" in err
    _, err, rc = _query(tmp_path / "missing.jsonl")
    assert rc != 0 and "no such file" in err
    _, err, rc = _query(demo.jsonl, "--fields", "headline,colour")
    assert rc != 0 and "unknown fields: colour" in err


def test_output_file(demo: DemoArchive, tmp_path: Path) -> None:
    target = tmp_path / "sel.jsonl"
    out, err, rc = _query(demo.jsonl, "--headline", "budget", "--format", "jsonl", "-o", target)
    assert rc == 0, err
    assert out == ""
    assert [i["headline"] for i in _jsonl(target.read_text())] == [
        "PM defends budget measures in Question Time"
    ]
