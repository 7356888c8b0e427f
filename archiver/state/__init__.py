"""The crawl state: what past runs archived and how they went, one owner and two backends.

``base`` holds the contract (``PageState``, ``RunRow``, the ``StateStore`` interface, where a
state lives); ``sqlite`` the embedded backend of one machine; ``shared`` the Redis backend of a
cluster; ``owner`` the Scrapy extension that opens one per crawl (``get_state``).
"""

from archiver.state.base import (
    CONTENT_FIELDS,
    RUN_COUNTS,
    PageState,
    RunRow,
    StateStore,
    beside_warc,
    content_digest,
    crawl_key,
    now_iso,
    redis_base,
    state_path,
)
from archiver.state.sqlite import SqliteState

__all__ = [
    "CONTENT_FIELDS",
    "RUN_COUNTS",
    "PageState",
    "RunRow",
    "SqliteState",
    "StateStore",
    "beside_warc",
    "content_digest",
    "crawl_key",
    "now_iso",
    "redis_base",
    "state_path",
]
