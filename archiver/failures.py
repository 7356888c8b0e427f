"""Names a failed request's cause for stats and logs: redirect loops, oversized bodies..."""

from __future__ import annotations

import re

from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

# Scrapy says why it ignored or cancelled a request only in the exception's text.
REASONS = [
    (re.compile(r"max redirections", re.I), "redirect_limit"),
    (re.compile(r"DOWNLOAD_MAXSIZE|max size|larger than", re.I), "too_large"),
    (re.compile(r"robots\.txt", re.I), "robots"),
    (re.compile(r"offsite", re.I), "offsite"),
]


def failure_kind(failure: Failure) -> str:
    """A short, stat-friendly name for why a request failed ("redirect_limit", "timeout"...)."""
    exc = failure.value
    text = str(exc)
    if kind := next((kind for rx, kind in REASONS if rx.search(text)), None):
        return kind
    if isinstance(exc, IgnoreRequest):
        return "ignored"
    name = type(exc).__name__
    if "Timeout" in name:
        return "timeout"
    if "DNS" in name:
        return "dns"
    if "Connection" in name or "ResponseNeverReceived" in name:
        return "connection"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().removesuffix("_error")
