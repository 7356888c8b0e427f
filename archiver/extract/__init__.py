"""extract_article: one news page -> Article fields, each from the best evidence layer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import cache, partial
from typing import Any, TypedDict
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from archiver.classify import classify
from archiver.extract import body as body_mod
from archiver.extract import metadata as md
from archiver.extract import page
from archiver.extract.byline import (
    agency_of,
    credited_org,
    fuller_name,
    is_first_name,
    is_full_name,
    is_handle,
    is_organisation,
    merge_people,
    name_letters,
    names_site,
    org_credit,
    organisation_credit,
    parse_byline,
    site_owner,
    site_person,
)
from archiver.extract.credit import split_caption
from archiver.extract.dates import (
    PRINTED_LAYERS,
    STRUCTURED_LAYERS,
    ParsedDate,
    date_from_url,
    date_languages,
    display_dates_only,
    htmldate_fallback,
    month_first_locale,
    page_times,
    parse_date,
    parse_in_page_order,
    pick_date,
    settle,
    split_published_updated,
)
from archiver.extract.parse import decode_page, parse_html
from archiver.extract.patterns import (
    AGENCIES,
    LABELLED_BYLINE_RE,
    META_FIELDS,
    ORG_WORDS,
)
from archiver.jsontext import load_json

__all__ = [
    "Hints",
    "extract_article",
    "extract_tree",
    "is_article_page",
    "parse_byline",
    "parse_date",
    "parse_html",
    "split_caption",
]

_HTML_LANG_XP = etree.XPath("/html/@lang")
_MAX_JSONLD_REREAD = 100_000  # characters of a JSON-LD block read again for the lead photo
# Characters kept of a date text that reads as no date (its `*_raw`): a date, not a page.
MAX_RAW_DATE_CHARS = 200
# Characters kept of the message of a field group that failed (`sources["dates_error"]`).
MAX_ERROR_CHARS = 200


class Hints(TypedDict, total=False):
    """Evidence from outside the page, all optional: `extract_article(..., hints=...)`."""

    timezone: str
    """IANA zone of the site ("Australia/Sydney"), for dates printed without offset."""
    language: str
    """Site language (BCP 47), used when the page does not say."""
    site_name: str
    """Site name from the profile, used when the page metadata has none."""
    selectors: dict[str, str]
    """Field -> CSS selector from the site profile: body, byline, published, headline."""
    title: str
    """Headline from a feed or sitemap entry."""
    published: str
    """ISO 8601 publication time from a feed or sitemap."""
    updated: str
    """ISO 8601 update time from a feed or sitemap."""
    authors: list[str]
    """Author names from a feed entry."""


def is_article_page(html: bytes | str | HtmlElement, url: str = "") -> bool:
    """The crawl's article test (archiver.classify.classify) on one page; False if not HTML."""
    try:
        tree = html if isinstance(html, HtmlElement) else parse_html(html)
    except ValueError:
        return False
    return classify(tree, url)[0]


class _Fields:
    """Field values with the layer each came from; the first layer to give a value wins."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.sources: dict[str, str] = {}

    def offer(self, name: str, value: Any, source: str) -> None:
        if value in (None, "", [], {}) or name in self.values:
            return
        self.values[name] = value
        self.sources[name] = source


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _is_site(name: str, site_names: set[str], sections: set[str]) -> bool:
    """A publisher credited as author: the site's name, when it reads like an organisation."""
    key = name.lower()
    if key in sections:
        return True
    if key not in site_names and key.replace(" ", "") not in site_names:
        # "Daily Example" left of "Daily Example News" once the byline parser cut "News".
        if not any(site.startswith(key + " ") for site in site_names):
            return False
        key = next(site for site in site_names if site.startswith(key + " "))
    return "." in key or " " not in key or bool(ORG_WORDS.intersection(re.split(r"[\s.-]+", key)))


def _is_publisher(credit: str, site_names: set[str]) -> bool:
    """A credit of the site itself: "Daily Example Staff" or "Example Wire" on Daily Example."""
    org = re.sub(r"^(?:the|der|die|das|le|la|les|el|il)\s+", "", credited_org(credit).lower())
    sites = {re.sub(r"^(?:the|der|die|das|le|la|les|el|il)\s+", "", s) for s in site_names}
    return (
        org in sites or org.replace(" ", "") in sites or any(s.startswith(org + " ") for s in sites)
    )


def _language(
    tree: HtmlElement, ld: dict[str, Any], meta: dict[str, list[str]]
) -> tuple[str, str] | None:
    for value, layer in (
        ((_HTML_LANG_XP(tree) or [None])[0], "meta"),
        (ld.get("language"), "json-ld"),
        ((meta.get("og:locale") or [None])[0], "opengraph"),
        ((meta.get("content-language") or meta.get("dc.language") or [None])[0], "meta"),
    ):
        if value and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", value.strip()):
            parts = value.strip().replace("_", "-").split("-")
            return "-".join(
                [parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]]
            ), layer
    return None


def extract_article(
    html: bytes | str,
    url: str,
    *,
    fetched_at: datetime | None = None,
    hints: Hints | None = None,
    encoding: str | None = None,
) -> dict[str, Any]:
    """Article fields of one page (keys: a subset of items.Article), with `sources`."""
    if not html or not html.strip():
        return {
            "authors": [],
            "agencies": [],
            "organisations": [],
            "tags": [],
            "images": [],
            "sources": {},
        }
    page_text, charset_fix = decode_page(html, encoding)
    return extract_tree(parse_html(page_text), page_text, charset_fix, url, fetched_at, hints)


def extract_tree(
    tree: HtmlElement,
    page_text: str,
    charset_fix: str | None,
    url: str,
    fetched_at: datetime | None = None,
    hints: Hints | None = None,
) -> dict[str, Any]:
    """extract_article on the tree already parsed of `page_text`, which it cleans in place."""
    p = _Page(tree, page_text, url, fetched_at, hints or {})
    f = _Fields()
    if charset_fix:
        # The extractor logs nothing: the caller reports the page served in a wrong charset.
        f.sources["encoding"] = charset_fix
    _text_fields(p, f)
    _tags(p, f)
    f.offer("section", page.find_section(tree, f.values.get("headline"), p.marked), "heuristic")
    names, sections = _site_names(p, f)
    args = (p.layers, p.meta, p.selectors, p.hints)
    _guarded(f, "authors", _people, tree, f, *args, names, sections, p.marked, url)
    _guarded(f, "published", _dates, tree, f, *args, url, p.tz, fetched_at, p.marked)
    # Before the body cleaning drops figures.
    _guarded(f, "images", _images, tree, f, p.layers, p.meta, p.base)
    _body(p, f)
    _tidy_body(p, f)
    out: dict[str, Any] = {
        "authors": [],
        "agencies": [],
        "organisations": [],
        "tags": [],
        "images": [],
    }
    out.update(f.values)
    out["sources"] = f.sources
    return out


class _Page:
    """One page's tree and the evidence every field group reads: metadata layers, hints."""

    def __init__(
        self,
        tree: HtmlElement,
        page_text: str,
        url: str,
        fetched_at: datetime | None,
        hints: Hints,
    ) -> None:
        self.tree, self.page_text, self.url, self.fetched_at = tree, page_text, url, fetched_at
        self.hints: Hints = hints
        self.selectors: Mapping[str, str] = hints.get("selectors") or {}
        self.tz: str | None = hints.get("timezone")
        self.base = url
        if (b := tree.find(".//base")) is not None and b.get("href"):
            self.base = urljoin(url, b.get("href"))
        self.meta = md.read_meta(tree)
        self.ld, self.ld_page = md.read_jsonld(tree, self.base)
        self.micro = md.read_microdata(tree, self.base)
        self.layers = (("json-ld", self.ld), ("microdata", self.micro), ("json-ld", self.ld_page))
        self.marked = page.marked_elements(tree)

    def canonical(self) -> str | None:
        """The href of <link rel=canonical>, absolute."""
        for e in self.tree.iter("link"):
            if e.get("rel") == "canonical" and (href := e.get("href")) is not None:
                return urljoin(self.base, href.strip()) if href.strip() else None
        return None


def _text_fields(p: _Page, f: _Fields) -> None:
    """canonical_url, headline, description, section, site, language: structured data, then
    meta, then the profile, hints and the page."""
    f.offer("canonical_url", p.canonical(), "meta")
    for name in ("canonical_url", "headline", "description", "section", "site"):
        for layer, values in p.layers:
            f.offer(name, values.get(name), layer)
        if found := md.meta_field(p.meta, name):
            value = urljoin(p.base, found[0][0]) if name == "canonical_url" else found[0][0]
            f.offer(name, value, found[1])
    if sel := p.selectors.get("headline"):
        printed = next((page.text_of(e) for e in body_mod.select(p.tree, sel)), None)
        f.offer("headline", printed, "profile")
    f.offer("headline", p.hints.get("title"), "hint")
    f.offer("headline", page.find_headline(p.tree), "heuristic")
    f.offer("headline", page.page_title(p.tree), "heuristic")
    f.offer("site", p.hints.get("site_name"), "hint")
    f.offer("site", _host(p.url), "heuristic")
    if lang := _language(p.tree, p.ld, p.meta):
        f.offer("language", *lang)
    f.offer("language", p.hints.get("language"), "hint")


def _tags(p: _Page, f: _Fields) -> None:
    """Tags of the structured data and the keywords meta, else the page's tag links."""
    tags: list[str] = []
    for _, values in p.layers:
        tags += values.get("tags", [])
    if found := md.meta_field(p.meta, "tags"):
        for value in found[0]:
            if len(found[0]) == 1:
                tags += [t.strip() for t in value.split(",") if t.strip()]
            else:
                tags.append(value)
    source = "json-ld" if p.ld.get("tags") else (found[1] if found else "meta")
    f.offer("tags", list(dict.fromkeys(tags)), source)
    f.offer("tags", page.find_tags(p.tree, p.marked), "heuristic")


def _site_names(p: _Page, f: _Fields) -> tuple[set[str], set[str]]:
    """Names of the site and of the page's section, which are never a person's."""
    names = {
        s.lower()
        for s in (f.values.get("site"), p.ld.get("site"), p.ld_page.get("site"), _host(p.url))
        if s
    }
    if host := _host(p.url):
        names.add(host.rsplit(".", 1)[0])  # "krautreporter" of krautreporter.de
    # A section name is never a person either ("World", "Politik").
    sections = {f.values["section"].lower()} if f.values.get("section") else set()
    return names, sections


def _body(p: _Page, f: _Fields) -> None:
    """The profile's selector; else trafilatura on our cleaned tree (teasers, share bars,
    captions and comments already gone); else our own container heuristics."""
    before, whole = body_mod.clean_tree(p.tree)
    if sel := p.selectors.get("body"):
        text, layer = body_mod.extract_body(p.tree, selector=sel)
        f.offer("body", text if layer == "profile" else None, "profile")
    if "body" not in f.values:
        f.offer("body", _trafilatura_body(p, before, whole), "trafilatura")
    if "body" not in f.values:
        tree = body_mod.as_fetched(p.page_text) if before else p.tree
        text, layer = body_mod.extract_body(tree)
        f.offer("body", text, layer or "heuristic")
    f.offer("body", p.ld.get("body") or p.micro.get("body"), "json-ld")


def _trafilatura_body(p: _Page, before: int, whole: int) -> str | None:
    text = body_mod.trafilatura_body(p.tree, p.url, before, whole)
    got = len(text or "")
    if (got < 0.3 * before and before > 1000) or (got < 300 and whole > 3000):
        # Our cleaning may have cut the article itself: ask again on the page as fetched.
        second = body_mod.trafilatura_body(body_mod.as_fetched(p.page_text), p.url, before, whole)
        if len(second or "") > 2 * got:
            return second
    return text


def _tidy_body(p: _Page, f: _Fields) -> None:
    """The standfirst trafilatura left out put back; the headline it kept taken out."""
    body, headline = f.values.get("body"), f.values.get("headline")
    # trafilatura often leaves out the standfirst: the lead is the story's first paragraph.
    if (
        body
        and f.sources.get("body") == "trafilatura"
        and (lead := body_mod.printed_lead(p.tree, f.values.get("description"), body))
    ):
        body = f.values["body"] = f"{lead}\n\n{body}"
    if body and headline:
        # trafilatura keeps an <h1> inside the content block: the headline is not body text.
        first, _, rest = body.partition("\n\n")
        if first.strip() == headline.strip() and rest:
            f.values["body"] = rest


def _posted_by_account(
    candidates: list[tuple[list[str], str]], printed: page.Byline, tree: HtmlElement
) -> int | None:
    """Where among `candidates` the page's labelled byline ("By: Jane Doe") is, if it names
    full names only and comes after metadata that names other people by their full names,
    none of whom the page prints."""
    at = next((i for i, (_, layer) in enumerate(candidates) if layer == "heuristic"), 0)
    writers = candidates[at][0] if at else []
    before = [n for names, _ in candidates[:at] for n in names]
    if not (writers and before and LABELLED_BYLINE_RE.match(printed.text)):
        return None
    if not all(is_full_name(n) for n in writers + before):
        return None  # a lone word in the metadata is a user name or a pseudonym: not here
    if {name_letters(n) for n in writers} & {name_letters(n) for n in before}:
        return None
    text = page.visible_text(tree).lower()
    return None if any(n.lower() in text for n in before) else at


def _user_name(name: str) -> bool:
    """An account's name ("katies", "jdoe"): user names are ASCII, a lower-case word with an
    accent is a name as written ("medellín")."""
    return name.isascii() and is_handle(name)


def _guarded(f: _Fields, group: str, fill: Callable[..., None], *args: Any) -> None:  # noqa: ANN401
    """`fill(*args)`; where it raises, its fields stay missing and `sources["<group>_error"]`
    says why, rather than the page losing its article to one field. (Nothing here logs: the
    pipeline reports it.)"""
    try:
        fill(*args)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        f.sources[f"{group}_error"] = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]


def _people(
    tree,
    f: _Fields,
    layers,
    meta,
    selectors,
    hints,
    site_names,
    sections,
    marked,
    url: str,  # noqa: ANN001
) -> None:
    """authors, agencies and byline: structured author lists, page byline, meta, hints."""
    host = _host(url)
    agencies: list[str] = []
    candidates: list[tuple[list[str], str]] = []
    # Credits of the publisher itself as the writer ("Acme" on acme.com): a company's article.
    credits: list[str] = []
    for layer, values in layers:
        names: list[str] = []
        for name, is_org in values.get("authors_raw", []):
            credits.append(name)
            if agency := agency_of(name):
                agencies.append(agency)
            elif is_org:
                # schema.org says organisation: never an author, a credit if "<Org> Wire".
                agencies += [c] if (c := org_credit(name)) else []
            else:
                a, g = parse_byline(name, lone_word=True)
                names += a
                agencies += g
        if names:
            candidates.append((names, layer))
    # People the page says checked or edited the article: no writers, wherever a byline block
    # prints them; but on an article its publisher is credited with, the people who answer
    # for it (a company's or an automated article: "Acme, reviewed by Jane Doe").
    # The body's text, scanned for the stems of a checker's label and of a credit sentence.
    body = page.body_text(tree)
    checkers = page.find_checkers(tree, body)
    checked = {name_letters(n) for n in checkers}
    printed = page.find_byline(tree, (selectors["byline"],)) if selectors.get("byline") else None
    if printed:
        candidates.append((printed.authors, "profile"))
    else:
        printed = page.find_byline(tree, marked=marked) or page.find_unmarked_byline(tree, body)
        if printed:
            writers = [n for n in printed.authors if name_letters(n) not in checked]
            candidates.append((writers, "heuristic"))
    if printed:
        credits += printed.authors + printed.agencies
        f.offer("byline", printed.text, "profile" if selectors.get("byline") else "heuristic")
    if found := md.meta_field(meta, "authors"):
        a, g = [], []
        for value in found[0]:
            if not value.startswith("http"):
                x, y = parse_byline(value)
                a, g = a + x, g + y
        candidates.append((a, found[1]))
        agencies += g if not candidates[:-1] else []
    if hints.get("authors"):
        candidates.append(([n for v in hints["authors"] for n in parse_byline(str(v))[0]], "hint"))
    # A lone given name or a user name in one layer ("jdoe" in JSON-LD) stands for the full
    # name another layer prints ("By Jane Doe").
    everyone = [n for names, _ in candidates for n in names]
    if printed and (at := _posted_by_account(candidates, printed, tree)):
        # The metadata names someone the page never prints, the page prints "By" another
        # person: the account that posted the page ("Luke Roe" in JSON-LD; "By: Paul Doe").
        candidates.insert(0, candidates.pop(at))
    # The full names lone given names may stand for: those the layers give, and the person a
    # personal site is named after ("Jane" on "Jane Doe Yoga", janedoe.com).
    owner = site_person(f.values.get("site"), host)
    fuller = everyone + [owner] if owner else everyone
    # A user name no layer spells out ("katies" in JSON-LD) gives way to a person's full name
    # another layer prints ("By Aoife O'Riordan"): the account that posted is not the writer.
    spelled = any(is_full_name(n) for n in everyone)
    if printed and not selectors.get("byline") and checked:
        # The printed names the page says checked the article, where no one else writes it:
        # the writer checked their own ("Jane Doe ... Reviewed by Jane Doe").
        candidates.append((printed.authors, "heuristic"))
    if any(names_site(c, site_names) or _is_publisher(c, site_names) for c in credits):
        candidates.append((checkers, "heuristic"))
    # The site's own name is the author only where no layer names a person, and only where it
    # is a person's ("Jane Doe" on janedoe.com): a company's ("Quiet Light" on
    # quietlight.com) is an organisation credit (`_organisations`), no author.
    # Words the page prints in lower case, as common nouns: one pass over the page, when needed.
    lower = cache(partial(page.lower_words, tree))

    def _site_company(name: str) -> bool:
        if not names_site(name, site_names) or is_first_name(name.split()[0]):
            return False
        # A company's name is such words ("Quiet Light"), no person's ("Miod Vallat").
        return page.names_a_thing(name, lower(), min_words=2)

    for people_only in (True, False):
        for names, layer in candidates:
            names = [
                n
                for n in merge_people([names])
                if not _is_site(n, site_names, sections)
                and not (people_only and names_site(n, site_names))
                and not _site_company(n)
                and not (people_only and spelled and _user_name(fuller_name(n, fuller)))
            ]
            if names:
                f.offer("authors", merge_people([[fuller_name(n, fuller) for n in names]]), layer)
                break
        if "authors" in f.values:
            break
    if "authors" not in f.values:
        # No one named, on a site named after a person ("Jane Doe" on janedoe.com, or "Jane
        # Doe" the name of its feed and its copyright line): hers.
        named = page.site_self_names(tree, url)
        # Not on a company's site ("Alpha Apex Group"), whose name may open with a given name.
        site = f.values.get("site") or ""
        owner = owner or (site_owner(named, host) if not is_organisation(site) else None)
        if owner and not page.names_a_thing(
            owner, _common_words(lower(), named, host), min_words=2
        ):
            f.offer("authors", [owner], "site")
    if printed:
        # A printed block naming none of the people the metadata credits is no byline of this
        # article (a photo credit, "J. Roe / AFP"): its agency is not the text's.
        chosen = {a.lower() for a in f.values.get("authors", [])}
        printed_names = {a.lower() for a in printed.authors}
        from_page = f.sources.get("authors") in (None, "profile", "heuristic")
        if from_page or not printed_names or chosen & printed_names:
            agencies += printed.agencies
    # The publisher's own staff ("Daily Example Staff") is no agency credit.
    agencies = [a for a in agencies if a in AGENCIES or not _is_publisher(a, site_names)]
    if agencies:
        f.offer("agencies", list(dict.fromkeys(agencies)), "byline")
    if "authors" not in f.values and "agencies" not in f.values:
        # No person and no agency credited: the team, desk or company the page credits.
        # A block the page marks as its byline that names neither ("Podium Staff") too.
        texts = printed.authors + printed.agencies if printed else []
        if not printed and not selectors.get("byline"):
            texts = page.find_byline_texts(tree, marked)
        _organisations(f, layers, texts, meta, site_names, sections)
        if not printed and f.sources.get("organisations") == "heuristic":
            f.offer("byline", " ".join(texts), "heuristic")  # the block that credits it


def _organisations(
    f: _Fields,
    layers: tuple[tuple[str, dict[str, Any]], ...],
    printed: list[str],
    meta: dict[str, list[str]],
    site_names: set[str],
    sections: set[str],
) -> None:
    """organisations: the writer credits of the structured data (an Organization, or a
    "Person" named like a team or the site), then of the printed byline (`printed`: its names,
    or the texts of a block marked as a byline that names neither), then of the meta
    tags that name the writer; the first layer that gives one. The publisher alone is none."""

    def credits(names: list[tuple[str, bool]]) -> list[str]:
        found = [
            organisation_credit(name, site_names, typed=is_org)
            for name, is_org in names
            if name.lower() not in sections and not _wire(name, site_names)
        ]
        return list(dict.fromkeys(n for n in found if n))

    for layer, values in layers:
        f.offer("organisations", credits(values.get("authors_raw", [])), layer)
    layer = "profile" if f.sources.get("byline") == "profile" else "heuristic"
    f.offer("organisations", credits([(n, False) for n in printed]), layer)
    for key, layer in META_FIELDS["authors"]:
        # twitter:creator is the account that shared the page, not a credit of the writer.
        if key != "twitter:creator":
            values = [v for v in meta.get(key, []) if not v.startswith("http")]
            f.offer("organisations", credits([(v, False) for v in values]), layer)


def _wire(name: str, site_names: set[str]) -> bool:
    """`name` credits a wire agency or another organisation's wire ("CNN Wire" off CNN)."""
    credit = agency_of(name) or org_credit(name)
    return credit is not None and (credit in AGENCIES or not _is_publisher(credit, site_names))


def _common_words(lower: set[str], named: list[tuple[str, str]], host: str | None) -> set[str]:
    """The words the page prints in lower case (`lower`), as its language writes common
    nouns, but for the owner's name as the site spells it in lower case ("jane/doe", its
    address "doe.example"): no common noun."""
    spelled = {w for _, text in named if text.islower() for w in re.findall(r"[^\W\d_]+", text)}
    return lower - spelled - set((host or "").split("."))


def _dates(tree, f: _Fields, layers, meta, selectors, hints, url: str, tz, now, marked) -> None:  # noqa: ANN001
    """published and updated: structured data, meta, hints, printed dates, htmldate, URL."""
    pub: list[tuple[ParsedDate, str]] = []
    upd: list[tuple[ParsedDate, str]] = []
    # The first text of each field that read as no date ("+99:99" offsets): a bad date is a
    # missing date, its text kept as the raw value when nothing else dates the page.
    unread: dict[int, str] = {}

    language = f.values.get("language")
    languages = date_languages(language)
    month_first = month_first_locale(language, url)
    url_date = date_from_url(url)
    url_day = url_date.date() if url_date else None

    def add(target: list, text: Any, layer: str) -> None:  # noqa: ANN401
        # dateparser (some ms a call) only while the field has no instant yet.
        langs = () if any(c.aware and c.has_time for c, _ in target) else languages
        read = {"timezone": tz, "now": now, "languages": langs, "month_first": month_first}
        if text and (parsed := parse_in_page_order(str(text), url_day=url_day, **read)):
            target.append((parsed, layer))
        elif text and layer in STRUCTURED_LAYERS:
            unread.setdefault(id(target), str(text).strip()[:MAX_RAW_DATE_CHARS])

    for layer, values in layers:
        add(pub, values.get("published"), layer)
        add(upd, values.get("updated"), layer)
    for name, target in (("published", pub), ("updated", upd)):
        if found := md.meta_field(meta, name):
            add(target, found[0][0], found[1])
    printed = page.find_dates(tree, (selectors["published"],)) if selectors.get("published") else []
    layer = "profile" if printed else "heuristic"
    printed = printed or page.find_dates(tree, marked=marked)
    for text in printed:
        first, updated = split_published_updated(text)
        add(pub, first, layer)
        add(upd, updated, layer)
    for text in page.find_updated(tree, marked):
        add(upd, split_published_updated(text)[1] or text, "heuristic")
    # Feed and sitemap dates are weak evidence: they describe the listing, and often change
    # when the page does not. The page's own dates come first.
    add(pub, hints.get("published"), "hint")
    add(upd, hints.get("updated"), "hint")
    if all(c.relative for c, _ in pub) or (
        display_dates_only(pub) and not any(layer in PRINTED_LAYERS for _, layer in pub)
    ):
        # No date, or only an age ("3 weeks ago": often a comment's): any written date wins.
        # Or only metadata formatted for display, which the page's printed date may correct.
        add(pub, htmldate_fallback(tree, url, now, language), "htmldate")
    if all(c.relative for c, _ in pub) and url_date:
        pub.append((ParsedDate(url_date, False, url_date.date().isoformat()), "url"))
    page_offsets = [c.value for c, _ in pub + upd if c.aware and c.has_time]
    times = cache(partial(page_times, tree))  # read by settle for a UTC instant only
    for name, cands in (("published", pub), ("updated", upd)):
        if best := pick_date(cands, earliest=name == "published"):
            parsed, layer = best
            where = {"profile": tz, "page_offsets": page_offsets, "url": url, "language": language}
            # The URL's date is the day of first publication, not of an update.
            day = url_day if name == "published" else None
            settled = settle(parsed, cands, **where, page=times, url_day=day)
            f.offer(name, settled.value, layer)
            if settled.zone_source:
                f.sources[f"{name}_timezone"] = settled.zone_source
            f.offer(f"{name}_raw", parsed.raw, layer)
        elif raw := unread.get(id(cands)):
            f.offer(f"{name}_raw", raw, "unreadable")


def _extends(printed: str | None, meta: str | None) -> bool:
    """The printed credit names more than the metadata's: "Jane Doe / AFP" beside "Jane Doe"."""
    if not (printed and meta) or meta.lower() not in printed.lower():
        return False
    extra = printed.lower().replace(meta.lower(), "", 1)
    return sum(c.isalnum() for c in extra) > 1  # a name more, not a full stop


def _image_object(tree: HtmlElement, url: str, base: str) -> dict[str, Any]:
    """Caption and credit of the page's JSON-LD ImageObject of the photo `url`, if any."""
    keys = page.photo_keys(url)
    for text in (s.text for s in md.jsonld_scripts(tree) if s.text is not None):
        text = text.replace("\\/", "/")
        # Only small blocks naming this photo are parsed again: some pages hold megabytes of
        # JSON-LD (whole site feeds), where the article's photo is not described anyway.
        if len(text) > _MAX_JSONLD_REREAD or "ImageObject" not in text:
            continue
        if not any(k in text for k in keys):
            continue
        nodes = list(_dicts(load_json(text)))
        for node in nodes:
            if "ImageObject" not in str(node.get("@type")):
                continue
            for image in md.schema_fields({"image": node}, base).get("images", []):
                if page.same_image(image["url"], url):
                    return {k: v for k, v in image.items() if k != "url" and v}
    return {}


def _dicts(value: Any) -> Iterator[dict[str, Any]]:  # noqa: ANN401
    """Every object of a JSON value, nested ones included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts(item)


def _first_printed_first(
    merged: list[dict[str, Any]], figures: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The metadata's photo printed further down, under another captioned photo: the page's
    first photo is its lead (the metadata's is the share picture an editor chose)."""
    if len(figures) < 2 or not merged or not figures[0].get("caption"):
        return merged
    lead, first = merged[0], figures[0]
    if page.same_image(lead["url"], first["url"]) or not any(
        page.same_image(lead["url"], fig["url"]) for fig in figures[1:]
    ):
        return merged
    top = next(m for m in merged if m is first or page.same_image(m["url"], first["url"]))
    return [top] + [m for m in merged if m is not top]


def _images(tree, f: _Fields, layers, meta, base: str) -> None:  # noqa: ANN001
    """Lead image and figures; a figure printed in the page lends its caption and credit."""
    figures = page.find_figures(tree, base)
    images: list[dict[str, Any]] = []
    source = None
    for layer, values in layers:
        if values.get("images"):
            images, source = [dict(i) for i in values["images"]], layer
            break
    if not images and (found := md.meta_field(meta, "image")):
        images, source = (
            [
                {
                    "url": urljoin(base, found[0][0]),
                    "caption": None,
                    "credit": None,
                    "credit_raw": None,
                }
            ],
            found[1],
        )
    merged: list[dict[str, Any]] = []
    for img in images[:1] + figures + images[1:]:
        twin = next((m for m in merged if page.same_image(m["url"], img["url"])), None)
        if twin is None:
            merged.append(img)
            continue
        for key in ("caption", "credit", "credit_raw"):
            twin[key] = twin.get(key) or img.get(key)
        if img in figures and img.get("credit_raw"):
            twin["credit_raw"] = img["credit_raw"]  # the credit as printed, label included
            if _extends(img.get("credit"), twin.get("credit")):
                # Metadata keeps the photographer, the page prints the agency beside him.
                twin["credit"] = img["credit"]
    merged = _first_printed_first(merged, figures)
    lead = merged[0] if merged else None
    if lead and images and figures and not lead.get("caption"):
        matched = any(page.same_image(lead["url"], fig["url"]) for fig in figures)
        first = next((fig for fig in figures if fig.get("caption")), None)
        if not matched and first is not None and first is figures[0]:
            # The metadata photo is a crop we cannot match by URL; the article's first printed
            # figure is the lead photo on news pages: take its caption and credit.
            for key in ("caption", "credit", "credit_raw"):
                lead[key] = lead.get(key) or first.get(key)
            merged = [m for m in merged if m is not first]
    if lead and not (lead.get("caption") and lead.get("credit")):
        # The lead photo's ImageObject beside the article rather than in it (Yoast's @graph
        # names it by @id): its caption and credit are the publisher's own.
        for key, value in _image_object(tree, lead["url"], base).items():
            lead[key] = lead.get(key) or value
    # The lead photo printed outside <figure> markup, or in a block the figure scan skips.
    if (
        lead
        and not (lead.get("caption") and lead.get("credit"))
        and (block := page.photo_block(tree, lead["url"], base))
    ):
        if not lead.get("caption"):
            lead["caption"] = block["caption"]
        if not lead.get("credit") and block["credit"]:
            lead["credit"], lead["credit_raw"] = block["credit"], block["credit_raw"]
    if not images and figures:
        source = "heuristic"
    if merged:
        f.offer("image", merged[0], source or "heuristic")
        f.offer("images", merged, source or "heuristic")
