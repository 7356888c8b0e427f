"""Date text + site timezone + fetch time -> timezone-aware datetime."""

from __future__ import annotations

import hashlib
import inspect
import re
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateparser import DateDataParser
from dateutil import parser as dateutil_parser
from htmldate import __version__ as htmldate_version
from htmldate import core as htmldate_core
from htmldate import extractors as htmldate_extractors
from htmldate import find_date
from lxml.html import HtmlElement

from archiver.extract.patterns import (
    DATELINE_SEPARATOR_RE,
    DAY_WORDS,
    MACHINE_DATE_RE,
    MIN_YEAR,
    MONTH_FIRST_LOCALES,
    MONTHS,
    MONTHS_RE,
    PUBLISHED_LABEL_RE,
    RELATIVE_DATE_RE,
    RELATIVE_UNITS,
    UPDATED_SPLIT_RE,
    URL_DATE_RE,
    URL_MONTH_NAMES,
    URL_MONTH_WORDS,
)
from archiver.extract.zones import (
    Zone,
    country_of,
    infer_zone,
    zone_for_offset,
    zone_of_country,
    zone_of_language,
)

_WS_RE = re.compile(r"\s+")
_TIME_RE = re.compile(
    r"\d{1,2}[:h]\d{2}|\b\d{1,2}\.\d{2}(?![.\d])|\d{1,2}\s*[ap]\.?m\b|T\d{2}", re.I
)
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
# A month the text names: a number in a numeric date, or a month word dateutil or MONTHS read.
_MONTH_EVIDENCE_RE = re.compile(
    r"\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?",
    re.I,
)
# A date that opens with its year ("2021-11-05", "2021/11/05 15:05", "2021.11.05", "2021. 11.
# 5."): year, month, day in every locale that writes one (ISO 8601, East Asia, Hungary,
# Lithuania...); no locale writes year, day, month.
_YEAR_FIRST_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*([./-])\s*\d{1,2}\s*\1\s*\d{1,2}(?!\d)")
# "03.09.2026": day first wherever dots separate a date's numbers, in every locale.
_DOTTED_DATE_RE = re.compile(r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}(?!\d)")
# "10:00-11:30 Uhr": an event's time range, not a time and its UTC offset ("T10:00-05:00").
_TIME_RANGE_RE = re.compile(r"(?<![:\dT])(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})(?![:\d])")
_NUMERIC_TZ_RE = re.compile(r"([+-]\d{2}):?(\d{2})$")
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
# Words and marks between a date's parts; a bullet between a dateline's items ("2025•5 min").
_NOISE_RE = re.compile(
    r"\s[-–—|,]\s|\s*[•·]\s*|\s+um\s+|\s+à\s+|\s+at\s+|,\s*|\s+Uhr\b|\bh\b", re.I
)
_DEFAULT = datetime(1, 1, 1)
ZERO = timedelta(0)
_UTC_SUFFIX_RE = re.compile(r"\s*(?:UTC|GMT|Z)$")
# Zone abbreviations dateutil would warn about; fixed offsets in hours.
_TZINFOS = {"CET": 3600, "MEZ": 3600, "CEST": 7200, "MESZ": 7200, "EST": -18000, "EDT": -14400,
            "CST": -21600, "CDT": -18000, "PST": -28800, "PDT": -25200, "BST": 3600,
            "JST": 32400, "AEST": 36000, "AEDT": 39600, "IST": 19800}  # fmt: skip
# Generic zone names ("10:00 AM ET") follow daylight saving: the zone, not an offset.
_TZINFOS |= {abbr: ZoneInfo(zone) for abbr, zone in (
    ("ET", "America/New_York"), ("CT", "America/Chicago"), ("MT", "America/Denver"),
    ("PT", "America/Los_Angeles"), ("AET", "Australia/Sydney"), ("AWST", "Australia/Perth"),
)}  # fmt: skip


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text: `value` is aware when the text or the site gives a timezone."""

    value: datetime
    has_time: bool
    raw: str
    zone_source: str | None = None
    """Where the offset came from when not from `raw` itself (zones.Zone.source)."""
    relative: bool = False
    """Read relative to the fetch time ("26 minutes ago", "vor 3 Stunden", "yesterday"): a
    comment's or a teaser's age as often as the article's, and only as exact as its unit."""

    @property
    def aware(self) -> bool:
        return self.value.tzinfo is not None


def get_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone called `name`, or None for a missing or unknown name."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _relative(text: str, now: datetime | None) -> datetime | None:
    if now is None:
        return None
    m = RELATIVE_DATE_RE.search(text)
    if m:
        n_raw = next(
            g for g in (m.group("n"), m.group("n_de"), m.group("n_fr"), m.group("n_es")) if g
        )
        unit = next(
            g
            for g in (m.group("unit"), m.group("unit_de"), m.group("unit_fr"), m.group("unit_es"))
            if g
        )
        n = int(n_raw) if n_raw.isdigit() else 1
        return now - timedelta(seconds=n * RELATIVE_UNITS[unit.lower()])
    return None


def _range_start(m: re.Match[str]) -> str:
    start, end = (int(m[1]), int(m[2])), (int(m[3]), int(m[4]))
    return f"{m[1]}:{m[2]}" if end > start else m[0]


def _parse_text(text: str, month_first: bool = False) -> tuple[datetime, bool] | None:
    if _EPOCH_RE.match(text):
        stamp = int(text[:10])
        return datetime.fromtimestamp(stamp, tz=UTC), True
    has_time = bool(_TIME_RE.search(text))
    text = _TIME_RANGE_RE.sub(_range_start, text)
    text = _UTC_SUFFIX_RE.sub("+00:00", text)
    iso = _NUMERIC_TZ_RE.sub(
        r"\1:\2", text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    )
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")), has_time
    except ValueError:
        pass
    if not _YEAR_RE.search(text) and not re.search(r"\d{4}", text):
        return None  # a bare "May 31" would be read as this year: too weak
    yearfirst = bool(_YEAR_FIRST_RE.search(text))
    dotted = bool(_DOTTED_DATE_RE.search(text))
    cleaned = MONTHS_RE.sub(lambda m: MONTHS[m.group(1).lower()] + " ", text)
    if not _MONTH_EVIDENCE_RE.search(cleaned):
        return None  # "3 października 2020": dateutil would take the day for the month
    cleaned = _NOISE_RE.sub(" ", cleaned)
    cleaned = re.sub(r"(\d)\.\s*(?=[A-Za-z])", r"\1 ", cleaned)  # German "31. May"
    cleaned = re.sub(r"(\d{1,2})h(\d{2})", r"\1:\2", cleaned)  # French "11h38"
    for fuzzy in (False, True):
        try:
            with warnings.catch_warnings():
                # An unknown zone name leaves the value naive; the site's zone applies then.
                warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
                value = dateutil_parser.parse(
                    cleaned,
                    default=_DEFAULT,
                    dayfirst=not (yearfirst or (month_first and not dotted)),
                    yearfirst=yearfirst,
                    fuzzy=fuzzy,
                    tzinfos=_TZINFOS,
                )
        except (ValueError, OverflowError, TypeError):
            continue
        if value.year > 1:
            return value, has_time
    return None


# dateparser reads dates in the page's own language (and English, which pages of every
# language print in their metadata); whole dates only, never a bare month or year.
DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
}


@lru_cache(maxsize=128)
def _known_languages(languages: tuple[str, ...]) -> bool:
    try:
        _date_parser(languages)
    except ValueError:  # a language dateparser does not know
        return False
    return True


def date_languages(language: str | None) -> tuple[str, ...]:
    """dateparser language codes for a page's BCP 47 tag: its language, then English."""
    primary = (language or "").replace("_", "-").split("-")[0].lower()
    if not primary or primary == "en" or not _known_languages((primary,)):
        return ()
    return (primary, "en")


def _parse_localised(
    text: str, languages: tuple[str, ...], now: datetime | None
) -> tuple[datetime, bool] | None:
    """dateparser's reading of `text` in `languages` (restricted to them: its search through
    every locale is the bulk of its cost): (value, has time) or None."""
    if not languages or (now is None and not _YEAR_RE.search(text)):
        return None  # a relative date ("вчера") needs the fetch time, not today's
    settings = dict(DATEPARSER_SETTINGS)
    if _YEAR_FIRST_RE.search(text):
        settings["DATE_ORDER"] = "YMD"  # whatever the order of the language's own dates
    if now is not None:
        settings["RELATIVE_BASE"] = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
    try:
        data = DateDataParser(languages=list(languages), settings=settings).get_date_data(text)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj, bool(_TIME_RE.search(text))


def _midnight(value: datetime) -> bool:
    return value.hour == value.minute == value.second == value.microsecond == 0


def parse_date_ex(
    text: str | None,
    *,
    timezone: str | None = None,
    now: datetime | None = None,
    languages: tuple[str, ...] = (),
    month_first: bool = False,
) -> ParsedDate | None:
    """Parse `text` like parse_date, keeping whether a time of day was given; `languages`
    (dateparser codes, see date_languages) read dates our own rules do not; `month_first`: a
    numeric date that opens with neither its year nor a day past 12 is read month first, as
    the page's locale writes it ("03-09-2026" on a US page: March 9; see month_first_locale).
    None for text that names no date or an impossible one (an offset of +99:99, a year past
    9999): a bad date is a missing date, never an error."""
    read = {"timezone": timezone, "now": now, "languages": languages, "month_first": month_first}
    parsed = _parse_guarded(text, read)
    if parsed is None and text and DATELINE_SEPARATOR_RE.search(str(text)):
        # "August 28, 2025 • 5 min read": the date is one item of the line.
        for item in DATELINE_SEPARATOR_RE.split(str(text)):
            if item and (parsed := _parse_guarded(item, read)):
                return replace(parsed, raw=_WS_RE.sub(" ", str(text)).strip())
    return parsed


def _parse_guarded(text: str | None, read: dict[str, Any]) -> ParsedDate | None:
    try:
        return _parse_date_ex(text, **read)
    except (ValueError, OverflowError):
        # Raised by datetime itself on a value the parsers built but cannot exist: an offset
        # beyond ±24 h, arithmetic past year 9999.
        return None


def _parse_date_ex(
    text: str | None,
    *,
    timezone: str | None,
    now: datetime | None,
    languages: tuple[str, ...],
    month_first: bool = False,
) -> ParsedDate | None:
    if not text:
        return None
    raw = _WS_RE.sub(" ", str(text)).strip()
    text = PUBLISHED_LABEL_RE.sub("", raw).strip(" :-–—|,")
    if not text or len(text) > 120:
        return None
    has_time = True
    value = _relative(text, now)
    relative = value is not None
    if value is None and now is not None:
        word = text.lower().split(" ")[0].strip(",")
        if word in DAY_WORDS:
            parsed = (
                _parse_text(now.strftime("%Y-%m-%d ") + text[len(word) :].strip())
                if _TIME_RE.search(text)
                else None
            )
            day = now - timedelta(days=DAY_WORDS[word])
            relative = True
            if parsed:
                value = parsed[0].replace(year=day.year, month=day.month, day=day.day)
            else:
                value, has_time = (
                    day.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None),
                    False,
                )
    if value is None:
        parsed = _parse_text(text, month_first) or _parse_localised(text, languages, now)
        if parsed is None:
            return None
        value, has_time = parsed
        # dateparser reads a whole date without a year only as an age ("3 часа назад").
        relative = not _YEAR_RE.search(text) and not _EPOCH_RE.match(text)
        value.utcoffset()  # ValueError for an offset datetime cannot hold
        if value.tzinfo is not None and value.utcoffset() == timedelta(0) and _midnight(value):
            # "2021-11-05T00:00:00Z": a CMS storing a calendar date; the time of day is not
            # known. ("2021-11-04T23:00:00Z" may be the same east of Greenwich, or an instant:
            # it is placed as one, by the page's evidence of its zone, see place_utc.)
            value = value.replace(tzinfo=None)
            has_time = False
    if value.tzinfo is None and has_time and (zone := get_zone(timezone)):
        value = value.replace(tzinfo=zone)
    if value.year < MIN_YEAR:
        return None
    if now is not None:
        ref = now if now.tzinfo else now.replace(tzinfo=UTC)
        cmp = value if value.tzinfo else value.replace(tzinfo=ref.tzinfo)
        if cmp > ref + timedelta(days=1):
            return None  # a date in the future of the fetch is a misreading or an event date
    return ParsedDate(value, has_time, raw, relative=relative)


def parse_in_page_order(
    text: str, *, url_day: date | None = None, month_first: bool = False, **read: Any
) -> ParsedDate | None:
    """parse_date_ex in the order of the page's locale (`month_first`), unless the other order
    gives the day the page's URL names: "03/10/2023" under /2023/october/03/ is October 3,
    whatever the locale."""
    parsed = parse_date_ex(text, month_first=month_first, **read)
    if parsed is None or url_day is None or parsed.value.date() == url_day:
        return parsed
    other = parse_date_ex(text, month_first=not month_first, **read)
    return other if other is not None and other.value.date() == url_day else parsed


def month_first_locale(language: str | None, url: str) -> bool:
    """Whether the page's numeric dates put the month first: its language tag names a locale
    that does (MONTH_FIRST_LOCALES, "en-US"), or it says English without a region on a host
    under no country's domain (a US publisher's, most often: "en" on a .com)."""
    tag = (language or "").replace("_", "-")
    if tag in MONTH_FIRST_LOCALES:
        return True
    return tag.lower() == "en" and country_of(url) in (None, "US")


def parse_date(
    text: str | None, *, timezone: str | None = None, now: datetime | None = None
) -> datetime | None:
    """Read a printed or machine date; aware when the text has an offset or `timezone` is given.

    Relative dates ("3 hours ago", "yesterday") need `now`. Dates before 1990 or after `now`
    are rejected. A date without time of day stays naive at midnight: its zone would be a guess.
    """
    parsed = parse_date_ex(text, timezone=timezone, now=now)
    return parsed.value if parsed else None


def split_published_updated(text: str) -> tuple[str, str | None]:
    """Split "31 May 2017 - 11:38 AM UPDATED 31 May 2017 - 11:38 AM" at the update label."""
    m = UPDATED_SPLIT_RE.search(text)
    if not m:
        return text.strip(), None
    return text[: m.start()].strip(" -–—|,"), (text[m.end() :].strip(" -–—|,") or None)


def date_from_url(url: str) -> datetime | None:
    """A /2017/05/31/ or /2017/may/31/ date in a URL: weak evidence, day precision only."""
    m = URL_DATE_RE.search(url)
    if not m:
        return None
    month = m.group(2).lower()
    if not month.isdigit():
        if month not in URL_MONTH_WORDS:
            return None
        month = str(URL_MONTH_NAMES.index(month[:3]) + 1)
    try:
        return datetime(int(m.group(1)), int(month), int(m.group(3)))
    except ValueError:
        return None


def to_iso(value: datetime) -> str | None:
    """ISO 8601 with offset, seconds precision; None for naive values."""
    if value.tzinfo is None or value.utcoffset() is None:
        return None
    return value.replace(microsecond=0).isoformat()


# Layers whose dates are machine-written for this page (not printed text or fallbacks).
STRUCTURED_LAYERS = frozenset({"json-ld", "microdata", "opengraph", "meta"})
# Layers of the dates the page prints for its readers, and the page-wide search for them.
PRINTED_LAYERS = frozenset({"profile", "heuristic", "htmldate"})


def machine_written(parsed: ParsedDate) -> bool:
    """A date written as schema.org and Open Graph ask, ISO 8601 ("2024-08-25T10:00:00Z") or
    a timestamp; not a date a template formatted for display ("Jun 24, 2025" in JSON-LD),
    which is often the date of the template's last publication rather than the article's."""
    return bool(MACHINE_DATE_RE.match(parsed.raw) or _EPOCH_RE.match(parsed.raw))


def display_dates_only(candidates: list[tuple[ParsedDate, str]]) -> bool:
    """The structured layers give dates, but none machine-written: each as a page prints it."""
    structured = [c for c, layer in candidates if layer in STRUCTURED_LAYERS]
    return bool(structured) and not any(machine_written(c) for c in structured)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _local_offset(
    first: tuple[ParsedDate, str], candidates: list[tuple[ParsedDate, str]]
) -> tuple[ParsedDate, str]:
    """A UTC time re-expressed in the offset the page itself establishes: the same instant
    with an offset elsewhere, or a printed local time a whole number of quarter hours away."""
    utc = first[0].value
    for cand, layer in candidates:
        value = cand.value
        if not cand.has_time or cand is first[0]:
            continue
        if cand.aware and value.utcoffset() and abs(value - utc) <= timedelta(minutes=1):
            return cand, layer
        if not cand.aware:
            delta = value - utc.replace(tzinfo=None)
            minutes = delta.total_seconds() / 60
            if 0 < abs(minutes) <= 14 * 60 and abs(minutes - round(minutes / 15) * 15) < 1.5:
                offset = dt_timezone(timedelta(minutes=round(minutes / 15) * 15))
                source = "evidence" if first[1] == "hint" else "page"
                return ParsedDate(utc.astimezone(offset), True, first[0].raw, source), first[1]
    return first


def pick_date(
    candidates: list[tuple[ParsedDate, str]], *, earliest: bool = False
) -> tuple[ParsedDate, str] | None:
    """The best candidate. With `earliest`, the earliest of the structured layers: a page
    often labels its modification time as published, rarely the reverse. A naive or
    day-only value yields to an aware one of the same day, and a UTC value to the same
    instant printed with the site's own offset (its calendar day is the one readers see).
    A relative date is picked only when no other is found."""
    if not candidates:
        return None
    # An age ("26 minutes ago") yields to any date the page writes out: whatever its place.
    candidates = [c for c in candidates if not c[0].relative] or candidates
    first = candidates[0]
    if earliest:
        structured = [c for c in candidates if c[1] in STRUCTURED_LAYERS]
        if display_dates_only(candidates):
            # Metadata formatted for display is no better a witness than the page's own
            # printed date: the earlier of the two, as between structured layers.
            structured += [c for c in candidates if c[1] in PRINTED_LAYERS][:1]
        if structured:
            first = min(structured, key=lambda c: _utc(c[0].value))
    if first[0].aware and first[0].has_time:
        if first[0].value.utcoffset() == ZERO:
            return _local_offset(first, candidates)
        return first
    for cand in candidates:
        if cand[0].aware and cand[0].has_time and cand[0].value.date() == first[0].value.date():
            return _local_offset(cand, candidates) if cand[0].value.utcoffset() == ZERO else cand
    return first


# dateparser readings htmldate may ask for in one page's fallback search. Each costs
# milliseconds (in every locale: tens of them), and a page may print thousands of date-like
# strings (15 s on a 74 KB page).
HTMLDATE_PARSES = 20
HTMLDATE_PARSES_ANY_LANGUAGE = 5
# Languages tried for a page that names none, in place of every locale dateparser knows:
# loading all of them takes seconds (twice a process on the dev pages, 15% of its time),
# for the same dates found (trafilatura-eval, extractor alone: 636/728 published days
# either way).
HTMLDATE_ANY_LANGUAGE = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru",
                         "cs", "sv", "da", "tr")  # fmt: skip
# (languages, or None for HTMLDATE_ANY_LANGUAGE, and parses left) of the fallback search
# running; None outside it.
_HTMLDATE_SCOPE: ContextVar[tuple[tuple[str, ...] | None, list[int]] | None] = ContextVar(
    "htmldate_scope", default=None
)
_htmldate_external = htmldate_extractors._external_date


def _scoped_external_date(string: str) -> datetime | None:
    """htmldate's dateparser reading, in our search: in the page's languages and English,
    within the page's budget. htmldate's own asks every locale dateparser knows (regexes
    compiled per locale: most of the fallback's time) and has no budget."""
    scope = _HTMLDATE_SCOPE.get()
    if scope is None:
        return _htmldate_external(string)  # htmldate called by anyone else, as it is
    languages, left = scope
    if left[0] <= 0:
        return None
    left[0] -= 1
    try:
        return _date_parser(languages or HTMLDATE_ANY_LANGUAGE).get_date_data(string).date_obj
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None


htmldate_extractors._external_date = _scoped_external_date

# htmldate's page-wide search runs a dozen regular expressions over the whole serialised
# page (a fifth of our time on wcxb-dev). All but its copyright one match digits with at most
# a few non-digits between and beside them, and are blind to what lies further from a digit:
# each run of more non-digits than twice so many is cut to its first and last so many
# characters, which leaves their matches as they were (checked on every search of the dev
# pages) in less text. Its digit expressions read one non-digit either side of a date, and
# the six characters before it ("w3.org"): HTMLDATE_DIGIT_CONTEXT_KEPT. Its text dates read
# words of up to a dozen letters (the last 12 of a glued word) and "of" between day and
# month: HTMLDATE_TEXT_CONTEXT_KEPT.
HTMLDATE_DIGIT_CONTEXT_KEPT = 8
HTMLDATE_TEXT_CONTEXT_KEPT = 32
# htmldate's expressions so read, as htmldate 1.11 spells them: under another version (or
# other expressions) its search runs on the page as serialised.
_HTMLDATE_CUT_VERSION = "1.11."
_DIGIT_PATTERNS = frozenset(
    getattr(htmldate_core, name, None)
    for name in (
        "THREE_PATTERN",
        "THREE_LOOSE_PATTERN",
        "SELECT_YMD_PATTERN",
        "DATESTRINGS_PATTERN",
        "SLASHES_PATTERN",
        "YYYYMM_PATTERN",
        "MMYYYY_PATTERN",
        "SIMPLE_PATTERN",
    )
)
_DIGIT_PATTERNS_SHA1 = "30425db74fcbb7010589e12e1a6999a21f051d1e"
# The page as serialised of the search running, and its cuts made so far (by characters
# kept), None outside it.
_HTMLDATE_CUT: ContextVar[tuple[str, dict[int, str]] | None] = ContextVar(
    "htmldate_cut", default=None
)
_htmldate_search_page = htmldate_core.search_page
_htmldate_year_filter = htmldate_core.plausible_year_filter
_htmldate_regex_parse = htmldate_core.regex_parse


@lru_cache(maxsize=4)
def _long_nondigits(keep: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\D)\D{{{2 * keep + 1},}}")


def _cut_nondigits(text: str, keep: int) -> str:
    """`text` with each run of non-digits over 2 * `keep` characters cut to its first and
    last `keep`."""
    return _long_nondigits(keep).sub(lambda m: m[0][:keep] + m[0][-keep:], text)


def _digit_patterns_sha1() -> str:
    text = "\n".join(sorted(p.pattern for p in _DIGIT_PATTERNS if p is not None))
    text += "\n" + htmldate_extractors.LONG_TEXT_PATTERN.pattern
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - a fingerprint


_CUT_SAFE = (
    htmldate_version.startswith(_HTMLDATE_CUT_VERSION)
    and None not in _DIGIT_PATTERNS
    and _digit_patterns_sha1() == _DIGIT_PATTERNS_SHA1
)


def _search_page(htmlstring: str, options: Any) -> str | None:  # noqa: ANN401
    """htmldate's `search_page`, in our search (`htmldate_fallback`) with the digit
    expressions run on the page with long non-digit runs cut."""
    if _HTMLDATE_SCOPE.get() is None or not _CUT_SAFE:
        return _htmldate_search_page(htmlstring, options)
    token = _HTMLDATE_CUT.set((htmlstring, {}))
    try:
        return _htmldate_search_page(htmlstring, options)
    finally:
        _HTMLDATE_CUT.reset(token)


def _cut(text: str, keep: int) -> str:
    """The search's page cut to `keep` non-digits around digits; any other text as it is."""
    search = _HTMLDATE_CUT.get()
    if search is None or text is not search[0]:
        return text
    if keep not in search[1]:
        search[1][keep] = _cut_nondigits(text, keep)
    return search[1][keep]


def _year_filter(htmlstring: str, *, pattern: re.Pattern[str], **kwargs: Any) -> Any:  # noqa: ANN401
    if pattern in _DIGIT_PATTERNS:
        htmlstring = _cut(htmlstring, HTMLDATE_DIGIT_CONTEXT_KEPT)
    return _htmldate_year_filter(htmlstring, pattern=pattern, **kwargs)


# htmldate's text dates ("March 4, 2021", "4th of March 2021") end in a year after a space,
# and hold at most one run of digits (the day, of two at most) before it: no match starts
# before the second run of non-digits back from the page's first " 2021". That year is
# mostly in the footer, and its scan over the page before it (a tenth of the fallback's
# time) is skipped. As htmldate 1.11 spells the expression and its reading loop (sha1 of
# their text): otherwise the whole text is read.
_HTMLDATE_TEXT_DATE_SHA1 = "19ed8acc4563906b856311988b71e49a4952006c"
_SPACED_YEAR = re.compile(" " + htmldate_extractors.YEAR_RE)
# Reversed text before a year: its non-digits, the day's digits, the month name's run.
_RUNS_BEFORE_YEAR = re.compile(r"\D*\d*\D*")


def _text_date_sha1() -> str:
    pattern = htmldate_extractors.LONG_TEXT_PATTERN
    text = f"{pattern.pattern}\n{pattern.flags}\n{_SPACED_YEAR.pattern}\n"
    text += inspect.getsource(_htmldate_regex_parse)
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - a fingerprint


_TEXT_DATE_SAFE = (
    htmldate_version.startswith(_HTMLDATE_CUT_VERSION)
    and _text_date_sha1() == _HTMLDATE_TEXT_DATE_SHA1
)


def _from_first_year(text: str) -> str | None:
    """`text` from where its first text date may start; None if it can hold none."""
    year = _SPACED_YEAR.search(text)
    if year is None:
        return None
    before = text[: year.start()][::-1]
    return text[year.start() - _RUNS_BEFORE_YEAR.match(before).end() :]


def _regex_parse(text: str) -> datetime | None:
    text = _cut(text, HTMLDATE_TEXT_CONTEXT_KEPT)
    if _HTMLDATE_SCOPE.get() is None or not _TEXT_DATE_SAFE:
        return _htmldate_regex_parse(text)
    text = _from_first_year(text)
    return None if text is None else _htmldate_regex_parse(text)


htmldate_core.search_page = _search_page
htmldate_core.plausible_year_filter = _year_filter
htmldate_core.regex_parse = _regex_parse


@lru_cache(maxsize=64)
def _date_parser(languages: tuple[str, ...]) -> DateDataParser:
    return DateDataParser(languages=list(languages))


def htmldate_fallback(
    tree: HtmlElement,
    url: str,
    now: datetime | None = None,
    language: str | None = None,
) -> str | None:
    """htmldate's page-wide search, for pages whose metadata and markup name no date; texts
    it cannot read itself are read in the page's `language` (BCP 47) and English, or, when
    the page does not say, in the common languages of HTMLDATE_ANY_LANGUAGE, fewer of them."""
    languages = (date_languages(language) or ("en",)) if language else None
    budget = HTMLDATE_PARSES if language else HTMLDATE_PARSES_ANY_LANGUAGE
    token = _HTMLDATE_SCOPE.set((languages, [budget]))
    try:
        extra = {"max_date": now.date().isoformat()} if now else {}
        return find_date(tree, url=url, original_date=True, extensive_search=True, **extra)
    except Exception:  # noqa: BLE001 - a fallback must not fail the page
        return None
    finally:
        _HTMLDATE_SCOPE.reset(token)


# A date and time a page writes in its scripts and attributes, with the offset if any:
# "2020-02-17 21:18:11" (a CMS variable, an analytics layer), "2020-02-17T21:18:11+01:00".
# Seconds are required: a minute alone matches the instant by chance too often.
# No digit or "-" may precede it (`_glued`): tested after a match, as a lookbehind would make
# the engine test it at every character of every script (four times slower on news pages).
PAGE_TIME_RE = re.compile(
    r"((?:19|20)\d{2}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?"
    r"(Z|[+-]\d{2}:?\d{2})?(?![\d:])"
)
# Times read from one page's scripts and attributes: its own few dates come first, and a
# page of thousands (a feed, a calendar) has no need of more.
MAX_PAGE_TIMES = 200
# Attributes of <meta> and <time> that hold a machine date.
_TIME_ATTRS = ("content", "datetime")


@dataclass(frozen=True)
class PageTimes:
    """Times a page writes outside its date fields: evidence of the zone of its UTC instants."""

    local: list[datetime]
    """Wall times written without offset ("2020-02-17 21:18:11" in a script)."""
    offsets: list[datetime]
    """Instants written with a non-zero UTC offset (a <time datetime>, a script, a meta)."""


def page_times(tree: HtmlElement) -> PageTimes:
    """The date-times with seconds in the page's inline scripts, <meta content> and <time
    datetime>, split into wall times without offset and instants with a non-zero one."""
    # Machine dates first: a script's times are a library's or a server's as often.
    texts = [e.get(a) or "" for e in tree.iter("meta", "time") for a in _TIME_ATTRS]
    texts += [e.text or "" for e in tree.iter("script")]
    local: list[datetime] = []
    offsets: list[datetime] = []
    for text in texts:
        for m in PAGE_TIME_RE.finditer(text):
            if _glued(text, m.start()):
                continue
            try:
                value = datetime.fromisoformat(f"{m[1]}T{m[2]}{m[3] or ''}".replace("Z", "+00:00"))
            except ValueError:
                continue
            if value.tzinfo is None:
                local.append(value)
            elif value.utcoffset():
                offsets.append(value)
            if len(local) + len(offsets) >= MAX_PAGE_TIMES:
                return PageTimes(local, offsets)
    return PageTimes(local, offsets)


def _glued(text: str, start: int) -> bool:
    """Whether a match starting at `start` continues a number ("12020-...", "-2020-...")."""
    return start > 0 and (text[start - 1].isdecimal() or text[start - 1] == "-")


def same_instant_exact(instant: datetime, local: list[datetime]) -> datetime | None:
    """`instant` in the offset of a wall time of `local` that writes it exactly (a whole number
    of quarter hours away, seconds equal, at most 14 h): a script's "publication_date"."""
    utc = instant.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    if not utc.second:
        return None  # "10:00:00Z": a script's every whole hour would match it
    for wall in local:
        seconds = (wall.replace(microsecond=0) - utc).total_seconds()
        if seconds and seconds % (15 * 60) == 0 and abs(seconds) <= 14 * 3600:
            return instant.astimezone(dt_timezone(timedelta(seconds=seconds)))
    return None


# Offsets (hours) of places people live, Hawaii to Kiribati: the URL's day is reached at the
# nearest of them. (A URL's day further west is its draft's, not a zone's.)
URL_DAY_OFFSETS_HOURS = range(-10, 15)


def place_by_day(instant: datetime, day: date, zones: list[ZoneInfo | None]) -> datetime | None:
    """`instant` on the calendar `day` its page's URL gives, when an offset in use puts it
    there: in the first of `zones` that does, else at the whole-hour offset nearest UTC that
    does (the day is known, the zone only bounded). None when no offset reaches `day`."""
    for zone in zones:
        if zone is not None and instant.astimezone(zone).date() == day:
            return instant.astimezone(zone)
    for hours in sorted(URL_DAY_OFFSETS_HOURS, key=abs):
        local = instant.astimezone(dt_timezone(timedelta(hours=hours)))
        if local.date() == day:
            return local
    return None


def place_utc(
    value: datetime,
    *,
    page: PageTimes,
    page_offsets: list[datetime],
    url: str,
    language: str | None,
    url_day: date | None,
) -> tuple[datetime, str | None]:
    """A UTC instant as the site's readers saw it, and the evidence, strongest first: the
    same instant written as local time in the page's scripts ("page"); an offset of the
    page's other dates of the field ("page"); the zone of the country-code domain or the
    language ("country", "language"); an offset written elsewhere on the page, in a <time>,
    a meta or a script ("page": after the zone of the place, which knows daylight saving,
    as a script's offset may be a library's or a server's); the date in its URL, when what
    came before (or UTC) puts the instant on another day ("url"). Without evidence it stays
    UTC (None)."""
    if local := same_instant_exact(value, page.local):
        return local, "page"
    zone = infer_zone(
        value.replace(tzinfo=None), page_offsets=page_offsets, url=url, language=language
    )
    if zone is None and (elsewhere := next((v for v in page.offsets if v.utcoffset()), None)):
        zone = Zone(zone_for_offset(elsewhere, []), "page")
    if zone is not None and zone.source == "page":
        return value.astimezone(zone.tz), zone.source
    placed = value.astimezone(zone.tz) if zone else value
    if url_day is not None and placed.date() != url_day:
        wall = value.replace(tzinfo=None)
        zones = [zone_of_country(country_of(url), wall), zone_of_language(language, wall)]
        if local := place_by_day(value, url_day, zones):
            return local, "url"
    return placed, zone.source if zone else None


@dataclass(frozen=True)
class Settled:
    """A field's value as the item holds it, and the evidence of its timezone."""

    value: str
    """An instant with its UTC offset, or the calendar date ("2020-09-20") when the zone of
    a printed time is unknown or no time is printed: never a naive time."""
    zone_source: str | None
    """How the zone was known (zones.Zone.source); None when the text gave its offset, or
    for a calendar date."""


def settle(
    best: ParsedDate,
    candidates: list[tuple[ParsedDate, str]],
    *,
    profile: str | None,
    page_offsets: list[datetime],
    url: str,
    language: str | None,
    page: PageTimes | Callable[[], PageTimes] | None = None,
    url_day: date | None = None,
) -> Settled:
    """The item's value of the picked date: aware as printed, a UTC instant as the site's
    readers saw it (place_utc: `page` and `url_day` are its evidence); a naive time in the
    zone the evidence gives (zones.infer_zone); else its calendar date. A date printed
    without time takes the time of a same-day candidate that can be placed in a zone.
    `page` may be a function giving the page's times: called only for a UTC instant, the
    one value that reads them (a walk of the page's scripts, for one date in a few)."""
    value = best.value
    where = {"profile": profile, "page_offsets": page_offsets, "url": url, "language": language}
    if best.aware and best.has_time:
        if profile and getattr(value.tzinfo, "key", None) == profile:
            return Settled(to_iso(value) or "", "profile")
        if value.utcoffset() == ZERO:
            # UTC says how the CMS stores times: shown as the site's readers see it, so that
            # its calendar day is theirs (the day a page prints and a reader cites).
            if zone := get_zone(profile):
                return Settled(to_iso(value.astimezone(zone)) or "", "profile")
            placed, source = place_utc(
                value,
                page=(page() if callable(page) else page) or PageTimes([], []),
                page_offsets=page_offsets,
                url=url,
                language=language,
                url_day=url_day,
            )
            return Settled(to_iso(placed) or "", source)
        return Settled(to_iso(value) or "", best.zone_source)
    same_field = [(c.value, layer) for c, layer in candidates if c.aware and c.has_time]
    for cand in [best] + [c for c, _ in candidates if c.has_time and not c.aware]:
        if not cand.has_time or cand.value.date() != value.date():
            continue
        zone = infer_zone(cand.value, same_field=same_field, **where)
        if zone:
            return Settled(to_iso(cand.value.replace(tzinfo=zone.tz)) or "", zone.source)
    return Settled(value.date().isoformat(), None)
