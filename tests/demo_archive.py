"""One demo crawl (JSONL and WARC) shared by the archivists' tools tests, made on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class DemoArchive:
    dir: Path
    jsonl: Path
    warc_dir: Path
    printed: str = ""
    """What `scrapy demo` printed (stdout)."""

    @property
    def items(self) -> list[dict]:
        return [json.loads(line) for line in self.jsonl.read_text(encoding="utf-8").splitlines()]

    @property
    def warcs(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*.warc.gz"))


_made: DemoArchive | None = None


def demo_archive(factory: pytest.TempPathFactory) -> DemoArchive:
    """`scrapy demo` run once per test session, as tests/test_demo_crawl.py runs it."""
    global _made
    if _made is None:
        out = factory.mktemp("demo-archive")
        result = scrapy("demo", "-O", out / "demo.jsonl", "-s", f"ARCHIVER_WARC_DIR={out / 'warc'}")
        assert result.returncode == 0, result.stderr[-3000:]
        _made = DemoArchive(out, out / "demo.jsonl", out / "warc", result.stdout)
    return _made


def scrapy(*args: object, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a scrapy command of the project, as a user would."""
    return subprocess.run(
        [BIN / "scrapy", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def demo_site_args() -> list[str]:
    """Spider arguments that give the reparse the demo crawl's hints: its site profile."""
    return ["-a", "site=demo"]
