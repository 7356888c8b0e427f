"""scrapy query: malformed lines, help, the table, -o and --sql with filters (issue 14)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import BIN

ARTICLES = [
    {"url": "http://a.example/1", "headline": "Budget passes", "authors": ["Jane Doe"],
     "agencies": ["AAP"], "site": "A", "published": "2017-05-01"},
    {"url": "http://a.example/2", "headline": "Rain again", "authors": ["John Roe", "Ann Lee"],
     "agencies": [], "site": "A", "published": "2017-05-02"},
]  # fmt: skip


def query(cwd: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(BIN / "scrapy"), "query", *args], cwd=cwd, capture_output=True, text=True
    )
    assert result.returncode == status, result.stderr
    return result


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_a_malformed_line_is_skipped_with_a_warning_or_refused(tmp_path: Path) -> None:
    good, bad = (json.dumps(a) for a in ARTICLES)
    write(tmp_path / "a.jsonl", good, '{"url": "http://a.example/half", "head', bad)
    result = query(tmp_path, "a.jsonl", "--format", "jsonl", "--fields", "url")
    assert [json.loads(x)["url"] for x in result.stdout.splitlines()] == [
        "http://a.example/1",
        "http://a.example/2",
    ]
    assert "skipped 1 malformed line (a.jsonl:2)" in result.stderr
    strict = query(tmp_path, "a.jsonl", "--strict", status=1)
    assert "Malformed JSON" in strict.stderr and strict.stdout == ""


def test_help_of_fields_is_plain_text(tmp_path: Path) -> None:
    out = query(tmp_path, "-h").stdout
    assert "--fields FIELDS       comma-separated fields" in out
    assert "Comma-Separated" not in out


def test_table_shows_authors_and_counts_rows_once(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", *(json.dumps(a) for a in ARTICLES))
    result = query(tmp_path, "a.jsonl")
    assert "John Roe; Ann Lee" in result.stdout and "authors" in result.stdout
    assert "…" not in result.stdout  # no hidden column
    assert (result.stdout + result.stderr).count("2 rows") == 1


def test_output_file_is_confirmed(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", *(json.dumps(a) for a in ARTICLES))
    result = query(tmp_path, "a.jsonl", "--format", "csv", "-o", "out.csv")
    assert "2 rows written to out.csv" in result.stderr
    assert (tmp_path / "out.csv").read_text().count("\n") == 3


def test_sql_with_filters_runs_on_their_matches(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", *(json.dumps(a) for a in ARTICLES))
    sql = "SELECT url FROM articles ORDER BY url"
    result = query(tmp_path, "a.jsonl", "--author", "roe", "--sql", sql, "--format", "jsonl")
    assert [json.loads(x) for x in result.stdout.splitlines()] == [{"url": "http://a.example/2"}]
    assert "match the filters" in result.stderr
