"""archiver/incremental: one job a module; catch-up reads WARCs through the reader."""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import archiver.incremental as incremental
from archiver.incremental.catchup import catch_up, on_site
from archiver.incremental.policy import skip_reason
from archiver.state import PageState, SqliteState
from archiver.warc.writer import Exchange, WarcWriter

URL = "http://news.example:8080/article/a"
PACKAGE = Path(incremental.__file__).parent
#: The Scrapy component that wires the jobs, in the room of its kind.
MIDDLEWARE = PACKAGE.parent / "downloadermiddlewares" / "incremental.py"


def imports(module: str) -> set[str]:
    path = MIDDLEWARE if module == "middleware" else PACKAGE / f"{module}.py"
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_one_job_a_module() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} >= {"policy", "commit", "catchup"}
    assert MIDDLEWARE.exists()
    # The skip policy is pure; only catch-up reads WARC files, and through archiver's reader.
    assert not {m for m in imports("policy") if m.startswith(("scrapy", "sqlite3", "warcio"))}
    for module in ("policy", "commit", "catchup", "middleware"):
        assert not {m for m in imports(module) if m.startswith("warcio")}, module
    assert "archiver.warc.reader" in imports("catchup")
    assert "archiver.extensions.feeds" in imports("middleware")  # FEEDS URI parsing lives there


def test_skip_policy() -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    page = PageState(URL, "x", (now - timedelta(hours=1)).isoformat(), "x", evidence="2026-11-29")
    assert skip_reason(page, "2026-11-29", 3600 * 6, now)[0] == "unchanged"
    assert skip_reason(page, "2026-11-30", 3600 * 6, now) is None
    assert skip_reason(page, None, 3600 * 6, now)[0] == "recent"
    assert skip_reason(page, None, 1800, now) is None
    assert skip_reason(page, None, 0, now) is None


def test_catch_up_finds_records_of_an_open_file_through_the_reader(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path / "warc", prefix="unit")
    written = writer.write_exchange(Exchange(url=URL, body=b"<html>story</html>"))
    feed = tmp_path / "f.jsonl"
    line = {"url": URL, "warc": {"filename": written.ref.filename, "record_id": "<urn:x>"}}
    ours = {
        "url": URL,
        "warc": {"filename": written.ref.filename, "record_id": written.ref.record_id},
    }
    feed.write_text(json.dumps(line) + "\n" + json.dumps(ours) + "\n")
    state = SqliteState(tmp_path / "s.sqlite")
    assert catch_up(state, feed, tmp_path / "warc", {"news.example:8080"}) == 1
    page = state.get(URL)
    assert page.warc_record_id == written.ref.record_id
    assert page.payload_digest == written.payload_digest
    writer.close()
    assert on_site("http://news.example:8080/x", {"news.example:8080"})
    assert not on_site("http://news.example:9090/x", {"news.example:8080", "news.example"})
