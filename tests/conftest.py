"""Shared fixtures: the demo site on an ephemeral port, a Redis server, paths of the project."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import redis

from archiver.demo.server import DemoSite

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def demo_site() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


def free_port() -> int:
    """A TCP port of 127.0.0.1 free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """URL of a redis-server of the test's own on a free port of 127.0.0.1 (skips without one)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(
            "redis-server is not installed (apt-get install redis-server; .ci/apt-packages)"
        )
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(data),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None:
                    pytest.fail(f"redis-server exited with status {proc.returncode}")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def open_when_joined(
    redis_url: str, procs: Sequence[subprocess.Popen], gate: threading.Event
) -> threading.Thread:
    """Sets ``gate`` once every one of ``procs`` (distributed crawl workers) has joined the run
    (the run's ``workers`` set in Redis), or one of them has exited: a site that holds its
    pages until then cannot be crawled by the first worker alone while the others start, which
    takes seconds on a busy machine. What it waits for needs no request to the site: a gate on
    requests could hold every politeness-budget token while the worker it waits for queues."""
    server = redis.Redis.from_url(redis_url)

    def watch() -> None:
        while not gate.wait(0.05):
            runs = server.keys("archiver:*:workers")
            joined = bool(runs) and server.scard(runs[0]) >= len(procs)
            if joined or any(p.poll() is not None for p in procs):
                gate.set()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread
