"""Correction and update notices: the paragraphs in which a newsroom speaks of its own article."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What such a notice is, whatever the site: a short paragraph, set apart from the story, in
# which the newsroom speaks about the article itself. It either opens with a label naming the
# kind of notice ("Correction:", "Update 2 -", "Editor's note (June 3):", "Berichtigung:"),
# followed by a separator or a date, or it refers to the article and its earlier version ("An
# earlier version of this article misstated...", "Dieser Artikel wurde aktualisiert"). The
# labels and phrases below are those words in each language; nothing here is one site's.

#: A longer paragraph is story text that happens to use these words, not a notice.
NOTICE_MAX_WORDS = 80

CORRECTION = "correction"
UPDATE = "update"

#: Labels that open a notice, per language and kind.
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        CORRECTION: ("correction", "corrections", "clarification", "erratum", "retraction"),
        UPDATE: ("update", "updated", "editor's note", "editors' note", "editor’s note"),
    },
    "de": {
        CORRECTION: ("korrektur", "korrekturhinweis", "berichtigung", "richtigstellung"),
        UPDATE: ("update", "aktualisierung", "aktualisiert", "nachtrag", "anmerkung der redaktion"),
    },
    "fr": {
        CORRECTION: ("correction", "rectificatif", "rectification", "erratum"),
        UPDATE: ("mise à jour", "mis à jour", "actualisation", "note de la rédaction"),
    },
    "es": {
        CORRECTION: ("corrección", "fe de errores", "fe de erratas", "rectificación"),
        UPDATE: ("actualización", "actualizado", "nota del editor", "nota de la redacción"),
    },
    "it": {
        CORRECTION: ("correzione", "rettifica", "errata corrige", "precisazione"),
        UPDATE: ("aggiornamento", "aggiornato", "nota della redazione"),
    },
    "nl": {
        CORRECTION: ("correctie", "rectificatie", "verbetering"),
        UPDATE: ("update", "bijgewerkt", "noot van de redactie"),
    },
    "pt": {
        CORRECTION: ("correção", "errata", "retificação"),
        UPDATE: ("atualização", "atualizado", "nota do editor", "nota da redação"),
    },
}

_ARTICLE = {  # the words a newsroom calls its own article, per language
    "en": r"(?:article|story|report|piece|post)",
    "de": r"(?:artikels?|textes|text|beitrags?|berichts?)",
    "fr": r"(?:article|papier)",
    "es": r"(?:artículo|noticia|información|texto)",
    "it": r"(?:articolo|pezzo)",
    "nl": r"(?:artikel|bericht|stuk)",
    "pt": r"(?:artigo|reportagem|notícia|texto)",
}

#: Phrases that refer to the article and its change, anywhere in a short paragraph.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        CORRECTION: (
            rf"\b(?:earlier|previous|prior|original) version of this {_ARTICLE['en']}",
            rf"\bthis {_ARTICLE['en']} (?:has been|was) (?:corrected|amended)",
        ),
        UPDATE: (rf"\bthis {_ARTICLE['en']} (?:has been|was|will be) updated",),
    },
    "de": {
        CORRECTION: (
            r"\b(?:früheren|vorherigen|ersten) (?:version|fassung) (?:dieses|des) "
            + _ARTICLE["de"],
            rf"\b(?:dieser|der) {_ARTICLE['de']} wurde (?:korrigiert|berichtigt)",
        ),
        UPDATE: (rf"\b(?:dieser|der) {_ARTICLE['de']} wurde (?:aktualisiert|ergänzt)",),
    },
    "fr": {
        CORRECTION: (
            rf"\b(?:précédente|première|ancienne) version de cet {_ARTICLE['fr']}",
            rf"\bversion précédente de cet {_ARTICLE['fr']}",
            rf"\bcet {_ARTICLE['fr']} a été (?:corrigé|rectifié)",
        ),
        UPDATE: (rf"\bcet {_ARTICLE['fr']} a été (?:mis à jour|actualisé|complété)",),
    },
    "es": {
        CORRECTION: (
            rf"\bversión (?:anterior|previa) de (?:este|esta) {_ARTICLE['es']}",
            rf"\b(?:este|esta) {_ARTICLE['es']} (?:ha sido|fue) (?:corregid|rectificad)[oa]",
        ),
        UPDATE: (rf"\b(?:este|esta) {_ARTICLE['es']} (?:ha sido|fue) actualizad[oa]",),
    },
    "it": {
        CORRECTION: (
            rf"\b(?:precedente|prima) versione di questo {_ARTICLE['it']}",
            rf"\bquesto {_ARTICLE['it']} è stato (?:corretto|rettificato)",
        ),
        UPDATE: (rf"\bquesto {_ARTICLE['it']} è stato aggiornato",),
    },
    "nl": {
        CORRECTION: (
            rf"\beerdere versie van dit {_ARTICLE['nl']}",
            rf"\bdit {_ARTICLE['nl']} is (?:gecorrigeerd|aangepast|verbeterd)",
        ),
        UPDATE: (rf"\bdit {_ARTICLE['nl']} is bijgewerkt",),
    },
    "pt": {
        CORRECTION: (
            rf"\bversão anterior (?:deste|desta) {_ARTICLE['pt']}",
            rf"\b(?:este|esta) {_ARTICLE['pt']} foi (?:corrigid|retificad)[oa]",
        ),
        UPDATE: (rf"\b(?:este|esta) {_ARTICLE['pt']} foi atualizad[oa]",),
    },
}

# After the label: a number ("Update 2"), a bracketed or comma-set date or time, then a
# separator; or straight away a date ("Updated 5 June:", "Aktualisiert am 3.6."). The label
# must be the paragraph's first words.
_AFTER_LABEL = (
    r"(?:\s+\d{1,2})?\s*(?:\([^)]{0,40}\)|,[^:.\n]{0,30})?\s*(?:[:：]|[-–—|](?=\s))"
    r"|\s+(?:on |am |le |el |il |op |em |at )?\d"
)


def _alternation(words: list[str]) -> str:
    # Longest first: "editor's note" before "editor"; a quote in the label matches any quote.
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace("'", "['’]").replace(r"\ ", r"\s+") for w in ordered)


def _compile() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    out = {}
    for kind in (CORRECTION, UPDATE):
        labels = [w for lang in LABELS.values() for w in lang[kind]]
        phrases = [p for lang in PHRASES.values() for p in lang[kind]]
        label = re.compile(rf"^\W{{0,3}}(?:{_alternation(labels)})(?:{_AFTER_LABEL})", re.I)
        phrase = re.compile("|".join(phrases).replace(" ", r"\s+"), re.I)
        out[kind] = (label, phrase)
    return out


_PATTERNS = _compile()


@dataclass(frozen=True)
class Notice:
    kind: str  # CORRECTION or UPDATE
    text: str


def notice_kind(paragraph: str) -> str | None:
    """CORRECTION or UPDATE when the paragraph is such a notice, else None.

    A notice both corrects and updates: "Update: an earlier version of this story..." is a
    correction, the stronger of the two.
    """
    text = " ".join(paragraph.split())
    if not text or len(text.split()) > NOTICE_MAX_WORDS:
        return None
    found = [k for k, (label, phrase) in _PATTERNS.items() if label.search(text)]
    found += [k for k, (label, phrase) in _PATTERNS.items() if phrase.search(text)]
    if CORRECTION in found:
        return CORRECTION
    return UPDATE if found else None


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def notices(text: str | None) -> list[Notice]:
    """The notices among the paragraphs of ``text`` (paragraphs: separated by a blank line)."""
    return [Notice(k, p) for p in _paragraphs(text) if (k := notice_kind(p)) is not None]


def new_notices(old: str | None, new: str | None) -> list[Notice]:
    """Notices of ``new`` that ``old`` did not have, word for word."""
    before = set(_paragraphs(old))
    return [n for n in notices(new) if n.text not in before]
