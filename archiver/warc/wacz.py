"""WACZ packaging: the pages of a package (articles, or archived HTML) and `wacz create`."""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from archiver.warc.convert import arc_to_warc
from archiver.warc.index import check_seekable
from archiver.warc.reader import ARC_SUFFIXES, WarcReadError, iter_records


def _ts(iso: str) -> str:
    # In UTC with Z: warcio's ISO parser (used by wacz) takes no "+00:00".
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def article_pages(items: list[Path]) -> list[dict[str, str]]:
    """One page per article of the JSONL files, at its capture time, titled by its headline."""
    pages = []
    for path in items:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                item = json.loads(line)
                page = {"url": item["url"], "title": item.get("headline") or item["url"]}
                if item.get("fetched_at"):
                    # With ts, wacz matches the page to that capture, not any of the URL.
                    page["ts"] = _ts(item["fetched_at"])
                pages.append(page)
    return pages


def write_pages(pages: list[dict[str, str]], target: Path, title: str) -> None:
    """WACZ pages.jsonl: a json-pages-1.0 header, then one page per line."""
    with open(target, "w", encoding="utf-8") as out:
        header = {"format": "json-pages-1.0", "id": "pages", "title": title}
        out.write(json.dumps(header) + "\n")
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")


def archived_pages(warcs: list[Path]) -> tuple[list[dict[str, str]], list[WarcReadError]]:
    """One page per archived 2xx HTML response, and the damage found in the files."""
    pages = []
    errors: list[WarcReadError] = []
    for path in warcs:
        # Every file is read through, so that all the damage is said at once, in the
        # lines `scrapy warc-index` and `scrapy reparse` give for the same file.
        try:
            check_seekable(path)
            for rec in iter_records(path, on_damage=errors.append):
                ok = rec.status and 200 <= rec.status < 300 and rec.is_html
                if ok and rec.url and rec.fetched_at:
                    pages.append({"url": rec.url, "title": rec.url, "ts": _ts(rec.fetched_at)})
        except WarcReadError as exc:
            errors.append(exc)
    return pages, errors


def create_wacz(
    output: Path, title: str, desc: str, pages: list[dict[str, str]], warcs: list[Path]
) -> int | str:
    """`wacz create` then `wacz validate`: 0, or what failed."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["create", "-o", str(output), "--title", title]
        if desc:
            argv += ["--desc", desc]
        write_pages(pages, Path(tmp) / "pages.jsonl", title)
        argv += ["-p", str(Path(tmp) / "pages.jsonl")]
        # WACZ holds WARC files only: an ARC file goes in as the WARC file it converts to.
        argv += [str(arc_to_warc(p, tmp) if p.name.endswith(ARC_SUFFIXES) else p) for p in warcs]
        # Imported here: a second of every command's start otherwise (each command module
        # is loaded at every start).
        from wacz.main import main as wacz_main

        # wacz talks on stdout; keep stdout for data, as the other commands do.
        with contextlib.redirect_stdout(sys.stderr):
            try:
                return wacz_main(argv) or wacz_main(["validate", "-f", str(output)])
            except Exception as exc:  # wacz raises bare errors on bad input
                return repr(exc)
