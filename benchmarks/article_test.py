"""The article test's recall on article pages and refusals of other pages: old and new, one run.

    python benchmarks/article_test.py [--data DIR] [--old-rev REV] [--limit N] [--show-missed]

Article pages: the 990 of ``trafilatura-eval`` and the 125 of ``fundus-dev`` (read in place).
Listing pages: the demo site's fronts, sections and tag page, and generated listings (teasers,
cards, search results, an author page, link-list fronts). ``wcxb-dev``: 1,497 pages of seven
types, kept (articles) or refused (the six others) per type, on two halves of its domains
(md5 of the host odd: the half the rules were designed on; even: held out while designing),
so that whether the rules generalise shows. Each page is parsed once as the crawl does (an
HtmlResponse's selector root) and given to both detectors: the old one is
``archiver/classify.py`` of ``--old-rev`` (the crawl's and reparse's test before page types),
loaded from git (with that commit's ``archiver/pagetype.py``, if it has one: ``--old-rev`` of
a branch's base compares the page types before and after a change). Time per page of each,
from the same run.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

from archiver.classify import classify

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEMO = ROOT / "archiver" / "demo" / "site"
OLD_REV = "125f0f9"  # the last commit before page types
SENTENCE = "Officials said the plan would be reviewed again next month after the vote. "


def _load(rev: str, path: str, name: str) -> types.ModuleType | None:
    """The module at path in git rev, as name (None if rev has no such file); its imports of
    the structure rules (archiver.pagetype) are the rev's own, so one detector is one rev."""
    shown = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True)
    if shown.returncode:
        return None
    source = shown.stdout.decode()
    if name != "old_pagetype" and _load(rev, "archiver/pagetype.py", "old_pagetype"):
        source = source.replace("from archiver.pagetype import", "from old_pagetype import")
    module = types.ModuleType(name)
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)
    return module


def old_classifier(rev: str) -> Callable[[HtmlResponse], bool]:
    module = _load(rev, "archiver/classify.py", "old_classify")
    if module is None:
        raise SystemExit(f"no archiver/classify.py at {rev}")

    def decide(response: HtmlResponse) -> bool:
        return module.classify(response.selector.root, response.url)[0]

    return decide


def new_classifier(response: HtmlResponse) -> bool:
    return classify(response.selector.root, response.url)[0]


def article_pages(data: Path) -> Iterator[tuple[str, str, bytes]]:
    evaldata = json.loads((data / "trafilatura-eval" / "evaldata.json").read_text())
    for url, entry in evaldata.items():
        path = data / "trafilatura-eval" / "pages" / entry["file"]
        if path.exists():
            yield "trafilatura-eval", url, path.read_bytes()
    for line in (data / "fundus-dev" / "gold.jsonl").read_text().splitlines():
        entry = json.loads(line)
        path = data / "fundus-dev" / "pages" / entry["file"]
        yield "fundus-dev", entry["url"], gzip.decompress(path.read_bytes())


def wcxb_pages(data: Path) -> Iterator[tuple[str, str, bytes, str]]:
    """(half, url, body, type) of each wcxb-dev page; half "design" or "held-out"."""
    # Not splitlines(): a gold body may hold U+2028, which JSON leaves unescaped.
    for line in filter(None, (data / "wcxb-dev" / "gold.jsonl").read_text().split("\n")):
        entry = json.loads(line)
        host = (urlsplit(entry["url"]).hostname or "").removeprefix("www.")
        even = int(hashlib.md5(host.encode()).hexdigest(), 16) % 2 == 0
        body = gzip.decompress((data / "wcxb-dev" / "pages" / entry["file"]).read_bytes())
        yield ("held-out" if even else "design"), entry["url"], body, entry["type"]


def _page(title: str, body: str, head: str = "") -> bytes:
    nav = "".join(f'<a href="/s/{n}">Section {n}</a> ' for n in range(12))
    # A footer that looks long: the publisher's blurb, addresses, links, copyright.
    footer = (
        "<p>Example News has covered the city and the region since 1901. It is published by "
        "Example Media, an independent company owned by a trust. Our journalists follow "
        "the code of the press council.</p><p>1 Main Street, Springfield</p><p>Phone 555 0100"
        "</p><p>Newsroom: news@example.org</p><ul>"
        + "".join(f"<li><a href='/p/{k}'>Policy page {k}</a></li>" for k in range(10))
        + "</ul><p>© 2024 Example Media. All rights reserved.</p>"
    )
    return (
        f"<html><head><title>{title}</title>{head}</head><body><nav>{nav}</nav><h1>{title}</h1>"
        f"{body}<div class='bottom'>{footer}</div></body></html>"
    ).encode()


def listing_pages() -> Iterator[tuple[str, str, bytes]]:
    for path in ("index.html", "news/section/world.html", "news/section/business.html"):
        yield "demo", "http://127.0.0.1/" + path.removesuffix(".html"), (DEMO / path).read_bytes()
    yield "demo", "http://127.0.0.1/news/topic/lgbt", (DEMO / "news/topic/lgbt.html").read_bytes()
    summary = "A short summary of the story that says what happened and where it happened."
    for n in (8, 20, 50):
        teasers = "".join(
            f"<li><h3><a href='/s/{k}'>Headline number {k} about the council vote</a></h3>"
            f"<p>{summary}</p></li>"
            for k in range(n)
        )
        flat = "".join(
            f"<h3><a href='/s/{k}'>Headline number {k} about the council vote</a></h3>"
            f"<p>{summary}</p><span>2 hours ago</span>"
            for k in range(n)
        )
        cards = "".join(
            f"<a class='card' href='/s/{k}'><div><h3>Headline {k} on the vote</h3>"
            f"<p>{summary}</p></div></a>"
            for k in range(n)
        )
        links = "".join(f"<li><a href='/s/{k}'>Story {k} of the day</a></li>" for k in range(n))
        web = '<meta property="og:type" content="website">'
        yield (
            "generated",
            f"https://news.example/world?n={n}",
            _page("World", f"<ul>{teasers}</ul>"),
        )
        yield "generated", f"https://news.example/politics?n={n}", _page("Politics", flat, web)
        yield "generated", f"https://news.example/home?n={n}", _page("Home", cards, web)
        yield (
            "generated",
            f"https://news.example/latest?n={n}",
            _page("Latest", f"<ul>{links}</ul>"),
        )
        results = "".join(
            f"<div class='result'><a href='/s/{k}'>Result {k}: the vote</a>"
            f"<p>{summary} {summary}</p></div>"
            for k in range(n)
        )
        yield "generated", f"https://news.example/find?q=vote&n={n}", _page("Results", results)
        groups = "".join(
            f"<section><h2>Section {g}</h2><ul>"
            + "".join(
                f"<li><a href='/s/{g}-{k}'>Headline {k} of section {g}</a><p>{summary}</p></li>"
                for k in range(4)
            )
            + "</ul></section>"
            for g in range(n // 4)
        )
        yield "generated", f"https://news.example/front?n={n}", _page("Front", groups, web)
    bio = "<p>" + SENTENCE * 3 + "</p>"
    stories = "".join(
        f"<li><a href='/s/{k}'>Jane's story {k}: the council and the bridge</a></li>"
        for k in range(15)
    )
    yield (
        "generated",
        "https://news.example/staff/jane",
        _page("Jane Doe", bio + f"<ul>{stories}</ul>"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--old-rev", default=OLD_REV)
    parser.add_argument("--limit", type=int, help="at most N pages of each source, to iterate")
    parser.add_argument(
        "--show-missed", action="store_true", help="list pages the new test gets wrong"
    )
    args = parser.parse_args()
    old = old_classifier(args.old_rev)
    detectors = {"old": old, "new": new_classifier}
    spent = dict.fromkeys(detectors, 0.0)
    # (source, type, half) -> detector -> [right, pages]
    rows: dict[tuple[str, str, str], dict[str, list[int]]] = {}
    sources = chain(
        (((dataset, "article", ""), url, body) for dataset, url, body in article_pages(args.data)),
        (((dataset, "listing", ""), url, body) for dataset, url, body in listing_pages()),
        (
            (("wcxb-dev", kind, half), url, body)
            for half, url, body, kind in wcxb_pages(args.data)
            if (args.data / "wcxb-dev").is_dir()
        ),
    )
    seen: dict[str, int] = {}
    for key, url, body in sources:
        seen[key[0]] = seen.get(key[0], 0) + 1
        if args.limit and seen[key[0]] > args.limit:
            continue
        response = HtmlResponse(url, body=body)
        _ = response.selector.root  # parsed once, outside the timings, as in the crawl
        expected = key[1] == "article"
        row = rows.setdefault(key, {name: [0, 0] for name in detectors})
        for name, decide in detectors.items():
            start = time.perf_counter()
            right = decide(response) is expected
            spent[name] += time.perf_counter() - start
            row[name][0] += right
            row[name][1] += 1
            if args.show_missed and name == "new" and not right:
                print(f"  new wrong: {key[0]} {key[1]} {url}", file=sys.stderr)
    _print(rows)
    total = sum(row["new"][1] for row in rows.values())
    print(" ".join(f"{name}: {1000 * s / total:.2f} ms/page" for name, s in spent.items()))


def _share(row: dict[str, list[int]] | None, name: str) -> str:
    return f"{row[name][0] / row[name][1]:>6.3f}" if row and row[name][1] else f"{'-':>6}"


def _print(rows: dict[tuple[str, str, str], dict[str, list[int]]]) -> None:
    print(f"{'pages':<18} {'n':>5} {'what':<8} {'old':>6} {'new':>6}")
    for (dataset, kind, _), row in rows.items():
        if dataset != "wcxb-dev":
            n = row["new"][1]
            what = "kept" if kind == "article" else "refused"
            print(f"{dataset:<18} {n:>5} {what:<8} {_share(row, 'old')} {_share(row, 'new')}")
    if not any(key[0] == "wcxb-dev" for key in rows):
        return
    print(f"\nwcxb-dev           {'design half':^27} {'held-out half':^27}")
    print(f"{'type':<14} {'what':<8}" + f" {'n':>5} {'old':>6} {'new':>6}      " * 2)
    kinds = sorted({k for d, k, _ in rows if d == "wcxb-dev"}, key=lambda k: (k != "article", k))
    others: dict[str, dict[str, list[int]]] = {}
    for kind in kinds:
        line = f"{kind:<14} {'kept' if kind == 'article' else 'refused':<8}"
        for half in ("design", "held-out"):
            row = rows.get(("wcxb-dev", kind, half))
            n = row["new"][1] if row else 0
            line += f" {n:>5} {_share(row, 'old')} {_share(row, 'new')}      "
            if row and kind != "article":
                total = others.setdefault(half, {"old": [0, 0], "new": [0, 0]})
                for name in total:
                    total[name] = [a + b for a, b in zip(total[name], row[name], strict=True)]
        print(line.rstrip())
    line = f"{'not articles':<14} {'refused':<8}"
    for half in ("design", "held-out"):
        row = others.get(half)
        line += f" {row['new'][1] if row else 0:>5} {_share(row, 'old')} {_share(row, 'new')}      "
    print(line.rstrip())


if __name__ == "__main__":
    main()
