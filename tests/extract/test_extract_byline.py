"""parse_byline: printed bylines -> person names and canonical agencies."""

from __future__ import annotations

import pytest

from archiver.extract import extract_article, parse_byline
from archiver.extract.byline import fuller_name, is_organisation, org_credit, site_person

CASES = [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], []),
    ("Anna Smith, Ben Jones and Carla Brown", ["Anna Smith", "Ben Jones", "Carla Brown"], []),
    ("Jane Doe | Political Editor", ["Jane Doe"], []),
    ("Jane Doe in Paris", ["Jane Doe"], []),
    ("Staff writer", [], []),
    ("Staff Writers", [], []),
    ("Jane Doe with AAP", ["Jane Doe"], ["AAP"]),
    ("By Jane Doe jane.doe@example.com", ["Jane Doe"], []),
    ("Jane Doe @janedoe", ["Jane Doe"], []),
    ("MICHAELA MORGAN", ["Michaela Morgan"], []),
    ("By JANE DOE and jane doe", ["Jane Doe"], []),
    ("By Jane Doe Updated 31 May 2017 - 11:38 AM", ["Jane Doe"], []),
    ("Jane Doe, 31/05/2017", ["Jane Doe"], []),
    ("Reuters", [], ["Reuters"]),
    ("By Associated Press", [], ["AP"]),
    ("Agence France-Presse", [], ["AFP"]),
    ("Jane Doe (AFP)", ["Jane Doe"], ["AFP"]),
    ("Jane Doe, Reuters", ["Jane Doe"], ["Reuters"]),
    ("dpa/lno", [], ["dpa"]),
    ("Von Anna Müller und Jörg Weiß", ["Anna Müller", "Jörg Weiß"], []),
    ("PA Media", [], ["PA"]),
    ("ANSA", [], ["ANSA"]),
    ("Xinhua", [], ["Xinhua"]),
    ("EFE", [], ["EFE"]),
    ("Jane Doe & John Roe", ["Jane Doe", "John Roe"], []),
    ("Perry Bacon Jr.", ["Perry Bacon Jr."], []),
    ("Ursula von der Leyen", ["Ursula von der Leyen"], []),
    ("Ingo Arzt Redakteur für Wirtschaft und Umwelt", ["Ingo Arzt"], []),
    ("Harry Paterson says:", [], []),
    ("Updated", [], []),
    ("", [], []),
    # Oxford comma: the last name survives the ", and".
    ("By Jane Doe, John Roe, and Mary Major", ["Jane Doe", "John Roe", "Mary Major"], []),
    ("Anna Berg, Ole Lund, og Kari Dahl", ["Anna Berg", "Ole Lund", "Kari Dahl"], []),
    # Departments, companies and newsletters are no people.
    ("Metro Desk", [], []),
    ("By the Sports Desk", [], []),
    ("Acme Media Group", [], []),
    ("The Morning Brief", [], []),
    ("Beispiel Verlag GmbH", [], []),
    ("Lokalredaktion", [], []),
    ("Jane Doe and the Metro Desk", ["Jane Doe"], []),
    # Wire-style credits of an organisation are agency credits.
    ("CNN Wire", [], ["CNN Wire"]),
    ("By Acme News Service", [], ["Acme News Service"]),
    ("Reuters Staff", [], ["Reuters"]),
    ("Jane Doe and NPR Staff", ["Jane Doe"], ["NPR Staff"]),
    ("Jörg Staff", ["Jörg Staff"], []),
    ("Sports Staff", [], []),
    ("Editorial Staff", [], []),
    ("Jane Doe And John Roe For The Sunday Example", ["Jane Doe", "John Roe"], []),
    # Site accounts and user names with digits.
    ("webadmin", [], []),
    ("siteadmin", [], []),
    ("jdoe42", [], []),
    # A day name glued to the name by the layout; a day-name surname stays.
    ("Jane Doe Monday", ["Jane Doe"], []),
    ("Von Max Muster Fr, 18. Oktober 2019", ["Max Muster"], []),
    ("Plácido Domingo", ["Plácido Domingo"], []),
    ("Anna Maria Sonntag", ["Anna Maria Sonntag"], []),
    ("Donnerstag", [], []),
    # Labels and prepositions of the main European languages and Russian.
    ("Текст: Иван Петров", ["Иван Петров"], []),
    ("Автор: Иван Петров", ["Иван Петров"], []),
    ("Авторы: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"], []),
    ("Von Max Muster", ["Max Muster"], []),
    ("Texte : Marie Dupont", ["Marie Dupont"], []),
    ("Par Marie Dupont", ["Marie Dupont"], []),
    ("Testo di Mario Rossi", ["Mario Rossi"], []),
    ("Texto: Lucía Pérez", ["Lucía Pérez"], []),
    ("Por Lucía Pérez", ["Lucía Pérez"], []),
    ("Door Jan de Vries", ["Jan de Vries"], []),
    ("Tekst: Piet Bakker", ["Piet Bakker"], []),
    ("Av Kari Nordmann", ["Kari Nordmann"], []),
    ("Af Lars Hansen", ["Lars Hansen"], []),
    ("Przez Jan Kowalski", ["Jan Kowalski"], []),
    ("Auteur : Claire Martin", ["Claire Martin"], []),
    ("Interview: Julia Berg", ["Julia Berg"], []),
    # Photo credits in a byline name the photographer, not an author of the text...
    ("Text: Anna Müller, Foto: Ben Roe", ["Anna Müller"], []),
    ("Jane Doe | Photos: John Roe", ["Jane Doe"], []),
    ("Текст: Иван Петров, фото: Анна Смирнова", ["Иван Петров"], []),
    ("Fotó: Kiss Péter", [], []),
    ("Photo by John Roe", [], []),
    # ...unless the same label credits the text too.
    ("Text & Fotos: Ivan Horvat", ["Ivan Horvat"], []),
    # Site furniture before a "by".
    ("View all posts by Jane Doe", ["Jane Doe"], []),
    ("Otto von Bismarck", ["Otto von Bismarck"], []),
    # Datelines are places.
    ("WASHINGTON (AP)", [], ["AP"]),
    ("WASHINGTON — By Jane Doe", ["Jane Doe"], []),
    ("Jane Doe, Washington", ["Jane Doe"], []),
    # Entities of hand-written metadata.
    ("Jos&eacute; Garc&iacute;a", ["José García"], []),
    # A date with the month's name right after the name ends the byline, in any language; a
    # month's name without a day and year is a name ("May", "June").
    ("Andrew Gerrand 4 August 2010", ["Andrew Gerrand"], []),
    ("Luke Kim December 17, 2025", ["Luke Kim"], []),
    ("Jane Doe Dec 3rd, 2024 5 min read", ["Jane Doe"], []),
    ("Anna Schmidt 17. Dezember 2025", ["Anna Schmidt"], []),
    ("Marie Dupont 4 janvier 2024", ["Marie Dupont"], []),
    ("Sara Zinnecker Stand: 05. Februar 2020", ["Sara Zinnecker"], []),
    ("Jane Doe Last updated: 5 February 2020", ["Jane Doe"], []),
    ("June Carter and May Lee", ["June Carter", "May Lee"], []),
    ("December 17, 2025", [], []),
]


@pytest.mark.parametrize(("text", "authors", "agencies"), CASES)
def test_parse_byline(text: str, authors: list[str], agencies: list[str]) -> None:
    assert parse_byline(text) == (authors, agencies)


ORGANISATIONS = [
    ("Metro Desk", True),
    ("Acme Media Group", True),
    ("The Morning Brief", True),
    ("Example Newsletter", True),
    ("Beispiel GmbH", True),
    ("Verein Beispiel e.V.", True),
    ("Finanzmagazin", True),
    ("Lakeside Clinic", True),
    ("Harbour Collective Hotels", True),
    ("Acme Solutions", True),
    ("Jane Doe", False),
    ("Les Murray", False),
    ("Eyal Press", False),
    ("Hildesheimer Press", True),
    ("Ursula von der Leyen", False),
    ("Иван Петров", False),
]


@pytest.mark.parametrize(("name", "org"), ORGANISATIONS)
def test_is_organisation(name: str, org: bool) -> None:
    assert is_organisation(name) is org


CREDITS = [
    ("CNN Wire", "CNN Wire"),
    ("Example Staff", "Example Staff"),
    ("Example staff reporter", "Example staff reporter"),
    ("Associated Press Staff", "AP"),
    ("PA Wire", "PA"),
    ("ACME News Service", "ACME News Service"),
    ("Jörg Staff", None),
    ("Senior Staff", None),
    ("Jane Doe", None),
]


@pytest.mark.parametrize(("text", "credit"), CREDITS)
def test_org_credit(text: str, credit: str | None) -> None:
    assert org_credit(text) == credit


FULLER = [
    ("jdoe", ["Jane Doe"], "Jane Doe"),
    ("jane.doe", ["Jane Doe"], "Jane Doe"),
    ("janedoe", ["Jane Q. Doe"], "Jane Q. Doe"),
    ("Jane", ["Jane Doe"], "Jane Doe"),
    ("gabor_munier", ["Gàbor Muniér"], "Gàbor Muniér"),
    ("Jane", ["John Roe"], "Jane"),
    ("webfan", ["Jane Doe"], "webfan"),
    ("John Roe", ["John Roe Smith"], "John Roe"),
]


@pytest.mark.parametrize(("name", "others", "full"), FULLER)
def test_fuller_name(name: str, others: list[str], full: str) -> None:
    assert fuller_name(name, others) == full


def _page(head: str, body: str) -> str:
    text = "Text. " * 60
    return f"<html><head>{head}</head><body><article>{body}<p>{text}</p></article></body></html>"


def test_json_ld_and_page_byline_are_merged_without_duplicates() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Person", "name": "Jane Doe"}}</script>'
    )
    item = extract_article(
        _page(ld, '<p class="byline">By JANE DOE with AAP</p>'), "https://n.example/a"
    )
    assert item["authors"] == ["Jane Doe"]
    assert item["agencies"] == ["AAP"]
    assert item["sources"]["authors"] == "json-ld"


def test_publisher_is_never_an_author() -> None:
    head = (
        '<meta property="og:site_name" content="Daily Example News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Organization", "name": "Daily Example News"}}</script>'
    )
    item = extract_article(
        _page(head, '<span class="author">Daily Example News</span>'), "https://n.example/a"
    )
    assert item["authors"] == []


def test_agency_in_body_text_is_not_a_credit() -> None:
    body = (
        '<span class="author">Jane Doe</span><p>In a video recorded by AFP, the minister spoke.</p>'
    )
    item = extract_article(_page("", body), "https://n.example/a")
    assert item["authors"] == ["Jane Doe"]
    assert item["agencies"] == []


def test_comment_authors_are_not_bylines() -> None:
    body = '<div class="comments"><span class="author">Troll Person</span></div>'
    item = extract_article(_page("", body), "https://n.example/a")
    assert item["authors"] == []


def test_section_name_is_not_an_author() -> None:
    head = '<meta property="article:section" content="Politics">'
    item = extract_article(
        _page(head, '<span class="author">Politics</span>'), "https://n.example/a"
    )
    assert item["authors"] == [] and item["section"] == "Politics"


def _ld(author: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        + author
        + "}</script>"
    )


def test_user_name_in_metadata_gives_way_to_the_printed_full_name() -> None:
    page = _page(_ld('{"@type": "Person", "name": "jdoe"}'), '<p class="byline">By Jane Doe</p>')
    item = extract_article(page, "https://n.example/a")
    assert item["authors"] == ["Jane Doe"]


@pytest.mark.parametrize(
    ("account", "printed", "names"),
    [
        # an account unlike the printed name: the writer is who the page prints
        ("katies", "By Aoife O'Riordan", ["Aoife O'Riordan"]),
        ("KatieS", "By Aoife O'Riordan", ["Aoife O'Riordan"]),
        # a lower-case word with an accent is a name as written, no account
        ("medellín", "By Aoife O'Riordan", ["medellín"]),
        # a printed line whose first word is no given name does not outrank the account
        ("katies", "By Nombre Del Autor", ["katies"]),
    ],
)
def test_an_account_gives_way_to_a_printed_person(
    account: str, printed: str, names: list[str]
) -> None:
    page = _page(
        _ld(f'{{"@type": "Person", "name": "{account}"}}'), f'<p class="byline">{printed}</p>'
    )
    assert extract_article(page, "https://n.example/a")["authors"] == names


def test_lone_user_name_is_kept_when_the_page_has_nothing_better() -> None:
    item = extract_article(
        _page(_ld('{"@type": "Person", "name": "Ringelnatz"}'), ""), "https://n.example/a"
    )
    assert item["authors"] == ["Ringelnatz"]


def test_organisation_wire_credit_in_json_ld_is_an_agency() -> None:
    page = _page(
        _ld(
            '[{"@type": "Person", "name": "Jane Doe"},'
            ' {"@type": "Organization", "name": "CNN Wire"}]'
        ),
        "",
    )
    item = extract_article(page, "https://n.example/a")
    assert item["authors"] == ["Jane Doe"]
    assert item["agencies"] == ["CNN Wire"]


def test_person_typed_department_is_not_an_author() -> None:
    page = _page(_ld('{"@type": "Person", "name": "Metro Desk"}'), "")
    assert extract_article(page, "https://n.example/a")["authors"] == []


def test_publishers_own_staff_is_no_agency() -> None:
    head = '<meta property="og:site_name" content="Daily Example">'
    item = extract_article(
        _page(head, '<p class="byline">By Daily Example Staff</p>'), "https://n.example/a"
    )
    assert item["authors"] == [] and item["agencies"] == []


def test_photo_credit_beside_metadata_authors_lends_no_agency() -> None:
    page = _page(
        _ld('{"@type": "Person", "name": "Jane Doe"}'),
        '<p class="byline">John Roe / AFP</p>',
    )
    item = extract_article(page, "https://n.example/a")
    assert item["authors"] == ["Jane Doe"]
    assert item["agencies"] == []


# Junk that blogs and company sites print where a name belongs, each in the element a page
# marks as its author (class "author"): what a name is, not a list of the pages it was seen on.
JUNK_BYLINES = [
    # labels left on the name
    ("By: Jane Doe", ["Jane Doe"]),
    ("Written by: Jane Doe", ["Jane Doe"]),
    ("Written By: Jane Doe Last updated May 3, 2024", ["Jane Doe"]),
    ("A Post By: Jane Doe", ["Jane Doe"]),
    ("Article written by: Jane Doe, MD, FOMA", ["Jane Doe"]),
    ("Artículo escrito por Juan Pérez", ["Juan Pérez"]),
    ("Beitrag geschrieben von Jörg Roe", ["Jörg Roe"]),
    ("Author: Jane Doe", ["Jane Doe"]),
    # a label alone
    ("Written", []),
    ("Written by", []),
    ("Image by", []),
    ("Author", []),
    # the page's controls
    ("Sign In", []),
    ("View", []),
    ("About", []),
    ("See more", []),
    ("Subscribe", []),
    ("Find me on", []),
    # job titles glued on, or alone
    ("Jane Doe Marketing Manager", ["Jane Doe"]),
    ("Jane Doe Head", ["Jane Doe"]),
    ("Jane Doe Founder, Acme Widgets", ["Jane Doe"]),
    ("Jane Doe, Senior Analyst Updated Jan 06, 2026", ["Jane Doe"]),
    ("Will Judd Former Editor", ["Will Judd"]),
    ("Paul Frew, Home and Digital Security Expert", ["Paul Frew"]),
    ("Title: Founder", []),
    # a user handle, an address, an e-mail in brackets
    ("@janedoe", []),
    ("Jane Doe @janedoe", ["Jane Doe"]),
    ("twitter.com/janedoe", []),
    ("Jane Doe <jane@example.com>", ["Jane Doe"]),
    ("Jane Doe [jane@example.com]", ["Jane Doe"]),
    ("Jane Doe (jane[at]example.com)", ["Jane Doe"]),
    ("Jane Doe [email protected] and John Roe", ["Jane Doe", "John Roe"]),
    # a control run into the name
    ("By A. J. Neal View In Digital Edition", ["A. J. Neal"]),
    ("Jane Doe Follow Me On X", ["Jane Doe"]),
    # mojibake: UTF-8 read as Windows-1252
    ("JÃ¶rg MÃ¼ller", ["Jörg Müller"]),
    ("By JosÃ© GarcÃ\xada", ["José García"]),
    # a name printed twice (avatar text beside it)
    ("Dylan Ettinger Dylan Ettinger", ["Dylan Ettinger"]),
    # an avatar's initials before the name
    ("CM Craig McCarthy", ["Craig McCarthy"]),
    ("JDS Jane Doe Smith", ["Jane Doe Smith"]),
    # a reviewer is no author
    ("By Jane Doe Medically reviewed by John Roe, MD", ["Jane Doe"]),
    ("Reviewed by John Roe", []),
    ("The Team, edited by Walter", []),
    ("By Jane Doe, edited by John Roe", ["Jane Doe"]),
    # a company and its place
    ("By Ovolo, Hong Kong", []),
    # degrees, descriptors and sentences run into the name; accounts and acronyms
    ("Cara Doe RN", ["Cara Doe"]),
    ("Jane Doe Ph.D.", ["Jane Doe"]),
    ("Benjamin Doe, Sr. Director of Operations, Atlas Van Lines", ["Benjamin Doe"]),
    ("Jack Doe Hi! I'm Jack", ["Jack Doe"]),
    ("Matias Doe Let's talk", ["Matias Doe"]),
    ("NOC Admin", []),
    ("AI", []),
    ("%t", []),
    # what stays: a given name alone, a member's user name, a name with an initial
    ("Susan", ["Susan"]),
    ("MixmasterFred", ["MixmasterFred"]),
    ("By A. J. Neal", ["A. J. Neal"]),
]


@pytest.mark.parametrize(("printed", "names"), JUNK_BYLINES)
def test_junk_around_names_in_a_marked_byline(printed: str, names: list[str]) -> None:
    page = _page("", f'<div class="author">{printed}</div>')
    assert extract_article(page, "https://blog.example/a")["authors"] == names


# The site's own name, credited where a person wrote: a company blog names the company only
# where no one else is named.
SITE_NAMES = [
    # og:site_name, a layer naming a person: the person
    (
        '<meta property="og:site_name" content="One Tree Planted">'
        '<meta name="author" content="One Tree Planted">',
        '<p class="byline">By Meaghan Weeden</p>',
        "https://onetreeplanted.example/blog/a",
        ["Meaghan Weeden"],
    ),
    # the host's name in the JSON-LD author, a printed person
    (
        _ld('{"@type": "Person", "name": "Cleveland Clinic"}'),
        '<p class="byline">By Holly Wilgus</p>',
        "https://health.clevelandclinic.example/a",
        ["Holly Wilgus"],
    ),
    # only the company is credited, its name common words the page prints in lower case: no
    # person (the company is in `organisations`)
    (
        '<meta property="og:site_name" content="Quiet Light">',
        '<div class="author">Quiet Light</div><p>Sold in a quiet light.</p>',
        "https://quietlight.example/a",
        [],
    ),
    # a person's own blog under her name: her
    (
        '<meta property="og:site_name" content="Jane Doe">',
        '<div class="author">Jane Doe</div>',
        "https://janedoe.example/a",
        ["Jane Doe"],
    ),
]


@pytest.mark.parametrize(("head", "body", "url", "names"), SITE_NAMES)
def test_site_name_gives_way_to_a_person(head: str, body: str, url: str, names: list[str]) -> None:
    assert extract_article(_page(head, body), url)["authors"] == names


# Bylines no class marks, found by their printed label.
LABELLED = [
    ('<div><p>Written by</p><p class="x">Edzel Tabing</p></div>', ["Edzel Tabing"]),
    ('<p><span>By <a href="/p/sofia">Sofia Gonzalez</a></span></p>', ["Sofia Gonzalez"]),
    ("<p>Published August 7, 2023 <span>by Nicole Burke</span></p>", ["Nicole Burke"]),
    ("<p>Mar 24, 2025 By Amy Wilhelm 0 comments</p>", ["Amy Wilhelm"]),
    ("<p>Author <b>Lisa D. Ellis</b></p>", ["Lisa D. Ellis"]),
    (
        '<div class="meta"><div><strong>Contributors:</strong> Janet Loughrey</div></div>',
        ["Janet Loughrey"],
    ),
    ("<p>Contributed by Jane Doe and John Roe</p>", ["Jane Doe", "John Roe"]),
    # the label over a writer's card: the name is the text after it, the biography is not
    (
        "<section><h2>Article written by:</h2><div><img alt='Headshot'><h3>Doris Roe, MD</h3>"
        "<p>Doris Roe is a physician who has treated patients for twenty years and writes"
        " about medicines, weight and sleep for this society's readers.</p></div></section>",
        ["Doris Roe"],
    ),
    # a byline block holding the biography: the link that opens it
    (
        '<div class="bylines">By <a href="/p/jp">Jesse Porter</a> Jesse Porter has worked as'
        " a sommelier, a bartender and a spirits rep for many years, in three cities, and he"
        " writes about wine and cocktails for this magazine.</div>",
        ["Jesse Porter"],
    ),
    # the article's own side column, inside <main>: its writer; the site's sidebar: no one
    (
        '<main><h1>Sleep</h1><aside class="side-col"><p class="x">May 25, 2023</p>'
        "<p>Written By <span>Angela Holliday-Bell, MD*</span></p></aside></main>",
        ["Angela Holliday-Bell"],
    ),
    # the label inside a tail, after a date in an element of its own; a lower-case "by"
    # inside a text is no label
    ("<p><b>Mar 24, 2025</b> \u2014 Written by Jane Roe</p>", ["Jane Roe"]),
    ("<p><b>Mar 24, 2025</b> BY JANE ROE</p>", ["Jane Roe"]),
    ("<p>Tips for you, sorted by Jane Doe</p>", []),
    # prose, a photo credit and a reviewer are no byline
    ("<p>Save 10% by signing up today</p>", []),
    ("<p>Photo by John Roe</p>", []),
    ("<p>Medically reviewed by John Roe</p>", []),
    # a comment's author is no byline of the article
    ('<div class="comments"><p>By Jane Doe</p></div>', []),
]


@pytest.mark.parametrize(("body", "names"), LABELLED)
def test_byline_found_by_its_label(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


# The line under the headline: the writer's name first, then a role or a date, between
# separators; a section's name there is no writer.
HEADED = [
    ("<p>Aaron Ricadela | Senior Writer | July 2, 2025</p>", ["Aaron Ricadela"]),
    ("<div>Maria Lopez · 5 min read</div>", ["Maria Lopez"]),
    ("<p>News | Politics | July 2, 2025</p>", []),
    ("<p>Aaron Ricadela | Senior Writer</p>", []),  # no date: a strapline, not a byline
    ("<p>The plan | what it means | July 2, 2025</p>", []),
    # the writer after the date, in elements of their own or after a separator
    ("<p>Dec 26, 2025 • Jane Doe in Project Management</p>", ["Jane Doe"]),
    ("<div><span>Dec 17, 2025</span><span>Julian K. Arni</span></div>", ["Julian K. Arni"]),
    ("<div><span>Dec 17, 2025</span><span>Engineering</span></div>", []),
    ("<div><span>Im Wortlaut</span>, <span>02. November 2021</span></div>", []),
]


@pytest.mark.parametrize(("line", "names"), HEADED)
def test_byline_under_the_headline(line: str, names: list[str]) -> None:
    body = f"<header><h1>How the plan changes the city</h1>{line}</header>"
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


def test_byline_line_over_the_headline() -> None:
    body = (
        "<header><div><span>Dec 17, 2025</span><span>Julian K. Arni</span></div>"
        "<h1>Hardware-attested builds</h1></header>"
    )
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == [
        "Julian K. Arni"
    ]


# A link to the writer's page whose address spells the name it prints is a byline.
AUTHOR_LINKS = [
    ('<p><a href="/articles/authors/jane-doe">Jane Doe</a></p>', ["Jane Doe"]),
    (
        '<p><a href="https://x.example/news/author/Chris-Carroll/">Chris Carroll</a></p>',
        ["Chris Carroll"],
    ),
    ('<p><a href="/magazine/contributor/a._j._neal">A. J. Neal</a></p>', ["A. J. Neal"]),
    ('<p><a href="/autor/maria-lopez">Maria López</a></p>', ["Maria López"]),
    (
        '<div><p><a href="/autor/clara-low">Clara Löw</a>, <a href="/autor/klaus-jacob">'
        "Klaus Jacob</a></p></div>",
        ["Clara Löw", "Klaus Jacob"],
    ),
    # the address names someone else, or no writer's folder, or a link in furniture
    ('<p><a href="/authors/team">Jane Doe</a></p>', []),
    ('<p><a href="/jane-doe">Jane Doe</a></p>', []),
    ('<p><a href="/authors/">All Authors</a></p>', []),
    ('<aside><a href="/authors/jane-doe">Jane Doe</a></aside>', []),
    # a static site's page for the writer: its file name spells the name
    ('<p><a href="/blog/author/jane-doe.html">Jane Doe</a></p>', ["Jane Doe"]),
    ('<p><a href="/blog/author/john-roe.html">Jane Doe</a></p>', []),
    ('<p><a href="/redaktion/dossier/erneuerbare-energien.html">Erneuerbare Energien</a></p>', []),
]

_PROSE = "<p>" + "Text. " * 60 + "</p>"
_THREE_PARAGRAPHS = "<p>One.</p><p>Two.</p><p>Three.</p>"

# (page body, authors): the footer or aside of the <article> holding the <h1> is the article's
# own, and a <nav> wrapping the whole article (unclosed markup) is its frame; a footer of the
# site, a teaser's <article>, a menu with a logo <h1>, a page-wide <form> stay furniture.
ARTICLE_PARTS = [
    (
        f"<article><h1>Sleep</h1>{_PROSE}<footer><p>Posted by "
        '<a rel="author" href="/u/jd">Jane Doe</a></p></footer></article>',
        ["Jane Doe"],
    ),
    (
        f"<article><h1>Sleep</h1>{_PROSE}<footer>"
        '<a href="/blog/author/jane-doe.html">Jane Doe</a></footer></article>',
        ["Jane Doe"],
    ),
    (
        f'<nav class="menu"><div><h1>Sleep</h1><p>by <a href="/authors/jane-doe">Jane Doe</a>'
        f"</p>{_THREE_PARAGRAPHS}{_PROSE}</div></nav>",
        ["Jane Doe"],
    ),
    # a page-wide ASP.NET form stays furniture: its widgets and captions hold names too
    (
        f'<form id="aspnetForm"><h1>Sleep</h1><p class="author">Jane Doe</p>{_THREE_PARAGRAPHS}'
        f"{_PROSE}</form>",
        [],
    ),
    # the site's footer, outside the article
    (
        f"<article><h1>Sleep</h1>{_PROSE}</article><footer><p>Posted by "
        '<a rel="author" href="/u/jd">Jane Doe</a></p></footer>',
        [],
    ),
    # a teaser's footer: an <article> without the page's <h1>
    (
        f"<article><h1>Sleep</h1>{_PROSE}</article><article><h2>Next</h2><footer><p>By "
        '<a rel="author" href="/u/jr">John Roe</a></p></footer></article>',
        [],
    ),
    # a menu holding the site's logo <h1> and a link to a writer, but not the article
    (
        '<nav><h1>Daily Example</h1><p><a rel="author" href="/authors/jane-doe">Jane Doe</a>'
        f"</p></nav><article><h2>Sleep</h2>{_PROSE}</article>",
        [],
    ),
]


@pytest.mark.parametrize(("body", "names"), ARTICLE_PARTS)
def test_article_footer_and_frame_are_no_furniture(body: str, names: list[str]) -> None:
    page = f"<html><head></head><body>{body}</body></html>"
    assert extract_article(page, "https://blog.example/a")["authors"] == names


@pytest.mark.parametrize(("body", "names"), AUTHOR_LINKS)
def test_byline_found_by_the_link_to_the_writer(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


def test_name_typed_in_lower_case_in_metadata() -> None:
    page = _page(_ld('{"@type": "Person", "name": "kirstin boatto"}'), "")
    assert extract_article(page, "https://blog.example/a")["authors"] == ["Kirstin Boatto"]


# The writer an SEO plugin names in a pair of twitter:labelN / twitter:dataN metas.
TWITTER_LABELS = [
    ("Written by", "Nawaz Dhandala", ["Nawaz Dhandala"]),
    ("Verfasst von", "Jörg Roe", ["Jörg Roe"]),
    ("Est. reading time", "5 minutes", []),
]


@pytest.mark.parametrize(("label", "data", "names"), TWITTER_LABELS)
def test_writer_named_by_twitter_label_metas(label: str, data: str, names: list[str]) -> None:
    head = (
        f'<meta name="twitter:label1" content="{label}">'
        f'<meta name="twitter:data1" content="{data}">'
    )
    assert extract_article(_page(head, ""), "https://blog.example/a")["authors"] == names


# A byline block marked as an expert's or a reviewer's names who checked the article.
REVIEWERS = [
    (
        '<div class="meta"><span class="author-box"><a class="author-link" href="/a/jd">Jane'
        ' Doe</a></span> <span class="author-box expert"><a class="author-link" href="/a/jr">'
        "John Roe</a>, Security Expert</span></div>",
        ["Jane Doe"],
    ),
    (
        '<div class="medical-reviewer"><span class="author">John Roe</span></div>'
        '<p class="byline">By Jane Doe</p>',
        ["Jane Doe"],
    ),
    ('<div class="author-box"><span class="author">Jane Doe</span></div>', ["Jane Doe"]),
    # a byline block holding a checker's biography, its link after the checker's label
    (
        '<div class="bylines">Fact checked by <a href="/p/jr">John Roe</a> John Roe is a'
        " journalist and fact-checker with a master's degree who has worked in many cities"
        " covering breaking news, politics, education and more for this site.</div>",
        [],
    ),
    # a count of comments beside the byline: the byline stays
    (
        '<div><span class="comments">0 Kommentare</span><span class="author">Lars</span></div>',
        ["Lars"],
    ),
    # the author of a comment in a list of recent comments
    (
        '<ul><li><span class="author">George Roe</span> <span class="date">3 weeks ago</span>'
        ' <div class="comment">Great piece.</div></li></ul><p>By Jane Doe</p>',
        ["Jane Doe"],
    ),
    # the label printed just before the block
    (
        '<div class="attribution"><span>Fact checked by</span> <div class="tip"><a class="'
        'author-name" href="/jr">John Roe</a></div></div><p class="byline">By Jane Doe</p>',
        ["Jane Doe"],
    ),
]


@pytest.mark.parametrize(("body", "names"), REVIEWERS)
def test_reviewers_block_is_no_byline(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


def test_site_sidebar_outside_the_article_names_no_writer() -> None:
    page = (
        "<html><body><article><h1>Sleep</h1><p>" + "Text. " * 60 + "</p></article>"
        "<aside><p>Written By <span>Angela Holliday-Bell</span></p></aside></body></html>"
    )
    assert extract_article(page, "https://blog.example/a")["authors"] == []


# (byline, authors): a team is no person, a phrase after a name describes the person, a row
# of tabs with counts names no one.
DESCRIBED = [
    ("Example Rankings Team", []),
    ("By Jane Doe, John Roe, and ACO Rankings Team", ["Jane Doe", "John Roe"]),
    ("Jane Doe Team Lead", ["Jane Doe"]),
    ("Jane Doe, Candidate Representative to the Liaison Committee", ["Jane Doe"]),
    ("Jane Doe, John van der Berg", ["Jane Doe", "John van der Berg"]),
    ("Authors Cited by (332) Tweetations (55) Metrics", []),
    ("By Jane Doe (3)", ["Jane Doe"]),
]


@pytest.mark.parametrize(("text", "authors"), DESCRIBED)
def test_teams_descriptions_and_tabs_are_no_names(text: str, authors: list[str]) -> None:
    assert parse_byline(text)[0] == authors


# (body, authors): labelled bylines the label finder must read apart or leave alone.
LABELLED_MORE = [
    # a list of writers, one an item: two names, not one of four words
    ("<div><span>Written by: <ul><li><a href='/a/ew'>Emily Walker</a></li>"
     "<li><a href='/a/cm'>Casey McDevitt</a></li></ul></span></div>",
     ["Emily Walker", "Casey McDevitt"]),
    # a copyright notice names the site's owner and its address
    ("<footer2><div>Copyright © 2026 Body By Acme Ltd, Henleaze Business Centre, Harbury Road,"
     " Bristol</div></footer2>", []),
    # a menu's control, a link's words around "By"
    ("<details><summary>Shop By Brand</summary></details>", []),
    ("<p><a href='/c/all'>Sort By Price</a></p>", []),
    # the label outside the writer's link still reads
    ("<p>Mar 24, 2025 By <a href='/a/aw'>Amy Wilhelm</a></p>", ["Amy Wilhelm"]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names"), LABELLED_MORE)
def test_labelled_byline_lists_notices_and_controls(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


# (head, authors): metas of the writer; the site's own account is none.
META_WRITERS = [
    ('<meta property="cXenseParse:author" content="Harry Roe">'
     '<meta name="twitter:creator" content="shopwithus">', ["Harry Roe"]),
    ('<meta name="twitter:site" content="@shopwithus">'
     '<meta name="twitter:creator" content="shopwithus">', []),
    ('<meta name="twitter:site" content="@shopwithus">'
     '<meta name="twitter:creator" content="Jane Roe">', ["Jane Roe"]),
]  # fmt: skip


@pytest.mark.parametrize(("head", "names"), META_WRITERS)
def test_writer_metas_and_the_sites_own_account(head: str, names: list[str]) -> None:
    assert extract_article(_page(head, ""), "https://blog.example/a")["authors"] == names


# (site name, url, meta author, authors): a lone given name on a personal site named after
# its writer stands for the full name; elsewhere it stays as given.
SITE_PERSONS = [
    ("Brett Larkin Yoga", "https://www.brettlarkin.com/a", "Brett", ["Brett Larkin"]),
    ("Brett Larkin Yoga", "https://yoga.example/a", "Brett", ["Brett"]),
    ("Lillie Eats and Tells", "https://lillieeatsandtells.com/a", "Lillie", ["Lillie"]),
]


@pytest.mark.parametrize(("site", "url", "author", "names"), SITE_PERSONS)
def test_lone_given_name_on_a_site_named_after_its_writer(
    site: str, url: str, author: str, names: list[str]
) -> None:
    head = f'<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">'
    assert extract_article(_page(head, ""), url)["authors"] == names


@pytest.mark.parametrize(
    ("site", "host", "person"),
    [
        ("Brett Larkin Yoga", "www.brettlarkin.com", "Brett Larkin"),
        ("Jane van Doe", "janevandoe.example", "Jane van Doe"),
        ("The Grange Hall", "thegrangehall.example", None),
        ("Lillie Eats and Tells", "lillieeatsandtells.com", None),
        ("Brett Larkin Yoga", "yoga.example", None),
    ],
)
def test_site_person(site: str, host: str, person: str | None) -> None:
    assert site_person(site, host) == person


_BIO = "<p>Jane has written about food and farming for twenty years.</p>"

# (page body, authors): a writer's card with no label or link, a portrait and the name printed
# after it, names the writer when the image spells the name or is marked an avatar, and the
# page shows one such person; photos of others, lists of people, comments, teasers and logos
# name no one.
PORTRAIT_CARDS = [
    (
        f'<div><img src="/i/p.jpg" alt="Jane Doe"><strong>Jane Doe</strong></div>{_BIO}',
        ["Jane Doe"],
    ),
    # the file name spells the name; degrees after it
    (
        '<p><span><img src="/up/2017/03/Jane-Doe-2.jpg"><br></span><span>Jane Doe</span></p>',
        ["Jane Doe"],
    ),
    ('<div><img src="/a.jpg" alt="Jane Doe MW"></div><h4>Jane Doe MW</h4>', ["Jane Doe"]),
    # an avatar by its class, with an alt text that names no one; wrappers of wrappers
    (
        '<div class="grid"><div><div><img class="avatar avatar-50 photo" alt="Photo of author" '
        'src="data:,"></div></div><div><div><p>Jane Doe</p><p>Licensed grader</p></div></div>'
        "</div>",
        ["Jane Doe"],
    ),
    # the same card at the top and the bottom of the article
    (
        '<div><img alt="Jane Doe" src="/a.jpg"><p>Jane Doe</p></div>'
        f'{_BIO}<div><img alt="Jane Doe" src="/b.jpg"><h5>Jane Doe</h5>{_BIO}</div>',
        ["Jane Doe"],
    ),
    # a photo of someone the article is about, with its caption
    ('<figure><img alt="Jane Doe" src="/a.jpg"><figcaption>Jane Doe</figcaption></figure>', []),
    ('<p><img alt="Jane Doe" src="/a.jpg"></p><p>Jane Doe speaks in Berlin on Monday.</p>', []),
    # an image that spells another person, or nothing, beside a name
    ('<div><img alt="John Roe" src="/a.jpg"><p>Jane Doe</p></div>', []),
    ('<div><img src="/photos/IMG_2041.jpg"><p>Jane Doe</p></div>', []),
    ('<div><img class="avatar" alt="John Roe" src="/a.jpg"><p>Jane Doe</p></div>', []),
    # a list of people (a team, an interview panel): several portraits, several names
    (
        '<div><img alt="Jane Doe" src="/a.jpg"><h3>Jane Doe</h3></div>'
        '<div><img alt="John Roe" src="/b.jpg"><h3>John Roe</h3></div>',
        [],
    ),
    # comments and related posts with their writers' avatars
    (
        '<ol class="comment-list"><li><img class="avatar" alt="" src="/g.png">'
        "<cite>Jane Doe</cite><p>Great post!</p></li></ol>",
        [],
    ),
    (
        '<div class="related-posts"><a href="/b"><img class="avatar" alt="Jane Doe" src="/a.jpg">'
        "<span>Jane Doe</span><h3>Another story</h3></a></div>",
        [],
    ),
    # a logo beside the site's name, an avatar beside a control
    ('<div><img alt="Daily Example" src="/logo.png"><span>Daily Example</span></div>', []),
    ('<div><img class="avatar" src="/a.jpg" alt=""><a href="/login">View Profile</a></div>', []),
    # a product's or a topic's title that opens with a given name: the page prints its other
    # words in lower case; a person's three names it does not
    (
        '<div><img alt="Iris Linen Summer Dress" src="/d.jpg"><h3>Iris Linen Summer Dress</h3>'
        "</div><p>A linen dress for the summer.</p>",
        [],
    ),
    (
        '<div><img alt="Mary Marlowe Leverette" src="/m.jpg"><h3>Mary Marlowe Leverette</h3>'
        "</div><p>A linen dress for the summer.</p>",
        ["Mary Marlowe Leverette"],
    ),
    # a reviewer's card
    (
        '<span class="author-meta-container expert"><img class="author-img" alt="Jane Doe">'
        "<span>Jane Doe</span></span>",
        [],
    ),
]


@pytest.mark.parametrize(("body", "names"), PORTRAIT_CARDS)
def test_writers_card_by_portrait_and_name(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


# (page body, authors): a link to the writer's page before a labelled line in the text wins it;
# a labelled byline before a link to another writer's page stays the byline.
BYLINE_ORDER = [
    (
        '<p><a href="/blog/author/jane-doe/">Jane Doe</a></p><p>New modules this week.</p>'
        "<h3>Login scanner</h3><p>Authors: John Roe and Mary Major</p>",
        ["Jane Doe"],
    ),
    (
        '<p>By Jane Doe</p><p>New modules this week.</p><p>Reviewed: <a href="/authors/john-roe">'
        "John Roe</a></p>",
        ["Jane Doe"],
    ),
    (
        '<p>Written by Jane Doe</p><p><a href="/authors/jane-doe">Jane Doe</a></p>',
        ["Jane Doe"],
    ),
]


@pytest.mark.parametrize(("body", "names"), BYLINE_ORDER)
def test_link_to_the_writer_before_a_labelled_line(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


# (line under the headline, authors): names with their degrees, dated or not, are the writers;
# a strapline, in lower-case words or in title case without degrees, names no one.
HEADED_NAMES = [
    (
        "Ellen Lindell, VMD, DACVB; Monique Feyrecilde, BA &amp; Gary Landsberg, DVM",
        ["Ellen Lindell", "Monique Feyrecilde", "Gary Landsberg"],
    ),
    ("Jane Doe, PhD, and John Roe, M.D.", ["Jane Doe", "John Roe"]),
    ("Marna van der Merwe, MA", ["Marna van der Merwe"]),
    ("Paris Fashion Week", []),
    ("Taylor Swift &amp; Travis Kelce", []),
    ("Jane Doe, MD, explains how sleep works", []),
    ("Free Shipping, USA, on Orders Over $59", []),
]


@pytest.mark.parametrize(("line", "names"), HEADED_NAMES)
def test_names_with_degrees_under_the_headline(line: str, names: list[str]) -> None:
    body = f"<h1>Puppy training basics</h1><div>{line}</div>"
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


# (og:site_name, page body, URL, authors): a site named after a person, its host spelling the
# name, is hers where the page names no one; a company named so, or a brand whose words the
# page prints in lower case, or a site whose host spells another name, is no one.
PERSONAL_SITES = [
    ("Jane Doe", "<p>Notes on gardening.</p>", "https://janedoe.example/a", ["Jane Doe"]),
    ("Jane Doe Yoga", "<p>Notes on yoga.</p>", "https://janedoe.example/a", ["Jane Doe"]),
    ("Jane Doe", '<p class="byline">By John Roe</p>', "https://janedoe.example/a", ["John Roe"]),
    ("Verena Street", "<p>Coffee from our street.</p>", "https://verenastreet.example/a", []),
    ("Jane Doe", "<p>Notes on gardening.</p>", "https://gardening.example/a", []),
    ("Daily Example", "<p>News.</p>", "https://dailyexample.example/a", []),
]


@pytest.mark.parametrize(("site", "body", "url", "names"), PERSONAL_SITES)
def test_personal_site_names_its_owner(site: str, body: str, url: str, names: list[str]) -> None:
    head = f'<meta property="og:site_name" content="{site}">'
    assert extract_article(_page(head, body), url)["authors"] == names


def _site_page(head: str, header: str, body: str, footer: str = "") -> str:
    text = "<p>Notes on gardening, seeds and soil. " * 40 + "</p>"
    return (
        f"<html><head>{head}</head><body><header>{header}</header><article>"
        f"<h1>On soil</h1>{body}{text}</article><footer>{footer}</footer></body></html>"
    )


# (head, header, footer, URL, authors): a one-person site names its owner where the page
# names no writer: in its header's home link, its feed's title, its <title> or its copyright
# line, a full name whose letters or surname spell its host, or printed in two such places.
# A company's name, a name the host spells only by a given name, a name printed once, or a
# site whose og:site_name is a company's, is no one.
_FEED = '<link rel="alternate" type="application/rss+xml" title="{}" href="/rss.xml">'
SITE_OWNERS = [
    ("", '<a href="/">Jane Doe</a>', "", "https://janedoe.example/a", ["Jane Doe"]),
    ("", '<a href="/">jane/doe</a>', "", "https://janedoe.example/a", ["Jane Doe"]),
    ("", '<a href="/">Jane Doe</a><a href="/posts">Posts</a>', "", "https://doe.example/a",
     ["Jane Doe"]),
    ("<title>On soil | Jane Doe</title>", '<a href="/">Jane Doe</a>', "",
     "https://jane.example/a", ["Jane Doe"]),
    (_FEED.format("Jane Doe"), "", "© 2025 Jane Doe. Source on GitHub.",
     "https://site.example/a", ["Jane Doe"]),
    ("", '<a href="/about/">About Jane Doe</a>', "", "https://janedoe.example/a", ["Jane Doe"]),
    # Not the owner.
    ("", '<a href="/">Jane Doe</a>', "", "https://gardening.example/a", []),
    ("<title>On soil | Clay Global</title>", "", "© 2016 – 2025 Clay Global, LLC",
     "https://clay.example/a", []),
    ("", '<a href="/">Jane Doe Media Group</a>', "", "https://janedoe.example/a", []),
    ('<meta property="og:site_name" content="Jane Doe Consulting Group">'
     + _FEED.format("Jane Doe"), "", "© 2025 Jane Doe", "https://site.example/a", []),
    ("", '<a href="/">Jane Doe</a>', "", "https://janedoe.example/a", ["John Roe"]),
]  # fmt: skip


@pytest.mark.parametrize(("head", "header", "footer", "url", "names"), SITE_OWNERS)
def test_one_person_site_names_its_owner(
    head: str, header: str, footer: str, url: str, names: list[str]
) -> None:
    body = '<p class="byline">By John Roe</p>' if names == ["John Roe"] else ""
    page = _site_page(head, header, body, footer)
    assert extract_article(page, url)["authors"] == names


# (head, page body, authors): the people a page says reviewed, checked or edited the article
# are no writers: a byline card of a reviewer gives way to the writer the metadata names, and
# a reviewer is credited only where the publisher itself is the writer; a writer who reviewed
# their own article stays theirs.
_AUTHOR_META = '<meta name="author" content="{}">'
_LD_ORG = (
    '<meta property="og:site_name" content="Acme Law">'
    '<script type="application/ld+json">{"@type": "BlogPosting", "author": '
    '{"@type": "Organization", "name": "Acme Law"}}</script>'
)
CHECKERS = [
    (_AUTHOR_META.format("Erica Needham"),
     '<div class="author-box"><h4 class="author-box__name">Brian Stormont, CFP</h4></div>'
     "<p>Reviewed by: Brian Stormont, CFP</p>",
     ["Erica Needham"]),
    (_LD_ORG,
     '<div class="meta"><img alt="Headshot of Jane Doe" src="/jd.png"> Reviewed by Jane Doe, '
     "Trial Attorney at Acme Law, on December 9, 2024.</div>",
     ["Jane Doe"]),
    ('<meta property="og:site_name" content="Acme Beds">',
     '<div class="post-author">Acme Beds Reviewed by Youval Roe</div>', ["Youval Roe"]),
    ('<meta property="og:site_name" content="Acme">',
     '<div class="byline">Written by Acme Staff Writer</div>'
     "<p>This article was fact-checked and edited by Acme Editor "
     '<a href="/about-john-roe">John Roe</a>.</p>', ["John Roe"]),
    ("", '<div class="byline">Jane Doe</div><p>Reviewed by Jane Doe</p>', ["Jane Doe"]),
    # Not credited: no publisher credited as writer, a team credit, a reviewer in prose.
    ("", "<p>Medically reviewed by Jane Doe, MD</p>", []),
    ('<script type="application/ld+json">{"@type": "Article", "author": '
     '{"@type": "Person", "name": "The Acme Team"}}</script>',
     "<p>Fact checked by Jane Doe</p>", []),
    (_LD_ORG,
     "<p>" + "The method was first described in a paper that was reviewed by Jane Doe and "
     "others at a large university, long before anyone used it in practice. " * 3 + "</p>", []),
]  # fmt: skip


@pytest.mark.parametrize(("head", "body", "names"), CHECKERS)
def test_reviewers_are_credited_only_where_the_publisher_writes(
    head: str, body: str, names: list[str]
) -> None:
    assert extract_article(_page(head, body), "https://acme.example/a")["authors"] == names


# (page body, authors): a writer's card whose portrait's alt text names the person with a word
# for the image ("Jane Doe Headshot", "Photo of Jane Doe"), or a sentence that credits the
# writer ("This post was written by ..."), names the writer; a photo of someone else, a
# sentence that names no full name, or one in a long paragraph of prose, no one.
_BIO_TEXT = "<p>Jane has written about food and farming for twenty years.</p>"
CARDS_AND_CREDITS = [
    (f'<div><img alt="Jane Doe Headshot" src="/a.png"><p>Jane Doe:</p>{_BIO_TEXT}</div>',
     ["Jane Doe"]),
    (f'<div><img alt="Photo of Jane Doe" src="/a.png"><p>Jane Doe</p>{_BIO_TEXT}</div>',
     ["Jane Doe"]),
    (f'<div><img alt="John Roe Headshot" src="/a.png"><p>Jane Doe</p>{_BIO_TEXT}</div>', []),
    ('<p><em>This post was written by <a href="/providers/jane-doe">Jane Doe, MD</a>, '
     "gastroenterologist, Acme Health.</em></p>", ["Jane Doe"]),
    ("<p>This article was written by a human, me, with a light edit by a machine.</p>", []),
    ("<p>" + "Long prose about soil. " * 20 + "This post was written by Jane Doe.</p>", []),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names"), CARDS_AND_CREDITS)
def test_writer_cards_and_credit_sentences(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://blog.example/a")["authors"] == names


# (metadata writer, page body, authors): a full name the metadata gives and the page never
# prints, beside a labelled byline of another person, is the account that posted the page;
# a metadata writer the page prints, or a printed line with no label, stays second.
POSTED_BY_ACCOUNT = [
    ("Luke Roe", "<p>By: Paul Doe</p>", ["Paul Doe"]),
    ("Luke Roe", "<p>By: Paul Doe</p><p>Luke Roe is our web editor.</p>", ["Luke Roe"]),
    ("Luke Roe", '<div class="author-name">Paul Doe</div>', ["Luke Roe"]),
    ("The Acme Team", "<p>By: Paul Doe</p>", ["Paul Doe"]),
]


@pytest.mark.parametrize(("writer", "body", "names"), POSTED_BY_ACCOUNT)
def test_metadata_account_gives_way_to_a_labelled_byline(
    writer: str, body: str, names: list[str]
) -> None:
    head = _ld(f'{{"@type": "Person", "name": "{writer}"}}')
    assert extract_article(_page(head, body), "https://n.example/a")["authors"] == names


# (page body, authors): a block of writers' cards marked "author" reads the names its class
# marks, not the titles beside them ("Research & Development"); a company's card there names
# no one; the byline of a "read next" teaser is another article's; a link to a writer's
# profile page that spells the name it prints is the byline.
_CARD = (
    '<div class="post_author-item"><div class="post_author-name">{}</div>'
    '<div class="post_author-title">{}</div></div>'
)
WRITER_BLOCKS = [
    ('<div class="post_author-list">' + _CARD.format("Acme", "AI platform for health")
     + _CARD.format("Joakim Doe", "Research &amp; Development") + "</div>", ["Joakim Doe"]),
    ('<div class="post_author-list">' + _CARD.format("Jane Doe", "Editor")
     + _CARD.format("John Roe", "Writer") + "</div>", ["Jane Doe", "John Roe"]),
    ('<section class="cs-read-next"><article><h2>Another story</h2>'
     '<div class="cs-meta">by <a href="/author/jroe/">John Roe</a></div></article></section>',
     []),
    ('<p><a href="https://news.example/profiles/jane-doe-309429">Jane Doe</a>, University of'
     " Example</p>", ["Jane Doe"]),
    ('<p><a href="https://news.example/topics/jane-doe">Jane Doe</a>, University of'
     " Example</p>", []),
]  # fmt: skip


@pytest.mark.parametrize(("body", "names"), WRITER_BLOCKS)
def test_writer_blocks_teasers_and_profile_links(body: str, names: list[str]) -> None:
    assert extract_article(_page("", body), "https://news.example/a")["authors"] == names


# (page, authors): the byline of a teaser card, an <article> other than the one holding the
# page's <h1>, is another article's; names before the date in the line under the headline
# ("Jane Doe 24 Apr 2000 • 3 min read") are the writers; a date and a section name are not.
_TEXT = "<p>" + "Text of the article. " * 40 + "</p>"
OTHER_ARTICLES = [
    (f"<main><article><h1>Title</h1>{_TEXT}</article><div class='grid'><article class='card'>"
     "<h2>Other</h2><span rel='author'>John Roe</span></article></div></main>", []),
    (f"<main><article><h1>Title</h1><span rel='author'>Jane Doe</span>{_TEXT}<article>"
     "<h2>Other</h2><span rel='author'>John Roe</span></article></article></main>",
     ["Jane Doe"]),
    (f"<main><h1>Title</h1>{_TEXT}<article><span rel='author'>John Roe</span></article></main>",
     ["John Roe"]),
    (f"<article><h1>Title</h1><div><p>Jane Doe, John Roe</p><time>24 Apr 2000 <span>•</span> "
     f"3 min read</time></div>{_TEXT}</article>", ["Jane Doe", "John Roe"]),
    (f"<article><h1>Title</h1><div><p>Science News</p><time>24 Apr 2000 <span>•</span> 3 min"
     f" read</time></div>{_TEXT}</article>", []),
]  # fmt: skip


@pytest.mark.parametrize(("html", "names"), OTHER_ARTICLES)
def test_teaser_articles_and_names_before_a_date(html: str, names: list[str]) -> None:
    page = f"<html><body>{html}</body></html>"
    assert extract_article(page, "https://news.example/a")["authors"] == names


def _ld_author(author_type: str, name: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "Article", "author": '
        f'{{"@type": "{author_type}", "name": "{name}"}}, '
        '"publisher": {"@type": "Organization", "name": "Acme Events"}}</script>'
    )


_SITE = '<meta property="og:site_name" content="Acme Events">'
# (head, body, url, authors, organisations): the team, desk or company credited as the writer
# where the page names no person; none where it names one, or names no writer at all.
ORGANISATIONS = [
    # A printed byline crediting a team of the publisher.
    (_SITE, '<p class="byline">By Acme Staff</p>', "https://acme.example/a", [], ["Acme Staff"]),
    # A desk, named in JSON-LD as if a person.
    (_ld_author("Person", "Lifestyle Desk"), "", "https://news.example/a", [], ["Lifestyle Desk"]),
    # schema.org says Organization: the company credited.
    (
        _ld_author("Organization", "Center for Drug Research"),
        "",
        "https://agency.example/a",
        [],
        ["Center for Drug Research"],
    ),
    # The site's own name as the meta author ("Acme" on acme.example).
    ('<meta name="author" content="Acme">', "", "https://www.acme.example/blog/a", [], ["Acme"]),
    # The company's blog credits the company, printed as the site names itself, its name
    # common words the page prints in lower case.
    (
        '<meta property="og:site_name" content="Quiet Light">',
        '<div class="author">Quiet Light</div><p>Sold in a quiet light.</p>',
        "https://quietlight.example/a",
        [],
        ["Quiet Light"],
    ),
    # A person's own site under a name no list holds: hers, no company's.
    ("", '<p class="byline">By Miod Vallat</p>', "https://vallat.example/a", ["Miod Vallat"], []),
    # A person named: the person wins, the team credit goes.
    (
        _ld_author("Person", "Acme Editorial Team"),
        '<p class="byline">By Jane Doe</p>',
        "https://acme.example/a",
        ["Jane Doe"],
        [],
    ),
    (
        _SITE,
        '<p class="byline">By Jane Doe, Acme Staff</p>',
        "https://acme.example/a",
        ["Jane Doe"],
        [],
    ),
    # User handles, e-mails and generic words alone credit no organisation.
    ('<meta name="author" content="q_admin">', "", "https://acme.example/a", [], []),
    ('<meta name="author" content="h.szeyee">', "", "https://acme.example/a", [], []),
    ('<meta name="author" content="jane.roe@acme.example">', "", "https://acme.example/a", [], []),
    ('<meta name="author" content="Staff">', "", "https://acme.example/a", [], []),
    ('<meta name="author" content="team">', "", "https://acme.example/a", [], []),
    (_ld_author("Person", "Anonymous"), "", "https://acme.example/a", [], []),
    (_SITE, '<p class="byline">View all posts</p>', "https://acme.example/a", [], []),
    # A name that is neither a team's nor the site's is no organisation ("Mike", a person).
    ('<meta name="author" content="Mike">', "", "https://acme.example/a", ["Mike"], []),
    # "Written by" the site's own name, common words the page prints: the company.
    (
        "",
        '<p class="byline">Written by Model Remodel</p><p>How to remodel a kitchen.</p>',
        "https://modelremodel.example/a",
        [],
        ["Model Remodel"],
    ),
    # A wire agency is an agency, not an organisation credit.
    (_SITE, '<p class="byline">Reuters</p>', "https://acme.example/a", [], []),
    # A page crediting no writer has no organisation, whoever publishes it.
    (
        _SITE + _ld_author("Organization", "").replace('"author"', '"x"'),
        "",
        "https://acme.example/a",
        [],
        [],
    ),
]


@pytest.mark.parametrize(("head", "body", "url", "authors", "organisations"), ORGANISATIONS)
def test_organisation_credited_as_writer(
    head: str, body: str, url: str, authors: list[str], organisations: list[str]
) -> None:
    item = extract_article(_page(head, body), url)
    assert item["authors"] == authors
    assert item["organisations"] == organisations
    assert ("organisations" in item["sources"]) == bool(organisations)
