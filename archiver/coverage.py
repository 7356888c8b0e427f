"""Field coverage: which article fields a site fills, per run, and the drift alarm (pure)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from archiver.utils.words import counted

#: The fields whose coverage is kept, in report order. ``credit`` is the lead photo's credit;
#: ``body`` counts articles whose body has at least BODY_MIN_CHARS characters (an extractor
#: that loses the article text still finds a teaser or a caption).
FIELDS = (
    "headline", "authors", "agencies", "published", "updated", "image", "credit", "body",
    "section", "tags", "language",
)  # fmt: skip

#: A body shorter than this is a teaser or a fragment, not the article text.
BODY_MIN_CHARS = 300


def _text(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _image(item: Mapping[str, Any]) -> Mapping[str, Any]:
    image = item.get("image")
    if image is None:
        return {}
    if isinstance(image, Mapping):
        return image
    return vars(image) if hasattr(image, "__dict__") else {}


def present(item: Mapping[str, Any]) -> dict[str, bool]:
    """Which of FIELDS an exported article (a dict, as in the JSONL) has; same rules as SQL."""
    image = _image(item)
    body = item.get("body")
    return {
        "headline": _text(item.get("headline")),
        "authors": bool(item.get("authors")),
        "agencies": bool(item.get("agencies")),
        "published": _text(item.get("published")),
        "updated": _text(item.get("updated")),
        "image": _text(image.get("url")),
        "credit": _text(image.get("credit")),
        "body": isinstance(body, str) and len(body) >= BODY_MIN_CHARS,
        "section": _text(item.get("section")),
        "tags": bool(item.get("tags")),
        "language": _text(item.get("language")),
    }


#: DuckDB expressions over ``scrapy query``'s ``articles`` view, true where ``present()`` is:
#: the coverage of articles read back from JSONL is the coverage the crawl recorded.
SQL_PRESENT = {
    "headline": "coalesce(headline <> '', false)",
    "authors": "coalesce(len(authors) > 0, false)",
    "agencies": "coalesce(len(agencies) > 0, false)",
    "published": "coalesce(published <> '', false)",
    "updated": "coalesce(updated <> '', false)",
    "image": "coalesce(image.url <> '', false)",
    "credit": "coalesce(image.credit <> '', false)",
    "body": f"coalesce(length(body) >= {BODY_MIN_CHARS}, false)",
    "section": "coalesce(section <> '', false)",
    "tags": "coalesce(len(tags) > 0, false)",
    "language": "coalesce(language <> '', false)",
}

#: The site of an article: the host name of the URL it was fetched from, lower case.
SQL_HOST = r"lower(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)', 1))"


def host_of(url: Any) -> str:
    """The site of an article URL (its host name, lower case), as SQL_HOST computes it."""
    if not isinstance(url, str):
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass
class SiteCoverage:
    """The coverage of one site in one run: how many articles, and how many have each field."""

    site: str
    articles: int = 0
    have: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    body_chars: int | None = None  # median body length, in characters

    def share(self, name: str) -> float:
        return self.have.get(name, 0) / self.articles if self.articles else 0.0


class CoverageCounter:
    """Counts field coverage per site over the articles of one run, as they are exported."""

    def __init__(self) -> None:
        self.sites: dict[str, SiteCoverage] = {}
        self._lengths: dict[str, list[int]] = {}

    def add(self, item: Mapping[str, Any]) -> None:
        site = host_of(item.get("url"))
        cov = self.sites.get(site)
        if cov is None:
            cov = self.sites[site] = SiteCoverage(site)
            self._lengths[site] = []
        cov.articles += 1
        for name, has in present(item).items():
            cov.have[name] += has
        body = item.get("body")
        self._lengths[site].append(len(body) if isinstance(body, str) else 0)

    def result(self) -> list[SiteCoverage]:
        for site, lengths in self._lengths.items():
            self.sites[site].body_chars = statistics.median_low(lengths) if lengths else None
        return [self.sites[s] for s in sorted(self.sites)]


@dataclass(frozen=True)
class DriftThresholds:
    """When a drop is an alarm: see the ARCHIVER_COVERAGE_* settings."""

    min_articles: int = 20  # a run with fewer articles of the site is not judged
    history: int = 10  # trailing runs (with articles of the site) the baseline is taken from
    min_runs: int = 3  # no baseline before this many earlier runs
    normal: float = 0.8  # a field the site fills on this share of its articles over them
    drop: float = 0.4  # alarm when the run's share is this much (absolute) below the baseline


@dataclass(frozen=True)
class Drift:
    """A field a site normally fills, found much less often in one run."""

    site: str
    field: str
    have: int
    articles: int
    baseline: float  # share over the trailing runs
    runs: int  # how many runs the baseline is taken from

    @property
    def share(self) -> float:
        return self.have / self.articles if self.articles else 0.0

    def message(self) -> str:
        return (
            f"Layout change? {self.site}: {self.field} on {self.have} of {self.articles} "
            f"articles ({self.share:.0%}), {self.baseline:.0%} over the last "
            f"{counted(self.runs, 'run')}"
        )


def find_drifts(
    current: SiteCoverage,
    history: Sequence[SiteCoverage],
    thresholds: DriftThresholds = DriftThresholds(),
) -> list[Drift]:
    """Fields of ``current`` that dropped sharply from their share over ``history``.

    ``history`` is the site's earlier runs, oldest first; runs without articles of the site
    (an incremental run that found nothing new) are passed over. The baseline is the pooled
    share over the last ``thresholds.history`` of them, so a run of three articles weighs
    three articles. Nothing is judged on a run of fewer than ``min_articles`` articles, or
    with fewer than ``min_runs`` earlier runs or ``min_articles`` earlier articles.
    """
    t = thresholds
    if current.articles < max(t.min_articles, 1):
        return []
    past = [h for h in history if h.articles > 0][-t.history :] if t.history > 0 else []
    total = sum(h.articles for h in past)
    if len(past) < t.min_runs or total < t.min_articles or total == 0:
        return []
    drifts = []
    for name in FIELDS:
        baseline = sum(h.have.get(name, 0) for h in past) / total
        if baseline >= t.normal and current.share(name) <= baseline - t.drop:
            drifts.append(
                Drift(current.site, name, current.have[name], current.articles, baseline, len(past))
            )
    return drifts


def coverage_table(
    rows: Iterable[tuple[str, str, SiteCoverage, Iterable[str]]], *, header: bool = True
) -> list[str]:
    """Lines of the text coverage table: one per (site, when, coverage, drifted fields).

    Shares are whole percents; a field whose drift alarm fired is marked ``!``.
    """
    rows = list(rows)
    width = max([len("site")] + [len(site) for site, *_ in rows])
    when_w = max([len("run")] + [len(when) for _, when, *_ in rows])
    cols = [(name, max(len(name), 4)) for name in FIELDS]
    lines = []
    if header:
        head = f"{'site':<{width}}  {'run':<{when_w}}  {'articles':>8}  "
        head += " ".join(f"{name:>{w}}" for name, w in cols) + "  body chars"
        lines.append(head.rstrip())
    for site, when, cov, drifted in rows:
        marks = set(drifted)
        cells = []
        for name, w in cols:
            cell = f"{round(100 * cov.share(name))}" + ("!" if name in marks else "")
            cells.append(f"{cell:>{w}}")
        chars = "" if cov.body_chars is None else str(cov.body_chars)
        line = f"{site:<{width}}  {when:<{when_w}}  {cov.articles:>8}  " + " ".join(cells)
        lines.append(f"{line}  {chars:>10}".rstrip())
    return lines
