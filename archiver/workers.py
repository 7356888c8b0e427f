"""ExtractionPool: a task run in worker processes, time-limited, a dead worker replaced."""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import itertools
import logging
import math
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

# How long a new worker may take to import the extractor before it counts as broken.
_START_TIMEOUT = 120.0
# How often a worker checks that the process that started it still lives (where the kernel
# cannot tell it: PR_SET_PDEATHSIG is Linux-only).
_PARENT_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


class WorkerTimeout(Exception):
    """The task took longer than the pool's time limit; its worker was killed."""


class WorkerDied(Exception):
    """The worker died during the task (killed for memory, a crash in a C library)."""


class TaskFailed(Exception):
    """The task raised in the worker; the message holds the worker's traceback."""


class _Worker:
    """One worker process and the two pipe ends the pool talks to it through."""

    def __init__(self, task: str) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            args = [task, str(to_child_r), str(from_child_w), str(os.getpid())]
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "archiver.workers", *args],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)
        self.ready = False

    def wait_ready(self) -> bool:
        if not self.ready:
            try:
                self.ready = self.recv.poll(_START_TIMEOUT) and self.recv.recv() == "ready"
            except (EOFError, OSError):
                self.ready = False
        return self.ready

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()
        self.close_pipes()

    def stop(self, grace: float) -> None:
        """Ask the worker to leave (EOF on its pipe), killing it if it has not after `grace`."""
        self.close_pipes()
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def close_pipes(self) -> None:
        self.send.close()
        self.recv.close()


class ExtractionPool:
    """Runs ``task(*args)`` (a "module:function" path) in ``size`` worker processes.

    ``submit`` returns a Future: the task's result, or ``WorkerTimeout`` when a call takes more
    than ``timeout`` seconds (its worker is killed and replaced), ``WorkerDied`` when the worker
    dies in the call (replaced too: one call lost, nothing else), ``TaskFailed`` when the task
    raises. Workers are separate Python processes started with the interpreter of this one; each
    ends with the process that started it, even one killed with SIGKILL. Each worker has a
    thread here that feeds it calls and waits for its answers: the caller's thread (Scrapy's
    reactor) never blocks.
    """

    def __init__(self, task: str, size: int, timeout: float) -> None:
        self.task = task
        self.size = max(1, size)
        self.timeout = timeout
        # (priority, order, call): the lowest priority first, then first come, first served;
        # a call of None (priority infinite) tells a thread to stop.
        self._jobs: queue.PriorityQueue[tuple[float, int, tuple[bytes, Future] | None]] = (
            queue.PriorityQueue()
        )
        self._order = itertools.count()
        self._threads = [
            threading.Thread(target=self._serve, name=f"extract-worker-{n}", daemon=True)
            for n in range(self.size)
        ]
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        for thread in self._threads:
            thread.start()

    def submit(self, *args: Any, priority: float = 0) -> Future:  # noqa: ANN401
        """Calls ``task(*args)`` in a worker: calls of a lower ``priority`` go first."""
        future: Future = Future()
        if self._closed:
            future.set_exception(RuntimeError("extraction pool closed"))
            return future
        try:
            data = pickle.dumps(args, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - arguments that do not pickle fail their call
            future.set_exception(TaskFailed(f"cannot send the call to a worker: {exc!r}"))
        else:
            self._jobs.put((priority, next(self._order), (data, future)))
        return future

    def pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._workers]

    def close(self, grace: float = 5.0) -> None:
        """Stop taking calls; workers finish the call they hold (within the time limit)."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._jobs.put((math.inf, next(self._order), None))
        deadline = time.monotonic() + self.timeout + grace
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            left = list(self._workers)
        for worker in left:
            worker.kill()

    def _start(self) -> _Worker:
        worker = _Worker(self.task)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        if kill:
            worker.kill()
        else:
            worker.stop(grace=5.0)
        with self._lock:
            self._workers.discard(worker)

    def _send(self, worker: _Worker | None, data: bytes) -> _Worker | None:
        """The worker the call was sent to: a new one if it died idle (the call is not its)."""
        for _ in range(2):
            if worker is None:
                worker = self._start()
            if worker.wait_ready():
                try:
                    worker.send.send_bytes(data)
                    return worker
                except OSError:
                    pass
            self._retire(worker, kill=True)
            worker = None
        return None

    def _serve(self) -> None:
        # Started here, at once, so that the first pages do not wait for the imports.
        worker: _Worker | None = self._start()
        while (job := self._jobs.get()[2]) is not None:
            data, future = job
            if not future.set_running_or_notify_cancel():
                continue
            worker = self._send(worker, data)
            if worker is None:
                future.set_exception(WorkerDied("extraction worker failed to start"))
                continue
            try:
                answered = worker.recv.poll(self.timeout)
                ok, value = worker.recv.recv() if answered else (None, None)
            except (EOFError, OSError):
                # The worker died: killed for memory, or a crash in a C library.
                self._retire(worker, kill=True)
                worker = None
                future.set_exception(WorkerDied("extraction worker died"))
                continue
            if not answered:
                self._retire(worker, kill=True)
                worker = None
                future.set_exception(WorkerTimeout(f"over {self.timeout:g} s"))
            elif ok:
                future.set_result(value)
            else:
                future.set_exception(TaskFailed(value))
        if worker is not None:
            self._retire(worker, kill=False)


def load_task(task: str) -> Callable[..., Any]:
    """The function a "module:function" path names, its module imported."""
    module, _, name = task.partition(":")
    return getattr(importlib.import_module(module), name)


def _die_with_parent(parent: int) -> None:
    """End this process when its parent ends, whichever way the parent ends (SIGKILL too)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _worker_main(task: str, read_fd: int, write_fd: int, parent: int) -> None:
    _die_with_parent(parent)
    # Ctrl-C in a terminal reaches the whole process group: the crawl decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the extraction libraries log goes to the crawl's stderr, said to come from here.
    logging.basicConfig(
        level=logging.WARNING,
        format=f"%(asctime)s [%(name)s] %(levelname)s: (extraction worker {os.getpid()}) "
        "%(message)s",
    )
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    function = load_task(task)
    try:
        outbox.send("ready")
    except OSError:
        return  # the pool closed (a short reparse ended) before this worker was up
    while True:
        try:
            args = inbox.recv()
        except EOFError:
            return  # the pool closed, or its process ended
        try:
            answer = (True, function(*args))
        except Exception:  # noqa: BLE001 - the pool reports it for the one call
            answer = (False, traceback.format_exc())
        try:
            outbox.send(answer)
        except OSError:
            return  # the pool is gone: nobody is waiting for the answer
        except Exception:  # noqa: BLE001 - a result that does not pickle fails its call only
            outbox.send((False, traceback.format_exc()))


if __name__ == "__main__":
    _worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
