"""Test-only worker task: runs a task by name as a worker does, then names the modules held."""

from __future__ import annotations

import sys
from typing import Any

from archiver.workers import load_task


def run(task: str, *args: Any) -> list[str]:  # noqa: ANN401
    """The modules of this worker process after `task(*args)` ran in it."""
    if args:
        load_task(task)(*args)
    else:
        load_task(task)
    return sorted(sys.modules)
