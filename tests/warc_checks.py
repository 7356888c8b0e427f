"""Reading back a crawl's WARC files the way archivists' tools will: shared test helpers."""

from __future__ import annotations

import subprocess
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import BIN


def archived_urls(warc_dir: Path, *, require_files: bool = True) -> set[str]:
    """Target URIs of the response records, after `warcio check` and a digest-checked read."""
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert not list(warc_dir.glob("*.open"))
    assert files or not require_files
    if files:
        check = subprocess.run([BIN / "warcio", "check", *map(str, files)], capture_output=True)
        assert check.returncode == 0, check.stdout[-2000:]
    urls: set[str] = set()
    for path in files:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                rec.content_stream().read()
                if rec.rec_type == "response":
                    urls.add(rec.rec_headers.get_header("WARC-Target-URI"))
    return urls
