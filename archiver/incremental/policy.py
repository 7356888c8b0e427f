"""Skip policy: whether a known article is fetched again, from its evidence or its age."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from archiver.state import PageState


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 value as an aware datetime (UTC when it names no zone), or None."""
    try:
        parsed = datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def change_stamp(evidence: dict[str, Any] | None) -> str | None:
    """The evidence's claim of when the article last changed: ``updated`` or ``lastmod``.

    ``published`` is no such claim (feeds keep it when a story is updated), so evidence with
    only a publication date counts as no evidence.
    """
    if not evidence:
        return None
    stamps = [v for k in ("updated", "lastmod") if isinstance(v := evidence.get(k), str) and v]
    if not stamps:
        return None
    return max(stamps, key=lambda s: parse_date(s) or datetime.min.replace(tzinfo=UTC))


def changed_since(stamp: str, page: PageState) -> bool:
    """Whether a change stamp is newer than the archived version of the page."""
    ref = page.evidence or page.updated or page.last_changed
    a, b = parse_date(stamp), parse_date(ref)
    if a is None or b is None:
        return stamp != ref  # cannot order them: any other value is a change
    return a > b


def skip_reason(
    page: PageState, stamp: str | None, recheck_after: float, now: datetime | None = None
) -> tuple[str, str] | None:
    """Why a known article is not fetched again, ``(why, detail)``, or None to fetch it.

    With a change stamp, it decides: not newer than the archived version, skipped. Without
    one, the article is fetched again once ``recheck_after`` seconds passed since the last
    fetch (0: every run), in case it changed without saying so.
    """
    if stamp is not None:
        return None if changed_since(stamp, page) else ("unchanged", f"evidence {stamp} not newer")
    if recheck_after <= 0:
        return None
    last = parse_date(page.last_fetched)
    age = ((now or datetime.now(UTC)) - last).total_seconds() if last else float("inf")
    if age < recheck_after:
        return "recent", f"fetched {age:.0f}s ago, no evidence of change"
    return None
