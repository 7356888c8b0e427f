"""Extraction in worker processes: a page over the time limit or killing its worker costs that
page only, and no worker outlives the process that started it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from archiver.items import ArticlePage
from archiver.pipelines.article import ArticlePipeline, NotAnArticle
from archiver.workers import ExtractionPool, TaskFailed, WorkerDied, WorkerTimeout
from tests.conftest import ROOT
from tests.newsroom import Newsroom, crawl_command
from tests.processes import wait_gone, worker_pids
from tests.seed import SEED_PATH

ARTICLES = 40


@pytest.fixture
def pool() -> Iterator[ExtractionPool]:
    p = ExtractionPool("tests.slow_pages:echo", 1, timeout=2.0)
    yield p
    p.close()


def test_pool_answers_and_reports_task_errors(pool: ExtractionPool) -> None:
    assert pool.submit(1, "a").result(timeout=60) == (1, "a")
    with pytest.raises(TaskFailed, match="pickle"):
        pool.submit(lambda: 1).result(timeout=60)  # refused here, or by the worker
    assert pool.submit(2).result(timeout=60) == (2,)


def test_pool_replaces_a_worker_over_time_or_dead() -> None:
    p = ExtractionPool("tests.slow_pages:wait", 1, timeout=1.0)
    try:
        with pytest.raises(WorkerTimeout):
            p.submit().result(timeout=60)
        first = set(p.pids())
        [pid] = first or {0}
        if pid:
            os.kill(pid, signal.SIGKILL)  # the replacement dies idle: the next call is not lost
        with pytest.raises(WorkerTimeout):
            p.submit().result(timeout=60)
    finally:
        p.close()
    p = ExtractionPool("tests.slow_pages:echo", 1, timeout=30.0)
    try:
        assert p.submit("x").result(timeout=60) == ("x",)
        [pid] = p.pids()
        future = p.submit("y")
        os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(WorkerDied):
            assert future.result(timeout=60) == ("y",)  # answered before the kill
        assert p.submit("z").result(timeout=60) == ("z",)
    finally:
        p.close()
    assert not p.pids()


def test_no_worker_outlives_a_killed_parent(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from archiver.workers import ExtractionPool\n"
        "p = ExtractionPool('tests.slow_pages:wait', 2, timeout=600)\n"
        "p.submit(); p.submit()\n"  # both workers busy, deaf to their pipes
        "p.submit(0).result() if False else None\n"
        "import time\n"
        "while len(p.pids()) < 2: time.sleep(0.05)\n"
        "print(' '.join(map(str, p.pids())), flush=True)\n"
        "sys.stdin.read()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        pids = {int(p) for p in parent.stdout.readline().split()}  # type: ignore[union-attr]
        assert len(pids) == 2 and pids == worker_pids(parent.pid)
    finally:
        parent.kill()
        parent.wait()
    assert not wait_gone(pids, timeout=10), "a worker outlived its killed parent"


def test_crawl_drops_a_page_over_the_time_limit_and_finishes_the_others(tmp_path: Path) -> None:
    with Newsroom(ARTICLES) as site:
        urls = sorted(site.article_urls())
        slow, crash = urls[3], urls[7]
        env = os.environ | {"SLOW_PAGE": slow, "CRASH_PAGE": crash}
        pipelines = {
            "archiver.pipelines.article.ArticlePipeline": None,
            "tests.slow_pages.SlowPagesPipeline": 300,
        }
        cmd = crawl_command(
            site.url("/"),
            tmp_path,
            f"ITEM_PIPELINES={json.dumps(pipelines)}",
            "ARCHIVER_EXTRACT_TIMEOUT=3",
            "ARCHIVER_EXTRACT_WORKERS=2",
        )
        started = time.monotonic()
        # The slow page would hold the crawl for ever: 120 s is the test's own safety net.
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        elapsed = time.monotonic() - started
    log = done.stderr
    assert done.returncode == 1, log[-3000:]  # two pages dropped with an ERROR each
    items = [json.loads(line) for line in (tmp_path / "news.jsonl").read_text().splitlines()]
    assert {i["url"] for i in items} == set(urls) - {slow, crash}
    assert "'archiver/articles/dropped/timeout': 1" in log
    assert "'archiver/articles/dropped/crashed': 1" in log
    assert re.search(rf"Extraction of {re.escape(slow)} took over 3 s", log)
    assert f"Extraction worker died on {crash}" in log
    assert elapsed < 60, f"the crawl waited on its slow page: {elapsed:.0f} s"


LISTING = b"<html><body><h1>News</h1><nav><a href=/a>A story</a></nav></body></html>"


def test_a_worker_decides_whether_a_page_is_an_article() -> None:
    story = (ROOT / SEED_PATH).read_bytes()
    url = "https://www.sbs.com.au/news/article/russia-no-concrete-fact-chechnya"
    p = ExtractionPool(ArticlePipeline.task, 1, timeout=60.0)
    try:
        tested = [
            p.submit(ArticlePage(url=url, body=body, is_article=None), None)
            for body in (LISTING, story)
        ]
        said = p.submit(ArticlePage(url=url, body=LISTING, is_article=True), None)
        refused = p.submit(ArticlePage(url=url, body=story, is_article=False), None)
        listing = tested[0].result(timeout=120)
        assert listing.kind != "article" and listing.article is None  # no article: no item
        assert tested[1].result(timeout=120).article.headline
        assert said.result(timeout=120).article.headline == "News"  # the profile said article
        assert refused.result(timeout=120).reason == "profile"
    finally:
        p.close()


def test_a_worker_imports_neither_scrapy_nor_twisted() -> None:
    task = ArticlePipeline.task
    page = ArticlePage(url="https://x.example/a", body=(ROOT / SEED_PATH).read_bytes())
    listing = ArticlePage(url="https://x.example/", body=LISTING, is_article=None)
    p = ExtractionPool("tests.worker_modules:run", 1, timeout=60.0)
    try:
        # Loaded, then after an article and a page that is none (imports made as it goes).
        found = [p.submit(task, *args).result(timeout=120) for args in ((), (page,), (listing,))]
    finally:
        p.close()
    assert "archiver.extract.decision" in found[0]
    for modules in found:
        assert not {m.partition(".")[0] for m in modules} & {"scrapy", "twisted"}


def test_the_pipeline_drops_a_page_failing_its_article_test_quietly() -> None:
    values: dict[str, int] = {}
    stats = SimpleNamespace(
        inc_value=lambda key: values.__setitem__(key, values.get(key, 0) + 1),
        get_value=lambda key, default=None: values.get(key, default),
    )
    pipeline = ArticlePipeline(stats)  # type: ignore[arg-type]  # in this process
    with pytest.raises(NotAnArticle) as dropped:
        pipeline.process_item(ArticlePage(url="https://x.example/", body=LISTING, is_article=None))
    assert dropped.value.log_level == "DEBUG"
    assert values == {"archiver/pages/other": 1, "archiver/pages/other/listing": 1}


def test_pool_serves_lower_priorities_first() -> None:
    p = ExtractionPool("tests.slow_pages:echo", 1, timeout=60.0)
    done: list[str] = []
    try:
        # Queued while the worker starts (its imports take far longer than three submits).
        futures = [p.submit(name, priority=rank) for name, rank in (("a", 5), ("b", 5), ("c", 0))]
        for future in futures:
            future.add_done_callback(lambda f: done.append(f.result()[0]))
        for future in futures:
            future.result(timeout=120)
    finally:
        p.close()
    assert done.index("c") < done.index("b")  # "a" may have been taken before "c" came
