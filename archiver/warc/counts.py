"""WARC records counted by type and said one way everywhere: "25 WARC records (1 warcinfo, ...)"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archiver.utils.words import counted

#: WARC-Types in the order a crawl writes them: a file's warcinfo first, then each exchange's
#: request and response (or revisit), then what is derived from them (WARC 1.1, section 6).
RECORD_TYPES = (
    "warcinfo",
    "request",
    "response",
    "revisit",
    "resource",
    "metadata",
    "conversion",
    "continuation",
)
#: Types named as mass nouns ("2 warcinfo", not "2 warcinfos"), as the WARC standard uses them.
UNCOUNTABLE = frozenset({"warcinfo", "metadata"})
#: The records a CDXJ index lists, one capture each, as cdxj-indexer's (and pywb's) default:
#: what a replay tool can answer a URL with. warcinfo describes a file, not a URL; requests and
#: conversions are found through the response they belong to.
CAPTURE_TYPES = ("response", "revisit", "resource", "metadata")


def by_type(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """Counts by WARC-Type from stats keys ``PREFIX/records/<type>``."""
    head = f"{prefix}/records/"
    return {k[len(head) :]: int(v) for k, v in stats.items() if k.startswith(head) and v}


def records_phrase(counts: Mapping[str, int]) -> str:
    """``25 WARC records (1 warcinfo, 12 requests, 12 responses)``: the total, then each type
    in the order written, types WARC does not define last."""
    order = [t for t in RECORD_TYPES if counts.get(t)]
    order += sorted(t for t in counts if t not in RECORD_TYPES and counts[t])
    parts = [f"{counts[t]} {t}" if t in UNCOUNTABLE else counted(counts[t], t) for t in order]
    total = counted(sum(counts.values()), "WARC record")
    return f"{total} ({', '.join(parts)})" if parts else total
