"""Names why a request was not fetched, in a word and in words: failures or routine ends."""

from __future__ import annotations

import re

from scrapy.exceptions import DropItem, IgnoreRequest
from twisted.python.failure import Failure

#: Requests the crawl's own policy ends: robots.txt forbids them, they leave the site. Scrapy
#: counts them (robotstxt/forbidden, offsite/filtered); they are no failure of the run.
ROUTINE_KINDS = frozenset({"robots", "offsite"})

#: Stats prefix of the pages a crawl wanted and could not fetch, by cause
#: (``archiver/failed/<kind>``, ``http_<status>``, ``<start|section>_page``, ``truncated``):
#: counted where the failure is seen (the spider's errback), read by RunSummary as pages lost.
FAILED = "archiver/failed/"
#: Stats prefix of fetched articles given no item by a failure (ArticlePipeline counts them by
#: cause: ``error``, ``timeout``...), read by RunSummary as pages lost.
DROPPED = "archiver/articles/dropped/"


class NotNeeded(IgnoreRequest):
    """A request ended on purpose because its page is archived already: not a failure.

    ``outcome`` names it for logs ("skipped", "revisited"); whoever raises it counts it.
    """

    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(f"{outcome}: {detail}")
        self.outcome = outcome


class NotAnArticle(DropItem):
    """A page dropped because it is no article (its profile, or the article test the extraction
    worker ran): an ordinary outcome, logged at DEBUG. Its links are followed; the crawl state
    does not record it, so that the next run reads it again for new links."""


# Scrapy says why it ignored or cancelled a request only in the exception's text.
REASONS = [
    (re.compile(r"max redirections", re.I), "redirect_limit"),
    (re.compile(r"redirect loop", re.I), "redirect_loop"),
    (re.compile(r"DOWNLOAD_MAXSIZE|max size|larger than", re.I), "too_large"),
    (re.compile(r"robots\.txt", re.I), "robots"),
    (re.compile(r"offsite", re.I), "offsite"),
]


def failure_kind(failure: Failure) -> str:
    """A short, stat-friendly name for why a request failed ("redirect_limit", "timeout"...)."""
    exc = failure.value
    if isinstance(exc, NotNeeded):
        return exc.outcome
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


#: What a kind of failure means, for an exception that says nothing itself (Scrapy cancels a
#: download, or loses its body, with an empty message).
KIND_WORDS = {
    "download_cancelled": "the download was stopped before its body was complete",
    "response_data_loss": "the server closed the connection before the end of the body",
    "timeout": "no complete answer within DOWNLOAD_TIMEOUT",
    "dns": "the host name does not resolve",
    "connection": "the connection failed",
    "too_large": "the body is larger than DOWNLOAD_MAXSIZE",
    "redirect_limit": "more redirects than REDIRECT_MAX_TIMES",
    "redirect_loop": "a redirect back to a URL of its own chain",
}


#: Exception class names of network failures (Twisted's, or Scrapy's wrappers of them), in a
#: few words for the lines a person reads first: "connection refused", not errno 111.
CAUSE_WORDS = [
    ("ConnectionRefused", "connection refused"),
    ("DNSLookup", "host name not found"),
    ("TimedOut", "timed out"),
    ("Timeout", "timed out"),
    ("ConnectionLost", "connection lost"),
    ("ResponseNeverReceived", "connection closed before any response"),
    ("NoRoute", "no route to host"),
    ("SSL", "TLS handshake failed"),
]


def failure_cause(failure: Failure) -> str:
    """Why a request failed, in a few words ("connection refused", "HTTP 404")."""
    response = getattr(failure.value, "response", None)
    if response is not None and getattr(response, "status", None):
        return f"HTTP {response.status}"
    names = [type(e).__name__ for e in (failure.value, failure.value.__cause__) if e]
    for part, words in CAUSE_WORDS:
        if any(part in name for name in names):
            return words
    return KIND_WORDS.get(failure_kind(failure), failure_reason(failure))


def failure_reason(failure: Failure) -> str:
    """Why a request failed, in words: the exception's own message, or what its kind means
    when it has none; never empty."""
    text = failure.getErrorMessage().strip()
    if text:
        return text
    kind = failure_kind(failure)
    return KIND_WORDS.get(kind, f"{type(failure.value).__name__} (no message)")


#: What each WARC-Truncated value means, after the value, in the line saying a page was cut.
TRUNCATION_WORDS = {
    "disconnect": ", the server closed the connection before the end of the body it announced",
    "length": ", longer than the size limit",
    "time": ", over the time limit",
}
