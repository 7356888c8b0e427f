"""CrawlInfo: what a crawl knew of its site, written into and read back from warcinfo records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archiver.items import EXTRACTOR

# warcinfo fields (WARC 1.1 allows any); JSON values are on one line, as fields must be.
PROFILE_FIELD = "archiver-profile"
"""The site profile's name ("demo", "sbs"), or the start host of a profile-less crawl."""
PROFILE_DATA_FIELD = "archiver-profile-data"
"""JSON: the profile as the crawl used it (overrides and base applied): article and skip
patterns, evidence hints... enough to decide articles as the crawl did."""
HINTS_FIELD = "archiver-hints"
"""JSON: the hints extraction got from the site: timezone, site_name, language, selectors."""
EXTRACTOR_FIELD = "archiver-extractor"
"""The extractor's name and version (``news-archiver/0.1.0``)."""


@dataclass
class CrawlInfo:
    """What a crawl knew of its site beyond the pages: a reparse of its WARC needs the same."""

    profile: str = ""
    """Profile name, or empty."""
    profile_data: dict[str, Any] = field(default_factory=dict)
    """The profile's keys and values as used (SiteProfile fields but name and source)."""
    hints: dict[str, Any] = field(default_factory=dict)
    """ArticlePage hints of the site: timezone, site_name, language, selectors."""
    extractor: str = EXTRACTOR

    def to_fields(self) -> dict[str, str]:
        """The warcinfo fields of this description."""
        out = {EXTRACTOR_FIELD: self.extractor}
        if self.profile:
            out[PROFILE_FIELD] = self.profile
        if self.profile_data:
            out[PROFILE_DATA_FIELD] = json.dumps(self.profile_data, ensure_ascii=False)
        if self.hints:
            out[HINTS_FIELD] = json.dumps(self.hints, ensure_ascii=False)
        return out

    @classmethod
    def from_fields(cls, fields: Mapping[str, str]) -> CrawlInfo | None:
        """The description in a warcinfo record's fields; None if it has none (another tool's).

        Raises ValueError when a field is there but not what this module writes.
        """
        if EXTRACTOR_FIELD not in fields:
            return None
        data, hints = fields.get(PROFILE_DATA_FIELD), fields.get(HINTS_FIELD)
        info = cls(
            profile=fields.get(PROFILE_FIELD, ""),
            profile_data=json.loads(data) if data else {},
            hints=json.loads(hints) if hints else {},
            extractor=fields[EXTRACTOR_FIELD],
        )
        if not isinstance(info.profile_data, dict) or not isinstance(info.hints, dict):
            raise ValueError("archiver-profile-data and archiver-hints must be JSON objects")
        return info
