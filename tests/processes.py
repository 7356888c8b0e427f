"""Processes of a test: the children of a process, and waiting for processes to end."""

from __future__ import annotations

import contextlib
import os
import select
import time
from pathlib import Path


def children(pid: int) -> set[int]:
    """Process ids whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command name (field 2) may hold spaces and parentheses: split after it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def worker_pids(pid: int) -> set[int]:
    """The extraction workers of the process `pid` (archiver.workers)."""
    return {child for child in children(pid) if b"archiver.workers" in _cmdline(child)}


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def wait_gone(pids: set[int], timeout: float) -> set[int]:
    """Wait until each process has ended (pidfd: woken by the exit itself); those left."""
    fds = {}
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            fds[pid] = os.pidfd_open(pid)
    try:
        deadline = time.monotonic() + timeout
        poller = select.poll()
        for fd in fds.values():
            poller.register(fd, select.POLLIN)
        left = set(fds)
        while left and (remaining := deadline - time.monotonic()) > 0:
            for fd, _ in poller.poll(remaining * 1000):
                poller.unregister(fd)
                left -= {pid for pid, f in fds.items() if f == fd}
        return left
    finally:
        for fd in fds.values():
            os.close(fd)
