"""Byline text -> person names and wire agencies, people told from organisations."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from gender_guesser.detector import Detector

from archiver.extract.patterns import (
    ACCOUNT_NAME_RE,
    AGENCY_BY_NAME,
    BYLINE_CUT_RE,
    BYLINE_DATELINE_RE,
    BYLINE_INNER_BY_RE,
    BYLINE_LABEL_JOIN,
    BYLINE_LABEL_RE,
    BYLINE_LOCATION_RE,
    BYLINE_MAX_COUNTS,
    BYLINE_MONTH_DATE_RE,
    BYLINE_PHOTO_LABEL_RE,
    BYLINE_PREFIX_RE,
    BYLINE_REVIEWER_RE,
    BYLINE_SPLIT_RE,
    COUNT_RE,
    EMAIL_RE,
    GENERIC_AGENCY_WORDS,
    GENERIC_CREDIT_WORDS,
    HANDLE_RE,
    INTERFACE_WORDS,
    NAME_PARTICLES,
    NOT_A_NAME,
    ORG_ARTICLES,
    ORG_COMPOUND_ENDINGS,
    ORG_CREDIT_MAX_WORDS,
    ORG_CREDIT_RE,
    ORG_NAME_WORDS,
    ORG_SURNAME_WORDS,
    ROLE_WORDS,
    TEAM_CREDIT_WORDS,
    TEAM_DETERMINERS,
    WEB_ADDRESS_RE,
    WEEKDAYS,
)

# Words of a site's name read for the person it is named after ("Jane van Doe Yoga").
SITE_PERSON_MAX_WORDS = 4
# Places of different kinds (feed title, <title>, home link, copyright line) that must print
# the same full name as the site's name, where the host spells none of it: one could be a
# guest's or a product's name, two make it the site's.
SITE_OWNER_MIN_PLACES = 2
# A byline longer than this (characters) is no byline (a paragraph, a stuffed <meta>): read
# as no names, so that the many rules below never run over megabytes.
MAX_BYLINE_CHARS = 2_000
# Letters of a host label a short credit must spell whole to name the site ("JWU" on
# online.jwu.edu): fewer are a country's or a registry's label ("co" of example.co.uk).
SITE_LABEL_MIN_LETTERS = 3
_WS_RE = re.compile(r"\s+")
_PAREN_RE = re.compile(r"\(([^)]*)\)")
_DIGIT_RE = re.compile(r"\d")
_SUFFIX_RE = re.compile(r"\b(?:Jr|Sr|[A-Z])\.$")
_WORD_SPLIT_RE = re.compile(r"[\s-]+")
_LABEL_JOIN_RE = re.compile(BYLINE_LABEL_JOIN, re.IGNORECASE)
_EDGE_PUNCT = " \t\n.,;:-–—|/•·⋅*\"'“”‘’()[]<>"
_NAME_PUNCT = _EDGE_PUNCT.replace(".", "")
# A word joined to a lower-case word by a dot is a host or a user name, not a name as people
# print it: "twitter.com", "jane.doe" ("A.J. Neal" keeps its capitals).
_DOTTED_RE = re.compile(r"\w\.[a-z]{2,}")
# Characters UTF-8 bytes turn into when read as Latin-1 or Windows-1252: "JÃ¶rg", "JosÃ©".
_MOJIBAKE_RE = re.compile(r"[ÂÃÄÅÆÐÑØÙâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\xa0-¿]")
_LATIN_RE = re.compile(r"[A-Za-zÀ-ÿ]")
_CONTRACTION_RE = re.compile(r"\w['’](?:s|m|re|ll|ve|d|t)$", re.IGNORECASE)
# Letters of a degree or licence: "RN", "MD", "PhD", "M.S.", "DVM".
_CREDENTIAL_RE = re.compile(r"[A-Z]{2,5}|(?:[A-Z]\.){1,4}|Ph\.?D\.?")


@cache
def _first_names() -> Detector:
    # gender-guesser ships a list of ~48,000 given names from 50+ countries; it is read once
    # per process (about 0.2 s), by the first byline that needs it.
    return Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """True if `word` is a given name in some country ("Jane", "Jörg", "Priya")."""
    word = word.strip(_EDGE_PUNCT)
    return len(word) > 1 and _first_names().get_gender(word) != "unknown"


def name_letters(text: str) -> str:
    """Lower-case letters of `text` without accents: "Gàbor Muniér" -> "gabormunier"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalpha())


def normalize_name(name: str) -> str:
    """Collapse whitespace and fix ALL CAPS or all-lower multi-word names to title case."""
    name = _WS_RE.sub(" ", name).strip(_NAME_PUNCT)
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


def repair_mojibake(text: str) -> str:
    """A text whose UTF-8 bytes were read as Windows-1252 or Latin-1, read again as UTF-8
    ("JÃ¶rg MÃ¼ller" -> "Jörg Müller"); any other text as it is. Only a text that reads back
    as UTF-8 whole is repaired, so a name that really holds "Ã" stays."""
    if not _MOJIBAKE_RE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def _one_name(token: str) -> str:
    """A name the layout printed twice, once: "Jane Doe Jane Doe" -> "Jane Doe" (an avatar's
    alt text beside the printed name)."""
    words = token.split()
    for n in range(2, len(words) // 2 + 1):
        if [w.lower() for w in words[n : 2 * n]] == [w.lower() for w in words[:n]]:
            return " ".join(words[:n])
    return token


def agency_of(text: str) -> str | None:
    """The canonical agency name `text` stands for ("Associated Press" -> "AP"), if any."""
    key = _WS_RE.sub(" ", text).strip(_EDGE_PUNCT).lower()
    key = re.sub(r"^(?:the|via|source|quelle|mit|with|and|und)\s+", "", key)
    key = re.sub(
        r"\s+(?:photo|photos|images?|wire|newswire|news agency|agency|staff|news service)$",
        "",
        key,
    )
    return AGENCY_BY_NAME.get(key)


def is_organisation(name: str) -> bool:
    """True if `name` is shaped like an organisation's: a word only organisations use ("Metro
    Desk", "Acme Media Group", "Foo GmbH"), or an article first ("The Morning Brief")."""
    words = [w.strip(",;:()").lower() for w in _WORD_SPLIT_RE.split(name.strip()) if w]
    if len(words) > 1 and words[0] in ORG_ARTICLES:
        return True
    for word in words:
        if word in ORG_NAME_WORDS or word.rstrip(".") in ORG_NAME_WORDS:
            return True
        if word in ORG_SURNAME_WORDS and not is_first_name(words[0]):
            return True
        if any(len(word) > len(end) + 2 and word.endswith(end) for end in ORG_COMPOUND_ENDINGS):
            return True
    return False


def org_credit(text: str) -> str | None:
    """The credit "<Org> Wire", "<Org> Staff" or "<Org> News Service" as printed ("CNN Wire"),
    or the canonical agency it names ("Reuters Staff" -> "Reuters"); None for a person or a
    department ("Jörg Staff", "Sports Staff")."""
    credit = _WS_RE.sub(" ", text).strip(_EDGE_PUNCT)
    match = ORG_CREDIT_RE.match(credit)
    if match is None:
        return None
    org = match.group("org").strip(_EDGE_PUNCT)
    if agency := agency_of(org):
        return agency
    if not org or _is_role(org) or org.lower() in NOT_A_NAME:
        return None
    if all(w in ORG_NAME_WORDS for w in _WORD_SPLIT_RE.split(org.lower())):
        return None  # a department of the publisher: "Editorial Staff", "Newsroom Staff"
    # An acronym is an organisation even when it spells a given name ("PETA", "CNN").
    acronym = org.isupper() and len(org) > 1
    if not acronym and is_first_name(org.split()[0]) and not is_organisation(org):
        return None
    # Only the agencies we know have a canonical short form; another credit stays as printed.
    return credit


def credited_org(credit: str) -> str:
    """The organisation of a credit: "CNN Wire" -> "CNN"; any other credit as it is."""
    match = ORG_CREDIT_RE.match(credit)
    return match.group("org").strip(_EDGE_PUNCT) if match else credit


def _is_role(token: str) -> bool:
    words = [w for w in re.split(r"[\s'’.-]+", token.lower()) if w]
    return bool(words) and all(
        w in ROLE_WORDS or w in {"of", "the", "for", "and", "de"} for w in words
    )


def is_handle(name: str) -> bool:
    """A user name rather than a name as people write it: "jdoe", "jane.doe", "JaneDoe"."""
    if " " in name or len(name) < 2:
        return False
    inner_capital = any(c.isupper() for c in name[1:]) and not name.isupper()
    return name.islower() or inner_capital or any(c in "._" for c in name.strip("."))


def _looks_like_name(token: str, lone_word: bool = False) -> bool:
    """A person's name as people print it: words that start with a capital (but particles),
    no digits, no label before a colon, no host, no control of the page, and a lone word only
    if it is a given name ("Susan" on her own blog; not "Human", "View", "Drupal") or a user
    name, or, with `lone_word`, any word (a pseudonym, "Ringelnatz")."""
    if not token or _DIGIT_RE.search(token) or len(token) > 60:
        return False
    if ":" in token or "：" in token or _DOTTED_RE.search(token) or not token[0].isalpha():
        return False  # "Title: Founder", "twitter.com", "%t"
    words = token.split()
    if len(words) > 1 and any(w[:1].islower() and w not in NAME_PARTICLES for w in words):
        return False  # "See more", "Find me on"
    latin = bool(_LATIN_RE.search(token))
    if len(words) == 1 and latin and not lone_word and token.isupper() and len(token) <= 3:
        return False  # initials or an acronym ("AI", "DT"), not a credit of a person
    if len(words) == 1 and latin and not (lone_word or is_first_name(token) or is_handle(token)):
        # A capitalised word alone is a label or a control ("Written", "View", "Human"); a
        # user name ("jdoe", "MixmasterFred") is how the site credits its member. Scripts
        # without spaces between names (CJK) keep their one-word names.
        return False
    if any(w.lower().strip(".,") in INTERFACE_WORDS for w in words) and not is_first_name(words[0]):
        return False
    if words[-1].lower().rstrip(":") in {"says", "said", "sagt", "schreibt", "dit", "writes"}:
        return False  # a comment header, not a byline
    if len(words) > 5 or token.lower() in NOT_A_NAME or not any(c.isalpha() for c in token):
        return False
    if any(w.lower() in NOT_A_NAME for w in words) and len(words) <= 2 and words[0].islower():
        return False
    if token.lower() in WEEKDAYS or is_organisation(token):
        return False
    if any(ACCOUNT_NAME_RE.search(w) for w in words):
        return False  # the site's administrator account, not a person ("NOC Admin")
    return not _is_role(token)


def _is_title(token: str) -> bool:
    """A job title alone: words ending in a title that start with no given name ("Digital
    Security Expert", "Senior Marketing Manager"); "Jane Doe Marketing Manager" is a name
    with a title glued on."""
    words = token.split()
    last = words[-1].lower().strip(".,").rsplit("-", 1)[-1] if words else ""
    return len(words) > 1 and last in ROLE_WORDS and not is_first_name(words[0])


def _cut_sentence(token: str) -> str:
    """Keep the name before the words of a sentence the layout ran into it: "Jack Doe Hi! I'm
    Jack", "Jane Doe Let's talk" (a word with "'s" or "'m", or "!" and "?", is no part of a
    name; "O'Brien" is)."""
    words = token.split()
    for i, word in enumerate(words):
        if i < 2 and _CONTRACTION_RE.search(word):
            # The name's own possessive: "Jane Doe's" -> "Jane Doe".
            return " ".join([*words[:i], word[: _CONTRACTION_RE.search(word).start() + 1]])
        if _CONTRACTION_RE.search(word) or word.rstrip("!?") != word:
            return " ".join(words[:i])
    return token


def _cut_credentials(token: str) -> str:
    """Drop letters of degrees and licences printed after a name: "Cara Doe RN", "Jane Doe
    PhD" -> the name (a word of two to five capitals and dots after two words at least)."""
    words = token.split()
    if token.isupper():
        return token  # "JANE DOE SMITH": a name in capitals
    while len(words) > 2 and _CREDENTIAL_RE.fullmatch(words[-1]):
        words.pop()
    return " ".join(words)


def _describes(token: str, authors: list[str]) -> bool:
    """A descriptor after a person's name rather than a second person: "Jane Doe, Sr.
    Director of Operations", "Jane Doe, Candidate Representative to the Committee" (it holds
    a job title or runs on in lower-case words, as a phrase does and no name, and opens with
    no given name, where the name before it did)."""
    raw = token.split()
    words = [w.lower().strip(".,") for w in raw]
    phrase = any(w[:1].islower() and w not in NAME_PARTICLES for w in raw[1:])
    return (
        bool(authors)
        and is_first_name(authors[0].split()[0])
        and not is_first_name(words[0])
        and (phrase or any(w in ROLE_WORDS for w in words))
    )


def _opens_with_given_name(words: list[str]) -> bool:
    """The first word is a given name, as printed: an acronym is none even when it spells one
    ("ACO", "PETA")."""
    first = words[0] if words else ""
    return is_first_name(first) and not (first.isupper() and len(first) > 1)


def _cut_role(token: str) -> str:
    """Keep the name before a job title glued to it: "Ingo Arzt Redakteur für Wirtschaft"."""
    words = token.split()
    for i, word in enumerate(words[1:], start=1):
        low = word.lower().strip(".,:")
        if low in ORG_NAME_WORDS and i == len(words) - 1 and not _opens_with_given_name(words):
            return token  # "Acme Rankings Team": the team's name, not a person's and a title
        # "for" brings the publication in: "Glen Doe And John Roe For The Sunday Example".
        title = low.rsplit("-", 1)[-1] in ROLE_WORDS or low == "for"
        lower = word[:1].islower() and low not in NAME_PARTICLES and i < len(words) - 1
        if (title and i >= 2) or lower:
            return " ".join(words[:i])
    return token


def _cut_weekday(token: str) -> str:
    """Drop a day name the layout glued to a name: "Jane Doe Monday" -> "Jane Doe".

    Day names are surnames too ("Plácido Domingo", "Jan Freitag"): only a third word after a
    surname is taken for a day.
    """
    words = token.split()
    if len(words) < 3 or words[-1].lower().strip(".,") not in WEEKDAYS:
        return token
    before = words[-2]
    if before.lower() in NAME_PARTICLES or is_first_name(before):
        return token
    return " ".join(words[:-1])


def _cut_avatar(token: str) -> str:
    """Drop the initials an avatar prints before the name they stand for: "CM Craig McCarthy"
    -> "Craig McCarthy"."""
    words = token.split()
    first = words[0] if words else ""
    initials = "".join(w[:1] for w in words[1 : 1 + len(first)]).upper()
    if 1 < len(first) <= 3 and first.isupper() and len(words) > len(first) and first == initials:
        return " ".join(words[1:])
    return token


def _cut_interface(token: str) -> str:
    """Keep the name before a control of the page the layout ran into it: "A. J. Neal View
    In Digital Edition", "Jane Doe Follow Me" (a capitalised interface word after two words
    at least and before more, where what comes before reads as a name: "Mary Ann More" is a
    name)."""
    words = token.split()
    for i, word in enumerate(words[2:-1], start=2):
        if word[:1].isupper() and word.lower().strip(".,:") in INTERFACE_WORDS:
            head = " ".join(words[:i])
            return head if _looks_like_name(head) else token
    return token


def _after_inner_by(token: str) -> str:
    """The name after a "by" that follows no name: "View all posts by Jane Doe" -> "Jane Doe"."""
    found = list(BYLINE_INNER_BY_RE.finditer(token))
    if not found:
        return token
    last = found[-1]
    before = token[: last.start()].strip()
    word = last.group().strip().lower()
    if word != "by" and before and is_first_name(before.split()[0]):
        return token  # "Otto von Bismarck", "Jane Doe par ..."
    return token[last.end() :]


def _text_segments(text: str) -> list[str]:
    """The parts of a byline that credit the words: photo credits ("Foto: John Roe") go."""
    segments: list[str] = []
    start, photo = 0, False
    for match in BYLINE_LABEL_RE.finditer(text):
        if not photo:
            segments.append(text[start : match.start()])
        labels = _LABEL_JOIN_RE.split(match.group("labels"))
        photo = all(BYLINE_PHOTO_LABEL_RE.fullmatch(label.strip()) for label in labels if label)
        start = match.end()
    if not photo:
        segments.append(text[start:])
    return [s for s in segments if s.strip(_EDGE_PUNCT)]


def parse_byline(text: str | None, *, lone_word: bool = False) -> tuple[list[str], list[str]]:
    """Split a printed byline into (authors, agencies). `lone_word`: `text` is the one name
    the page's metadata gives a person, so a lone capitalised word is a pseudonym, where in a
    printed block it is a label or a control ("Written", "View").

    "By Jane Doe and John Roe, AAP" -> (["Jane Doe", "John Roe"], ["AAP"]);
    "Staff writer" -> ([], []); dates, roles, places, e-mails, @handles, photo credits,
    departments and publications are dropped; "CNN Wire" is an agency credit.
    """
    if not text or len(text) > MAX_BYLINE_CHARS:
        return [], []
    if len(COUNT_RE.findall(text)) >= BYLINE_MAX_COUNTS:
        return [], []  # "Authors Cited by (332) Tweetations (55)": a row of tabs
    if "&" in text:
        text = html.unescape(text)  # "Redacci&oacute;n" in JSON-LD written by hand
    text = repair_mojibake(_WS_RE.sub(" ", text).strip())
    # Parenthesised parts are either an agency ("(AFP)") or a role/place: keep only agencies.
    agencies: list[str] = []
    for inner in _PAREN_RE.findall(text):
        if (agency := agency_of(inner)) and agency not in agencies:
            agencies.append(agency)
    text = _PAREN_RE.sub(" ", text)
    text = EMAIL_RE.sub(" ", text)
    text = WEB_ADDRESS_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    text = BYLINE_REVIEWER_RE.sub(" ", text)
    text = BYLINE_CUT_RE.sub("", text)
    text = BYLINE_MONTH_DATE_RE.sub("", text)
    text = BYLINE_DATELINE_RE.sub("", text)
    authors: list[str] = []
    for segment in _text_segments(text):
        # A "|" or dash usually separates the name from a job title: "A | Political Editor".
        for part in re.split(r"\s+[|]\s+|\s+[-–—]\s+", segment):
            part = BYLINE_PREFIX_RE.sub("", part.strip(_NAME_PUNCT))
            first = True
            for token in BYLINE_SPLIT_RE.split(part):
                token = _after_inner_by(token.strip(_NAME_PUNCT))
                token = BYLINE_PREFIX_RE.sub("", token.strip(_NAME_PUNCT))
                token = BYLINE_LOCATION_RE.sub("", token).strip(_NAME_PUNCT)
                if not token:
                    continue
                if (agency := agency_of(token) or org_credit(token)) is not None:
                    if agency not in agencies:
                        agencies.append(agency)
                    continue
                if token.lower() in GENERIC_AGENCY_WORDS:
                    continue
                if _is_title(token):
                    continue
                if _describes(token, authors):
                    break  # what follows describes the person too: "..., Atlas Van Lines"
                dated = _cut_weekday(_cut_credentials(_cut_sentence(_one_name(_cut_avatar(token)))))
                cut = _cut_interface(_cut_role(dated))
                if cut.islower() and is_full_name(cut):
                    cut = normalize_name(cut)  # "jane doe": a name typed in lower case
                if _looks_like_name(cut, lone_word):
                    name = normalize_name(cut)
                    if name.lower() not in {a.lower() for a in authors}:
                        authors.append(name)
                elif first and " " not in cut and cut[:1].isupper():
                    break  # "By Acme, Hong Kong": a company's name, then its place
                first = False
                if cut != dated:
                    break  # the rest of this part describes the person: "für Wirtschaft"
    if any(" " in a for a in authors):
        # Beside full names, a lone word is a dateline place: "Von Anna Sleegers, Frankfurt".
        authors = [a for a in authors if " " in a]
    if agencies:
        # Beside a wire credit, two or three letters are an editor's initials ("dpa/lno"), and
        # a lone word no one is named is the dateline: "WASHINGTON (AP)".
        authors = [
            a for a in authors if " " in a or (len(a) > 3 and (is_handle(a) or is_first_name(a)))
        ]
    return authors, agencies


def names_site(name: str, site_names: Iterable[str]) -> bool:
    """True if `name` is the site's own name rather than a person's: its letters are those of
    the site's name or of a label of its host ("Cleveland Clinic" on clevelandclinic.org, "One
    Tree Planted" beside og:site_name "One Tree Planted"). ("Jane Doe" on janedoe.com is her
    own blog's name too: the caller keeps such a name where no one else is named.)"""
    key = name_letters(name)
    if not key:
        return False
    for site in site_names:
        labels = site.split(".")[:-1] if "." in site else [site]
        # A word after the site's name is a tag the layout glued on ("... Sponsored").
        if any(
            key.startswith(name_letters(x)) for x in (site, *labels) if len(name_letters(x)) > 3
        ):
            return True
    return False


def site_person(site: str | None, host: str | None) -> str | None:
    """The person a personal site is named after: the first words of its name ("Jane Doe
    Yoga") that spell a label of its host (janedoe.com) and read as a full name. A lone given
    name the site credits ("Jane") stands for it."""
    words = (site or "").split()
    keys = {name_letters(label) for label in (host or "").split(".")[:-1]}
    for n in range(2, min(len(words), SITE_PERSON_MAX_WORDS) + 1):
        name = " ".join(words[:n])
        if name_letters(name) in keys and is_full_name(name) and _looks_like_name(name):
            return name
    return None


def _name_of_site(text: str) -> str | None:
    """The full name a site's name opens with, as a person writes it: "Jane Doe" of "Jane Doe
    Yoga"; a name typed in lower case between separators ("jane/doe", "jane_doe") too."""
    if is_organisation(text):
        return None  # "Clay Global, LLC", "Acme Media Group"
    if " " not in text.strip() and text.islower():
        text = " ".join(w.capitalize() for w in re.split(r"[/_.+-]+", text) if w)
    words = text.split()
    for n in range(min(len(words), SITE_PERSON_MAX_WORDS), 1, -1):
        name = " ".join(words[:n]).strip(_NAME_PUNCT)
        if is_full_name(name) and _looks_like_name(name) and not is_handle(name):
            return name
    return None


def site_owner(named: Iterable[tuple[str, str]], host: str | None) -> str | None:
    """The person a one-person site belongs to, from the names it gives itself ((where,
    text) pairs: its feed, its title, its header's home link, its copyright line): a full
    name whose letters, given name or surname spell a label of its host ("Jane Doe" on
    janedoe.com, jane.blog.example, doe.example), or one printed as the site's name in two
    places of different kinds (the feed's title and the copyright line)."""
    labels = {name_letters(x) for x in (host or "").removeprefix("www.").split(".")[:-1]}
    labels.discard("")
    seen: dict[str, set[str]] = {}
    for where, text in named:
        name = _name_of_site(text)
        if name is None:
            continue
        # The surname alone spells a host (doe.example) too; a given name alone does not
        # ("Clay" of clay.example is a company's name as readily).
        if labels & {name_letters(name), name_letters(name.split()[-1])}:
            return name
        seen.setdefault(name, set()).add(where)
        if len(seen[name]) >= SITE_OWNER_MIN_PLACES:
            return name
    return None


# Lower-case words inside an organisation's name ("Center for Drug Evaluation and Research").
_ORG_CONNECTORS = frozenset({"for", "and", "of", "the", "&", "on", "in", "und", "für", "et", "y"})


def _spells_site(name: str, site_names: Iterable[str]) -> bool:
    """`name` is the site's own name: names_site, or the letters of a label of its host
    whole ("JWU" on online.jwu.edu)."""
    if names_site(name, site_names):
        return True
    key = name_letters(name)
    labels = {name_letters(x) for s in site_names if "." in s for x in s.split(".")[:-1]}
    if len(key) >= SITE_LABEL_MIN_LETTERS and key in labels:
        return True
    # The site's name after its article ("Luxury Travel Expert" of "The Luxury Travel Expert").
    bare = [" ".join(s.split()[1:]) for s in site_names if s.split()[0].lower() in ORG_ARTICLES]
    return names_site(name, [s for s in bare if " " in s])


def _reads_as_text(words: list[str]) -> bool:
    """Words of a control, a placeholder or a sentence rather than a name: "View all posts",
    "Anonymous", "Follow us" (a possessive opening a team's name is none: "Our Editors")."""
    low = [w.lower().strip(".,:") for w in words]
    if len(low) == 1 and (low[0] in GENERIC_CREDIT_WORDS or low[0] in NOT_A_NAME):
        return True
    rest = low[1:] if low[0] in TEAM_DETERMINERS else low
    if any(w in INTERFACE_WORDS or w in NOT_A_NAME - {"news"} for w in rest):
        return True
    if any(ACCOUNT_NAME_RE.search(w) for w in low):
        return True  # the site's administrator account ("q_admin", "NOC Admin")
    mixed = not " ".join(words).islower()
    return mixed and any(
        w[:1].islower() and w not in _ORG_CONNECTORS and w not in NAME_PARTICLES for w in words
    )


def organisation_credit(
    text: str | None, site_names: Iterable[str], *, typed: bool = False
) -> str | None:
    """The team, desk or company `text` credits as the writer, as credited, or None: a name
    schema.org types as an Organization (`typed`), the site's own name ("Swoogo" on
    swoogo.events), or a name shaped like an organisation's ("Podium Staff", "Lifestyle Desk",
    "Acme Agency"). Never a person's name, a wire agency, a user handle ("h.szeyee"), an
    e-mail, a generic word alone ("Staff", "Admin") or a control of the page."""
    if not text or len(text) > MAX_BYLINE_CHARS:
        return None
    text = repair_mojibake(_WS_RE.sub(" ", html.unescape(text)).strip())
    name = BYLINE_PREFIX_RE.sub("", text).strip(_NAME_PUNCT)
    words = name.split()
    if not words or len(words) > ORG_CREDIT_MAX_WORDS or ":" in name:
        return None
    if EMAIL_RE.search(name) or HANDLE_RE.search(name) or agency_of(name):
        return None
    if _reads_as_text(words):
        return None
    site = _spells_site(name, site_names)
    if not site and (is_handle(name) or _DIGIT_RE.search(name) or WEB_ADDRESS_RE.fullmatch(name)):
        return None  # an account's name, a date or an address, unless it spells the site
    team = len(words) > 1 and words[-1].lower().strip(".,") in TEAM_CREDIT_WORDS
    if site or team or is_organisation(name):
        return name
    # A name opening with a given name is a person's, whatever the markup types it.
    return name if typed and not _opens_with_given_name(words) else None


def is_full_name(name: str) -> bool:
    """A name of two words or more starting with a given name ("Jane Doe"), as a person's is
    printed: not a team's, a company's or an account's ("The Upwork Team", "katies")."""
    words = name.split()
    return len(words) > 1 and is_first_name(words[0])


def fuller_name(name: str, others: Iterable[str]) -> str:
    """The full name among `others` that a lone given name or a user name stands for
    ("Jane" or "jdoe" or "jane.doe" beside "Jane Doe" -> "Jane Doe"); else `name`."""
    if " " in name.strip():
        return name
    key = name_letters(name)
    if not key:
        return name
    for other in others:
        words = [name_letters(w) for w in other.split()]
        words = [w for w in words if w]
        if len(words) < 2:
            continue
        first, last = words[0], words[-1]
        forms = {"".join(words), first + last, first[0] + last, last + first}
        if key in forms or (key == first and name[:1].isupper() and not is_handle(name)):
            return other
    return name


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
