"""DefaultFeed add-on: a JSONL feed under output/ when the command line names none."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class DefaultFeed:
    """Sets ``FEEDS`` to ``ARCHIVER_DEFAULT_FEED`` (JSON lines, UTF-8, appended) if it is empty.

    Scrapy merges the project's ``FEEDS`` into the feeds of ``-o``/``-O``; a default kept in
    ``FEEDS`` would be written beside the user's file. Set ``ARCHIVER_DEFAULT_FEED`` to an
    empty string to write no feed at all.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        uri = settings.get("ARCHIVER_DEFAULT_FEED")
        if uri and not settings.getdict("FEEDS"):
            feed = {"format": "jsonlines", "encoding": "utf-8", "overwrite": False}
            settings.set("FEEDS", {uri: feed}, priority="addon")
