"""`scrapy warc-index`: a sorted CDXJ index of the demo WARC, agreeing with the records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.warc.index import Capture, closest, url_key
from archiver.warc.reader import iter_records, read_record
from tests.demo_archive import DemoArchive, demo_archive, scrapy


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


def test_index_of_demo_warc(demo: DemoArchive, tmp_path: Path) -> None:
    out = tmp_path / "demo.cdxj"
    result = scrapy("warc-index", demo.warc_dir, "-o", out)
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines == sorted(lines)
    captures = [Capture.parse(line) for line in lines]
    for item in demo.items:
        [c] = [c for c in captures if c.urlkey == url_key(item["url"])]
        assert c.fields["url"] == item["url"] and c.fields["status"] == "200"
        assert c.fields["mime"] == "text/html"
        assert c.filename == item["warc"]["filename"]
        # The offset is the item's own record: what replay tools seek to.
        rec = read_record(demo.warc_dir / c.filename, c.offset)
        assert rec.record_id == item["warc"]["record_id"]
        assert c.timestamp == item["fetched_at"][:19].replace("-", "").replace(":", "").replace(
            "T", ""
        )
    # Also the same bytes as cdxj-indexer's own command line, apart from our sort.
    cli = scrapy("warc_index", "-o", "-", *demo.warcs)  # the module name works too
    assert cli.stdout.splitlines() == lines


def test_default_output_and_damaged_file(demo: DemoArchive, tmp_path: Path) -> None:
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    [warc] = demo.warcs
    (warcs / warc.name).write_bytes(warc.read_bytes())
    # Cut inside the fourth record's gzip member, never on a boundary or in its trailer.
    offsets = [r.offset for r in iter_records(warc)]
    cut = (offsets[3] + offsets[4]) // 2
    (warcs / "cut.warc.gz").write_bytes(warc.read_bytes()[:cut])
    result = scrapy("warc-index", "-s", f"ARCHIVER_WARC_DIR={warcs}")
    assert result.returncode == 1
    assert f"skipped: {warcs / 'cut.warc.gz'}: offset " in result.stderr
    assert "skipped, no record after it" in result.stderr
    index = warcs / "index.cdxj"
    names = {json.loads(line.split(" ", 2)[2])["filename"] for line in index.open()}
    # The records before the cut are intact: indexed too.
    assert names == {warc.name, "cut.warc.gz"}


def test_closest_capture() -> None:
    def cap(ts: str, status: str = "200") -> Capture:
        return Capture("k", ts, {"status": status, "filename": "f", "offset": "0"})

    caps = [cap("20170530120000"), cap("20170601000000"), cap("20170531000000", "404")]
    assert closest(caps, None).timestamp == "20170601000000"
    assert closest(caps, "20170531").timestamp == "20170530120000"  # 404 loses
    assert closest(caps, "2017-06-01T00:00").timestamp == "20170601000000"
    assert closest([], "2017") is None
