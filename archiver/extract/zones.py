"""The timezone of times a page prints without offset, inferred from evidence (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from datetime import timezone as dt_timezone
from functools import cache
from importlib import resources
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from archiver.extract.patterns import (
    CCTLD_COUNTRIES,
    GENERIC_CCTLDS,
    LANGUAGE_ZONES,
    MAIN_ZONES,
    MAX_UTC_OFFSET_MINUTES,
)

QUARTER_HOUR = 15
# Seconds of slack when matching a printed time to an instant (rounding, truncated seconds).
MATCH_SLACK_MINUTES = 1.5


@dataclass(frozen=True)
class Zone:
    """A zone for naive times, and the evidence it came from (`sources["<field>_timezone"]`)."""

    tz: tzinfo
    source: str
    """"profile" (site profile or -a timezone), "page" (an offset or the same instant in UTC
    on the page), "evidence" (a sitemap or feed instant), "country" (the country-code
    domain), "language" (the page's language)."""


@cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO 3166 country code -> its IANA zones, from tzdata's zone.tab."""
    text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            cols = line.split("\t")
            zones.setdefault(cols[0], []).append(cols[2])
    return {country: tuple(names) for country, names in zones.items()}


@cache
def _zones(names: tuple[str, ...]) -> tuple[ZoneInfo, ...]:
    """The zones of `names`, loaded once: ZoneInfo keeps only a few zones it loaded, and a
    country of 29 zones read from disk for each date cost 2% of the extraction."""
    return tuple(ZoneInfo(n) for n in names)


def _one_zone(names: tuple[str, ...], when: datetime) -> ZoneInfo | None:
    """The first zone when every zone of `names` has one offset at wall time `when`."""
    zones = _zones(names)
    offsets = {when.replace(tzinfo=z).utcoffset() for z in zones}
    return zones[0] if len(offsets) == 1 else None


def country_of(url: str) -> str | None:
    """ISO country code of the URL's country-code top-level domain ("de", "co.uk")."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or not tld.isalpha() or tld in GENERIC_CCTLDS:
        return None
    return CCTLD_COUNTRIES.get(tld, tld.upper())


def zone_of_country(country: str | None, when: datetime) -> ZoneInfo | None:
    """The zone of a country whose zones agree at `when`, or its main zone."""
    if not country:
        return None
    if main := MAIN_ZONES.get(country):
        return ZoneInfo(main)
    names = country_zones().get(country)
    return _one_zone(names, when) if names else None


def zone_of_language(language: str | None, when: datetime) -> ZoneInfo | None:
    """The zone a language tag settles: its region ("de-AT"), else the language itself."""
    if not language:
        return None
    parts = language.replace("_", "-").split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region and (zone := zone_of_country(region, when)):
        return zone
    name = LANGUAGE_ZONES.get(parts[0].lower())
    return ZoneInfo(name) if name else None


def same_instant(naive: datetime, instants: list[datetime]) -> datetime | None:
    """The instant of `instants` that `naive` prints in local time (the same publication
    written in UTC or another offset), expressed in that local offset: the two differ by a
    whole number of quarter hours, at most 14 hours."""
    for instant in instants:
        utc = instant.astimezone(UTC).replace(tzinfo=None)
        minutes = (naive - utc).total_seconds() / 60
        rounded = round(minutes / QUARTER_HOUR) * QUARTER_HOUR
        if abs(rounded) <= MAX_UTC_OFFSET_MINUTES and abs(minutes - rounded) < MATCH_SLACK_MINUTES:
            return instant.astimezone(dt_timezone(timedelta(minutes=rounded)))
    return None


def zone_for_offset(instant: datetime, candidates: list[ZoneInfo | None]) -> tzinfo:
    """A zone of `candidates` that had `instant`'s offset at that instant (so daylight saving
    comes right for the page's other times), else that fixed offset."""
    for zone in candidates:
        if zone is not None and instant.astimezone(zone).utcoffset() == instant.utcoffset():
            return zone
    assert instant.tzinfo is not None
    return instant.tzinfo


def infer_zone(
    naive: datetime,
    *,
    profile: str | None = None,
    same_field: list[tuple[datetime, str]] = (),  # type: ignore[assignment]
    page_offsets: list[datetime] = (),  # type: ignore[assignment]
    url: str = "",
    language: str | None = None,
) -> Zone | None:
    """The zone of a naive printed time, from the best evidence, in the order: the profile,
    the same instant written with an offset (this field's other candidates; "evidence" when
    from a sitemap or feed), an offset printed elsewhere on the page, the country-code
    domain when its country has one zone, the page's language when it settles it."""
    if profile:
        try:
            return Zone(ZoneInfo(profile), "profile")
        except (ValueError, KeyError, OSError):
            pass
    by_country = zone_of_country(country_of(url), naive)
    by_language = zone_of_language(language, naive)
    zones = [by_country, by_language]
    for from_hint in (False, True):
        instants = [v for v, layer in same_field if (layer == "hint") == from_hint]
        if local := same_instant(naive, instants):
            return Zone(zone_for_offset(local, zones), "evidence" if from_hint else "page")
    # An offset printed elsewhere on the page; UTC there says how the CMS stores times, not
    # where the site is.
    if local := next((v for v in page_offsets if v.utcoffset()), None):
        return Zone(zone_for_offset(local, zones), "page")
    if by_country:
        return Zone(by_country, "country")
    if by_language:
        return Zone(by_language, "language")
    return None
