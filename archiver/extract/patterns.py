"""Selectors, regexes, agency names and label words used by the extractors: data, not logic."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, for readable word lists."""
    return frozenset(text.split())


# --- agencies -------------------------------------------------------------------------------
# Canonical short form -> spellings met in bylines and photo credits (matched case-insensitively,
# as whole words). Ambiguous short names ("AP", "PA") are only matched as whole tokens.
AGENCIES: dict[str, tuple[str, ...]] = {
    "AAP": ("aap", "australian associated press"),
    "AFP": ("afp", "agence france-presse", "agence france presse"),
    "AP": ("ap", "associated press", "the associated press"),
    "Reuters": ("reuters", "thomson reuters"),
    "PA": ("pa", "press association", "pa media", "pa wire"),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "ANSA": ("ansa",),
    "EFE": ("efe", "agencia efe"),
    "Xinhua": ("xinhua",),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "Kyodo": ("kyodo", "kyodo news"),
    "Jiji": ("jiji", "jiji press"),
    "Yonhap": ("yonhap",),
    "APA": ("apa",),
    "SDA": ("sda", "keystone-sda"),
    "KNA": ("kna",),
    "epd": ("epd",),
    "AFX": ("dpa-afx", "afx"),
    "TASS": ("tass", "itar-tass"),
    "RIA Novosti": ("ria novosti", "ria"),
    "Interfax": ("interfax",),
    "Anadolu": ("anadolu", "anadolu agency", "anadolu ajansı", "aa"),
    "PTI": ("pti", "press trust of india"),
    "IANS": ("ians",),
    "ANI": ("ani",),
    "UPI": ("upi",),
    "NTB": ("ntb",),
    "TT": ("tt",),
    "Ritzau": ("ritzau",),
    "STT": ("stt",),
    "Belga": ("belga",),
    "ATS": ("ats",),
    "Europa Press": ("europa press",),
    "Lusa": ("lusa",),
    "CP": ("canadian press", "the canadian press"),
    "Bernama": ("bernama",),
    "Antara": ("antara",),
    "CNA": ("cna",),
    "NZPA": ("nzpa",),
    "SID": ("sid",),
}
AGENCY_BY_NAME: dict[str, str] = {
    spelling: canonical for canonical, spellings in AGENCIES.items() for spelling in spellings
}
# Words that, alone, stand for "wire copy" without naming the agency.
GENERIC_AGENCY_WORDS = frozenset(
    {"agencies", "agenturen", "agences", "agencias", "wires", "newswires"}
)

# --- bylines --------------------------------------------------------------------------------
# A label before the names, followed by a colon or a space ("Written By: Jane Doe", "A Post
# By Jane Doe", "Author:Jane Doe").
# What a byline's label may name before its verb: "Article written by", "Beitrag verfasst von".
BYLINE_LABEL_NOUN = (
    r"(?:(?:an?|this|the)\s+)?(?:article|post|story|blog\s+post|guest\s+post|artikel|beitrag|"
    r"artículo|artigo|articolo|artykuł)\s+"
)
BYLINE_PREFIX_RE = re.compile(
    rf"^\s*(?:(?:{BYLINE_LABEL_NOUN})?(?:written\s+by|escrito\s+por|scritto\s+da|écrit\s+par|"
    r"geschreven\s+door|napisany\s+przez|napisane\s+przez)"
    r"|(?:written|words|reporting|story|text|report|posted|published|interview)\s+by"
    r"|(?:an?\s+)?(?:post|article|story|blog\s+post|guest\s+post)\s+by"
    r"|(?:post\s+)?authors?(?:\s+by)?|contributors?|contributed\s+by|geschrieben\s+von|verfasst\s+von|by|von|vom|par|por|di|"
    r"door|av|af|przez|autor(?:in)?|écrit par|text|texto|redakteur(?:in)?|автор[ыа]?|"
    r"(?:erstellt|created|compiled|edited|eingestellt|gepostet)\s+(?:von|by)|"
    r"about the author|quelle|source|fuente)(?:\s*[:：]\s*|\s+)",
    re.IGNORECASE,
)
# Joining words between names; "with"/"mit"/"avec" introduce a wire credit as well. A comma
# before the last joining word is one separator ("Jane Doe, John Roe, and Mary Major").
BYLINE_SPLIT_RE = re.compile(
    r"\s*(?:[,;]\s*(?:and|und|et|y|e|en|og|och|i|&|и)\s"
    r"|[,;|/•·⋅]|\s(?:and|und|et|y|e|en|og|och|i|&|и|with|mit|avec|con|plus)\s)\s*",
    re.IGNORECASE,
)
# Roles and job titles that are printed beside names and are not names themselves.
ROLE_WORDS = _words(
    """
    staff writer writers reporter reporters correspondent correspondents editor editors
    columnist contributor contributors journalist journalists chief senior political
    foreign deputy associate managing executive news desk team staff redaktion red
    correspondant rédaction redacción redazione online digital producer photographer
    photos video guest analyst commentator sport sports business science health technology
    opinion bureau weekend special international national local community newsroom
    redakteur redakteurin chefredakteur chefredakteurin autor autorin korrespondent
    korrespondentin volontär volontärin mitarbeiter mitarbeiterin experte expertin freie
    freier
    lifestyle entertainment travel culture politics economics crime royal showbiz money
    consumer property motoring fashion beauty food music film arts
    former manager director head founder co-founder cofounder owner partner principal ceo cto
    cfo coo cmo vp svp evp president vice officer specialist consultant strategist lead expert
    advisor adviser coordinator engineer developer designer architect scientist researcher
    professor lecturer author writer blogger marketing content communications intern
    assistant administrator chair chairman chairwoman
    """
)
# Lower-case words allowed inside a name: "Ursula von der Leyen", "Nuño de la Cruz".
NAME_PARTICLES = _words(
    """
    von van der den de da del della di la le du dos das bin ibn al el y zu vom ten ter
    """
)
# A trailing place ("Jane Doe in Paris", "Jane Doe, London").
BYLINE_LOCATION_RE = re.compile(r"\s+(?:in|aus|en|à|a|from)\s+[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?$")
# An e-mail address, also written against harvesters ("jane[at]example.org") or hidden from
# them by a CDN ("[email protected]").
EMAIL_RE = re.compile(
    r"[\w.+-]+(?:@|\s?[\[(]at[\])]\s?)[\w-]+(?:(?:\.|\s?[\[(]dot[\])]\s?)[\w-]+)+"
    r"|\[\s*email\s+protected\s*\]"
)
# A web address printed for the author ("twitter.com/jdoe", "https://example.com/about").
WEB_ADDRESS_RE = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?")
HANDLE_RE = re.compile(r"(?<![\w@])@\w{1,30}")
# Anything after these words in a byline block is about dates, not people.
BYLINE_CUT_RE = re.compile(
    r"\b(?:(?:last\s+)?updated|published|posted|last modified|modified|aktualisiert|veröffentlicht|"
    r"mis à jour|publié|actualizado|publicado|aggiornato|pubblicato|am|on)\b.*$"
    r"|\s+\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.*$|\s+\d{4}-\d{2}-\d{2}.*$",
    re.IGNORECASE,
)
# Words of organisation names: a byline equal to the site name is dropped only when it has one
# ("SBS News" is the publisher; "Jane Doe" on her own blog is the author).
ORG_WORDS = _words(
    """
    news nachrichten media medien times post zeitung online redaktion rédaction redacción
    press presse journal magazine magazin daily tv radio network group verlag editorial
    staff desk team channel today herald tribune guardian telegraph gazette
    """
)
# Tokens that are never a person's name.
NOT_A_NAME = _words(
    """
    updated published posted share comments comment read more minutes min minute hours ago
    yesterday today follow twitter facebook email print subscribe admin administrator
    anonymous unknown none null guest home news name http https wordpressadmin von by par
    por zeige letzte aktualisierung aktualisiert veröffentlicht kommentare kommentar
    """
)
# The names after "Reviewed by", "Fact checked by", "Edited by" checked the article, they did
# not write it: cut up to the next "by" (the writer's label) or the end.
BYLINE_REVIEWER_RE = re.compile(
    r"\b(?:(?:medically|expert|clinically)\s+)?(?:reviewed|fact[- ]?checked|verified|edited|"
    r"geprüft|redigiert|revisado|editado|vérifié|relu|édité)\s+(?:by|von|por|par)\b"
    r".*?(?=\b(?:written\s+)?by\b|$)",
    re.IGNORECASE,
)
# A byline no class marks, found by its label at the start of a text of the page ("By Jane
# Doe", "Written by: Jane Doe", "Article by Jane Doe", "Author Jane Doe", "Von Jane Doe"), or
# by a capitalised "By" inside one ("Mar 24, 2025 By Jane Doe").
LABELLED_BYLINE_RE = re.compile(
    rf"^\s*(?:(?:{BYLINE_LABEL_NOUN})?(?:written\s+by|escrito\s+por|scritto\s+da|écrit\s+par|"
    r"geschreven\s+door|napisany\s+przez|napisane\s+przez)|"
    r"(?:written|words|article|post|posted|story|text|reporting|published|contributed)"
    r"\s+by|authors?|contributors?|by|geschrieben\s+von|von|par|por|door|av|af|autor(?:in)?|"
    r"auteur)"
    r"(?:\s*[:：]\s*|\s+|$)",
    re.IGNORECASE,
)
LABELLED_BYLINE_MID_RE = re.compile(r"(?<=[\s|•·⋅—–-])(?:By|BY|Written [Bb]y)(?:\s*:\s*|\s+)")
# A sentence that credits the writer, wherever the article prints it (often under the
# text): "This post was written by Jane Doe, dietitian", "This article is contributed by".
CREDIT_SENTENCE_RE = re.compile(
    r"\b(?:this|the)\s+(?:article|post|blog\s+post|blog|story|piece|guide|column)\s+"
    r"(?:was|is|has\s+been)\s+(?:\w+\s+)?(?:written|authored|contributed|prepared)\s+by\s+",
    re.IGNORECASE,
)
CREDIT_SENTENCE_STEMS = ("ritten", "RITTEN", "uthored", "ontributed", "repared")
# A copyright notice before a "by" ("© 2026 Body By Acme Ltd, 1 High Street"): it names the
# owner of the site, and its address, not a writer.
COPYRIGHT_RE = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
# A count in parentheses ("Cited by (332)", "Comments (12)"): a tab or a link of the page. A
# text holding BYLINE_MAX_COUNTS of them or more is a row of tabs, not a byline.
COUNT_RE = re.compile(r"\(\s*\d[\d,.]*\s*\)")
BYLINE_MAX_COUNTS = 2
# Links and controls: words around a "By" inside one are its label ("Shop By Brand", "Sort by
# date"), never a byline, which prints "By" outside the writer's link.
CONTROL_TAGS = frozenset({"a", "summary", "label", "option", "button"})
# Words before a "by" that make the names after it no writers: "Reviewed by", "Photo by",
# "Edited by", "Illustration by".
NOT_WRITER_BEFORE_BY_RE = re.compile(
    r"(?:reviewed|checked|verified|edited|photos?|photographs?|images?|illustrations?|videos?|"
    r"graphics?|fotos?|bilder?|powered|sponsored|presented|designed|built|made|hosted)\s*$",
    re.IGNORECASE,
)
# The line under a headline that names the writer, then their role or the date, between
# separators: "Jane Doe | Senior Writer | July 2, 2025", "Jane Doe · 5 min read".
HEADED_BYLINE_SPLIT_RE = re.compile(r"\s+[|•·⋅—–]\s+")
# A printed date or reading time in that line: what makes it a byline line, not a strapline.
HEADED_BYLINE_DATE_RE = re.compile(
    r"""(?ix)
    \b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b | \b\d{4}-\d\d-\d\d\b | \b\d+\s*min(?:ute)?s?\s+read\b
    | \b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b
    | \b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b
    """
)
# Elements after the headline looked at for that line, and the longest such line.
HEADED_BYLINE_SIBLINGS = 3
# The line right under a headline that prints only names with their degrees and the words
# that join them ("Ellen Lindell, VMD; Debra Horwitz, DVM & Gary Landsberg, DVM"): the writers,
# dated or not (a strapline is a sentence, in lower-case words, and a title-case one, "Paris
# Fashion Week", prints no degree). Its longest length, the lower-case words that may join the
# names, and a degree after a name.
HEADED_NAMES_MAX_CHARS = 240
HEADED_NAMES_JOINERS = frozenset({"and", "und", "et", "y", "e", "en", "og", "och", "i"})
HEADED_NAMES_DEGREE_RE = re.compile(
    r"\w,\s*(?:[A-Z]{2,5}|(?:[A-Z]\.){2,4}|Ph\.?\s?D\.?)(?=[\s,;&]|$)"
)
# Paragraphs a <nav>, <footer> or <aside> holding the page's <h1> must hold to be read as the
# frame of the article (unclosed markup nested it in a <nav>) rather than the site's menu or
# masthead, whose logo may be an <h1>.
ARTICLE_FRAME_MIN_PARAGRAPHS = 3
HEADED_BYLINE_MAX_CHARS = 120
# The class of a byline block (or of a container up to REVIEWER_DEPTH levels up) of someone
# who checked the article: an expert, a reviewer, a fact-checker ("author-meta-container
# expert", "medical-reviewer"). Their names are no writers'.
REVIEWER_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:experts?|reviewers?|reviewed|fact-?check(?:ed|er|ers)?|checked)(?:$|[\s_-])",
    re.IGNORECASE,
)
REVIEWER_DEPTH = 2
# The label printed just before a byline element of someone who checked the article.
REVIEWER_LABEL_RE = re.compile(
    r"(?:reviewed|fact[- ]?checked|checked|verified|edited|geprüft|revisado|vérifié|relu)"
    r"\s+(?:by|von|por|par)\s*:?\s*$",
    re.IGNORECASE,
)
# A label of someone who checked or edited the article, anywhere in a text ("Medically
# reviewed by", "fact-checked and edited by"): the name after it is the checker's. Credited
# only where no one is credited as the writer (a company's or an automated article).
CHECKER_LABEL_RE = re.compile(
    r"\b(?:(?:medically|expert|clinically)\s+)?(?:reviewed|fact[- ]?checked|verified|edited|"
    r"geprüft|redigiert|revisado|editado|vérifié|relu|édité)\s+(?:by|von|por|par)\b\s*:?",
    re.IGNORECASE,
)
# What every checker's label holds, as a page prints it: a verb without its first letter
# (which may be a capital), then "by" (CHECKER_BY_RE). A page holding none is not searched
# (found by str.find, at C speed; a regular expression over every text node costs more than
# the rest of the byline search).
CHECKER_STEMS = (
    "eviewed", "hecked", "erified", "dited", "eprüft", "edigiert", "evisado", "ditado", "érifié",
    "elu", "dité", "EVIEWED", "HECKED", "ERIFIED", "DITED",
)  # fmt: skip
CHECKER_BY_RE = re.compile(r"\s+(?:by|von|por|par)\b", re.IGNORECASE)
# Texts holding a checker's label read before the search for one gives up: the label sits in
# the byline block, near the top or bottom of the article, not in every paragraph.
CHECKER_MAX_LABELS = 6
# Folders of a site's pages about its writers, in the languages of the press: a link into
# one whose address spells the name it prints is the article's byline ("/authors/jane-doe").
AUTHOR_PATH_SEGMENTS = frozenset(
    {"author", "authors", "autor", "autoren", "autores", "auteur", "auteurs", "autore",
     "autori", "contributor", "contributors", "writer", "writers", "journalist",
     "journalisten", "redakteur", "redaktion", "profile", "profiles"}
)  # fmt: skip
# A writer's card with no label or link: a portrait and the name printed after it. The image
# is a portrait when its alt text or file name spells that name, or when its class (or its
# frame's) marks an avatar. The name is the first text after the image, found within this many
# levels above it (wrappers that hold no text: frameworks nest an avatar in eight <div>s); its
# letters may run on by PORTRAIT_NAME_EXTRA (degrees after it: "Sarah Knowles MW"), and a
# caption's class this many levels over it makes it a photo's caption.
PORTRAIT_CLASS_RE = re.compile(r"avatar|author|headshot|portrait", re.IGNORECASE)
PORTRAIT_CARD_DEPTH = 10
# Words an alt text puts around the name of the person a portrait shows: "Headshot of Jane
# Doe", "Jane Doe Image", "Picture of Jane Doe, CFP" (read without them, the alt is the name).
PORTRAIT_ALT_WORDS_RE = re.compile(
    r"^\s*(?:(?:an?\s+)?(?:photo|picture|image|headshot|portrait|avatar)\s+of\s+)"
    r"|\s+(?:profile\s+)?(?:photo|picture|image|headshot|portrait|avatar|pic)\s*$",
    re.IGNORECASE,
)
PORTRAIT_CAPTION_DEPTH = 3
PORTRAIT_NAME_EXTRA = 6
# Longest text (characters) read as the name on a writer's card.
PORTRAIT_NAME_MAX_CHARS = 60
# Most words of an alt text or a card's text read as a name ("Jane Doe, Staff Writer").
PORTRAIT_NAME_MAX_WORDS = 6
# Words of a card's name from which it is a thing's title when all but the first are words the
# page prints in lower case.
PORTRAIT_THING_WORDS = 3
# Longest text (characters) around a labelled byline: a longer one is a paragraph of prose.
LABELLED_BYLINE_MAX_CHARS = 150
# Words of a page's controls and labels, taken for people when they sit in an element marked
# "author" ("Sign In", "View Profile", "See more", "Find me on", "Written by"): a text holding
# one is no name unless it starts with a given name ("Sean Read").
INTERFACE_WORDS = _words(
    """
    sign log login logout register view see more about find subscribe follow menu search
    contact profile bio biography posts articles all skip written image photo by me us our
    my your learn close open toggle avatar
    """
)
# Labels before the names of a byline, in the languages of the press. They are labels only
# before a colon or a "by" ("Text: Jane Doe", "Testo di Mario Rossi", "Photo by John Roe").
# The names after a label of the words wrote the article...
BYLINE_TEXT_LABELS = (
    r"text|texte|testo|texto|tekst|teksti|текст|szöveg|author|authors|autor|autorin|autoren|"
    r"autorzy|auteur|auteurs|autore|autori|autora|autores|författare|forfatter|tekijä|szerző|"
    r"автор|авторы|interview|entretien|intervista|entrevista|wywiad|интервью|words|story|"
    r"reporting|reportage|bericht|artikel|beitrag|"
    r"责任编辑|作者|记者|编辑|文"
)
# ...the names after a label of the pictures took them, and are no authors of the text.
BYLINE_PHOTO_LABELS = (
    r"photos?|photograph(?:s|y)?|fotos?|fotó|fotók|fotografie|fotografia|fotografía|fotografias|"
    r"fotograf|photographer|zdjęcia|zdjęcie|kuvat?|фото|фотографии|bild|bilder|images?|"
    r"illustrations?|videos?|grafik"
)
_BYLINE_LABEL = rf"(?:{BYLINE_TEXT_LABELS}|{BYLINE_PHOTO_LABELS})"
BYLINE_LABEL_JOIN = r"\s*(?:[&+/,]|and|und|et|e|y|i|и|og|och|en|u)\s*"
BYLINE_LABEL_RE = re.compile(
    rf"(?<![\w&])(?P<labels>{_BYLINE_LABEL}(?:{BYLINE_LABEL_JOIN}{_BYLINE_LABEL})*)"
    r"(?:\s*[:：]\s*|\s+(?:by|von|di|de|par|por|door|av|af|przez|od|от)\s+)",
    re.IGNORECASE,
)
BYLINE_PHOTO_LABEL_RE = re.compile(rf"(?:{BYLINE_PHOTO_LABELS})", re.IGNORECASE)
# Day names glued to a name by the page's layout ("Jane Doe Monday, 3 March"), with the
# abbreviations of English, German and French.
WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch
    donnerstag freitag samstag sonnabend sonntag lundi mardi mercredi jeudi vendredi samedi
    dimanche lunes martes miércoles jueves viernes sábado domingo lunedì martedì mercoledì
    giovedì venerdì sabato domenica segunda-feira terça-feira quarta-feira quinta-feira
    sexta-feira maandag dinsdag woensdag donderdag vrijdag zaterdag zondag mandag tirsdag
    onsdag torsdag fredag lørdag søndag måndag tisdag lördag söndag poniedziałek wtorek środa
    czwartek piątek sobota niedziela понедельник вторник среда четверг пятница суббота
    воскресенье
    mon tue tues wed thu thur thurs fri sat sun mo di mi do fr sa so lun mar mer jeu ven sam dim
    """
)
# Words that only names of organisations hold: departments, companies, publications,
# newsletters ("Metro Desk", "Acme Media Group", "Example Newsletter", "Foo GmbH"). As the end
# of a compound, the first few name a desk or a publication too ("Newsdesk", "Finanzmagazin").
ORG_NAME_WORDS = _words(
    """
    desk newsdesk newsroom team group media medien brief briefing newsletter digest podcast
    editorial editors inc ltd llc plc gmbh ag e.v corp corporation
    company foundation stiftung institute institut university universität verlag verband
    agency agentur network services online magazine magazin zeitung journal news
    nachrichten noticias notizie nouvelles новости tv radio channel redaktion rédaction
    redacción redazione redactie redakcja redakce редакция presse
    clinic clinics hospital hotels hotel solutions consulting labs studios software systems
    technologies association society collective marketing insurance
    """
)
# Organisation words that are surnames too ("Eyal Press", "Robert Service"): an organisation's
# only after a word that is no given name ("Acme Press", "Example News Service").
ORG_SURNAME_WORDS = _words("press service board")
ORG_COMPOUND_ENDINGS = ("desk", "redaktion", "magazin", "zeitung", "verlag", "verband")
# Articles that open the name of a publication or a newsletter, never a person's ("Les" is
# not one: it is an English given name, "Les Murray").
ORG_ARTICLES = _words("the der die das los las il het")
# "<Org> Wire", "<Org> Staff", "<Org> News Service": a credit of the organisation, not a name.
ORG_CREDIT_RE = re.compile(
    r"^(?P<org>.+?)[\s-]+(?:staff(?:\s+(?:writers?|reporters?|reports))?|wire|newswire|news\s+wire|"
    r"news\s+service|wire\s+services?)$",
    re.IGNORECASE,
)
# "by" inside a byline token: what comes before is a label of the site's furniture when it is
# no person's name ("View all posts by Jane Doe", "Blog-Archiv vom Krimiblogger"). Lower-case
# "von"/"vom" only: capitalised they start a name ("Von Trier").
BYLINE_INNER_BY_RE = re.compile(r"\s(?:[Bb]y|BY|von|vom|par|por|door|przez)\s+(?=\S)")
# A dateline opening the byline block: one place word in capitals and a dash ("WASHINGTON —");
# a name in capitals has two words at least.
BYLINE_DATELINE_RE = re.compile(r"^[A-ZÀ-ÞА-Я]{3,}(?:,\s*[A-Z][\w.]*)?\s*[-–—]+\s+")
# A site's account, not a person: "webadmin", "siteadmin", "webmaster".
ACCOUNT_NAME_RE = re.compile(r"admin|webmaster|moderator|^(?:root|user|editor)\d*$", re.I)
# The last word of a credit of a team rather than a person, in the languages of the press
# ("Podium Staff", "Lifestyle Desk", "Our Editors", "Redaktion Wirtschaft" ends otherwise but
# is_organisation knows it).
TEAM_CREDIT_WORDS = _words(
    """
    team staff desk newsdesk newsroom editors editorial crew équipe equipe rédaction
    redaktion redacción redazione redactie redakcja
    """
)
# Words that alone credit no one: a team word with no name before it, a placeholder.
GENERIC_CREDIT_WORDS = _words(
    """
    team staff desk editor editors editorial admin administrator anonymous anonym unknown
    guest author writer contributor user redaktion rédaction redacción redazione redactie
    newsroom crew
    """
)
# Possessives that open a team's credit and are no control of the page ("Our Editors",
# "Unsere Redaktion"), although "our" alone is an interface word ("About Our ...").
TEAM_DETERMINERS = _words("our the unsere unser notre nos nuestro nuestra nostra nostro onze")
# Words of a credit of an organisation at most: longer is a sentence or a tagline.
ORG_CREDIT_MAX_WORDS = 8

# --- photo captions and credits ---------------------------------------------------------------
# "All rights reserved" in the languages of the press: printed before a credit it is a label
# like "©" ("Tous droits réservés Euronews"), after one it is no part of the name.
RIGHTS_RESERVED = (
    r"all rights reserved|tous droits réservés|alle rechte vorbehalten|"
    r"todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|"
    r"alle rechten voorbehouden|alla rättigheter förbehållna|alle rettigheder forbeholdes|"
    r"alle rettigheter reservert|kaikki oikeudet pidätetään|wszelkie prawa zastrzeżone|"
    r"všechna práva vyhrazena|minden jog fenntartva|tüm hakları saklıdır|"
    r"toate drepturile rezervate|все права защищены|усі права захищені"
)
RIGHTS_TAIL_RE = re.compile(rf"[\s.,;:|/–—-]*(?:{RIGHTS_RESERVED})\.?\s*$", re.IGNORECASE)
# Words for "photo", "picture", "source" and "credit" before a colon, in the languages of the
# press: "Beeld: ANP", "Kuva: Lehtikuva", "Фото: ТАСС", "写真：共同", "Crédit photo : AFP".
CREDIT_LABEL_WORDS = (
    r"fotografía|fotografia|fotografias|fotografie|fotografi|fotó|fotók|fotoğraf|görsel|"
    r"zdjęcie|zdjęcia|źródło|kuva|kuvat|kuvaaja|lähde|beeld|bron|afbeelding|billede|bilde|"
    r"kilde|källa|zdroj|forrás|sursa|sursă|izvor|kaynak|фото|фотография|снимка|източник|"
    r"источник|джерело|φωτογραφία|πηγή|صورة|المصدر|ảnh|nguồn|写真|图片来源|图片|照片|"
    r"출처|사진|"
    # Hebrew, Persian and Urdu, Arabic's "photography", Hindi (with and without the nukta, as
    # one letter or two), Bengali, Thai, Chinese "photography" and "picture", Indonesian and
    # Malay "source" and "picture", Swahili "picture".
    r"צילום|קרדיט|מקור|عکس|منبع|تصویر|تصوير|फोटो|फ़ोटो|\u095eोटो|तस्वीर|चित्र|स्रोत|ছবি|সূত্র|"
    r"ภาพ|ที่มา|摄影|攝影|圖片|图源|圖|图|sumber|gambar|picha|"
    r"crédits?\s+photos?|créditos?\s+(?:de\s+)?(?:la\s+)?foto(?:grafía)?|crediti|credito"
)
# Labels printed before a credit. The colon is required for words that also start sentences.
# A credit may hold "|" between agency and photographer: "© FUNKE Foto Services | Reto Klar".
CREDIT_LABEL_RE = re.compile(
    r"(?P<label>(?:(?<=\s)|(?<=^)|(?<=[()\[\]|.。（【［]))"
    r"(?:(?:photo(?:graph)?s?|image|images|picture|pic|pics|credit|credits|source|"
    r"foto|fotos|bild|bilder|quelle|illustration|grafik|graphic|video|crédit|crédito|"
    r"symbolfoto|symbolbild|archivfoto|archivbild|titelbild|fotograf|photographer|"
    r"fonte|fuente|copyright|photo credit|image credit|image source|bildquelle|isithombe|"
    rf"{CREDIT_LABEL_WORDS})"
    r"\s*[:：]"
    r"|copyright\b|photo by|photograph by|picture by|image by|foto von|bild von|fot\.(?=\s)"
    # "Courtesy of Acme", "Photo courtesy Jane Doe": a handout's credit ("a courtesy call" is
    # no label).
    r"|(?:photo|image|picture)\s+courtesy(?:\s+of)?|courtesy\s+of"
    rf"|(?:{RIGHTS_RESERVED})\b\.?)"
    # Symbols need no space before them: "石川（Ｃ）共同通信社"; Korean "[사진 출처 = ...]".
    r"|©|\(c\)|（[cＣ]）|\[?사진(?:\s*출처)?\s*=)"
    r"\s*(?P<credit>[^|\]]*?(?:\s\|\s[^|\]]*?)?)\s*[)\]）】］]?\s*$",
    re.IGNORECASE,
)
# A credit after " | " or " / " at the end of a caption, when it reads like one: a photo
# house or agency, "Name/Agency", or a person's name ("... in La Soledat / Lorenzo Marina").
_NAME_WORD = r"[A-ZÀ-Ý][\w'’.-]+"
CREDIT_SEPARATOR_RE = re.compile(
    r"\s[|/]\s(?P<credit>(?:[^|/]{2,40}/[^|]{2,60}"
    r"|[^|/]*(?i:getty|reuters|afp|\bap\b|epa|dpa|shutterstock|imago|keystone|istock|alamy)"
    r"[^|/]*"
    rf"|{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}))\s*$"
)
# Japanese "（代表撮影）", "（共同通信撮影）": "photographed by ..." in brackets at the end.
CREDIT_PHOTOGRAPHED_RE = re.compile(r"\s*[（(](?P<credit>[^（）()]{1,30}?)撮影[）)]\s*$")
# "(Fred Scheiber/SIPA)", "(Mario Jasso/Cuartoscuro)": a bracketed "Name Name/Agency".
CREDIT_SLASH_PAREN_RE = re.compile(
    rf"\s*[(\[](?P<credit>{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}\s?/\s?[\w][\w .&'’-]{{1,40}})"
    r"[)\]]\s*$"
)
# Label-less credits at the end of a caption: "(AP Photo/Jane Doe)", "REUTERS/Jane Doe",
# "Getty Images", "Jane Doe/AFP via Getty Images".
_CREDIT_HOUSES = (
    r"Getty Images|AFP|REUTERS|Reuters|AP Photo|AP|AAP Image|AAP|EPA|Shutterstock|imago images|"
    r"picture alliance|picture-alliance|dpa|Keystone|Bloomberg|Xinhua|ANSA|EFE"
)
CREDIT_TAIL_RE = re.compile(
    r"(?:[(\[](?P<paren>[^()\[\]]*?(?i:photo|getty|reuters|afp|aap|\bap\b|epa|dpa|"
    r"shutterstock|imago|keystone|picture[- ]alliance|istock|alamy|supplied|file)[^()\[\]]*)"
    r"[)\]]"
    r"|(?P<bare>(?:(?:[A-Z][\w.'-]*\s){0,3}[A-Z][\w.'-]*\s?/\s?)?(?:" + _CREDIT_HOUSES + r")"
    r"(?:\s+via\s+Getty Images)?(?:\s?/\s?[\w .'-]+)?))\s*$"
)

# --- dates ----------------------------------------------------------------------------------
# Words that separate the first-published time from the update time in one date block.
UPDATED_SPLIT_RE = re.compile(
    r"\b(?:updated?(?:\s+on|\s+at)?|last\s+updated|modified|aktualisiert(?:\s+am)?|"
    r"zuletzt\s+aktualisiert|mis\s+à\s+jour(?:\s+le)?|actualizado(?:\s+el)?|aggiornato(?:\s+il)?|"
    r"bijgewerkt|atualizado)\b[:\s]*",
    re.IGNORECASE,
)
PUBLISHED_LABEL_RE = re.compile(
    r"^\s*(?:first\s+)?(?:published(?:\s+on|\s+at)?|posted(?:\s+on|\s+at)?|veröffentlicht(?:\s+am)?|"
    r"publié(?:\s+le)?|publicado(?:\s+el)?|pubblicato(?:\s+il)?|date|datum|stand|on)\b[:\s]*",
    re.IGNORECASE,
)
# A date written for machines, as schema.org and Open Graph ask: ISO 8601's year-month-day.
MACHINE_DATE_RE = re.compile(r"[\s\"']*(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)")
# Separators of the items of a dateline ("August 28, 2025 • 5 min read", "May 3 | News"): a
# text that reads as no date as a whole is read item by item.
DATELINE_SEPARATOR_RE = re.compile(r"\s*[•·|]\s*")
RELATIVE_DATE_RE = re.compile(
    r"(?:(?P<n>\d+|an?|one)\s+(?P<unit>sec|second|min|minute|hr|hour|day|week|month|year)s?\s+ago"
    r"|vor\s+(?P<n_de>\d+|einer?|einem)\s+(?P<unit_de>sekunde|minute|stunde|tag|woche|monat|jahr)\w*"
    r"|il y a\s+(?P<n_fr>\d+|une?)\s+(?P<unit_fr>seconde|minute|heure|jour|semaine|mois|an)\w*"
    r"|hace\s+(?P<n_es>\d+|una?)\s+(?P<unit_es>segundo|minuto|hora|día|semana|mes|año)\w*)",
    re.IGNORECASE,
)
RELATIVE_UNITS = {
    "sec": 1, "second": 1, "sekunde": 1, "seconde": 1, "segundo": 1,
    "min": 60, "minute": 60, "minuto": 60,
    "hr": 3600, "hour": 3600, "stunde": 3600, "heure": 3600, "hora": 3600,
    "day": 86400, "tag": 86400, "jour": 86400, "día": 86400,
    "week": 604800, "woche": 604800, "semaine": 604800, "semana": 604800,
    "month": 2592000, "monat": 2592000, "mois": 2592000, "mes": 2592000,
    "year": 31536000, "jahr": 31536000, "an": 31536000, "año": 31536000,
}  # fmt: skip
DAY_WORDS = {"today": 0, "heute": 0, "aujourd'hui": 0, "hoy": 0, "yesterday": 1, "gestern": 1,
             "hier": 1, "ayer": 1, "ieri": 1}  # fmt: skip
# Month names of other languages -> English, so dateutil can read them.
MONTHS = {
    "januar": "January", "jänner": "January", "janvier": "January", "enero": "January",
    "gennaio": "January", "janeiro": "January", "januari": "January", "februar": "February",
    "février": "February", "fevrier": "February", "febrero": "February", "febbraio": "February",
    "fevereiro": "February", "februari": "February", "märz": "March", "maerz": "March",
    "mars": "March", "marzo": "March", "março": "March", "maart": "March", "avril": "April",
    "abril": "April", "aprile": "April", "mai": "May", "mayo": "May", "maggio": "May",
    "maio": "May", "mei": "May", "juni": "June", "juin": "June", "junio": "June",
    "giugno": "June", "junho": "June", "juli": "July", "juillet": "July", "julio": "July",
    "luglio": "July", "julho": "July", "august": "August", "août": "August", "aout": "August",
    "agosto": "August", "augustus": "August", "september": "September", "septembre": "September",
    "septiembre": "September", "settembre": "September", "setembro": "September",
    "oktober": "October", "octobre": "October", "octubre": "October", "ottobre": "October",
    "outubro": "October", "november": "November", "novembre": "November",
    "noviembre": "November", "novembro": "November", "dezember": "December",
    "décembre": "December", "decembre": "December", "diciembre": "December",
    "dicembre": "December", "dezembro": "December", "december": "December",
}  # fmt: skip
MONTHS_RE = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)
# A date in a URL's path: "/2017/05/31/", "/2023/october/03/" (a month's English name or its
# first three letters).
URL_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                   "dec")  # fmt: skip
# A month's word in a URL path, whole or short ("/2023/october/03/", "/2023/sept/3/"), and no
# word that only starts like one ("/2023/marketing/03/"). English, whatever the process's locale.
URL_MONTH_WORDS = frozenset(
    {*URL_MONTH_NAMES, "sept"}
    | _words("january february march april june july august september october november december")
)
URL_DATE_RE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]{0,6})[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)",
    re.IGNORECASE,
)
# Month names a byline's date may print: the page languages' (MONTHS) and the English short
# and long ones of URL paths.
_BYLINE_MONTHS = "|".join(sorted(MONTHS.keys() | URL_MONTH_WORDS, key=len, reverse=True))
# A date with the month's name printed after a name, no separator between ("Jane Doe 4 August
# 2010", "Jane Doe December 17, 2025", "Jane Doe 17. Dezember 2025"), and the one-word label
# before it ("Jane Doe Stand: 05. Februar 2020"): it and what follows end the byline, as
# BYLINE_CUT_RE (run first: "Last updated: ...") ends it at a numeric date.
BYLINE_MONTH_DATE_RE = re.compile(
    rf"(?:\s+\w+\s*[:：])?\s+(?:\d{{1,2}}\.?\s+(?:{_BYLINE_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_BYLINE_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b.*$",
    re.IGNORECASE,
)
MIN_YEAR = 1990
# Languages whose readers live (almost all) under one set of timezone rules: a time printed
# without offset on a page in that language is read in that zone. Languages spread over
# several zones (en, es, pt, fr, ar, ru, id...) settle nothing and are absent.
LANGUAGE_ZONES = {
    "de": "Europe/Berlin", "it": "Europe/Rome", "nl": "Europe/Amsterdam", "pl": "Europe/Warsaw",
    "cs": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest",
    "sl": "Europe/Ljubljana", "hr": "Europe/Zagreb", "bs": "Europe/Sarajevo",
    "sr": "Europe/Belgrade", "mk": "Europe/Skopje", "sq": "Europe/Tirane",
    "da": "Europe/Copenhagen", "sv": "Europe/Stockholm", "nb": "Europe/Oslo", "nn": "Europe/Oslo",
    "no": "Europe/Oslo", "fi": "Europe/Helsinki", "et": "Europe/Tallinn", "lv": "Europe/Riga",
    "lt": "Europe/Vilnius", "el": "Europe/Athens", "bg": "Europe/Sofia", "ro": "Europe/Bucharest",
    "uk": "Europe/Kyiv", "be": "Europe/Minsk", "ka": "Asia/Tbilisi", "hy": "Asia/Yerevan",
    "az": "Asia/Baku", "tr": "Europe/Istanbul", "he": "Asia/Jerusalem", "fa": "Asia/Tehran",
    "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai", "vi": "Asia/Ho_Chi_Minh",
    "th": "Asia/Bangkok", "ms": "Asia/Kuala_Lumpur", "hi": "Asia/Kolkata", "mr": "Asia/Kolkata",
    "gu": "Asia/Kolkata", "te": "Asia/Kolkata", "kn": "Asia/Kolkata", "ml": "Asia/Kolkata",
    "ta": "Asia/Kolkata", "is": "Atlantic/Reykjavik", "ga": "Europe/Dublin",
    "cy": "Europe/London", "ca": "Europe/Madrid", "eu": "Europe/Madrid", "gl": "Europe/Madrid",
    "lb": "Europe/Luxembourg", "mt": "Europe/Malta", "sw": "Africa/Nairobi",
    "am": "Africa/Addis_Ababa",
}  # fmt: skip
# Countries of several zones where one of them holds nearly all of the people (the others are
# islands or thinly peopled): their country-code domains settle the zone as one-zone ones do.
MAIN_ZONES = {
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "CL": "America/Santiago",
    "EC": "America/Guayaquil", "NZ": "Pacific/Auckland", "UA": "Europe/Kyiv",
}  # fmt: skip
# Country-code domains that are not the ISO 3166 code of their country.
CCTLD_COUNTRIES = {"uk": "GB"}
# Country-code domains sold and used worldwide, which tell nothing of a site's place (the
# ones search engines treat as generic, and a few more of the same kind): ".tv", ".io".
GENERIC_CCTLDS = frozenset({
    "ad", "as", "bz", "cc", "cd", "co", "dj", "fm", "io", "la", "me", "ms", "nu", "sc", "sr",
    "su", "tv", "tk", "ws", "ai", "gg", "to", "ly", "sh", "ac", "vc", "am", "gd", "ag", "cx",
})  # fmt: skip
# A printed local time and the same instant in UTC differ by whole quarter hours, at most 14 h.
MAX_UTC_OFFSET_MINUTES = 14 * 60

# --- page furniture ---------------------------------------------------------------------------
# Elements never part of an article body. (The <head> too: read before the cleaning, and
# trafilatura, which removes it as well, copies and searches a smaller tree.)
DROP_TAGS = (
    "script", "style", "noscript", "iframe", "button", "input", "select", "textarea", "svg",
    "template", "object", "embed", "video", "audio", "canvas", "map", "head",
)  # fmt: skip
# A <button> holds phrasing content only: one holding these is a parser's reading of a button
# left open ("<button><div></button>" closes the button in a browser, not in libxml2), which
# swallowed the page after it. It is unwrapped, not dropped with the page.
SWALLOWING_TAGS = frozenset({"button"})
FLOW_CONTENT_TAGS = ("p", "main", "article", "section", "h1", "h2", "table")
# Elements that are furniture unless, in broken markup, they hold most of the page's text
# (ASP.NET wraps whole pages in <form>, unclosed <header>s swallow the article).
FURNITURE_TAGS = ("nav", "footer", "aside", "form", "figure", "figcaption", "dialog", "menu")
# Word stems of class and id values marking related-content teasers, ads, share bars,
# newsletter prompts, comments, pull quotes, captions... A class token matches when it is the
# stem, starts with "stem-" or ends with "-stem": "related-article", "article__share"; a stem
# in the middle ("content-sidebar-wrap", "elementor-widget-container") does not count.
BOILERPLATE_STEMS = (
    r"related|relatedarticles?|more-?stories|recommend\w*|teasers?|promo\w*|ads?|advert\w*|"
    r"adslot|banner|sponsor\w*|outbrain|taboola|share|sharing|shariff|social|newsletter\w*|"
    r"subscri\w*|signup|paywall|comments?|disqus|respond|pullquote|pull-quote|caption|"
    r"credits?|breadcrumbs?|tags?|tagcloud|keywords|topics|byline|author\w*|dateline|"
    r"timestamp|meta|toolbar|sidebar|popular|trending|most-?read|read-?more|readmore|"
    r"also-?read|see-?also|embedded-content|cookie\w*|consent|modal|popup|footer|"
    r"masthead|nav\w*|menu|skip|print|rating|vote|donat\w*|sr-only|visually-hidden|"
    r"screen-reader-text|video|gallery|slideshow|carousel|newsticker|ticker"
)
# The standfirst printed above the body is the story's lead paragraph: found as the page's
# description printed in an element (its first characters; meta descriptions are often cut
# short, the printed text a little longer), never in the head, a script or a link.
LEAD_MIN_CHARS = 40
LEAD_PREFIX_CHARS = 60
LEAD_MAX_GROWTH = 1.5
LEAD_SKIP_TAGS = frozenset(
    {"head", "title", "meta", "script", "style", "noscript", "template", "a", "option"}
)
# A <p> this long is a paragraph of the story whatever its class says ("paywall" on the
# paragraphs behind a paywall), and so are the paragraphs and subheadings of its class:
# prompts, teaser summaries and credit lines are shorter. Marks of text that repeats or
# describes the story keep their paragraphs out.
STORY_PARAGRAPH_CHARS = 250
NEVER_STORY_RE = re.compile(
    r"pull-?quote|caption|credit|teaser|related|promo|sponsor|advert|recommend", re.I
)
BOILERPLATE_RE = re.compile(
    rf"^(?:{BOILERPLATE_STEMS})(?:[-_].*)?$|^.*[-_](?:{BOILERPLATE_STEMS})$", re.IGNORECASE
)
# CMS classes that describe the post, not the element: WordPress "tag-foo", "category-bar".
CLASS_IGNORE_RE = re.compile(
    r"(?:^|\s)(?:(?:tag|category|format|status|type)-[\w-]+|(?:post|postid)-\d+)",
    re.IGNORECASE,
)
HIDDEN_CLASSES = frozenset({"hidden", "is-hidden", "d-none", "hide", "u-hidden"})
# Paragraph-level furniture that slips through inside the body container.
BOILERPLATE_TEXT_RE = re.compile(
    r"^(?:read more|read also|see also|related:|more:|mehr zum thema|lesen sie auch|"
    r"auch interessant|weiterlesen|lire aussi|à lire aussi|leer más|lee también|"
    r"sign up|subscribe|follow us|share this|share on|click here|advertisement|anzeige|"
    r"werbung|publicité|this article (?:was|is) (?:originally|first)|copyright ©|©|"
    r"weitere artikel|entdecke weitere|à découvrir|más sobre|follow (?:the \w+|us) on)\b",
    re.IGNORECASE,
)
# Containers of the article text, best first. A site profile's selector goes before them.
BODY_SELECTORS = (
    "[itemprop='articleBody']",
    "[data-component='text-block']",
    ".article__body", ".article-body", ".articleBody", ".article-content", ".article__content",
    ".story-body", ".story-content", ".entry-content", ".post-content", ".post-body",
    ".post-entry", ".content-body", ".body-text", ".text-body", ".article-text", ".articletext",
    ".td-post-content", ".single-content", ".main-content article", "article",
)  # fmt: skip
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd"})
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Phrasing content (HTML's inline elements): inside running text such an element is a piece of
# the sentence ("At <span class=ticker>Home Depot</span>, we..."), whatever its class says.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var", "wbr",
})  # fmt: skip
# Words of its parent's own text that make an inline element part of a sentence: fewer are a
# label around a name or a date ("By <a>Jane Doe</a> and <a>John Roe</a>", "<time>..</time> |").
RUNNING_TEXT_MIN_WORDS = 3
# Bare text written straight into a paragraph container, beside its <p>s, shorter than this is
# a separator or a label ("|", "Foto:"), not a paragraph of its own.
BARE_TEXT_MIN_CHARS = 20

# --- character encodings ----------------------------------------------------------------------
# Codecs with one character per byte: any byte string decodes "fine" with them, so a wrong
# declaration shows only in the text (Python's codec names, after codecs.lookup).
SINGLE_BYTE_CODEC_RE = re.compile(
    r"^(?:cp(?:125\d|[4-8]\d\d|1006|1026|1125|1140)|iso8859-\d+|latin-?1|koi8-\w+|mac-\w+|"
    r"tis-620|ptcp154|kz1048|hp-roman8)$"
)
# Mojibake of a non-Latin script read as a Latin-1-family charset: four or more Latin-1
# letters in a row ("Íîâîñòè" for cp1251 "Новости"), which no language written in Latin-1
# spells; several such runs make a page suspect.
MOJIBAKE_RUN_RE = re.compile("[À-ÖØ-öø-ÿŠšŒœŽžŸƒ]{4,}")
MOJIBAKE_MIN_RUNS = 3

# Visible page bylines and dates, best first.
AUTHOR_SELECTORS = (
    "[rel='author']", "[itemprop='author'] [itemprop='name']", "[itemprop='author']",
    ".byline__name", ".byline-name", ".author-name", ".author__name", ".article__author",
    ".byline", ".author", ".article-author", ".post-author", ".entry-author", ".meta-author",
    "[class*='byline']", "[class*='author']",
)  # fmt: skip
DATE_SELECTORS = (
    "time[datetime]", "[itemprop='datePublished']", "[class*='date-published']",
    "[class*='published']", ".article__dates", ".dateline", ".date", ".post-date",
    ".entry-date", "[class*='timestamp']", "time", "[class*='date']",
)  # fmt: skip
# Breadcrumb links, one XPath so the page is walked once. (page.marked_elements looks for the
# elements it starts from, to skip it on pages without: keep the two in step.)
BREADCRUMB_XPATH = (
    "//*[contains(@class, 'breadcrumb') or contains(@aria-label, 'readcrumb')]//a"
    " | //*[contains(@itemtype, 'BreadcrumbList')]//*[@itemprop='name']"
)
# Locales (BCP 47, as pages tag themselves) whose numeric dates put the month first
# ("03/09/2026": March 9). A page in another locale, or none, is read day first.
MONTH_FIRST_LOCALES = frozenset({"en-US", "es-US", "en-PH", "fil-PH", "en-FM", "en-MH", "en-PW"})
# A printed date of another page's teaser, skipped: the date's ancestors looked at, the tags a
# teaser's link holds (a heading, a picture), and the class of a teaser's card ("card",
# "card__top-byline", "post-card"; not "cardinal").
TEASER_DATE_DEPTH = 6
# A class of a comment's text ("comment", "comment-body"), beside which a name is the comment's
# author; not "comments", a count beside a byline.
COMMENT_CLASS_RE = re.compile(r"comment(?:$|[-_])", re.IGNORECASE)
TEASER_LINK_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "img", "picture"})
TEASER_CARD_CLASS_RE = re.compile(r"(?:^|[\s_-])card(?:$|[\s_-])", re.IGNORECASE)
# A date inside one of a list of like items (same tag and class) of which at least this many
# others hold a like date is a listed teaser's: a carousel of related posts, not a header.
TEASER_LIST_OTHERS = 2
UPDATED_SELECTORS = ("[itemprop='dateModified']", "[class*='date-updated']", "[class*='updated']")

# --- metadata -------------------------------------------------------------------------------
ARTICLE_TYPES = _words(
    """
    Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle
    BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle LiveBlogPosting
    BlogPosting SocialMediaPosting Report ScholarlyArticle TechArticle SatiricalArticle
    Blog
    """
)
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "CollectionPage", "Recipe", "VideoObject"})
# Meta names (lower case) per field, best first, with the layer they belong to.
# The label of a pair of twitter:labelN / twitter:dataN metas that gives the writer (an SEO
# plugin's "Written by", in the site's language): read as the meta TWITTER_WRITER_KEY.
TWITTER_WRITER_LABEL_RE = re.compile(
    r"(?:written\s+by|author|verfasst\s+von|geschrieben\s+von|autor(?:in)?|écrit\s+par|"
    r"auteur|escrito\s+por|scritto\s+da|autore|geschreven\s+door|napisane\s+przez|"
    r"skrevet\s+af|skrivet\s+av|skrevet\s+av|kirjoittanut|yazar)\s*:?",
    re.IGNORECASE,
)
TWITTER_WRITER_KEY = "twitter:label:written-by"
META_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "headline": (("og:title", "opengraph"), ("twitter:title", "meta"), ("dc.title", "meta"),
                 ("parsely-title", "meta"), ("sailthru.title", "meta"), ("title", "meta")),
    "description": (("og:description", "opengraph"), ("description", "meta"),
                    ("twitter:description", "meta"), ("dc.description", "meta"),
                    ("sailthru.description", "meta")),
    "site": (("og:site_name", "opengraph"), ("application-name", "meta"),
             ("twitter:site", "meta")),
    "canonical_url": (("og:url", "opengraph"), ("parsely-link", "meta")),
    "section": (("article:section", "opengraph"), ("parsely-section", "meta"),
                ("section", "meta"), ("dc.subject", "meta")),
    "authors": (("article:author", "opengraph"), ("author", "meta"), ("dc.creator", "meta"),
                ("dcterms.creator", "meta"), ("parsely-author", "meta"),
                ("sailthru.author", "meta"), ("byl", "meta"), ("citation_author", "meta"),
                ("articleauthor", "meta"), ("cxenseparse:author", "meta"),
                (TWITTER_WRITER_KEY, "meta"), ("twitter:creator", "meta")),
    "published": (("article:published_time", "opengraph"), ("og:published_time", "opengraph"),
                  ("datepublished", "meta"), ("dc.date.issued", "meta"),
                  ("dcterms.created", "meta"),
                  ("dc.date", "meta"), ("dcterms.date", "meta"), ("parsely-pub-date", "meta"),
                  ("sailthru.date", "meta"), ("pubdate", "meta"), ("publishdate", "meta"),
                  ("publish-date", "meta"), ("date", "meta"), ("citation_publication_date", "meta"),
                  ("article.published", "meta"), ("cxenseparse:recs:publishtime", "meta")),
    "updated": (("article:modified_time", "opengraph"), ("og:updated_time", "opengraph"),
                ("datemodified", "meta"), ("dcterms.modified", "meta"), ("last-modified", "meta"),
                ("article.updated", "meta")),
    "tags": (("article:tag", "opengraph"), ("parsely-tags", "meta"), ("sailthru.tags", "meta"),
             ("news_keywords", "meta"), ("keywords", "meta")),
    "language": (("og:locale", "opengraph"), ("dc.language", "meta"), ("content-language", "meta"),
                 ("language", "meta")),
    "image": (("og:image", "opengraph"), ("og:image:url", "opengraph"),
              ("twitter:image", "meta"), ("twitter:image:src", "meta")),
}  # fmt: skip

# --- photo blocks: the lead photo's caption and credit printed beside it ----------------------
# Class words of a caption element, printed inside or outside <figure> ("image-caption",
# "article__media-caption", "legend", German "Bildunterschrift"/"bu", "img-info"...).
CAPTION_CLASS_RE = re.compile(
    r"caption|legend|bildunterschrift|bildtext|(?:^|[-_\s])bu(?:$|[-_\s])|"
    r"(?:image|img|media|photo|picture|foto|bild)[-_]*(?:desc\w*|text|info|lead|title)",
    re.IGNORECASE,
)
# Class words of a credit element inside a caption ("author"/"byline" there name the
# photographer), and beside a photo, where an author or byline is the article's.
CREDIT_CLASS_RE = re.compile(
    r"credit|copyright|source|photographer|fotograf|quelle|urheber|author|byline|rights",
    re.IGNORECASE,
)
PHOTO_CREDIT_CLASS_RE = re.compile(
    r"credit|copyright|source|photographer|fotograf|quelle|urheber|rights|image-?author|"
    r"photo-?author",
    re.IGNORECASE,
)
# Past the photo's caption, only a credit element that names itself one counts: a bare
# "source" there may be the article's own ("Quelle: dpa" under a headline).
PHOTO_BLOCK_CREDIT_CLASS_RE = re.compile(
    r"credit|copyright|photographer|fotograf|urheber|"
    r"(?:image|img|photo|foto|bild|media|picture)[-_]*(?:source|quelle|rights|author)",
    re.IGNORECASE,
)
# Unmarked elements never taken for a caption line beside a photo.
NOT_CAPTION_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "nav",
        "time",
        "button",
        "form",
        "table",
        "script",
        "style",
        "svg",
        "noscript",
        "iframe",
        "video",
        "audio",
    }
)
# data-* attributes of the <img> or its wrappers holding the caption or the credit.
CAPTION_ATTR_RE = re.compile(r"^data-(?:[\w-]*[-_])?(?:caption|legend)$", re.IGNORECASE)
CREDIT_ATTR_RE = re.compile(
    r"^data-(?:[\w-]*[-_])?(?:credit|copyright|source|photographer|author)$", re.IGNORECASE
)
# schema.org ImageObject properties naming whose photo it is, as microdata in a <figure>.
MICRODATA_CREDIT_PROPS = frozenset(
    {"creditText", "copyrightHolder", "copyrightNotice", "author", "creator"}
)
# Small print inside a caption, after its words, is the credit ("<small>Jane Doe/AFP</small>").
SMALL_PRINT_TAGS = frozenset({"small", "cite"})
# Elements that end the walk up from a photo: past them we are in the article, not its block.
PHOTO_BLOCK_STOP_TAGS = frozenset({"article", "main", "body", "html"})
