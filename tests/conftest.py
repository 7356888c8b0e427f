"""Shared fixtures: the demo site and a Redis server on ephemeral ports, paths of the project."""

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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A real redis-server on a free port of 127.0.0.1, its data in ``data``; restartable (with
    ``aof``, what it held comes back, as a production server's does)."""

    def __init__(self, data: Path, *, aof: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip(
                "redis-server is not installed (apt-get install redis-server; .ci/apt-packages)"
            )
        self.binary = binary
        self.data = data
        self.aof = aof
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        data.mkdir(parents=True, exist_ok=True)

    def start(self) -> RedisServer:
        for _ in range(3):
            if self._listening():
                return self
            if self.starts:  # its URL is handed out: a restart keeps the port
                break
            # Another process (a parallel test) took the free port before it bound it.
            self.port = free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
        pytest.fail(f"redis-server exited with status {self.proc.returncode}")

    def _listening(self) -> bool:
        """Starts the server; whether it answers (False: it exited)."""
        # always: a stop loses nothing the workers wrote (production: everysec, README).
        persistence = ["yes", "--appendfsync", "always"] if self.aof else ["no"]
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                *persistence,
                "--dir",
                str(self.data),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(200):  # a guard: it answers within milliseconds
            try:
                # Its own process answers, not a parallel test's server on the same port.
                if client.info("server")["process_id"] != self.proc.pid:
                    self.proc.wait(10)
                    return False
                self.starts += 1
                return True
            except redis.ConnectionError:
                if self.proc.poll() is not None:
                    return False
                time.sleep(0.05)
        pytest.fail("redis-server never answered")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = RedisServer(tmp_path / "redis").start()
    try:
        yield server.url
    finally:
        server.stop()


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
