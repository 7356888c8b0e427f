"""Feed URIs of a crawl: the ``%(crawl)s`` parameter, the local JSON lines feeds appended to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.extensions.feedexport import apply_uri_params

from archiver.state import crawl_key

#: Feed formats written one item per line: the ones a crash can leave uncommitted lines in.
LINE_FORMATS = ("jsonlines", "jsonl", "jl")


def uri_params(params: dict[str, Any], spider: Any) -> dict[str, Any]:
    """``FEED_URI_PARAMS``: Scrapy's parameters plus ``crawl``, the crawl's key.

    ``crawl`` names a feed as the crawl's state and lock files are named (``news-sbs``), so two
    sites crawled by one spider do not share a default feed.
    """
    return {**params, "crawl": crawl_key(spider)}


def feed_uris(feeds: dict[str, Any], spider: Any) -> dict[str, dict[str, Any]]:
    """Each feed's URI with the crawl's parameters filled in (``%(crawl)s``, spider attributes);
    a URI whose parameters change every batch or run (``%(time)s``) is left as it is."""
    params = {}
    for name in dir(spider):  # as Scrapy's feed exporter does: any attribute is a parameter
        try:
            params[name] = getattr(spider, name)
        except Exception:  # noqa: BLE001 (a property that cannot be read is no parameter)
            continue
    params = uri_params(params, spider)
    found = {}
    for uri, options in feeds.items():
        try:
            found[apply_uri_params(uri, params)] = options or {}
        except (KeyError, ValueError, TypeError):
            found[uri] = options or {}
    return found


def local_line_feeds(feeds: dict[str, Any], spider: Any) -> list[Path]:
    """The local JSON lines feeds appended to (not overwritten) by this crawl."""
    found = []
    for uri, options in feeds.items():
        options = options or {}
        if options.get("format") not in LINE_FORMATS or options.get("overwrite"):
            continue
        if "://" in uri and not uri.startswith("file://"):
            continue
        path = next(iter(feed_uris({uri: options}, spider)))
        if path == uri and "%(" in uri:
            continue  # %(time)s, %(batch_id)s...: a new file each run, nothing to catch up
        found.append(Path(path.removeprefix("file://")))
    return found
