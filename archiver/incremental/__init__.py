"""Incremental crawls, one job a module: skip policy, commits, crash catch-up, the middleware.

``policy`` decides whether a known article is fetched again; ``commit`` records a page once
archived or exported; ``catchup`` records what a crash left uncommitted; ``middleware`` is the
Scrapy component that wires them (FEEDS URI parsing is ``archiver.feeds``).
"""

from archiver.incremental.middleware import IncrementalMiddleware
from archiver.incremental.policy import change_stamp, changed_since

__all__ = ["IncrementalMiddleware", "change_stamp", "changed_since"]
