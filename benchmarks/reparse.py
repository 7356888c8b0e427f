"""Reparse speed: `scrapy reparse` of a WARC of the development pages beside trafilatura.

    .venv/bin/python benchmarks/reparse.py [--data DIR] [--only SET] [--copies N] [--workers N]

For each page set (``trafilatura-eval``: 990 older, lighter pages; ``wcxb-dev``: modern, heavy
pages of many sites, articles and others; ``--only`` picks one), writes its pages
(``--copies`` times, each copy under its own URLs) as one WARC file, runs ``scrapy reparse``
on it (the article test, extraction in ARCHIVER_EXTRACT_WORKERS processes, JSONL), and prints
its pages/s beside trafilatura's
(``bare_extraction`` with metadata, the anchor) over the same pages in one process, measured
before and after the reparse, and the processor time per page of each (the reparse's workers
included): on a shared machine the first figure moves with the load, the second much less.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import DEFAULT_DATA, ROOT, Case, web_url, write_warc  # noqa: E402


def trafilatura_eval(root: Path) -> list[tuple[str, bytes]]:
    spec = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    return [
        (web_url(key), (root / "pages" / gold["file"]).read_bytes())
        for key, gold in spec.items()
        if (root / "pages" / gold["file"]).exists()
    ]


def wcxb_dev(root: Path) -> list[tuple[str, bytes]]:
    # Split on newlines only: the gold texts hold U+2028, which splitlines() breaks on.
    lines = (root / "gold.jsonl").read_text(encoding="utf-8").split("\n")
    golds = [json.loads(line) for line in lines if line.strip()]
    return [
        (gold["url"], gzip.decompress((root / "pages" / gold["file"]).read_bytes()))
        for gold in golds
        if (root / "pages" / gold["file"]).exists()
    ]


#: Page sets: name -> (the file that says the set is there, its pages).
SETS = {
    "trafilatura-eval": ("evaldata.json", trafilatura_eval),
    "wcxb-dev": ("gold.jsonl", wcxb_dev),
}


def cases_of(root: Path, copies: int) -> list[Case]:
    pages = SETS[root.name][1](root)
    out = []
    for n in range(copies):
        # Each copy under its own URLs (the same article to the duplicate filter, dropped
        # after its extraction: the pages are read all the same).
        out += [
            Case(url if not n else f"{url}{'&' if '?' in url else '?'}copy={n}", html, {})
            for url, html in pages
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument("--only", choices=sorted(SETS), help="one page set (default: all)")
    args = parser.parse_args()
    for name in [args.only] if args.only else list(SETS):
        root = args.data / name
        if not (root / SETS[name][0]).exists():
            print(f"skipping {name}: no benchmark data at {root}", file=sys.stderr)
            continue
        run(root, args.copies, args.workers)


def run(root: Path, copies: int, workers: int | None) -> None:
    """Reparse of one page set beside trafilatura, printed."""
    cases = cases_of(root, copies)
    first = anchor(cases)
    with tempfile.TemporaryDirectory(prefix="bench-reparse-") as tmp:
        warc_dir, out = Path(tmp) / "warc", Path(tmp) / "items.jsonl"
        warc_dir.mkdir()
        write_warc(cases, warc_dir / "pages.warc.gz", datetime.now(UTC))
        cmd = [sys.executable, "-m", "scrapy", "reparse", str(warc_dir), "-O", str(out)]
        if workers is not None:
            cmd += ["-s", f"ARCHIVER_EXTRACT_WORKERS={workers}"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        ours = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1) or not out.exists():
            sys.exit(f"scrapy reparse failed ({done.returncode}):\n{done.stderr[-3000:]}")
        items = sum(1 for _ in out.open(encoding="utf-8"))
    # The anchor before and after: a shared machine's load drifts during the run.
    second = anchor(cases)
    theirs, theirs_cpu = (first[0] + second[0]) / 2, (first[1] + second[1]) / 2
    # The reparse's processor time, its extraction workers' included (reaped by it, then by us).
    ours_cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    n = len(cases)
    print(f"{n} pages ({root.name} x{copies}) in one WARC file, {os.cpu_count()} cores")
    print(f"{'':<44}{'pages/s':>10}{'secs':>9}{'CPU ms/page':>13}")
    print(
        f"{'trafilatura, one process (anchor)':<44}{n / theirs:>10.1f}{theirs:>9.1f}"
        f"{1000 * theirs_cpu / n:>13.1f}"
    )
    name = f"scrapy reparse ({items} items, whole run)"
    print(f"{name:<44}{n / ours:>10.1f}{ours:>9.1f}{1000 * ours_cpu / n:>13.1f}")
    print(f"(the anchor before and after: {n / first[0]:.1f}, {n / second[0]:.1f} pages/s)")
    print(f"scrapy reparse runs at {theirs / ours:.2f}x trafilatura's pages/s on {root.name}\n")


def anchor(cases: list[Case]) -> tuple[float, float]:
    """Wall and processor seconds of trafilatura over the pages, in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    for case in cases:
        try:
            trafilatura.bare_extraction(case.html, url=case.url, with_metadata=True)
        except Exception:  # noqa: BLE001, S112 - the anchor's failures cost it their time only
            continue
    return time.perf_counter() - start, time.process_time() - cpu


if __name__ == "__main__":
    main()
