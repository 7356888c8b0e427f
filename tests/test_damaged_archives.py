"""Damaged archives (issue 23): every intact record after the damage is read, by reparse,
warc-index and wacz alike, and each damage is one line with file, offset, length and cause."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from archiver.warc.counts import CAPTURE_TYPES
from archiver.warc.reader import ArchivedRecord, WarcReadError, iter_records
from tests.demo_archive import DemoArchive, demo_archive, scrapy
from tests.test_reader import _write


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


def members(data: bytes) -> list[int]:
    """Offsets of the gzip members of a file gzipped record by record."""
    offsets, pos = [], 0
    while pos < len(data):
        offsets.append(pos)
        d = zlib.decompressobj(wbits=31)
        d.decompress(data[pos:])
        pos = len(data) - len(d.unused_data)
    return offsets


def corrupt_middle(data: bytes) -> tuple[bytes, int]:
    """Bytes flipped inside the compressed data of the middle record."""
    offsets = members(data)
    k = len(offsets) // 2
    mid = (offsets[k] + offsets[k + 1]) // 2
    return data[:mid] + bytes(b ^ 0x55 for b in data[mid : mid + 32]) + data[mid + 32 :], k


def bad_first_length(data: bytes) -> tuple[bytes, int]:
    """The first record's Content-Length made "zz" (its member recompressed)."""
    second = members(data)[1]
    first = re.sub(
        rb"(?i)(\r\nContent-Length: )\d+", rb"\1zz", gzip.decompress(data[:second]), count=1
    )
    return gzip.compress(first) + data[second:], 0


def bad_plain_header(data: bytes) -> tuple[bytes, int]:
    """A plain WARC whose middle record's WARC/1.x line is garbled."""
    plain = gzip.decompress(data)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", plain)]
    k = len(starts) // 2
    return plain[: starts[k]] + b"WXRC" + plain[starts[k] + 4 :], k


DAMAGE: dict[str, tuple[Callable[[bytes], tuple[bytes, int]], str, str]] = {
    # name: (damage, suffix of the damaged file, cause as the line says it)
    "middle": (corrupt_middle, ".warc.gz", "corrupt gzip member"),
    "first": (bad_first_length, ".warc.gz", "Content-Length is not a number ('zz')"),
    "plain_header": (bad_plain_header, ".warc", "no record header: its first line reads 'WXRC"),
}


def originals(demo: DemoArchive, tmp_path: Path) -> dict[str, Path]:
    warcio_file = tmp_path / "warcio.warc.gz"
    _write(warcio_file)
    [ours] = demo.warcs
    return {"ours": ours, "warcio": warcio_file}


def read(path: Path) -> tuple[list[ArchivedRecord], list[WarcReadError]]:
    damage: list[WarcReadError] = []
    return list(iter_records(path, on_damage=damage.append)), damage


@pytest.mark.parametrize("writer", ["ours", "warcio"])
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_every_intact_record_is_read_past_damage(
    demo: DemoArchive, tmp_path: Path, writer: str, kind: str
) -> None:
    source = originals(demo, tmp_path)[writer]
    make, suffix, cause = DAMAGE[kind]
    if suffix == ".warc":  # offsets compared with those of the same file undamaged
        plain = tmp_path / "whole.warc"
        plain.write_bytes(gzip.decompress(source.read_bytes()))
        source, damage_of = plain, source
    else:
        damage_of = source
    data, k = make(damage_of.read_bytes())
    damaged = tmp_path / f"damaged{suffix}"
    damaged.write_bytes(data)
    whole = list(iter_records(source))
    records, damage = read(damaged)
    lost = whole[k]
    assert [r.record_id for r in records] == [r.record_id for r in whole if r is not lost]
    [d] = damage
    # One line: file, offset, length, cause; where reading went on is the next record read.
    after = records[k] if k < len(records) else None
    assert d.offset == lost.offset
    assert d.resumed_at == (after.offset if after else None)
    assert d.length == (after.offset if after else len(data)) - d.offset
    assert str(d) == (
        f"{damaged}: offset {d.offset}, {d.length} bytes: {d.reason}; "
        f"skipped, read on from offset {d.resumed_at}"
    )
    assert cause in d.reason and "\n" not in str(d)
    # Without on_damage, the first damage is raised, as before.
    with pytest.raises(WarcReadError):
        list(iter_records(damaged))


def test_tools_read_on_and_say_the_same(demo: DemoArchive, tmp_path: Path) -> None:
    """reparse, warc-index and wacz on a folder of damaged copies of our crawl's file."""
    [ours] = demo.warcs
    folder = tmp_path / "warcs"
    folder.mkdir()
    lines = []
    for kind, (make, suffix, _) in DAMAGE.items():
        path = folder / f"{kind}{suffix}"
        path.write_bytes(make(ours.read_bytes())[0])
        lines += [str(d) for d in read(path)[1]]
    assert len(lines) == len(DAMAGE)
    odd = folder / "odd-type.warc.gz"  # intact, with a record of a type WARC 1.1 lacks
    with open(odd, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(
            writer.create_warc_record("http://example.org/x", "screenshot", payload=BytesIO(b"x"))
        )

    out = tmp_path / "items.jsonl"
    result = scrapy("reparse", folder, "-O", out, "-a", "site=demo")
    assert result.returncode == 1
    for line in lines:
        assert f"ERROR: {line}\n" in result.stderr  # as it happens
        assert f"\n  {line}\n" in result.stderr  # and in the summary
    assert f"{len(DAMAGE)} damaged byte ranges skipped" in result.stderr
    assert "Traceback" not in result.stderr and "ArchiveLoadFailed" not in result.stderr
    assert f"WARNING: {odd}: offset 0: record of unknown WARC-Type 'screenshot': skipped" in (
        result.stderr
    )
    # Each copy lost one record at most: every article of the crawl comes back from each
    # copy whose damaged record was not that article's.
    items = [json.loads(line) for line in out.read_text().splitlines()]
    for path in folder.iterdir():
        ids = {r.record_id for r in read(path)[0]}
        expected = {i["url"] for i in demo.items if i["warc"]["record_id"] in ids}
        assert {i["url"] for i in items if i["warc"]["filename"] == path.name} == expected

    index = tmp_path / "index.cdxj"
    result = scrapy("warc-index", folder, "-o", index)
    assert result.returncode == 1
    for line in lines:
        assert f"skipped: {line}\n" in result.stderr
    indexed: dict[str, set[int]] = {}
    for line in index.read_text().splitlines():
        fields = json.loads(line.split(" ", 2)[2])
        indexed.setdefault(fields["filename"], set()).add(int(fields["offset"]))
    for path in folder.iterdir():
        offsets = {r.offset for r in read(path)[0] if r.rec_type in CAPTURE_TYPES}
        assert indexed.get(path.name, set()) == offsets

    result = scrapy("wacz", folder, "-o", tmp_path / "x.wacz")
    assert result.returncode == 1
    for line in lines:
        assert f"not packaged: {line}\n" in result.stderr
