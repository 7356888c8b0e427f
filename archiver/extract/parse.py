"""Bytes or text of a page -> one parsed lxml tree; ValueError for what is not HTML."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from itertools import islice
from typing import AnyStr

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


# Characters lxml refuses in any text (C0 controls but tab, newline and carriage return; the
# two non-characters), which pages carry by accident; binary served as HTML is full of them.
_CONTROL_CHARS = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + "\ufffe\uffff"
_CONTROL_RE = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
# A page whose first characters are more than 1 in this many control characters is binary.
MAX_CONTROL_SHARE = 20
_SNIFF_CHARS = 2048
# libxml2 drops every element nested deeper than this (XML_ERR_RESOURCE_LIMIT, "Excessive
# depth in document") unless told to build huge trees, which deep recursion elsewhere would
# not survive either.
MAX_TREE_DEPTH = 255
_DEPTH_ERROR = etree.ErrorTypes.ERR_RESOURCE_LIMIT
# Attributes kept of one element; no page's own markup comes near it.
MAX_ATTRIBUTES = 256
# An attribute longer than this (characters) is left out of its tag: no value of any field
# (a stuffed <meta>; an image inlined as data, which nothing here reads).
MAX_ATTRIBUTE_CHARS = 1_000_000
# Start tags this long (characters) are checked for their number of attributes; shorter ones
# cannot hold more than MAX_ATTRIBUTES.
_LONG_TAG_CHARS = 2 * MAX_ATTRIBUTES
# Possessive: a tag of short attributes fails at once, not once per letter of its name (a
# third of the parse's time before).
_LONG_TAG = rf"<([a-zA-Z][\w:.-]*+)([^<>]{{{_LONG_TAG_CHARS},}}+)>"
_ATTRIBUTE = r"""\s*[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?\s*/?"""
_LONG_TAG_RE = re.compile(_LONG_TAG)
_ATTRIBUTE_RE = re.compile(_ATTRIBUTE)
# The same on the bytes of a page, before anything decodes it (bound_tags).
_LONG_TAG_BYTES_RE = re.compile(_LONG_TAG.encode())
_ATTRIBUTE_BYTES_RE = re.compile(_ATTRIBUTE.encode())
# Tags of the containers a flattened page loses: layout boxes, never a paragraph or a heading.
_CONTAINER_TAG_RE = re.compile(
    r"</?(?:div|span|section|article|main|aside|header|footer|nav|font|center|blockquote|form"
    r"|table|tbody|thead|tr|td|th|ul|ol|li|dl|dt|dd|b|i|u|em|strong|small|label)\b[^>]*>",
    re.I,
)

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
    """Parse a page once; ValueError when the input is clearly not HTML.

    Read as a browser reads it: a NUL is U+FFFD and other control characters are dropped (lxml
    refuses them in any text set later, and they show nothing), and markup nested deeper than
    libxml2 keeps (it drops everything below `MAX_TREE_DEPTH`) is flattened, its text kept."""
    text = decode(html, encoding)
    head = text[:_SNIFF_CHARS]
    if len(_CONTROL_RE.findall(head)) * MAX_CONTROL_SHARE > len(head) or not _HTML_SNIFF_RE.search(
        text[:65536]
    ):
        raise ValueError("input is not HTML")
    text = _XML_DECL_RE.sub("", text, count=1)
    # A search per character (memchr) is four times faster than the regex's scan of a page
    # that has none of them, which is nearly every page.
    if any(c in text for c in _CONTROL_CHARS):
        text = _CONTROL_RE.sub(_control, text)
    text = _bound_long_tags(text)
    tree = _parse(text)
    if any(e.type == _DEPTH_ERROR for e in _PARSER.error_log):
        # A page nested deeper than the parser keeps: its containers' tags go, their text
        # and paragraphs stay (a few levels of structure lost beats the article lost).
        tree = _parse(_CONTAINER_TAG_RE.sub(" ", text))
    return tree


def _bound_long_tags(text: str) -> str:
    """`_LONG_TAG_RE.sub(_fewer_attributes, text)`, its regex run on the long start tags only:
    a match ends at a ">" and holds no other "<" or ">", so it is the end of one of the text's
    pieces between two ">" from its last "<". Scanning every tag with the regex took a tenth
    of the extraction of a news page."""
    pieces = text.split(">")
    changed = False
    for i in [i for i, piece in enumerate(pieces[:-1]) if len(piece) > _LONG_TAG_CHARS]:
        piece = pieces[i]
        start = piece.rfind("<")
        if start < 0 or len(piece) - start <= _LONG_TAG_CHARS:
            continue
        tag = piece[start:] + ">"
        if (m := _LONG_TAG_RE.fullmatch(tag)) is not None and (
            bound := _fewer_attributes(m)
        ) != tag:
            pieces[i] = piece[:start] + bound[:-1]
            changed = True
    return ">".join(pieces) if changed else text


def _parse(text: str) -> HtmlElement:
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"cannot parse HTML: {exc}") from exc


def bound_tags(html: bytes) -> bytes:
    """The bytes of a page with its start tags bounded as parse_html bounds them, for the
    parsers this module does not call (Scrapy's selector: libxml2 again)."""
    return _LONG_TAG_BYTES_RE.sub(_fewer_attributes, html)


def _fewer_attributes(m: re.Match[AnyStr]) -> AnyStr:
    """A long start tag with its first MAX_ATTRIBUTES attributes, those over
    MAX_ATTRIBUTE_CHARS left out: libxml2 checks each attribute against all before it (hours
    for a tag with 100,000 of them), and gives up the rest of the page after a value of 10 MB.
    Left whole where its attributes do not read cleanly (a ">" in a quoted value)."""
    whole, rest = m.group(), m.group(2)
    attribute_re = _ATTRIBUTE_RE if isinstance(whole, str) else _ATTRIBUTE_BYTES_RE
    attributes = attribute_re.findall(rest)
    if sum(map(len, attributes)) != len(rest):
        return whole
    kept = [a for a in attributes[:MAX_ATTRIBUTES] if len(a) <= MAX_ATTRIBUTE_CHARS]
    if len(kept) == len(attributes):
        return whole
    return whole[:1] + m.group(1) + whole[:0].join(kept) + whole[-1:]


def _control(m: re.Match[str]) -> str:
    return "\ufffd" if m.group() == "\x00" else " " if m.group() in "\x0b\x0c" else ""
