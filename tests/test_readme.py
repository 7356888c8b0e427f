"""The README says what happens: the demo's output, its runs.log line, the User-Agent (issue 14)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from archiver import settings
from tests.conftest import BIN, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_demo_prints_what_the_readme_shows(tmp_path: Path) -> None:
    shown = README.split("prints where it wrote:\n\n```\n", 1)[1].split("```", 1)[0]
    result = subprocess.run(
        [str(BIN / "scrapy"), "demo"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    port = re.search(r"127\.0\.0\.1:(\d+)", result.stdout).group(1)
    printed = result.stdout.replace(port, "40123").replace(str(BIN / "scrapy"), ".venv/bin/scrapy")
    assert printed == shown
    # The replay command it prints works as printed.
    replay = result.stdout.splitlines()[-1].removeprefix("Replay an article: ").split()
    replayed = subprocess.run(
        [str(BIN / "scrapy"), *replay[1:]], cwd=tmp_path, capture_output=True, timeout=120
    )
    assert replayed.returncode == 0 and b"not a single concrete fact" in replayed.stdout
    line = (tmp_path / "output" / "runs.log").read_text().splitlines()[-1]
    assert " new=4 " in line and " items=4 " in line and "news-demo finish=finished" in README


def test_the_default_user_agent_has_no_placeholder() -> None:
    assert "github.com/news-archiver" not in settings.USER_AGENT
    assert f"`{settings.USER_AGENT}`" in README
