"""Byline text -> person names and wire agencies."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archiver.extract.patterns import (
    AGENCY_BY_NAME,
    BYLINE_CUT_RE,
    BYLINE_LOCATION_RE,
    BYLINE_PREFIX_RE,
    BYLINE_SPLIT_RE,
    EMAIL_RE,
    GENERIC_AGENCY_WORDS,
    HANDLE_RE,
    NAME_PARTICLES,
    NOT_A_NAME,
    ROLE_WORDS,
)

_WS_RE = re.compile(r"\s+")
_PAREN_RE = re.compile(r"\(([^)]*)\)")
_DIGIT_RE = re.compile(r"\d")
_SUFFIX_RE = re.compile(r"\b(?:Jr|Sr|[A-Z])\.$")
_EDGE_PUNCT = " \t\n.,;:-–—|/•·*\"'“”‘’()[]"


def normalize_name(name: str) -> str:
    """Collapse whitespace and fix ALL CAPS or all-lower multi-word names to title case."""
    name = _WS_RE.sub(" ", name).strip(_EDGE_PUNCT.replace(".", ""))
    if _SUFFIX_RE.search(name) is None:
        name = name.rstrip(".")
    letters = [c for c in name if c.isalpha()]
    caps = name.isupper() and any(len(w) > 3 for w in name.split())
    if letters and (caps or (name.islower() and " " in name)):
        # str.title() would turn "o'brien" into "O'Brien" but also "mcdonald" into "Mcdonald":
        # an acceptable price for readable names.
        name = " ".join(
            w[:1].upper() + w[1:].lower() if len(w) > 1 else w.upper() for w in name.split()
        )
        name = re.sub(r"(?<=['’-])(\w)", lambda m: m.group(1).upper(), name)
    return name


def agency_of(text: str) -> str | None:
    """The canonical agency name `text` stands for ("Associated Press" -> "AP"), if any."""
    key = _WS_RE.sub(" ", text).strip(_EDGE_PUNCT).lower()
    key = re.sub(r"^(?:the|via|source|quelle|mit|with|and|und)\s+", "", key)
    key = re.sub(r"\s+(?:photo|photos|images?|wire|news agency|agency)$", "", key)
    return AGENCY_BY_NAME.get(key)


def _is_role(token: str) -> bool:
    words = [w for w in re.split(r"[\s'’.-]+", token.lower()) if w]
    return bool(words) and all(
        w in ROLE_WORDS or w in {"of", "the", "for", "and", "de"} for w in words
    )


def _looks_like_name(token: str) -> bool:
    if not token or _DIGIT_RE.search(token) or len(token) > 60:
        return False
    words = token.split()
    if len(words) > 1 and words[0][:1].islower() and words[0] not in NAME_PARTICLES:
        return False
    if words[-1].lower().rstrip(":") in {"says", "said", "sagt", "schreibt", "dit", "writes"}:
        return False  # a comment header, not a byline
    if len(words) > 5 or token.lower() in NOT_A_NAME or not any(c.isalpha() for c in token):
        return False
    if any(w.lower() in NOT_A_NAME for w in words) and len(words) <= 2 and words[0].islower():
        return False
    return not _is_role(token)


def _cut_role(token: str) -> str:
    """Keep the name before a job title glued to it: "Ingo Arzt Redakteur für Wirtschaft"."""
    words = token.split()
    for i, word in enumerate(words[1:], start=1):
        low = word.lower().strip(".,:")
        title = low.rsplit("-", 1)[-1] in ROLE_WORDS
        lower = word[:1].islower() and low not in NAME_PARTICLES and i < len(words) - 1
        if (title and i >= 2) or lower:
            return " ".join(words[:i])
    return token


def parse_byline(text: str | None) -> tuple[list[str], list[str]]:
    """Split a printed byline into (authors, agencies).

    "By Jane Doe and John Roe, AAP" -> (["Jane Doe", "John Roe"], ["AAP"]);
    "Staff writer" -> ([], []); dates, roles, places, e-mails and @handles are dropped.
    """
    if not text:
        return [], []
    text = _WS_RE.sub(" ", text).strip()
    # Parenthesised parts are either an agency ("(AFP)") or a role/place: keep only agencies.
    agencies: list[str] = []
    for inner in _PAREN_RE.findall(text):
        if (agency := agency_of(inner)) and agency not in agencies:
            agencies.append(agency)
    text = _PAREN_RE.sub(" ", text)
    text = EMAIL_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    text = BYLINE_CUT_RE.sub("", text)
    authors: list[str] = []
    # A "|" or newline usually separates the name from a job title: "A | Political Editor".
    for part in re.split(r"\s+[|]\s+|\s+[-–—]\s+", text):
        part = BYLINE_PREFIX_RE.sub("", part.strip(_EDGE_PUNCT.replace(".", "")))
        for token in BYLINE_SPLIT_RE.split(part):
            token = BYLINE_PREFIX_RE.sub("", token.strip(_EDGE_PUNCT.replace(".", "")))
            token = BYLINE_LOCATION_RE.sub("", token).strip(_EDGE_PUNCT.replace(".", ""))
            if not token:
                continue
            if agency := agency_of(token):
                if agency not in agencies:
                    agencies.append(agency)
                continue
            if token.lower() in GENERIC_AGENCY_WORDS:
                continue
            cut = _cut_role(token)
            if _looks_like_name(cut):
                name = normalize_name(cut)
                if name.lower() not in {a.lower() for a in authors}:
                    authors.append(name)
            if cut != token:
                break  # the rest of this part describes the person: "für Wirtschaft und Umwelt"
    if any(" " in a for a in authors):
        # Beside full names, a lone word is a dateline place: "Von Anna Sleegers, Frankfurt".
        authors = [a for a in authors if " " in a]
    if agencies:
        # Beside a wire credit, two or three letters are an editor's initials ("dpa/lno").
        authors = [a for a in authors if len(a) > 3 or " " in a]
    return authors, agencies


def merge_people(groups: Iterable[Iterable[str]]) -> list[str]:
    """Concatenate name lists, dropping case-insensitive duplicates and names that are a
    shorter form of one already kept ("Jane Doe" after "Jane Doe-Smith" stays, "JANE DOE" goes)."""
    seen: dict[str, str] = {}
    for group in groups:
        for name in group:
            key = _WS_RE.sub(" ", name).strip().lower()
            if key and key not in seen:
                seen[key] = name
    return list(seen.values())
