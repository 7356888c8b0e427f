"""The end of a crawl says how it went; a long reparse shows progress on a terminal (issue 14)."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from tests.conftest import BIN, ROOT
from tests.newsroom import Newsroom, crawl_command


def test_a_crawl_ends_with_a_short_summary(tmp_path: Path) -> None:
    with Newsroom(3) as site:
        result = subprocess.run(
            crawl_command(site.url("/"), tmp_path), cwd=ROOT, capture_output=True, text=True
        )
    assert result.returncode == 0, result.stderr[-2000:]
    last = result.stderr.rstrip("\n").splitlines()[-3:]
    assert last[0].startswith("Crawl news-127.0.0.1_") and "finished, exit status 0" in last[0]
    assert "3 new and 0 updated articles" in last[1] and "0 errors" in last[1]
    assert f"articles in {tmp_path / 'news.jsonl'}" in last[2] and "runs.log" in last[2]


def _reparse(warc: Path, out: Path, *, tty: bool) -> str:
    argv = [str(BIN / "scrapy"), "reparse", str(warc), "-O", str(out)]
    argv += ["-s", "ARCHIVER_PROGRESS_INTERVAL=0.05"]
    if not tty:
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stderr
    main, sub = pty.openpty()
    with subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sub) as proc:
        os.close(sub)
        chunks = []
        while True:  # until the process closes the terminal
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait() == 0
    os.close(main)
    return b"".join(chunks).decode()


def test_reparse_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    with Newsroom(4) as site:
        subprocess.run(
            crawl_command(site.url("/"), tmp_path), cwd=ROOT, check=True, capture_output=True
        )
    seen = _reparse(tmp_path / "warc", tmp_path / "again.jsonl", tty=True)
    assert "files 1/1," in seen and "records/s" in seen and "4 articles" in seen
    quiet = _reparse(tmp_path / "warc", tmp_path / "again.jsonl", tty=False)
    assert "records/s" not in quiet
