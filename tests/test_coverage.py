"""Field coverage and the drift rule: no alarm on noise, a first run or a handful of articles."""

from __future__ import annotations

import json
import random
from pathlib import Path

from archiver.coverage import (
    FIELDS,
    SQL_HOST,
    SQL_PRESENT,
    CoverageCounter,
    Drift,
    DriftThresholds,
    SiteCoverage,
    find_drifts,
    host_of,
    present,
)
from archiver.extensions.runsummary import exit_status
from archiver.query import connect
from archiver.state import SqliteState

SITE = "www.example.com"


def run(articles: int, **have: int) -> SiteCoverage:
    """A run of ``articles`` articles, all having every field but those given."""
    counts = dict.fromkeys(FIELDS, articles)
    counts.update(have)
    return SiteCoverage(SITE, articles, counts)


def test_sharp_drop_of_a_normal_field_alarms_with_the_message() -> None:
    history = [run(40, authors=38)] * 9 + [run(40, authors=39)]
    drifts = find_drifts(run(41, authors=3), history)
    assert drifts == [Drift(SITE, "authors", 3, 41, 381 / 400, 10)]
    assert drifts[0].message() == (
        "Layout change? www.example.com: authors on 3 of 41 articles (7%), "
        "95% over the last 10 runs"
    )


def test_no_alarm_on_noise_first_runs_small_runs_or_rare_fields() -> None:
    history = [run(40, authors=36, agencies=4, image=30)] * 10
    # Ordinary noise: 90% -> 75%; a field the site seldom fills, gone; an image share of 75%
    # (below "normal") dropping to 40%.
    assert find_drifts(run(40, authors=30, agencies=0, image=16), history) == []
    # A first run, or too few earlier runs.
    assert find_drifts(run(40, authors=0), []) == []
    assert find_drifts(run(40, authors=0), history[:2]) == []
    # A handful of articles, now or before.
    assert find_drifts(run(5, authors=0), history) == []
    assert find_drifts(run(40, authors=0), [run(3)] * 5) == []
    # Runs without articles of the site do not count as history.
    assert find_drifts(run(40, authors=0), [run(0)] * 10 + history[:2]) == []
    # Thresholds are settings.
    loose = DriftThresholds(min_articles=5, min_runs=1)
    assert [d.field for d in find_drifts(run(5, authors=0), history[:1], loose)] == ["authors"]


def test_random_noise_never_alarms() -> None:
    rng = random.Random(15)
    history: list[SiteCoverage] = []
    alarms = 0
    for _ in range(300):
        n = rng.randint(20, 60)
        # Fields filled on 85-100% of articles, each article by chance.
        cov = SiteCoverage(SITE, n, {f: sum(rng.random() < 0.85 for _ in range(n)) for f in FIELDS})
        alarms += len(find_drifts(cov, history))
        history.append(cov)
    assert alarms == 0


def test_exit_status_on_drift() -> None:
    assert exit_status("finished", 0, drift=True) == 3
    assert exit_status("finished", 2, drift=True) == 1
    assert exit_status("shutdown", 0, drift=True) == 1
    assert exit_status("finished", 0, drift=False) == 0


ITEMS = [
    {
        "url": "https://www.example.com/a/1",
        "headline": "One",
        "authors": ["Jane Doe"],
        "agencies": [],
        "published": "2026-11-01",
        "updated": None,
        "image": {"url": "https://img/1.jpg", "caption": "c", "credit": "AAP", "credit_raw": None},
        "body": "x" * 400,
        "section": "World",
        "tags": ["a"],
        "language": "en",
    },
    {
        "url": "http://user@News.Example.org:8080/b?x=1",
        "headline": "",
        "authors": [],
        "agencies": ["AAP"],
        "published": None,
        "updated": "2026-11-02T10:00:00+10:00",
        "image": {"url": "https://img/2.jpg", "caption": None, "credit": None, "credit_raw": None},
        "body": "é" * 299,
        "section": None,
        "tags": [],
        "language": "",
    },
    {"url": "https://www.example.com/c", "image": None, "body": None},
    {"url": "https://www.example.com/d", "headline": "Four", "body": "🙂" * 300},
]


def test_jsonl_coverage_is_the_coverage_counted_in_the_crawl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    counter = CoverageCounter()
    for item in ITEMS:
        counter.add(item)
    counted = {c.site: c for c in counter.result()}
    assert set(counted) == {"www.example.com", "news.example.org"}
    assert present(ITEMS[0]) == dict.fromkeys(FIELDS, True) | {"agencies": False, "updated": False}
    con = connect([str(path)])
    flags = ", ".join(f'sum(({SQL_PRESENT[f]})::INT) AS "{f}"' for f in FIELDS)
    rows = con.execute(
        f"SELECT {SQL_HOST} AS site, count(*), {flags} FROM articles GROUP BY ALL"
    ).fetchall()
    assert len(rows) == 2
    for site, n, *have in rows:
        assert (n, dict(zip(FIELDS, have, strict=True))) == (
            counted[site].articles,
            counted[site].have,
        )
    assert [host_of(i["url"]) for i in ITEMS[:2]] == ["www.example.com", "news.example.org"]


def test_runstore_keeps_runs_coverage_and_alarms(tmp_path: Path) -> None:
    store = SqliteState(tmp_path / "state.sqlite")
    for i in range(3):
        store.add_run(
            crawl="news-x",
            started=f"2026-11-0{i + 1}T00:00:00+00:00",
            finished=f"2026-11-0{i + 1}T00:01:00+00:00",
            finish_reason="finished",
            exit_status=0,
            counts={"fetched": 10, "new": 5},
            elapsed=60.0,
            coverage=[run(5 * i)],
            alarms=[Drift(SITE, "authors", 0, 5, 1.0, 3)] if i == 2 else [],
        )
    store.close()
    store = SqliteState(tmp_path / "state.sqlite", readonly=True)
    assert [r.new for r in store.runs()] == [5, 5, 5]
    # The run with no article of the site is not history.
    assert [c.articles for c in store.history(SITE, 10)] == [5, 10]
    assert [(run_id, d.field) for run_id, d in store.alarms()] == [(3, "authors")]
