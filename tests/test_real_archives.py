"""Archives as other tools write them: ARC v1, whole-file gzip, meta refresh, revisits of
scripts, records longer than their Content-Length; read by reparse, warc-index, replay, wacz."""

from __future__ import annotations

import gzip
import json
import random
import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.demo.server import SITE_DIR
from archiver.items import ArticlePage
from archiver.warc.reader import (
    WarcReadError,
    arc_record_id,
    archive_format,
    iter_records,
    read_record,
)
from tests.demo_archive import scrapy

ARTICLE = (SITE_DIR / "news/article/reef-bleaching-survey.html").read_bytes()
ARTICLE = ARTICLE.replace(b"{{BASE}}", b"http://example.org")
HEADLINE = "Survey finds third mass bleaching on the reef in five years"
HTML = "text/html; charset=utf-8"
SCRIPT = b"/*! jQuery v3.7.1 | (c) OpenJS Foundation */ (function(e,t){'use strict';})(window);\n"


def _http(body: bytes, ctype: str, status: str = "200 OK") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _arc(records: list[tuple[str, bytes]], gz: bool) -> bytes:
    """An ARC v1 file as Heritrix wrote them: a filedesc record, then URL-record lines."""

    def record(header: str, block: bytes) -> bytes:
        data = header.encode() + b"\n" + block + b"\n"
        return gzip.compress(data) if gz else data

    desc = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    out = record(f"filedesc://crawl.arc 0.0.0.0 20050614070144 text/plain {len(desc)}", desc)
    for url, block in records:
        out += record(f"{url} 192.0.2.1 20050614070159 text/html {len(block)}", block)
    return out


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, **kw: str):  # noqa: ANN202
    rec = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1"),
        warc_headers_dict=kw or None,
    )
    writer.write_record(rec)
    return rec


def _revisit(writer: WARCWriter, original) -> None:  # noqa: ANN001 (a warcio record)
    h = original.rec_headers
    revisit = writer.create_revisit_record(
        h.get_header("WARC-Target-URI"),
        digest=h.get_header("WARC-Payload-Digest"),
        refers_to_uri=h.get_header("WARC-Target-URI"),
        refers_to_date=h.get_header("WARC-Date"),
        http_headers=original.http_headers,
        warc_headers_dict={"WARC-Date": "2027-01-02T03:04:05Z"},
    )
    revisit.rec_headers.add_header("WARC-Refers-To", h.get_header("WARC-Record-ID"))
    writer.write_record(revisit)


def _plain_records(n: int) -> list[bytes]:
    """n plain WARC response records of the article, each as its own bytes."""
    out = []
    for i in range(n):
        buf = BytesIO()
        # Bytes of their own: compressed, each record takes its share of the file.
        noise = random.Random(i).randbytes(3000).hex().encode()
        body = ARTICLE.replace(b"</body>", b"<!-- " + noise + b" --></body>")
        _response(WARCWriter(buf, gzip=False), f"http://example.org/story-{i}", body, HTML)
        out.append(buf.getvalue())
    return out


def _shorten(record: bytes, by: int) -> bytes:
    """The record with a Content-Length `by` bytes short of its block, as a buggy writer did."""
    m = re.search(rb"Content-Length: (\d+)\r\n", record)
    assert m
    return record[: m.start(1)] + str(int(m.group(1)) - by).encode() + record[m.end(1) :]


def _reparse(out: Path, *args: object) -> tuple[list[dict], str, int]:
    result = scrapy("reparse", *args, "-O", out, "-s", "LOG_LEVEL=INFO")
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    items = [json.loads(line) for line in text.splitlines()]
    return items, result.stdout + result.stderr, result.returncode


# -- ARC ---------------------------------------------------------------------------------------


def _arc_dir(tmp_path: Path) -> Path:
    d = tmp_path / "arcs"
    d.mkdir()
    page = _http(ARTICLE, HTML)
    for name, gz in [("old.arc", False), ("old2.arc.gz", True)]:
        records = [
            (f"http://example.org/{name}/story", page),
            ("http://example.org/robots.txt", _http(b"User-agent: *\n", "text/plain")),
        ]
        (d / name).write_bytes(_arc(records, gz))
    return d


def test_arc_records_read_as_warc_records_with_stable_ids(tmp_path: Path) -> None:
    d = _arc_dir(tmp_path)
    for path in sorted(d.iterdir()):
        fmt = archive_format(path)
        assert fmt.arc and not fmt.whole_gzip
        records = list(iter_records(path, payloads=True))
        assert [r.rec_type for r in records] == ["warcinfo", "response", "response"]
        story = records[1]
        assert story.url == f"http://example.org/{path.name}/story"
        assert story.fetched_at == "2005-06-14T07:01:59+00:00"
        assert story.payload == ARTICLE and story.status == 200 and story.is_html
        # ARC records have no ID: the same name-based one at every read, by offset too.
        assert story.record_id == arc_record_id(path, story.offset)
        assert read_record(path, story.offset).record_id == story.record_id


def test_reparse_of_arc_files(tmp_path: Path) -> None:
    d = _arc_dir(tmp_path)
    items, log, rc = _reparse(tmp_path / "arc.jsonl", d)
    assert rc == 0, log[-3000:]
    assert sorted(i["warc"]["filename"] for i in items) == ["old.arc", "old2.arc.gz"]
    assert {i["headline"] for i in items} == {HEADLINE}
    assert all(i["fetched_at"] == "2005-06-14T07:01:59+00:00" for i in items)
    assert "2 articles from 6 WARC records (2 warcinfo, 4 responses) of 2 files" in log
    assert "'archiver/reparse/records_skipped/warcinfo': 2" in log


def test_arc_files_indexed_replayed_and_packaged(tmp_path: Path) -> None:
    d = _arc_dir(tmp_path)
    index = scrapy("warc-index", d)
    assert index.returncode == 0, index.stderr
    lines = (d / "index.cdxj").read_text().splitlines()
    stories = {
        (f["filename"], int(f["offset"]))
        for f in (json.loads(line.split(" ", 2)[2]) for line in lines)
        if f.get("url", "").endswith("/story")
    }
    # Offsets as our reader gives them: reparse, replay and the index agree.
    assert stories == {(p.name, r.offset) for p in d.glob("*.arc*") for r in iter_records(p)
                       if (r.url or "").endswith("/story")}  # fmt: skip
    replay = scrapy("replay", "--dir", d, "http://example.org/old2.arc.gz/story")
    assert replay.returncode == 0, replay.stderr
    assert HEADLINE in replay.stdout
    wacz = tmp_path / "arc.wacz"
    packed = scrapy("wacz", d, "-o", wacz)
    assert packed.returncode == 0, packed.stderr
    with zipfile.ZipFile(wacz) as z:
        names = z.namelist()
    # WACZ holds WARC files: the ARC files go in converted.
    assert {"archive/old.warc.gz", "archive/old2.warc.gz"} <= set(names)


# -- meta refresh, revisits of scripts -----------------------------------------------------------


def test_reparse_never_follows_meta_refresh_nor_extracts_scripts(tmp_path: Path) -> None:
    refresh = b'<meta http-equiv="refresh" content="0; url=http://example.org/news/">'
    home = ARTICLE.replace(b"<head>", b"<head>" + refresh, 1)
    assert refresh in home
    warc = tmp_path / "heritrix.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        _response(writer, "http://example.org/", home, HTML)
        script = _response(writer, "http://example.org/jquery.js", SCRIPT, "application/javascript")
        style = _response(writer, "http://example.org/site.css", b"body{color:red}\n", "text/css")
        _revisit(writer, script)
        _revisit(writer, style)
    items, log, rc = _reparse(tmp_path / "all.jsonl", "--all", warc)
    assert rc == 0, log[-3000:]
    assert [i["url"] for i in items] == ["http://example.org/"]
    assert "'downloader/request_count': 1," in log  # the refresh is not requested
    assert "'archiver/reparse/records_skipped/not_html': 4" in log  # two scripts, two revisits
    assert "'archiver/reparse/revisits_resolved': 2" in log
    assert "ERROR" not in log and "jQuery" not in log


def test_a_failed_page_is_logged_in_a_line_not_with_its_body() -> None:
    page = ArticlePage(url="http://example.org/x", body=b"<p>x</p>" * 5000)
    assert len(repr(page)) < 200 and "40000 bytes" in repr(page)


# -- damage ------------------------------------------------------------------------------------


def test_whole_file_gzip_read_with_decompressed_offsets(tmp_path: Path) -> None:
    records = _plain_records(3)
    warc = tmp_path / "whole.warc.gz"
    warc.write_bytes(gzip.compress(b"".join(records)))
    assert archive_format(warc).whole_gzip
    offsets = [r.offset for r in iter_records(warc)]
    assert offsets == [0, len(records[0]), len(records[0]) + len(records[1])]
    assert read_record(warc, offsets[2]).url == "http://example.org/story-2"


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_record_longer_than_its_content_length(tmp_path: Path, gz: bool) -> None:
    records = _plain_records(3)
    records[1] = _shorten(records[1], 40)
    warc = tmp_path / ("short.warc.gz" if gz else "short.warc")
    warc.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))
    seen = []
    with pytest.raises(WarcReadError) as err:
        seen.extend(r.offset for r in iter_records(warc))
    assert len(seen) == 1
    offset = len(gzip.compress(records[0])) if gz else len(records[0])
    assert str(err.value).startswith(f"{warc}: offset {offset}: record longer than its ")


def test_reparse_reports_damage_by_file_and_offset(tmp_path: Path) -> None:
    records = _plain_records(3)
    whole = tmp_path / "whole.warc.gz"
    compressed = gzip.compress(b"".join(records))
    whole.write_bytes(compressed[: len(compressed) * 9 // 10])  # cut inside the last record
    short = tmp_path / "short.warc"
    short.write_bytes(b"".join([records[0], _shorten(records[1], 40), records[2]]))
    items, log, rc = _reparse(tmp_path / "out.jsonl", whole, short)
    assert rc == 1
    last = len(records[0]) + len(records[1])
    assert (
        f"{whole}: offset {last} of the decompressed file (gzipped as a whole, not record by "
        "record): truncated record" in log
    )
    assert re.search(
        rf"{re.escape(str(short))}: offset {len(records[0])}, \d+ bytes: record longer than its "
        rf"Content-Length .*; skipped, read on from offset {len(records[0]) + len(records[1])}\n",
        log,
    )
    assert "Record not followed by newline" not in log  # warcio's line without file or offset
    assert "offset -" not in log
    assert "2 files failed" in log
    # The records before the damage still give their items, and in a file gzipped record by
    # record or plain, those after it too.
    assert sorted((i["warc"]["filename"], i["url"][-7:]) for i in items) == [
        ("short.warc", "story-0"),
        ("short.warc", "story-2"),
        ("whole.warc.gz", "story-0"),
        ("whole.warc.gz", "story-1"),
    ]


def test_whole_file_gzip_refused_by_index_with_the_fix(tmp_path: Path) -> None:
    d = tmp_path / "w"
    d.mkdir()
    (d / "whole.warc.gz").write_bytes(gzip.compress(b"".join(_plain_records(2))))
    result = scrapy("warc-index", d)
    assert result.returncode == 1
    assert "whole.warc.gz: offset 0: gzipped as one whole file" in result.stderr
    assert "warcio recompress" in result.stderr
