"""Copying a crawl state from one backend to another: a machine's SQLite into a cluster's Redis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.state.base import StateStore
    from archiver.state.shared import RedisState


@dataclass(frozen=True)
class Copied:
    """What a copy carried over."""

    pages: int
    runs: int


def copy_state(source: StateStore, target: RedisState) -> Copied:
    """Every article row and every run (coverage and alarms too) of ``source`` into ``target``.

    Rows are stored as they are (digests, record locations, dates), so the cluster revisits
    what the machine archived instead of fetching and exporting it again; runs keep their
    order after the runs ``target`` already holds, so the drift alarm keeps its history.
    """
    pages = 0
    for page in source.pages():
        target.import_page(page)
        pages += 1
    coverage: dict[int, list] = {}
    for run_id, cov in source.coverage():
        coverage.setdefault(run_id, []).append(cov)
    alarms: dict[int, list] = {}
    for run_id, drift in source.alarms():
        alarms.setdefault(run_id, []).append(drift)
    runs = source.runs()
    for row in runs:
        target.import_run(row, coverage.get(row.id, []), alarms.get(row.id, []))
    return Copied(pages, len(runs))
