"""The article JSONL as a DuckDB view: filters, and export as a table, JSON lines or CSV."""

from __future__ import annotations

import glob
import json
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import duckdb
from scrapy.exceptions import UsageError

from archiver.items import Article

DEFAULT_FILES = "output/*.jsonl"
TABLE_FIELDS = ["published", "site", "headline", "authors", "agencies", "url"]
FORMATS = ("table", "jsonl", "csv")
_IMAGE = "STRUCT(url VARCHAR, caption VARCHAR, credit VARCHAR, credit_raw VARCHAR)"
# Column types by the Article field's annotation; a field added later and not listed here is
# still read, as JSON, so the command never breaks on new items.
_TYPES = {
    "str": "VARCHAR",
    "str | None": "VARCHAR",
    "list[str]": "VARCHAR[]",
    "Image | None": _IMAGE,
    "list[Image]": f"{_IMAGE}[]",
    "WarcRef | None": "STRUCT(filename VARCHAR, record_id VARCHAR)",
    "dict[str, str]": "MAP(VARCHAR, VARCHAR)",
}


def article_columns() -> dict[str, str]:
    """The explicit read_json schema: files with missing fields or other orders read alike."""
    return {f.name: _TYPES.get(str(f.type), "JSON") for f in fields(Article)}


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(
    files: list[str],
    con: duckdb.DuckDBPyConnection | None = None,
    skip_malformed: bool = False,
    name: str = "articles",
):
    """A DuckDB connection with an ``articles`` view over the JSONL files (globs allowed).

    With ``skip_malformed``, lines that are not JSON objects are left out (DuckDB reads them
    as rows of nulls: a line without a url is no article).
    """
    con = con or duckdb.connect()
    cols = ", ".join(f"{_sql_str(k)}: {_sql_str(v)}" for k, v in article_columns().items())
    paths = ", ".join(_sql_str(f) for f in files)
    skip = ", ignore_errors=true" if skip_malformed else ""
    where = " WHERE url IS NOT NULL" if skip_malformed else ""
    # A view (not a table): each query streams the files, so new lines are always seen.
    con.execute(
        f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_json("
        f"[{paths}], format='newline_delimited', columns={{{cols}}}{skip}){where}"
    ).fetchall()
    return con


def malformed_lines(files: list[str]) -> list[tuple[str, int]]:
    """(file, line number) of each non-empty line that is not a JSON object."""
    found = []
    for path in sorted({p for f in files for p in glob.glob(f)}):
        with open(path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    ok = isinstance(json.loads(line), dict)
                except ValueError:
                    ok = False
                if not ok:
                    found.append((path, number))
    return found


@dataclass
class Filters:
    """What an archivist asks for; every value is passed to DuckDB as a parameter."""

    site: str | None = None
    author: str | None = None
    agency: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    headline: str | None = None
    _where: list[str] = field(default_factory=list, init=False, repr=False)
    _params: list[Any] = field(default_factory=list, init=False, repr=False)

    def _add(self, clause: str, *params: Any) -> None:
        self._where.append(clause)
        self._params.extend(params)

    def _date(self, value: str, op: str) -> None:
        if len(value) == 10:
            # A day is the day printed on the page: the local date of the ISO string.
            self._add(f"left(published, 10) {op} ?", value)
        else:
            # An instant; a calendar-date value (a page that printed no time, or no zone)
            # compares its day with the instant's day in UTC.
            self._add(
                f"CASE WHEN length(published) = 10 THEN published {op} "
                "strftime(timezone('UTC', CAST(? AS TIMESTAMPTZ)), '%Y-%m-%d') "
                f"ELSE TRY_CAST(published AS TIMESTAMPTZ) {op} CAST(? AS TIMESTAMPTZ) END",
                value,
                value,
            )

    def query(
        self, select: str = "*", order: str | None = None, limit: int | None = None
    ) -> tuple[str, list[Any]]:
        """The SELECT statement and its parameters."""
        self._where, self._params = [], []
        if self.site:
            like = f"%{self.site}%"
            self._add("(site ILIKE ? OR split_part(url, '/', 3) ILIKE ?)", like, like)
        if self.author:
            self._add("array_to_string(authors, '|') ILIKE ?", f"%{self.author}%")
        if self.agency:
            self._add(
                "list_contains(list_transform(agencies, lambda a: upper(a)), upper(?))", self.agency
            )
        if self.language:
            self._add("(language ILIKE ? OR language ILIKE ?)", self.language, f"{self.language}-%")
        if self.since:
            self._date(self.since, ">=")
        if self.until:
            self._date(self.until, "<=")
        # Every word (or "quoted phrase") must appear, in any case.
        for word in shlex.split(self.text or ""):
            self._add("(headline ILIKE ? OR body ILIKE ?)", f"%{word}%", f"%{word}%")
        for word in shlex.split(self.headline or ""):
            self._add("headline ILIKE ?", f"%{word}%")
        sql = f"SELECT {select} FROM articles"
        if self._where:
            sql += " WHERE " + " AND ".join(self._where)
        if order:
            sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return sql, self._params


def _flat_for_csv(rel: duckdb.DuckDBPyRelation) -> str:
    """Spreadsheet-friendly columns: lists of names joined by "; ", nested values as JSON."""
    cols = []
    for name, dtype in zip(rel.columns, rel.types, strict=True):
        q = '"' + name.replace('"', '""') + '"'
        if str(dtype) == "VARCHAR[]":
            cols.append(f"array_to_string({q}, '; ') AS {q}")
        elif dtype.id in ("struct", "map", "list"):
            cols.append(f"CAST(to_json({q}) AS VARCHAR) AS {q}")
        else:
            cols.append(q)
    return ", ".join(cols)


#: What a query is run into (once: a DuckDB relation would run again for each look at it).
RESULT_TABLE = "CREATE OR REPLACE TEMP TABLE query_result AS "


def in_user_terms(message: str) -> str:
    """DuckDB's error about the user's SQL as if it had run alone: without the statement it
    was wrapped in, the caret under the same place of the user's text."""
    lines = message.split("\n")
    for n, line in enumerate(lines):
        if line.startswith("LINE ") and RESULT_TABLE in line:
            lines[n] = line.replace(RESULT_TABLE, "", 1)
            if n + 1 < len(lines) and lines[n + 1].strip().startswith("^"):
                lines[n + 1] = lines[n + 1][len(RESULT_TABLE) :]
    return "\n".join(lines)


def export(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list[Any],
    fmt: str,
    output: str | None,
    max_rows: int = 50,
) -> int:
    """Run the query and write its rows as a table, JSON lines or CSV; returns the row count.

    Statements that return no rows (COPY, CREATE...) of --sql are run as they are.
    """
    if fmt == "table" and output:
        raise UsageError("--format table prints to the terminal; use jsonl or csv with -o")
    # (DuckDB 2 wants every result read to its end before the next statement: fetchall().)
    try:
        con.execute(f"{RESULT_TABLE}{sql}", params).fetchall()
    except duckdb.ParserException:
        rows = con.execute(sql, params).fetchall()  # not a query, or a syntax error: say which
        print(f"done: {rows}", file=sys.stderr)
        return 0
    except duckdb.Error as exc:
        raise type(exc)(in_user_terms(str(exc))) from None
    count = con.execute("SELECT count(*) FROM query_result").fetchall()[0][0]
    if fmt == "table":
        # Lists as "a; b" and no column hidden (DuckDB hides what does not fit its width, and
        # authors went first): a long line wraps, a hidden column helps nobody.
        result = con.sql("SELECT * FROM query_result")
        con.sql(f"SELECT {_flat_for_csv(result)} FROM query_result").show(
            max_rows=max_rows, max_col_width=48, max_width=1 << 16
        )
        if count <= max_rows:  # else DuckDB's footer says "N rows (M shown)"
            print(f"{count} row{'' if count == 1 else 's'}", file=sys.stderr)
        con.execute("DROP TABLE query_result").fetchall()
        return count
    result = con.sql("SELECT * FROM query_result")
    select = _flat_for_csv(result) if fmt == "csv" else "*"
    copy_opts = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT json"
    with tempfile.TemporaryDirectory() as tmp:
        # Not COPY TO '/dev/stdout': DuckDB opens it with O_TRUNC and clobbers a redirected file.
        target = output or str(Path(tmp) / f"out.{fmt}")
        copy = f"COPY (SELECT {select} FROM query_result) TO {_sql_str(target)} ({copy_opts})"
        con.execute(copy).fetchall()
        if output:
            print(f"{count} row{'' if count == 1 else 's'} written to {output}", file=sys.stderr)
        else:
            sys.stdout.flush()
            with open(target, "rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
            sys.stdout.flush()
    con.execute("DROP TABLE query_result").fetchall()
    return count


def restrict_to_matches(con: duckdb.DuckDBPyConnection, files: list[str], filters: Filters) -> bool:
    """Make ``articles`` the articles that match the filters (for SQL given with filters).

    Returns whether any filter was given (without one, ``articles`` stays every article).
    """
    where, where_params = filters.query()
    if not where_params:
        return False
    connect(files, con, name="all_articles")
    where = where.replace("FROM articles", "FROM all_articles", 1)
    con.execute(f"CREATE OR REPLACE TEMP TABLE articles AS {where}", where_params)
    return True


def export_files(
    con: duckdb.DuckDBPyConnection,
    files: list[str],
    sql: str,
    params: list[Any],
    fmt: str,
    output: str | None,
    strict: bool = False,
) -> int:
    """`export`, with the malformed lines of the files skipped and said unless ``strict``."""
    try:
        return export(con, sql, params, fmt, output)
    except duckdb.InvalidInputException as exc:
        if "Malformed JSON" not in str(exc) or strict:
            raise
    # As JSON lines readers do: a bad line (a crash's half line, a stray edit) is skipped
    # and said, not a reason to refuse the whole file.
    bad = malformed_lines(files)
    where = ", ".join(f"{path}:{line}" for path, line in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    print(
        f"warning: skipped {len(bad)} malformed line{'' if len(bad) == 1 else 's'} "
        f"({where}{more}); --strict to refuse",
        file=sys.stderr,
    )
    connect(files, con, skip_malformed=True)
    return export(con, sql, params, fmt, output)


def select_fields(
    names: list[str] | None, fmt: str, filters: Filters, limit: int | None
) -> tuple[str, list[Any]]:
    """The SELECT of the named fields (default: TABLE_FIELDS for a table, all otherwise) of
    the matching articles, oldest first; UsageError for an unknown field."""
    if not names:
        names = TABLE_FIELDS if fmt == "table" else [f.name for f in fields(Article)]
    unknown = set(names) - set(article_columns())
    if unknown:
        raise UsageError(f"unknown fields: {', '.join(sorted(unknown))}", print_help=False)
    select = ", ".join(f'"{n}"' for n in names)
    order = "TRY_CAST(published AS TIMESTAMPTZ) NULLS LAST, url"
    return filters.query(select, order, limit)
