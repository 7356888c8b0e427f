"""Site profiles: the shipped ones load and know their sites' URLs; bad ones name the bad key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archiver.profiles import (
    PROFILE_DIR,
    ProfileError,
    SiteProfile,
    load_profile,
    profile_from_dict,
)

SHIPPED = sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


def test_shipped_profiles() -> None:
    assert {"sbs", "abc", "guardian", "bbc", "demo"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_profile_loads_and_rebases(name: str) -> None:
    profile = load_profile(name)
    assert isinstance(profile, SiteProfile) and profile.timezone and profile.site_name
    local = load_profile(name, "http://127.0.0.1:9999")
    assert local.allowed_domains[0] == "127.0.0.1"
    for url in local.start_urls + local.sections + local.sitemaps:
        assert url.startswith("http://127.0.0.1:9999/"), url


# Real URL shapes of each site: (path, True article / False skipped / None page decides).
URLS = {
    "sbs": [
        ("/news/article/russia-says-no-proof-of-purge/2x9tq3lmn", True),
        ("/news/russia-says-there-is-not-a-single-concrete-fact-of-anti-gay-purge-in-chechnya",
         True),
        ("/news/video/lavrov-denies-purge/abc123", False),
        ("/news/podcast-episode/the-briefing/xyz", False),
        ("/ondemand/movie/some-film/123", False),
        ("/news/topic/world", None),
        ("/news", None),
    ],
    "abc": [
        ("/news/2024-05-31/senate-passes-budget/103915202", True),
        ("/news/programs/7-30/some-episode/103900000", False),
        ("/listen/programs/am/x/1", False),
        ("/news/justin", None),
    ],
    "guardian": [
        ("/world/2024/may/31/russia-denies-purge-chechnya", True),
        ("/australia-news/2024/jun/01/budget-passes-senate", True),
        ("/world/live/2024/may/31/ukraine-war-live", False),
        ("/world/video/2024/may/31/a-clip", False),
        ("/profile/jane-doe", False),
        ("/world", None),
    ],
    "bbc": [
        ("/news/articles/c4nn0dy5e7eo", True),
        ("/news/world-europe-40123456", True),
        ("/news/av/world-europe-40123456", False),
        ("/news/live/world-12345678", False),
        ("/sport/football/12345678", False),
        ("/news/world", None),
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "path", "expected"), [(n, p, e) for n, cases in URLS.items() for p, e in cases]
)
def test_profile_url_patterns(name: str, path: str, expected: bool | None) -> None:
    profile = load_profile(name)
    assert profile.is_article_url(profile.base + path) is expected


BASE = {"base": "https://example.org", "start_urls": ["/"]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sitemap": ["/s.xml"]}, "key 'sitemap': unknown key"),
        ({"feeds": "/rss.xml"}, "key 'feeds': expected list, got str"),
        ({"feeds": [1]}, "key 'feeds': expected a list of strings"),
        ({"max_depth": "2"}, "key 'max_depth': expected int"),
        ({"max_depth": True}, "key 'max_depth': expected int"),
        ({"max_depth": -1}, "key 'max_depth': must be 0 or more"),
        ({"follow_links": "yes"}, "key 'follow_links': expected bool"),
        ({"article_patterns": ["/news/(x"]}, "key 'article_patterns': bad regular expression"),
        ({"timezone": "Australia/Sydny"}, "key 'timezone': unknown timezone 'Australia/Sydny'"),
        ({"selectors": {"headlin": "h1"}}, "key 'selectors': unknown field 'headlin'"),
        ({"selectors": {"byline": "div[[bad"}}, "key 'selectors': bad CSS selector for 'byline'"),
        ({"selectors": {"byline": 3}}, "key 'selectors': selector of 'byline' must be a string"),
        ({"base": "example.org"}, "key 'base': not an http(s) URL"),
        ({"base": "", "start_urls": ["/news"]}, "key 'start_urls': '/news' is relative"),
        ({"start_urls": [], "robots_sitemaps": False}, "key 'start_urls': the profile names no"),
        ({"evidence_hints": ["lastmod"]}, "key 'evidence_hints': unknown evidence 'lastmod'"),
    ],
)  # fmt: skip
def test_bad_profile_names_the_key(data: dict, message: str) -> None:
    with pytest.raises(ProfileError, match="^" + re.escape(f"site.toml: {message}")):
        profile_from_dict(BASE | data, "site", "site.toml")


def test_bad_toml_and_unknown_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('base = "https://example.org"\nstart_urls = ["/"\n')
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(str(bad))
    with pytest.raises(ProfileError, match="no profile 'nosuchsite'.*shipped profiles: .*sbs"):
        load_profile("nosuchsite")


def test_profile_hints_and_defaults() -> None:
    profile = profile_from_dict(
        BASE | {"site_name": "Ex", "timezone": "Europe/Berlin", "selectors": {"byline": ".by"}},
        "ex",
    )
    assert profile.allowed_domains == ["example.org"]
    assert profile.hints() == {
        "timezone": "Europe/Berlin",
        "site_name": "Ex",
        "selectors": {"byline": ".by"},
    }
    assert profile.evidence_hints == ["title", "published", "updated", "authors"]
    assert profile.max_depth == 2 and profile.follow_links and profile.robots_sitemaps
