"""One demo crawl (JSONL and WARC) shared by the archivists' tools tests, made on first use."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
T = TypeVar("T")


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
    def log(self) -> str:
        """What `scrapy demo` printed, at log level INFO (its stats dump included)."""
        return (self.dir / "demo.log").read_text(encoding="utf-8")

    @property
    def warcs(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*.warc.gz"))


_made: DemoArchive | None = None


def demo_archive(factory: pytest.TempPathFactory) -> DemoArchive:
    """`scrapy demo` run once per test session, as tests/test_demo_crawl.py runs it; test
    processes running in parallel (pytest -n) share the one the first of them made."""
    global _made
    if _made is None:
        out = _shared_dir(factory) / "demo-archive"
        with FileLock(f"{out}.lock"):
            if not (out / "demo.log").exists():  # written last: the crawl is whole
                _crawl(out)
        printed = (out / "demo.stdout").read_text(encoding="utf-8")
        _made = DemoArchive(out, out / "demo.jsonl", out / "warc", printed)
    return _made


def _crawl(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    warc = f"ARCHIVER_WARC_DIR={out / 'warc'}"
    result = scrapy("demo", "-O", out / "demo.jsonl", "-s", warc, "-s", "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-3000:]
    (out / "demo.stdout").write_text(result.stdout, encoding="utf-8")
    (out / "demo.log").write_text(result.stdout + result.stderr, encoding="utf-8")


def made_once(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]
) -> tuple[Path, T]:
    """``make(folder)`` run once per test session for every test process (pytest -n): the
    folder it filled and what it returned (JSON), made by the first process that asks."""
    out = _shared_dir(factory) / name
    made = out / ".made.json"  # written last: what make wrote is whole
    with FileLock(f"{out}.lock"):
        if not made.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            made.write_text(json.dumps(make(out)), encoding="utf-8")
    return out, json.loads(made.read_text(encoding="utf-8"))


def _shared_dir(factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder, the same for every worker of a parallel run (only
    then is the parent of a worker's own folder the run's, not every run's)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


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
