"""Extraction quality and speed: our items as users get them, beside trafilatura and htmldate.

    python benchmarks/extraction.py [--data DIR] [--limit N]
        [--only trafilatura-eval|fundus-dev|wcxb-dev] [--half design|held-out]

Quality is scored on the items a user gets: the pages of each dataset are written to a WARC
file (one response record each) and read back by ``scrapy reparse`` with no options, exactly
as an archivist runs it; a page that yields no item (refused by the article test, or dropped)
is a miss on every figure, and dates are scored from ``published``, never from
``published_raw``. trafilatura (``bare_extraction``) and htmldate (``find_date``, original
date) run on the same bytes in this process. Speed (pages/s) is the extractor alone in this
process beside trafilatura's (its ``bare_extraction`` with metadata); ``pages/s (article test +
extractor)`` is an extraction worker's whole task for a page (``decide_page``: the article test,
then the extraction of an article only); ``reparse pages/s`` is the whole ``scrapy reparse`` run.

Datasets (read in place, never copied into the repo): ``trafilatura-eval`` (evaldata.json:
body snippets, author, date), ``fundus-dev`` (gold.jsonl: authors, published, captions,
credits, paragraphs) and ``wcxb-dev`` (gold.jsonl: page type, body, author, date; WCXB's
development split of articles and six kinds of page that are not articles). Authors are
compared as sets of names, case and whitespace normalised, after splitting both sides on the
separators annotators and tools use (";", ",", "&", "/", " and ", " und ", " mit ", " with "),
dropping a leading "By"/"Von" and a title or degrees around a name ("Dr. A", "A, M.D."): the
annotation writes "A und B", "A, B" or "A; B", trafilatura "A; B", we a list. Our names are
`authors` followed by `agencies` and `organisations`, since the annotations credit agencies
("dpa", "AFP/The Local") and the team, desk or company a page credits where it names no person
("Podium Staff", "Swoogo") as authors.

On wcxb-dev a page of another type with no item is refused (trafilatura refuses when it
extracts nothing); author figures are over articles whose gold credits someone: "names right"
is the share of the names given that the gold names, "credited articles with the right person"
the share of those articles where a given name is one the gold names; "of those crediting
a person" the same over the articles whose gold starts with a given name (a person, not "The
Upwork Team" or "Swoogo": our authors are people, a team or company is in `organisations`,
which this row still counts). Body word-F1
is WCXB's metric (lower-cased ``\\w+`` tokens, a page without an item scores 0), on articles.
``--half`` keeps the wcxb-dev domains whose md5 is odd (design) or even (held-out).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import htmldate
import trafilatura
from w3lib.url import safe_url_string
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.extract import extract_article, parse_date
from archiver.extract.byline import agency_of, is_full_name
from archiver.extract.decision import decide_page
from archiver.items import ArticlePage

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
_SPLIT_RE = re.compile(r"\s*(?:[;,&/|]|\s(?:and|und|mit|with|et|y)\s)\s*", re.I)
# "A, B, and C" leaves "and C" after the split on ","; "(CNXSoft)" is an affiliation.
# A title before a name and the letters of degrees after it ("Dr. Jane Doe", "Jane Doe, M.D.
# FACLM", "Jane Doe CPP, PSP") name the same person as the bare name: the annotation prints
# them where the page does, an extractor may drop them. Both are cut on both sides, degrees
# before the split on ",", so that a degree after a comma is not taken for a second name.
_PREFIX_RE = re.compile(r"^(?:(?:by|von|par|por|and|und|dr\.?|prof\.?)\s+)+", re.I)
_DEGREES = (
    r"M\.?D\.?|D\.?O\.?|Ph\.?D\.?|R\.?N\.?|MBA|MPH|MSc?|CPA|CFP®?|CPP|PSP|MW|FACLM|DVM|RDN?|JD"
    r"|Esq\.?|DDS|NP|E-RYT(?: \d+)?"
)
_DEGREES_RE = re.compile(rf"(?<=[a-z.])(?:,?\s+(?:{_DEGREES}))+(?=\s*(?:[;,&/]|$))")
_PAREN_RE = re.compile(r"\s*\([^)]*\)")
_WS_RE = re.compile(r"\s+")


def norm(text: str | None) -> str:
    return _WS_RE.sub(" ", text or "").strip()


def name_set(value: str | Iterable[str] | None) -> frozenset[str]:
    """Names of an author value, for a comparison blind to order and separators."""
    if not value:
        return frozenset()
    text = _PAREN_RE.sub("", value if isinstance(value, str) else "; ".join(value))
    text = _DEGREES_RE.sub("", norm(text))
    names = (_PREFIX_RE.sub("", norm(n)) for n in _SPLIT_RE.split(norm(text)))
    # "The Associated Press" and "AP" are one credit, whoever wrote it.
    return frozenset((agency_of(n) or n).lower() for n in names if n)


def web_url(key: str) -> str:
    """The URL a page is archived and extracted under, the same for every extractor: the
    dataset's key, or for keys that are no http(s) URL ("hard::site.com-slug.html") a URL
    on a reserved host that tells nothing."""
    key = key.strip()
    if key.startswith(("http://", "https://")):
        return key
    return "https://page.invalid/" + re.sub(r"[^\w.-]+", "-", key)


@dataclass
class Case:
    """One page of a dataset: its URL, bytes and gold annotation."""

    url: str
    html: bytes
    gold: dict[str, Any]


@dataclass
class Tally:
    """Hits over trials for one figure."""

    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += bool(ok)
        self.total += 1

    def __str__(self) -> str:
        return f"{self.hits / self.total:.3f} ({self.hits}/{self.total})" if self.total else "n/a"


@dataclass
class Mean:
    """Mean of a score over trials (WCXB's word F1)."""

    sum: float = 0.0
    total: int = 0

    def add(self, score: float) -> None:
        self.sum += score
        self.total += 1

    def __str__(self) -> str:
        return f"{self.sum / self.total:.3f} (n={self.total})" if self.total else "n/a"


@dataclass
class Run:
    """Figures of one extractor over one dataset."""

    name: str
    seconds: float = 0.0
    pages: int = 0
    errors: int = 0
    figures: dict[str, Tally | Mean] = field(default_factory=dict)
    speed: dict[str, str] = field(default_factory=dict)

    def tally(self, figure: str) -> Tally:
        return self.figures.setdefault(figure, Tally())  # type: ignore[return-value]

    def mean(self, figure: str) -> Mean:
        return self.figures.setdefault(figure, Mean())  # type: ignore[return-value]

    def timed(self, fn: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args)
        except Exception as exc:  # noqa: BLE001 - a crash is a figure, not the end of the run
            self.errors += 1
            print(f"  {self.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return None
        finally:
            self.seconds += time.perf_counter() - start
            self.pages += 1


def write_warc(cases: list[Case], path: Path, fetched: datetime) -> None:
    """One response record per page, as a crawl would have archived it (no charset given:
    the page's own declaration or the bytes decide, as for most servers)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for case in cases:
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html"), ("Content-Length", str(len(case.html)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                # Escaped as the crawler fetched it: a dataset key with a space is no valid
                # WARC-Target-URI (readers warn and rewrite it).
                safe_url_string(case.url),
                "response",
                payload=BytesIO(case.html),
                http_headers=http,
                warc_headers_dict={"WARC-Date": fetched.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            writer.write_record(record)


def reparse_items(cases: list[Case]) -> tuple[dict[str, dict[str, Any]], float]:
    """Items of `scrapy reparse` over a WARC of the pages, by URL, and the run's seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        warc_dir, out = Path(tmp) / "warc", Path(tmp) / "items.jsonl"
        warc_dir.mkdir()
        write_warc(cases, warc_dir / "pages.warc.gz", datetime.now(UTC))
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "reparse", str(warc_dir), "-O", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if done.returncode not in (0, 1) or not out.exists():
            sys.exit(f"scrapy reparse failed ({done.returncode}):\n{done.stderr[-3000:]}")
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # What reparse said (its summary, errors): a figure's misses may be the run's failures.
    errors = [line for line in done.stderr.splitlines() if " ERROR: " in line]
    summary = done.stderr.strip().splitlines()[-1:] if done.stderr.strip() else []
    for line in errors[:5] + summary:
        print(f"  reparse: {line[:300]}", file=sys.stderr)
    return {item["url"]: item for item in items}, seconds


def our_names(item: dict[str, Any]) -> frozenset[str]:
    """Our credited names: people, then agencies, then organisations (the annotations list all
    three as authors)."""
    return name_set(
        [*item.get("authors", []), *item.get("agencies", []), *item.get("organisations", [])]
    )


def our_day(item: dict[str, Any]) -> str | None:
    """Calendar day of the item's `published`: an instant's local day, or the date itself."""
    return (item.get("published") or "")[:10] or None


def their_body(html: bytes, url: str) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {}
    return {"body": doc.text, "author": doc.author, "date": doc.date}


def htmldate_day(html: bytes, url: str) -> str | None:
    return htmldate.find_date(html, url=url, original_date=True)


def run_all(cases: list[Case]) -> tuple[list[Run], list[dict[str, Any]]]:
    """Our items (reparse), plus the three extractors timed in this process, per case."""
    ours, traf, hd = Run("news-archiver"), Run("trafilatura"), Run("htmldate")
    items, seconds = reparse_items(cases)
    ours.speed["reparse pages/s"] = f"{len(cases) / seconds:.1f}"
    ours.speed["items"] = f"{len(items)}/{len(cases)}"
    rows = []
    worker = Run("worker")
    for case in cases:
        ours.timed(extract_article, case.html, case.url)
        # What an extraction worker does with a page it is given: the article test, and the
        # extraction of an article (a refused page is not extracted).
        worker.timed(decide_page, ArticlePage(url=case.url, body=case.html, is_article=None))
        rows.append(
            {
                # Scrapy escapes a URL as browsers do ("ü" -> "%C3%BC"): the item's url.
                "ours": items.get(safe_url_string(case.url)) or {},
                "theirs": traf.timed(their_body, case.html, case.url) or {},
                "htmldate": hd.timed(htmldate_day, case.html, case.url),
            }
        )
    if worker.seconds:
        ours.speed["pages/s (article test + extractor, one process)"] = (
            f"{worker.pages / worker.seconds:.1f}"
        )
    return [ours, traf, hd], rows


def table(title: str, runs: list[Run]) -> str:
    figures = list(dict.fromkeys(f for r in runs for f in r.figures))
    head = f"| {title} | " + " | ".join(r.name for r in runs) + " |"
    lines = [head, "|" + "---|" * (len(runs) + 1)]
    for figure in figures:
        lines.append(
            f"| {figure} | " + " | ".join(str(r.figures.get(figure, "n/a")) for r in runs) + " |"
        )
    lines.append(
        "| pages/s (extractor, one process) | "
        + " | ".join(f"{r.pages / r.seconds:.1f}" if r.seconds else "n/a" for r in runs)
        + " |"
    )
    for key in dict.fromkeys(k for r in runs for k in r.speed):
        lines.append(f"| {key} | " + " | ".join(r.speed.get(key, "n/a") for r in runs) + " |")
    lines.append("| errors | " + " | ".join(str(r.errors) for r in runs) + " |")
    return "\n".join(lines)


def trafilatura_eval(root: Path, limit: int | None) -> str | None:
    spec = root / "evaldata.json"
    if not spec.exists():
        print(f"skipping trafilatura-eval: {spec} not found", file=sys.stderr)
        return None
    cases = [
        Case(web_url(key), (root / "pages" / gold["file"]).read_bytes(), gold)
        for key, gold in list(json.loads(spec.read_text(encoding="utf-8")).items())[:limit]
        if (root / "pages" / gold["file"]).exists()
    ]
    runs, rows = run_all(cases)
    ours, traf, hd = runs
    for case, row in zip(cases, rows, strict=True):
        a, b, gold = row["ours"], row["theirs"], case.gold
        for run, body, names, day in (
            (ours, norm(a.get("body")), our_names(a), our_day(a)),
            (traf, norm(b.get("body")), name_set(b.get("author")), b.get("date")),
        ):
            for snippet in gold.get("with") or []:
                run.tally("body snippets").add(norm(snippet) in body)
            for snippet in gold.get("without") or []:
                run.tally("body snippets").add(norm(snippet) not in body)
            if gold.get("author"):
                run.tally("author").add(names == name_set(gold["author"]))
            if gold.get("date"):
                run.tally("published day").add(day == gold["date"][:10])
        if gold.get("date"):
            hd.tally("published day").add(row["htmldate"] == gold["date"][:10])
    return table(f"trafilatura-eval ({len(cases)} pages)", runs)


def fundus_dev(root: Path, limit: int | None) -> str | None:
    spec = root / "gold.jsonl"
    if not spec.exists():
        print(f"skipping fundus-dev: {spec} not found", file=sys.stderr)
        return None
    golds = [json.loads(line) for line in spec.read_text(encoding="utf-8").splitlines() if line]
    cases = [
        Case(g["url"], gzip.decompress((root / "pages" / g["file"]).read_bytes()), g)
        for g in golds[:limit]
        if (root / "pages" / g["file"]).exists()
    ]
    runs, rows = run_all(cases)
    ours, traf, hd = runs
    for case, row in zip(cases, rows, strict=True):
        a, b, gold = row["ours"], row["theirs"], case.gold
        gold_pub = parse_date(gold.get("published"))
        paragraphs = list(gold["body"].get("summary") or [])
        for section in gold["body"].get("sections") or []:
            paragraphs += section.get("paragraphs") or []
        cover = next((i for i in gold.get("images") or [] if i.get("is_cover")), None)
        for run, item, names, day in (
            (ours, a, our_names(a), our_day(a)),
            (traf, b, name_set(b.get("author")), b.get("date")),
        ):
            body = norm(item.get("body"))
            for p in paragraphs:
                run.tally("body paragraphs found").add(norm(p)[:80] in body)
            if gold.get("authors"):
                run.tally("author").add(names == name_set(gold["authors"]))
            if gold_pub:
                run.tally("published day").add(day == gold_pub.date().isoformat())
        if gold_pub:
            hd.tally("published day").add(row["htmldate"] == gold_pub.date().isoformat())
        if gold_pub and gold_pub.tzinfo:
            got = parse_date(a.get("published")) if len(a.get("published") or "") > 10 else None
            ours.tally("published instant, offset included").add(got == gold_pub)
        if cover and cover.get("caption"):
            got = norm((a.get("image") or {}).get("caption")).lower()
            ours.tally("lead photo caption").add(got == norm(cover["caption"]).lower())
        if cover and cover.get("credit"):
            got = (a.get("image") or {}).get("credit")
            ours.tally("lead photo credit").add(name_set(got) == name_set(cover["credit"]))
    return table(f"fundus-dev ({len(cases)} pages)", runs)


_WORD_RE = re.compile(r"\w+")


def word_f1(got: str | None, gold: str | None) -> float:
    """WCXB's body score: F1 of lower-cased word tokens, counted with multiplicity."""
    ours, theirs = (
        Counter(_WORD_RE.findall((got or "").lower())),
        Counter(_WORD_RE.findall((gold or "").lower())),
    )
    common = sum((ours & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ours.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def credits_a_person(author: str) -> bool:
    """Whether an annotation credits a person ("Jane Doe, MD") rather than a team, a
    company or an account ("The Upwork Team", "Swoogo", "q_admin"): its first word is a
    given name. Our authors are people, so this row shows how much of the row above is
    organisations credited as authors."""
    return is_full_name(author)


def held_out(url: str) -> bool:
    """The half of wcxb-dev's domains kept out of design: md5 of the host is even."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return int(hashlib.md5(host.encode()).hexdigest(), 16) % 2 == 0


def wcxb_dev(root: Path, limit: int | None, half: str | None = None) -> str | None:
    spec = root / "gold.jsonl"
    if not spec.exists():
        print(f"skipping wcxb-dev: {spec} not found", file=sys.stderr)
        return None
    # One JSON object a line: split on "\n" only, as bodies hold U+2028 and other line breaks.
    golds = [json.loads(line) for line in spec.read_text(encoding="utf-8").split("\n") if line]
    if half:
        golds = [g for g in golds if held_out(g["url"]) == (half == "held-out")]
    cases = [
        Case(g["url"], gzip.decompress((root / "pages" / g["file"]).read_bytes()), g)
        for g in golds[:limit]
        if (root / "pages" / g["file"]).exists()
    ]
    runs, rows = run_all(cases)
    ours, traf, hd = runs
    for case, row in zip(cases, rows, strict=True):
        a, b, gold = row["ours"], row["theirs"], case.gold
        kind = gold["type"]
        for run, item, names, day in (
            (ours, a, our_names(a), our_day(a)),
            (traf, b, name_set(b.get("author")), b.get("date")),
        ):
            if kind != "article":
                run.tally("non-articles refused").add(not item)
                run.tally(f"  {kind} refused").add(not item)
                continue
            run.tally("articles kept").add(bool(item))
            run.mean("article body word-F1").add(word_f1(item.get("body"), gold["body"]))
            if gold.get("author"):
                credited = name_set(gold["author"])
                for name in names:
                    run.tally("author: names right / names we give").add(name in credited)
                run.tally("author: credited articles with the right person").add(
                    bool(names & credited)
                )
                if credits_a_person(gold["author"]):
                    run.tally("author: of those crediting a person").add(bool(names & credited))
            if gold.get("date"):
                run.tally("published day (articles)").add(day == gold["date"])
        if kind == "article" and gold.get("date"):
            hd.tally("published day (articles)").add(row["htmldate"] == gold["date"])
    # Per-type rows after the overall one, in a stable order.
    for run in (ours, traf):
        kinds = sorted(k for k in run.figures if k.startswith("  "))
        order = [k for k in run.figures if not k.startswith("  ")]
        at = order.index("non-articles refused") + 1 if "non-articles refused" in order else 0
        order[at:at] = kinds
        run.figures = {k: run.figures[k] for k in order}
    label = f", {half} half" if half else ""
    return table(f"wcxb-dev ({len(cases)} pages{label})", runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding the datasets"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each dataset")
    parser.add_argument(
        "--only", choices=("trafilatura-eval", "fundus-dev", "wcxb-dev"), default=None
    )
    parser.add_argument(
        "--half",
        choices=("design", "held-out"),
        default=None,
        help="wcxb-dev: only the domains of one half (md5 of the host odd or even)",
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no benchmark data at {args.data}: skipping", file=sys.stderr)
        return 0
    outputs = []
    if args.only in (None, "trafilatura-eval"):
        outputs.append(trafilatura_eval(args.data / "trafilatura-eval", args.limit))
    if args.only in (None, "fundus-dev"):
        outputs.append(fundus_dev(args.data / "fundus-dev", args.limit))
    if args.only in (None, "wcxb-dev"):
        outputs.append(wcxb_dev(args.data / "wcxb-dev", args.limit, args.half))
    print("\n\n".join(o for o in outputs if o))
    return 0


if __name__ == "__main__":
    sys.exit(main())
