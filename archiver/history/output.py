"""Where a history command writes: the format asked for or told by -o's extension, then the file."""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("text", "jsonl", "html")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "jsonl"}


def output_format(fmt: str | None, output: str | None) -> str:
    """--format, else what -o's extension says (page.html, changes.jsonl), else text."""
    if fmt:
        return fmt
    if output and output != "-":
        return _BY_SUFFIX.get(Path(output).suffix.lower(), "text")
    return "text"


def write(text: str, output: str | None) -> None:
    """To the file named (its folder made), or stdout for none or "-"."""
    if output and output != "-":
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
