"""Counts in words for what a person reads: "1 file", "2 files", "1 capture", "3 entries"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun`` in the number that agrees with it (``plural``, or noun + s)."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
