"""Changes counted per site (host name, as the crawl report keys its sites), for `scrapy report`."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from archiver.coverage import host_of
from archiver.history.render import EntryList, html_page
from archiver.history.sources import Versions
from archiver.history.versions import FLAG_OF_NOTICE
from archiver.utils.words import counted

#: The changes page `scrapy report` writes beside itself and links to.
CHANGES_PAGE = "changes.html"


@dataclass
class SiteChanges:
    """How a site's articles changed over the versions read."""

    articles: int = 0  # articles with at least one change
    changes: int = 0
    silent: int = 0  # articles with at least one stealth edit
    noticed: int = 0  # articles with a correction or update notice added


def per_site(entries: EntryList) -> dict[str, SiteChanges]:
    out: dict[str, SiteChanges] = {}
    notices = set(FLAG_OF_NOTICE.values())
    for versions, found in entries:
        s = out.setdefault(host_of(versions[-1].url), SiteChanges())
        s.articles += 1
        s.changes += len(found)
        s.silent += any(c.stealth for c in found)
        s.noticed += any(notices & set(c.flags) for c in found)
    return out


def report_html(counts: SiteChanges | None, page: str, site: str) -> str:
    """The crawl report's lines on a site's changes, linking to its part of the changes page."""
    if counts is None:
        return '<h3>Changes</h3><p class="note">No article of the site changed.</p>'
    link = html.escape(f"{page}#site-{site}")
    return (
        f'<h3>Changes</h3><p class="changes">{counted(counts.articles, "article")} changed '
        f"({counted(counts.changes, 'change')}): <b>{counts.silent} silently</b> "
        f"(stealth edits: what a reader sees changed, the page's updated date did not), "
        f"{counts.noticed} with a "
        f'correction or update notice. <a href="{link}">See what changed</a>.</p>'
    )


def changes_beside(files: list[str], report: Path, generated: str) -> dict[str, SiteChanges]:
    """The changes of the articles in the JSONL ``files``, per site; their page (all sites,
    grouped by site, newest change first) written beside the crawl report as CHANGES_PAGE."""
    entries = list(Versions(files).changed())
    entries.sort(key=lambda e: e[1][-1].after.fetched_at or "", reverse=True)
    entries.sort(key=lambda e: host_of(e[0][-1].url))
    counts = per_site(entries)
    note = (
        f"{counted(sum(c.articles for c in counts.values()), 'article')} changed in the JSONL "
        f"files {', '.join(files)}; generated {generated} with the crawl report."
    )
    page = html_page(entries, title="Changed articles", note=note)
    report.with_name(CHANGES_PAGE).write_text(page, encoding="utf-8")
    return counts
