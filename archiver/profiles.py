"""SiteProfile: a news site described in TOML, loaded and validated before the crawl starts."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import GenericTranslator, SelectorError

PROFILE_DIR = Path(__file__).resolve().parents[1] / "spiders" / "profiles"

# Fields the extractor accepts a CSS selector for (hints["selectors"]).
SELECTOR_FIELDS = frozenset(
    {"headline", "description", "section", "byline", "authors", "published", "updated", "body",
     "tags", "image", "caption", "credit"}
)  # fmt: skip
LIST_KEYS = (
    "start_urls",
    "sections",
    "sitemaps",
    "feeds",
    "allowed_domains",
    "evidence_hints",
    "render_block",
)
# Keys of the request evidence (archiver.meta.EVIDENCE) the extractor reads as weak evidence.
EVIDENCE_HINTS = ("title", "published", "updated", "authors")
URL_KEYS = ("start_urls", "sections", "sitemaps", "feeds")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the bad key."""


@dataclass
class SiteProfile:
    """How to crawl one news site. Every key of the TOML file is a field here."""

    name: str
    """Short name: the file name without .toml unless the file says otherwise."""
    base: str = ""
    """Base URL; relative URLs of the profile resolve against it (``-a base=`` overrides it)."""
    site_name: str = ""
    """Name of the publication ("SBS News"), a hint for the item's ``site``."""
    start_urls: list[str] = field(default_factory=list)
    """Home or front pages: links are followed from them."""
    sections: list[str] = field(default_factory=list)
    """Section fronts: links are followed from them, like start_urls."""
    sitemaps: list[str] = field(default_factory=list)
    """Sitemaps or sitemap indexes (plain or .gz, Google News or not)."""
    robots_sitemaps: bool = True
    """Also read the ``Sitemap:`` lines of the site's robots.txt."""
    feeds: list[str] = field(default_factory=list)
    """RSS or Atom feeds."""
    allowed_domains: list[str] = field(default_factory=list)
    """Hosts the crawl stays on (subdomains included); default: hosts of the URLs above."""
    article_patterns: list[str] = field(default_factory=list)
    """Regexes (re.search on path?query) of article pages; without them the page decides."""
    skip_patterns: list[str] = field(default_factory=list)
    """Regexes of pages never fetched (video, live blogs, galleries, login...)."""
    follow_links: bool = True
    """Follow links from start and section pages; false: sitemaps and feeds only."""
    max_depth: int = 2
    """Link hops followed from a start or section page (sitemap and feed entries are depth 0)."""
    timezone: str = ""
    """IANA timezone of dates the site prints without an offset ("Australia/Sydney")."""
    language: str = ""
    """BCP 47 language of the site ("en"), a hint for the item's ``language``."""
    selectors: dict[str, str] = field(default_factory=dict)
    """CSS selectors for fields the generic extractor gets wrong: {field: selector}."""
    evidence_hints: list[str] = field(default_factory=lambda: list(EVIDENCE_HINTS))
    """Sitemap/feed evidence passed to the extractor as hints; drop a key the site gets wrong."""
    render: bool = False
    """Fetch pages with a headless browser (the site fills its articles with JavaScript)."""
    render_articles_only: bool = False
    """Render only pages likely to be articles (article_patterns, URL shape, sitemap and feed
    entries); start and section pages stay on plain HTTP."""
    render_block: list[str] = field(default_factory=list)
    """Host names (subdomains too) the browser never fetches: ad and tracker servers."""
    render_images: bool = False
    """Let the browser fetch images, and archive them."""
    source: str = ""
    """Where the profile was read from (not a TOML key)."""

    def __post_init__(self) -> None:
        self._article_res = [re.compile(p) for p in self.article_patterns]
        self._skip_res = [re.compile(p) for p in self.skip_patterns]

    @staticmethod
    def _target(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def is_article_url(self, url: str) -> bool | None:
        """True or False if the profile's URL patterns decide, None if they do not say."""
        target = self._target(url)
        if any(r.search(target) for r in self._skip_res):
            return False
        if any(r.search(target) for r in self._article_res):
            return True
        return None

    def is_skipped(self, url: str) -> bool:
        target = self._target(url)
        return any(r.search(target) for r in self._skip_res)

    def hints(self) -> dict[str, Any]:
        """The ArticlePage hints the profile contributes."""
        values = {
            "timezone": self.timezone,
            "language": self.language,
            "site_name": self.site_name,
            "selectors": dict(self.selectors),
        }
        return {k: v for k, v in values.items() if v}


_BOOL_KEYS = ("robots_sitemaps", "follow_links", "render", "render_articles_only", "render_images")


def _key_type(name: str) -> type:
    if name in LIST_KEYS or name.endswith("_patterns"):
        return list
    if name == "selectors":
        return dict
    return bool if name in _BOOL_KEYS else int if name == "max_depth" else str


_TYPES = {f.name: _key_type(f.name) for f in fields(SiteProfile) if f.name != "source"}


def _fail(where: str, key: str, why: str) -> ProfileError:
    return ProfileError(f"{where}: key {key!r}: {why}")


def validate(data: dict[str, Any], where: str) -> None:
    """Raises ProfileError naming the first bad key: unknown, wrong type, bad regex/zone/CSS."""
    for key, value in data.items():
        if key not in _TYPES:
            raise _fail(where, key, f"unknown key (known keys: {', '.join(sorted(_TYPES))})")
        want = _TYPES[key]
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            got = type(value).__name__
            raise _fail(where, key, f"expected {want.__name__}, got {got} {value!r}")
        if want is list and not all(isinstance(v, str) for v in value):
            raise _fail(where, key, "expected a list of strings")
    for key in ("article_patterns", "skip_patterns"):
        for pattern in data.get(key, []):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise _fail(where, key, f"bad regular expression {pattern!r}: {exc}") from exc
    if tz := data.get("timezone"):
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise _fail(where, "timezone", f"unknown timezone {tz!r}") from exc
    for key in data.get("evidence_hints", []):
        if key not in EVIDENCE_HINTS:
            raise _fail(where, "evidence_hints", f"unknown evidence {key!r} ({EVIDENCE_HINTS})")
    if data.get("max_depth", 0) < 0:
        raise _fail(where, "max_depth", "must be 0 or more")
    for name, css in data.get("selectors", {}).items():
        if name not in SELECTOR_FIELDS:
            raise _fail(where, "selectors", f"unknown field {name!r} ({sorted(SELECTOR_FIELDS)})")
        if not isinstance(css, str):
            raise _fail(where, "selectors", f"selector of {name!r} must be a string")
        try:
            GenericTranslator().css_to_xpath(css)
        except SelectorError as exc:
            raise _fail(where, "selectors", f"bad CSS selector for {name!r}: {css!r}") from exc
    if (base := data.get("base")) and urlsplit(base).scheme not in ("http", "https"):
        raise _fail(where, "base", f"not an http(s) URL: {base!r}")


def _resolved(profile: SiteProfile) -> SiteProfile:
    """URLs made absolute against base; allowed_domains defaulted from their hosts."""
    where = profile.source or profile.name
    for key in URL_KEYS:
        urls = []
        for url in getattr(profile, key):
            absolute = urljoin(profile.base, url) if profile.base else url
            if urlsplit(absolute).scheme not in ("http", "https"):
                raise _fail(where, key, f"{url!r} is relative and the profile has no base")
            urls.append(absolute)
        setattr(profile, key, urls)
    if not profile.allowed_domains:
        urls = [profile.base, *(u for k in URL_KEYS for u in getattr(profile, k))]
        profile.allowed_domains = sorted({urlsplit(u).hostname for u in urls if u} - {None})
    pages = profile.start_urls or profile.sections or profile.sitemaps or profile.feeds
    if not pages and not (profile.base and profile.robots_sitemaps):
        raise _fail(where, "start_urls", "the profile names no page, sitemap or feed")
    return profile


def profile_from_dict(data: dict[str, Any], name: str, source: str = "") -> SiteProfile:
    where = source or name
    validate(data, where)
    return _resolved(SiteProfile(**({"name": name} | data), source=source))


def profile_path(site: str) -> Path:
    """The file of a profile given by name ("sbs") or path ("my/site.toml")."""
    path = Path(site)
    if path.suffix == ".toml" or path.is_file():
        return path
    if not re.fullmatch(r"[\w.-]+", site):
        raise ProfileError(f"bad profile name {site!r}")
    return PROFILE_DIR / f"{site}.toml"


def load_profile(site: str, base: str | None = None) -> SiteProfile:
    """The validated profile of a name under spiders/profiles/ or a .toml path, rebased."""
    path = profile_path(site)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        known = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.toml")))
        raise ProfileError(f"no profile {site!r} ({path}); shipped profiles: {known}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    return profile_from_dict(rebased(data, base) if base else data, path.stem, str(path))


def rebased(data: dict[str, Any], base: str) -> dict[str, Any]:
    """Profile data for the same site served elsewhere (a test server, a mirror).

    URLs on the old base's host move to the new base; allowed_domains follow.
    """
    old_host = urlsplit(data["base"]).hostname if isinstance(data.get("base"), str) else None
    new = urlsplit(base)
    out = dict(data, base=base)
    for key in URL_KEYS:
        if isinstance(out.get(key), list):
            out[key] = [_move(u, old_host, new) if isinstance(u, str) else u for u in out[key]]
    if isinstance(out.get("allowed_domains"), list):
        kept = [d for d in out["allowed_domains"] if d != old_host]
        out["allowed_domains"] = [new.hostname, *kept]
    return out


def _move(url: str, old_host: str | None, new: SplitResult) -> str:
    parts = urlsplit(url)
    if not old_host or parts.hostname != old_host:
        return url
    return urlunsplit(parts._replace(scheme=new.scheme, netloc=new.netloc))


def profile_from_start(start_urls: list[str], **values: Any) -> SiteProfile:
    """A profile-less crawl (``-a start=URL``): follow links from the start URLs."""
    return profile_from_dict({"start_urls": start_urls, **values}, "start", "-a start")
