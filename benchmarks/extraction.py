"""Extraction quality and speed: archiver.extract beside trafilatura, same pages, same run.

    python benchmarks/extraction.py [--data DIR] [--limit N] [--only trafilatura-eval|fundus-dev]

Datasets (read in place, never copied into the repo): ``trafilatura-eval`` (evaldata.json:
body snippets, author, date) and ``fundus-dev`` (gold.jsonl: authors, published, captions,
credits, paragraphs). Authors are compared as sets of names, case and whitespace normalised,
after splitting both sides on the separators annotators and tools use (";", ",", "&", "/",
" and ", " und ", " mit ", " with ") and dropping a leading "By"/"Von": the annotation writes
"A und B", "A, B" or "A; B", trafilatura "A; B", we a list. Our names are `authors` followed
by `agencies`, since the annotations credit agencies as authors ("dpa", "AFP/The Local").
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from archiver.extract import extract_article, parse_date
from archiver.extract.byline import agency_of

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_SPLIT_RE = re.compile(r"\s*(?:[;,&/|]|\s(?:and|und|mit|with|et|y)\s)\s*", re.I)
_PREFIX_RE = re.compile(r"^(?:by|von|par|por)\s+", re.I)
_WS_RE = re.compile(r"\s+")


def norm(text: str | None) -> str:
    return _WS_RE.sub(" ", text or "").strip()


def name_set(value: str | Iterable[str] | None) -> frozenset[str]:
    """Names of an author value, for a comparison blind to order and separators."""
    if not value:
        return frozenset()
    text = value if isinstance(value, str) else "; ".join(value)
    names = (_PREFIX_RE.sub("", norm(n)) for n in _SPLIT_RE.split(norm(text)))
    # "The Associated Press" and "AP" are one credit, whoever wrote it.
    return frozenset((agency_of(n) or n).lower() for n in names if n)


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
class Run:
    """Figures of one extractor over one dataset."""

    name: str
    seconds: float = 0.0
    pages: int = 0
    errors: int = 0
    figures: dict[str, Tally] = field(default_factory=dict)

    def tally(self, figure: str) -> Tally:
        return self.figures.setdefault(figure, Tally())

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


def ours(html: bytes, url: str) -> dict[str, Any]:
    return extract_article(html, url)


def theirs(html: bytes, url: str) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {}
    return {"body": doc.text, "author": doc.author, "date": doc.date}


def our_names(item: dict[str, Any]) -> frozenset[str]:
    """Our credited names: people, then agencies (the annotations list both as authors)."""
    return name_set([*item.get("authors", []), *item.get("agencies", [])])


def our_day(item: dict[str, Any]) -> str | None:
    """Calendar day of our published value: the ISO string, or the raw text when no zone."""
    if item.get("published"):
        return item["published"][:10]
    value = parse_date(item.get("published_raw"))
    return value.date().isoformat() if value else None


def table(title: str, runs: list[Run]) -> str:
    figures = list(dict.fromkeys(f for r in runs for f in r.figures))
    head = f"| {title} | " + " | ".join(r.name for r in runs) + " |"
    lines = [head, "|" + "---|" * (len(runs) + 1)]
    for figure in figures:
        lines.append(
            f"| {figure} | " + " | ".join(str(r.figures.get(figure, "n/a")) for r in runs) + " |"
        )
    lines.append(
        "| pages/s | "
        + " | ".join(f"{r.pages / r.seconds:.1f}" if r.seconds else "n/a" for r in runs)
        + " |"
    )
    lines.append("| errors | " + " | ".join(str(r.errors) for r in runs) + " |")
    return "\n".join(lines)


def trafilatura_eval(root: Path, limit: int | None) -> str | None:
    spec = root / "evaldata.json"
    if not spec.exists():
        print(f"skipping trafilatura-eval: {spec} not found", file=sys.stderr)
        return None
    cases = list(json.loads(spec.read_text(encoding="utf-8")).items())[:limit]
    runs = [Run("archiver.extract"), Run("trafilatura")]
    for url, case in cases:
        path = root / "pages" / case["file"]
        if not path.exists():
            continue
        html = path.read_bytes()
        a = runs[0].timed(ours, html, url) or {}
        b = runs[1].timed(theirs, html, url) or {}
        got = [
            (runs[0], norm(a.get("body")), our_names(a), our_day(a)),
            (runs[1], norm(b.get("body")), name_set(b.get("author")), b.get("date")),
        ]  # fmt: skip
        for run, body, names, day in got:
            for snippet in case.get("with") or []:
                run.tally("body snippets").add(norm(snippet) in body)
            for snippet in case.get("without") or []:
                run.tally("body snippets").add(norm(snippet) not in body)
            if case.get("author"):
                run.tally("author").add(names == name_set(case["author"]))
            if case.get("date"):
                run.tally("published day").add(day == case["date"][:10])
    return table(f"trafilatura-eval ({len(cases)} pages)", runs)


def fundus_dev(root: Path, limit: int | None) -> str | None:
    spec = root / "gold.jsonl"
    if not spec.exists():
        print(f"skipping fundus-dev: {spec} not found", file=sys.stderr)
        return None
    cases = [
        json.loads(line) for line in spec.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    cases = cases[:limit]
    runs = [Run("archiver.extract"), Run("trafilatura")]
    for case in cases:
        path = root / "pages" / case["file"]
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes())
        url = case["url"]
        a = runs[0].timed(ours, html, url) or {}
        b = runs[1].timed(theirs, html, url) or {}
        gold_pub = parse_date(case.get("published"))
        paragraphs = list(case["body"].get("summary") or [])
        for section in case["body"].get("sections") or []:
            paragraphs += section.get("paragraphs") or []
        cover = next((i for i in case.get("images") or [] if i.get("is_cover")), None)
        for run, item, names, day in (
            (runs[0], a, our_names(a), our_day(a)),
            (runs[1], b, name_set(b.get("author")), b.get("date")),
        ):
            body = norm(item.get("body"))
            for p in paragraphs:
                run.tally("body paragraphs found").add(norm(p)[:80] in body)
            if case.get("authors"):
                run.tally("author").add(names == name_set(case["authors"]))
            if gold_pub:
                run.tally("published day").add(day == gold_pub.date().isoformat())
        if gold_pub and gold_pub.tzinfo:
            ok = bool(a.get("published")) and parse_date(a["published"]) == gold_pub
            runs[0].tally("published exact (tz-aware)").add(ok)
        if cover and cover.get("caption"):
            got = norm((a.get("image") or {}).get("caption")).lower()
            runs[0].tally("cover caption").add(got == norm(cover["caption"]).lower())
        if cover and cover.get("credit"):
            got = (a.get("image") or {}).get("credit")
            runs[0].tally("cover credit").add(name_set(got) == name_set(cover["credit"]))
    return table(f"fundus-dev ({len(cases)} pages)", runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding the datasets"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each dataset")
    parser.add_argument("--only", choices=("trafilatura-eval", "fundus-dev"), default=None)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no benchmark data at {args.data}: skipping", file=sys.stderr)
        return 0
    outputs = []
    if args.only in (None, "trafilatura-eval"):
        outputs.append(trafilatura_eval(args.data / "trafilatura-eval", args.limit))
    if args.only in (None, "fundus-dev"):
        outputs.append(fundus_dev(args.data / "fundus-dev", args.limit))
    print("\n\n".join(o for o in outputs if o))
    return 0


if __name__ == "__main__":
    sys.exit(main())
