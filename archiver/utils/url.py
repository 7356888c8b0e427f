"""Canonical URLs: tracking parameters stripped, one spelling per page (pure)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that say how a reader arrived, never which page they read. Names match whole,
# case-insensitively; prefixes end in "_" or "-".
TRACKING_PARAMS = re.compile(
    r"""(?ix)
    utm_\w+ | fbclid | gclid | gclsrc | dclid | msclkid | yclid | twclid | igshid
    | mc_cid | mc_eid | _ga | _gl | _hsenc | _hsmi | __hstc | __hssc | __hsfp | hsctatracking
    | mkt_tok | oly_anon_id | oly_enc_id | vero_id | wickedid | rb_clickid | s_cid
    | cmpid | ncid | ocid | icid | ito | sr_share | at_medium | at_campaign
    | at_custom\d* | at_link\w* | at_ptr_name | at_bbc_team | xtor | ns_mchannel | ns_source
    | ns_campaign | ns_linkname | ns_fee | CMP | __twitter_impression | smid | smtyp
    """
)

DEFAULT_PORTS = {"http": 80, "https": 443}


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters and fragment; everything else as it was."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.fullmatch(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True), fragment=""))


# The crawl asks for a page's URL again at each step (spider, state, duplicates): one parse.
@lru_cache(maxsize=4096)
def canonical_url(url: str) -> str:
    """One spelling of a page's URL, for deduplication: the same page gives the same string.

    Tracking parameters and fragment go, the scheme and host are lower-cased, the default port
    and a trailing ``index.html`` are dropped, the remaining query is sorted, and percent
    escapes are normalised (w3lib). The path's case is kept: servers may tell it apart.
    """
    parts = urlsplit(strip_tracking(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    path = re.sub(r"/index\.html?$", "/", parts.path) or "/"
    return canonicalize_url(urlunsplit((scheme, netloc, path, parts.query, "")))
