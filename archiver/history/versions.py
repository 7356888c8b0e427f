"""Versions of an article and what changed between two of them: fields, word diffs, flags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from archiver.history.diff import WordDiff, word_diff
from archiver.history.notices import CORRECTION, UPDATE, Notice, new_notices

#: Fields diffed word by word.
TEXT_FIELDS = ("headline", "description", "body")
#: Fields shown as they were and as they are.
PLAIN_FIELDS = (
    "byline",
    "authors",
    "agencies",
    "published",
    "updated",
    "section",
    "tags",
    "image",
    "caption",
    "credit",
)
COMPARED_FIELDS = TEXT_FIELDS + PLAIN_FIELDS
#: What a reader of the page sees of the article. A change here while the page's `updated`
#: stayed where it was, and with no correction or update notice added, is a stealth edit.
#: (Tags, section and the dates themselves are the page's metadata, not what it tells.)
READER_FIELDS = (
    "headline",
    "description",
    "body",
    "byline",
    "authors",
    "agencies",
    "image",
    "caption",
    "credit",
)

#: Flags of a change.
STEALTH = "stealth"
FLAG_OF_NOTICE = {CORRECTION: "correction", UPDATE: "update-notice"}


def _image(row: Mapping[str, Any]) -> Mapping[str, Any]:
    return row.get("image") or {}


# How each compared field is read from an article item (a JSONL line, a DuckDB row): the lead
# photo's url, caption and credit are fields of their own to the reader.
_READ = {
    "image": lambda row: _image(row).get("url"),
    "caption": lambda row: _image(row).get("caption"),
    "credit": lambda row: _image(row).get("credit"),
}


def _value(row: Mapping[str, Any], name: str) -> Any:
    value = _READ[name](row) if name in _READ else row.get(name)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value if value not in ("", None) else None


@dataclass(frozen=True)
class Version:
    """One version of an article: the compared fields and where it was archived."""

    url: str
    canonical_url: str | None
    site: str | None
    fetched_at: str | None
    warc_file: str | None
    record_id: str | None
    values: tuple[tuple[str, Any], ...]  # (field, value) in COMPARED_FIELDS order
    by_name: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update(self.values)

    @classmethod
    def from_item(cls, row: Mapping[str, Any]) -> Version:
        warc = row.get("warc") or {}
        return cls(
            url=row["url"],
            canonical_url=row.get("canonical_url"),
            site=row.get("site"),
            fetched_at=row.get("fetched_at"),
            warc_file=warc.get("filename"),
            record_id=warc.get("record_id"),
            values=tuple((f, _value(row, f)) for f in COMPARED_FIELDS),
        )

    @property
    def key(self) -> str:
        return self.canonical_url or self.url

    def get(self, name: str) -> Any:
        return self.by_name[name]

    @property
    def content(self) -> tuple[tuple[str, Any], ...]:
        return self.values

    @property
    def headline(self) -> str | None:
        return self.get("headline")

    def when(self) -> datetime | None:
        return parse_instant(self.fetched_at)


@dataclass
class Change:
    """What changed from ``before`` to ``after``."""

    before: Version
    after: Version
    fields: list[str]
    diffs: dict[str, WordDiff] = field(default_factory=dict)  # the changed TEXT_FIELDS
    notices: list[Notice] = field(default_factory=list)  # notices that appeared
    flags: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(d.added for d in self.diffs.values())

    @property
    def removed(self) -> int:
        return sum(d.removed for d in self.diffs.values())

    @property
    def moved(self) -> int:
        return sum(d.moved for d in self.diffs.values())

    @property
    def stealth(self) -> bool:
        return STEALTH in self.flags


def parse_instant(value: str | None) -> datetime | None:
    """An ISO 8601 instant (or a date, as midnight UTC) as an aware datetime; None if not one."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def changed_fields(before: Version, after: Version) -> list[str]:
    return [name for (name, a), (_, b) in zip(before.values, after.values, strict=True) if a != b]


def compare(before: Version, after: Version) -> Change | None:
    """The change from one version to the next; None when the compared fields are equal."""
    names = changed_fields(before, after)
    if not names:
        return None
    diffs = {
        name: word_diff(before.get(name), after.get(name)) for name in names if name in TEXT_FIELDS
    }
    notices = [
        n
        for name in ("body", "description")
        for n in new_notices(before.get(name), after.get(name))
    ]
    flags = list(dict.fromkeys(FLAG_OF_NOTICE[n.kind] for n in notices))
    if stealth_edit(names, notices):
        flags.insert(0, STEALTH)
    return Change(before, after, names, diffs, notices, flags)


def stealth_edit(names: Iterable[str], notices: list[Notice]) -> bool:
    """What a reader sees changed, but the page's `updated` did not move and no notice says so
    (a page that gives no `updated` at all announced nothing either)."""
    names = set(names)
    return bool(names & set(READER_FIELDS)) and "updated" not in names and not notices


def distinct(versions: Iterable[Version]) -> list[Version]:
    """Versions whose compared fields differ from the one before: a capture of the same
    article again (a revisit, new bytes around it) is not a new version; the first keeps its
    place and record."""
    out: list[Version] = []
    for v in versions:
        if not out or out[-1].content != v.content:
            out.append(v)
    return out


def changes(versions: list[Version]) -> list[Change]:
    """The changes along a history of distinct versions, oldest first."""
    found = (compare(a, b) for a, b in zip(versions, versions[1:], strict=False))
    return [c for c in found if c is not None]
