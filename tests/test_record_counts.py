"""One count of the same WARC records everywhere: `scrapy demo`, `reparse` and `warc-index`."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.warc.counts import records_phrase
from archiver.warc.index import Capture, index_lines
from tests.demo_archive import BIN, DemoArchive, demo_archive, scrapy


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        ({}, "0 WARC records"),
        (
            {"response": 1, "warcinfo": 1, "request": 1},
            "3 WARC records (1 warcinfo, 1 request, 1 response)",
        ),
        (
            {"request": 5, "response": 3, "revisit": 2, "warcinfo": 2, "conversion": 1},
            "13 WARC records (2 warcinfo, 5 requests, 3 responses, 2 revisits, 1 conversion)",
        ),
        # Mass nouns stay singular; a type WARC does not define comes last, as it is named.
        ({"metadata": 2, "x-custom": 1, "resource": 0}, "3 WARC records (2 metadata, 1 x-custom)"),
    ],
)
def test_records_phrase(counts: dict[str, int], said: str) -> None:
    assert records_phrase(counts) == said


def _in_files(warcs: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in warcs:
        with open(path, "rb") as fh:
            counts.update(r.rec_type for r in ArchiveIterator(fh))
    return counts


def test_demo_reparse_and_index_count_the_same_records(demo: DemoArchive, tmp_path: Path) -> None:
    counts = _in_files(demo.warcs)
    assert counts["warcinfo"] == len(demo.warcs) and counts["response"] > 0
    said = records_phrase(counts)  # "25 WARC records (1 warcinfo, 12 requests, 12 responses)"

    assert f"\n{said} written to {demo.warc_dir}/\n" in demo.printed

    reparse = scrapy("reparse", demo.warc_dir, "-O", tmp_path / "re.jsonl")
    assert reparse.returncode == 0, reparse.stderr[-3000:]
    articles = len(demo.items)
    assert f"{articles} articles from {said} of 1 file\n" in reparse.stderr

    index = tmp_path / "index.cdxj"
    result = scrapy("warc-index", demo.warc_dir, "-o", index)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = index.read_text().splitlines()
    # A capture per response: the warcinfo describes a file, not a URL (cdxj-indexer's default).
    assert len(lines) == counts["response"] + counts["revisit"]
    assert all(not line.startswith("- ") for line in lines)
    # Line for line what cdxj-indexer's own command line gives, which no wacz import touches.
    cli = subprocess.run(
        [BIN / "cdxj-indexer", "--sort", "--dir-root", demo.warc_dir, demo.warc_dir],
        capture_output=True,
        text=True,
        check=True,
    )
    assert cli.stdout.splitlines() == lines
    captures = re.escape(f"{len(lines)} captures indexed from {said} of 1 file: {index}")
    assert re.search(rf"^{captures}$", result.stderr, re.MULTILINE)


def test_index_leaves_warcinfo_out_once_wacz_is_imported(demo: DemoArchive) -> None:
    # The wacz package appends warcinfo to cdxj-indexer's default record types on import.
    import wacz.waczindexer  # noqa: F401

    lines, errors = index_lines(demo.warcs, dir_root=demo.warc_dir)
    assert errors == []
    kinds = {Capture.parse(line).fields.get("mime") for line in lines}
    assert "application/warc-fields" not in kinds
    assert len(lines) == _in_files(demo.warcs)["response"]
