"""Bytes or text of a page -> one parsed lxml tree; ValueError for what is not HTML."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from itertools import islice

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree
from lxml.html import HtmlElement

from archiver.extract.patterns import MOJIBAKE_MIN_RUNS, MOJIBAKE_RUN_RE, SINGLE_BYTE_CODEC_RE

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_SNIFF_RE = re.compile(
    r"<\s*(?:!doctype|html|head|body|p|div|meta|title|article|span|a|br)\b", re.I
)
_BOM = b"\xef\xbb\xbf"
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
_TEXT_PIECE_RE = re.compile(rb"[^<>]+")
_NON_ASCII_TEXT_RE = re.compile(r"[^\x00-\x7f]")
# Bytes of text (between tags) given to the charset detector: enough to tell the script and
# language, while markup and scripts (ASCII) would only dilute it and cost time.
_SAMPLE_BYTES = 4096
# Fewer non-ASCII bytes than this tell no charset apart: a stray byte is no evidence.
_MIN_EVIDENCE_BYTES = 16
# A page that is UTF-8 but for a few broken bytes stays UTF-8, as browsers read it: at most one
# undecodable byte per this many well-formed non-ASCII characters. Legacy-charset text is the
# other way round: its high bytes almost never happen to form UTF-8.
_UTF8_ERROR_RATIO = 4


def decode(html: bytes | str, encoding: str | None = None) -> str:
    """Text of a page (see `decode_page`)."""
    return decode_page(html, encoding)[0]


def decode_page(html: bytes | str, encoding: str | None = None) -> tuple[str, str | None]:
    """(text, fix) of a page: the given encoding, then BOM / meta charset, then UTF-8, then
    cp1252, the first that decodes. Where that reading looks wrong (a declared charset that
    fails, or single-byte text with mojibake signatures) the bytes are decoded as what they
    are, and `fix` says so ("cp1251 (declared windows-1252)"); None when the page was read as
    it said, or as nothing said and the defaults read it. Valid UTF-8 is never re-read."""
    if isinstance(html, str):
        return html, None
    if html.startswith(_BOM):
        return html[len(_BOM) :].decode("utf-8", "replace"), None
    declared = _declared(html, encoding)
    first = _codec(declared[0]) if declared else None
    used, text = _first_decoding(html, [*declared, "utf-8", "cp1252"])
    if used != "utf-8" and (found := _correction(html, used, text)):
        used, text = found
    if text is None:
        return html.decode("utf-8", "replace"), None
    if first is not None and used != first:
        return text, f"{used} (declared {declared[0]})"
    if first is None and used not in ("utf-8", "cp1252"):
        return text, f"{used} (undeclared)"
    return text, None


def _declared(html: bytes, encoding: str | None) -> list[str]:
    """Charset labels the transport and the page give, known to Python, in order."""
    labels = [encoding] if encoding else []
    if m := _CHARSET_RE.search(html[:4096]):
        labels.append(m.group(1).decode("ascii", "ignore"))
    return [label for label in dict.fromkeys(labels) if _codec(label)]


@lru_cache(maxsize=256)
def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _single_byte(codec: str | None) -> bool:
    """Codecs under which any bytes decode: a wrong one shows only as odd text."""
    return codec is not None and SINGLE_BYTE_CODEC_RE.match(codec) is not None


def _first_decoding(html: bytes, labels: list[str]) -> tuple[str | None, str | None]:
    for label in labels:
        codec = _codec(label)
        try:
            return codec, html.decode(codec or label)
        except (LookupError, UnicodeDecodeError):
            continue
    return None, None


def _correction(html: bytes, used: str | None, text: str | None) -> tuple[str, str] | None:
    """(codec, text) of bytes misread as `used`: UTF-8 if they are UTF-8 (but for a few
    broken bytes), else, where single-byte text shows mojibake or nothing decoded, what
    charset-normalizer finds in them."""
    if (utf8 := _utf8_text(html)) is not None:
        return "utf-8", utf8
    if text is not None and not (_single_byte(used) and _mojibake(text)):
        return None
    return _detect(html, used)


def _utf8_text(html: bytes) -> str | None:
    """Text of UTF-8 bytes, a few broken ones read as U+FFFD; None for other bytes. Cheap for
    legacy-charset pages: their first non-ASCII byte is already no UTF-8."""
    first = _NON_ASCII_RE.search(html)
    if first is None:
        return None  # ASCII reads the same in every charset
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start == first.start():
            return None
    text = html.decode("utf-8", "replace")
    broken = text.count("\ufffd") - html.count("\ufffd".encode())
    non_ascii = len(_NON_ASCII_TEXT_RE.findall(text)) - broken
    return text if broken * _UTF8_ERROR_RATIO <= non_ascii else None


def _mojibake(text: str) -> bool:
    """Several runs of Latin-1 letters no language spells: another script read as Latin-1."""
    runs = islice(MOJIBAKE_RUN_RE.finditer(text), MOJIBAKE_MIN_RUNS)
    return sum(1 for _ in runs) >= MOJIBAKE_MIN_RUNS


def _detect(html: bytes, used: str | None) -> tuple[str, str] | None:
    """charset-normalizer's reading of the page's text (not its ASCII markup), if it differs
    from `used` and reads as real text."""
    sample = b" ".join(p for p in _TEXT_PIECE_RE.findall(html) if _NON_ASCII_RE.search(p))
    if len(_NON_ASCII_RE.findall(sample[:_SAMPLE_BYTES])) < _MIN_EVIDENCE_BYTES:
        return None
    best = from_bytes(sample[:_SAMPLE_BYTES], preemptive_behaviour=False).best()
    codec = _codec(best.encoding) if best is not None else None
    if codec is None or codec == used:
        return None
    text = html.decode(codec, "replace")
    return None if _mojibake(text) else (codec, text)


# Comments go at parse time: frameworks put "<!-- -->" between a sentence's text and its
# links, and trafilatura, given such a tree, cuts the paragraph at the first one.
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
# Every element is an HtmlElement, chosen in C: lxml.html's own lookup runs a Python function
# each time an element is touched from Python (millions a page set, 6% of the extraction), to
# give <form>, <input>, <select>... classes of their own that nothing here uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_html(html: bytes | str, encoding: str | None = None) -> HtmlElement:
    """Parse a page once; ValueError when the input is clearly not HTML."""
    text = decode(html, encoding)
    if "\x00" in text[:2048] or not _HTML_SNIFF_RE.search(text[:65536]):
        raise ValueError("input is not HTML")
    text = _XML_DECL_RE.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"cannot parse HTML: {exc}") from exc
    return tree
