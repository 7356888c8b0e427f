"""The article test's recall on article pages and refusals of listing pages: old and new, one run.

    python benchmarks/article_test.py [--data DIR] [--old-rev REV] [--show-missed]

Article pages: the 990 of ``trafilatura-eval`` and the 125 of ``fundus-dev`` (read in place).
Listing pages: the demo site's fronts, sections and tag page, and generated listings (teasers,
cards, search results, an author page, link-list fronts). Each page is parsed once as the crawl
does (an HtmlResponse's selector root) and given to both detectors: the old one is
``archiver/classify.py`` of ``--old-rev`` (the crawl's and reparse's test until this
benchmark's commit), loaded from git.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

from scrapy.http import HtmlResponse

from archiver.classify import classify

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEMO = ROOT / "archiver" / "demo" / "site"
OLD_REV = "86098c0"  # the last commit with the three detectors
SENTENCE = "Officials said the plan would be reviewed again next month after the vote. "


def old_classifier(rev: str) -> Callable[[HtmlResponse], bool]:
    source = subprocess.run(
        ["git", "show", f"{rev}:archiver/classify.py"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    module = types.ModuleType("old_classify")
    exec(compile(source, "old_classify.py", "exec"), module.__dict__)

    def decide(response: HtmlResponse) -> bool:
        path = response.url.split("://", 1)[-1].partition("/")[2]
        return module.classify("/" + path, response.selector)[0]

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
    parser.add_argument(
        "--show-missed", action="store_true", help="list pages the new test gets wrong"
    )
    args = parser.parse_args()
    old = old_classifier(args.old_rev)
    detectors = {"old": old, "new": new_classifier}
    spent = dict.fromkeys(detectors, 0.0)
    rows: dict[str, dict[str, list[int]]] = {}
    for expected, pages in ((True, article_pages(args.data)), (False, listing_pages())):
        for dataset, url, body in pages:
            response = HtmlResponse(url, body=body)
            _ = response.selector.root  # parsed once, outside the timings, as in the crawl
            row = rows.setdefault(dataset, {name: [0, 0] for name in detectors})
            for name, decide in detectors.items():
                start = time.perf_counter()
                right = decide(response) is expected
                spent[name] += time.perf_counter() - start
                row[name][0] += right
                row[name][1] += 1
                if args.show_missed and name == "new" and not right:
                    print(f"  new wrong: {dataset} {url}", file=sys.stderr)
    print(f"{'pages':<18} {'n':>5} {'what':<9} {'old':>6} {'new':>6}")
    for dataset, row in rows.items():
        what = "refused" if dataset in ("demo", "generated") else "accepted"
        n = row["new"][1]
        print(f"{dataset:<18} {n:>5} {what:<9} {row['old'][0] / n:>6.3f} {row['new'][0] / n:>6.3f}")
    total = sum(row["new"][1] for row in rows.values())
    print(" ".join(f"{name}: {1000 * s / total:.2f} ms/page" for name, s in spent.items()))


if __name__ == "__main__":
    main()
