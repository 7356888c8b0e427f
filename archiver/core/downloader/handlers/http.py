"""HTTP/1.1 download handler that keeps what Twisted hides: the reason phrase and hop headers."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers import http11
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future

from archiver import meta

logger = logging.getLogger(__name__)


def _wire_facts(txresponse: Any) -> dict[str, Any]:
    """Reason phrase and connection-control headers of a Twisted response.

    Twisted moves Connection, Keep-Alive and Transfer-Encoding out of ``headers`` into its
    parser's ``connHeaders``; an archive must keep them, so we read them while the parser lives.
    """
    facts: dict[str, Any] = {"reason": (txresponse.phrase or b"").decode("latin-1")}
    conn: list[tuple[str, str]] = []
    try:
        protocol = txresponse._transport._producer.protocol
        # Endpoints wrap the HTTP protocol (_wrappedProtocol); TLS wraps it too (wrappedProtocol).
        while not hasattr(protocol, "_parser"):
            protocol = getattr(protocol, "_wrappedProtocol", None) or protocol.wrappedProtocol
        for name, values in protocol._parser.connHeaders.getAllRawHeaders():
            if name.lower() == b"content-length":
                continue  # Scrapy already puts Content-Length back into the headers
            conn.extend((name.decode("latin-1"), v.decode("latin-1")) for v in values)
        facts["connection_headers"] = conn
    except AttributeError:
        # A Twisted change, a proxy or HTTP/2 transport: say so rather than guess.
        facts["connection_headers"] = None
    return facts


class _ArchivingAgent(http11._ScrapyAgent):
    def _cb_bodyready(self, txresponse: Any, request: Request) -> Any:
        request.meta[meta.WIRE] = _wire_facts(txresponse)
        return super()._cb_bodyready(txresponse, request)


class ArchivingHTTPDownloadHandler(http11.HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, plus the wire facts (``meta.WIRE``) for the WARC writer."""

    async def download_request(self, request: Request) -> Response:
        spider = self._crawler.spider
        agent = _ArchivingAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=getattr(spider, "download_maxsize", self._default_maxsize),
            warnsize=getattr(spider, "download_warnsize", self._default_warnsize),
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with http11.wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except http11.ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                logger.warning(http11.get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise
