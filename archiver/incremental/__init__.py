"""Incremental crawls, one job a module: skip policy, commits, crash catch-up.

``policy`` decides whether a known article is fetched again; ``commit`` records a page once
archived or exported; ``catchup`` records what a crash left uncommitted. The Scrapy component
that wires them is ``archiver.downloadermiddlewares.incremental.IncrementalMiddleware`` (FEEDS
URI parsing is ``archiver.extensions.feeds``).
"""

from archiver.incremental.policy import change_stamp, changed_since

__all__ = ["change_stamp", "changed_since"]
