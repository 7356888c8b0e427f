"""Photo caption text -> caption, credit and the credit as printed."""

from __future__ import annotations

import re

from archiver.extract.byline import agency_of
from archiver.extract.patterns import (
    CREDIT_LABEL_RE,
    CREDIT_PHOTOGRAPHED_RE,
    CREDIT_SEPARATOR_RE,
    CREDIT_SLASH_PAREN_RE,
    CREDIT_TAIL_RE,
    RIGHTS_TAIL_RE,
)

_WS_RE = re.compile(r"\s+")
_TRAILING_PAREN_RE = re.compile(r"\s*[(\[]([^()\[\]]{1,60})[)\]]\s*$")
_NAME = r"[A-ZÀ-Ý][\w'’.-]+"
_NAME_PAREN_RE = re.compile(rf"\s*[(\[]({_NAME}(?:\s{_NAME}){{1,3}})[)\]]\s*$")
# A caption that is nothing but a short bracketed name is a credit: "(The Independent)".
_ONLY_PAREN_RE = re.compile(r"[(\[]\s*([\w@][^()\[\].!?]{1,58}?)\s*[)\]]")
# A second label inside a credit: "© NDR Foto: Jane Doe" names the holder, then the photographer.
_INNER_LABEL_RE = re.compile(
    r"\s*(?:(?P<sep>[|/,;])\s*)?(?<![\w-])(?:foto|photo|bild|image|picture)\s*:\s*",
    re.IGNORECASE,
)
_STRIP = " \t\n|-–—,;:/"
_BRACKETS = (("(", ")"), ("[", "]"), ("（", "）"), ("【", "】"), ("［", "］"))


def _clean(text: str) -> str:
    return _WS_RE.sub(" ", text).strip(_STRIP)


def _balanced(text: str) -> str:
    """Without a bracket opened or closed outside it: "(Photo: Jane Doe (AP))" keeps "(AP)"."""
    text = text.strip()
    for opener, closer in _BRACKETS:
        while text.endswith(closer) and text.count(closer) > text.count(opener):
            text = text[:-1].rstrip()
        while text.startswith(opener) and text.count(opener) > text.count(closer):
            text = text[1:].lstrip()
    return text


def _credit_name(text: str) -> str:
    """The name of a credit without "All rights reserved" or a second label after it."""
    name = _clean(RIGHTS_TAIL_RE.sub("", text)) or _clean(text)
    return _INNER_LABEL_RE.sub(lambda m: f" {m['sep']} " if m["sep"] else "/", name)


def _drop_echo(caption: str, credit: str) -> str:
    """Remove a trailing "(AAP)" that repeats the credit: "... authorities. (AAP)Source: AAP"."""
    m = _TRAILING_PAREN_RE.search(caption)
    if m:
        inner = m.group(1).strip()
        same = inner.lower() == credit.lower() or (
            agency_of(inner) is not None and agency_of(inner) == agency_of(credit)
        )
        if same or inner.lower() in credit.lower():
            caption = caption[: m.start()]
    return caption


def split_caption(text: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a printed photo caption into (caption, credit, credit_raw).

    "Lavrov in Moscow. (AAP)Source: AAP" -> ("Lavrov in Moscow.", "AAP", "Source: AAP");
    "Photo: Jane Doe/Reuters" -> (None, "Jane Doe/Reuters", "Photo: Jane Doe/Reuters").
    """
    if not text or not text.strip():
        return None, None, None
    text = _WS_RE.sub(" ", text).strip()
    m = CREDIT_LABEL_RE.search(text)
    if m and m.group("credit").strip(_STRIP + "()"):
        raw = _balanced(text[m.start("label") :])
        credit = _balanced(_credit_name(raw[m.end("label") - m.start("label") :]))
        caption = text[: m.start("label")].rstrip(" (|[-–—（【［")
        caption = _drop_echo(caption, credit)
        return (_clean(caption) or None), credit, raw
    m = _ONLY_PAREN_RE.fullmatch(text)
    if m and len(m.group(1).split()) <= 6 and not m.group(1)[0].islower():  # not "(left)"
        return None, _credit_name(m.group(1)), text
    m = _NAME_PAREN_RE.search(text)
    if m and len(text) > 3 * len(m.group(0)):
        # "... a defender. (Edu Luque)": a trailing bracketed person name is the photographer.
        return _clean(text[: m.start()]) or None, m.group(1).strip(), m.group(0).strip()
    m = CREDIT_PHOTOGRAPHED_RE.search(text)
    if m and m.start() > 0:
        return _clean(text[: m.start()]) or None, m.group("credit").strip(), m.group(0).strip()
    m = CREDIT_SLASH_PAREN_RE.search(text)
    if m and len(text) > 2 * len(m.group(0)):
        # "... au premier semestre. (Fred Scheiber/SIPA)": "Name/Agency" in brackets.
        return _clean(text[: m.start()]) or None, m.group("credit").strip(), m.group(0).strip()
    m = CREDIT_TAIL_RE.search(text)
    # A bare agency name only counts as a credit after a sentence or separator ("... dusk. AFP"),
    # not inside one ("shot by AP").
    if (
        m
        and m.group("bare")
        and text[: m.start()].rstrip()
        and text[: m.start()].rstrip()[-1] not in ".!?|–—-:)"
    ):
        m = None
    if m:
        raw = m.group(0).strip()
        credit = _clean(m.group("paren") or m.group("bare") or "")
        credit = (
            re.sub(r"^(?:photo|foto|image|picture)\s*[:/]?\s*", "", credit, flags=re.I) or credit
        )
        caption = _clean(text[: m.start()])
        if caption or credit:
            return (caption or None), (credit or None), raw
    m = CREDIT_SEPARATOR_RE.search(text)
    # A bare name after the separator needs a long caption before it ("Berlin / New York").
    if m and len(text) > (2 if re.search(r"[/\d]|[a-z]{2}", m.group("credit")) else 3) * len(
        m.group(0)
    ):
        # "Caption. | Niall Carson/PA Images via Getty Images", "Caption / Lorenzo Marina".
        credit = _clean(m.group("credit"))
        return _clean(text[: m.start()]) or None, credit, credit
    return _clean(text) or None, None, None


def clean_credit(credit: str | None) -> tuple[str | None, str | None]:
    """(credit, credit_raw) of a metadata credit such as "© Jane Doe" or "Foto: dpa"."""
    if not credit:
        return None, None
    caption, label_free, raw = split_caption(credit)
    return (label_free or caption), credit


def split_credit_element(
    caption_text: str | None, credit_text: str | None
) -> tuple[str | None, str | None, str | None]:
    """Caption and credit printed in separate elements: split each, the credit element wins."""
    caption, credit, raw = split_caption(caption_text)
    if credit_text and credit_text.strip():
        c_caption, c_credit, c_raw = split_caption(credit_text)
        raw = _clean(credit_text)
        credit = c_credit or c_caption
        if c_caption and c_credit and not CREDIT_LABEL_RE.search(raw):
            # The element is the credit: "Gustavo Valiente / Europa Press" stays whole.
            credit = raw.strip("()[] ")
        if caption and credit:
            caption = _clean(_drop_echo(caption, credit)) or None
    return caption, credit, raw
