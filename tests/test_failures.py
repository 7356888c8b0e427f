"""failure_kind: every failed request gets a named cause for its stat and log line."""

from __future__ import annotations

import pytest
from scrapy.exceptions import IgnoreRequest
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from archiver.failures import failure_kind


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (IgnoreRequest("max redirections reached"), "redirect_limit"),
        (
            IgnoreRequest("Ignored response <200 x> because its body exceeded DOWNLOAD_MAXSIZE"),
            "too_large",
        ),
        (
            Exception("Expected to receive 3600012 bytes which is larger than download max size"),
            "too_large",
        ),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest(), "ignored"),
        (TimeoutError(), "timeout"),
        (DNSLookupError(), "dns"),
        (ConnectionRefusedError(), "connection"),
        (ValueError("odd"), "value"),
    ],
)
def test_failure_kind(exc: Exception, kind: str) -> None:
    assert failure_kind(Failure(exc)) == kind
