"""Bytes or text of a page -> one parsed lxml tree; ValueError for what is not HTML."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_SNIFF_RE = re.compile(
    r"<\s*(?:!doctype|html|head|body|p|div|meta|title|article|span|a|br)\b", re.I
)


def decode(html: bytes | str, encoding: str | None = None) -> str:
    """Text of a page: the given encoding, then BOM / meta charset, then UTF-8, then cp1252."""
    if isinstance(html, str):
        return html
    candidates = [encoding] if encoding else []
    if html.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    if m := _CHARSET_RE.search(html[:4096]):
        candidates.append(m.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1252"]
    for name in candidates:
        try:
            return html.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return html.decode("utf-8", "replace")


def parse_html(html: bytes | str, encoding: str | None = None) -> HtmlElement:
    """Parse a page once; ValueError when the input is clearly not HTML."""
    text = decode(html, encoding)
    if "\x00" in text[:2048] or not _HTML_SNIFF_RE.search(text[:65536]):
        raise ValueError("input is not HTML")
    text = _XML_DECL_RE.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"cannot parse HTML: {exc}") from exc
    return tree
