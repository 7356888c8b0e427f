"""split_caption: printed photo captions -> caption, credit, credit as printed."""

from __future__ import annotations

import pytest

from archiver.extract import extract_article, split_caption

LAVROV = 'Sergei Lavrov says there is not a "single concrete fact".'
CASES = [
    (f"{LAVROV} (AAP)Source: AAP", LAVROV, "AAP", "Source: AAP"),
    (
        "Police at the scene. Photo: Jane Doe/Reuters",
        "Police at the scene.",
        "Jane Doe/Reuters",
        "Photo: Jane Doe/Reuters",
    ),
    ("Image: Getty Images", None, "Getty Images", "Image: Getty Images"),
    ("The harbour at dusk. © Jane Doe", "The harbour at dusk.", "Jane Doe", "© Jane Doe"),
    ("A view of the launch. Credit: NASA", "A view of the launch.", "NASA", "Credit: NASA"),
    ("Fans celebrate. Picture: John Smith", "Fans celebrate.", "John Smith", "Picture: John Smith"),
    ("Die Feuerwehr im Einsatz. Foto: dpa", "Die Feuerwehr im Einsatz.", "dpa", "Foto: dpa"),
    (
        "Protesters march (AP Photo/Evan Vucci)",
        "Protesters march",
        "AP Photo/Evan Vucci",
        "(AP Photo/Evan Vucci)",
    ),
    (
        "The president speaks. REUTERS/Kevin Lamarque",
        "The president speaks.",
        "REUTERS/Kevin Lamarque",
        "REUTERS/Kevin Lamarque",
    ),
    (
        "Smoke rises. Jane Doe/AFP via Getty Images",
        "Smoke rises.",
        "Jane Doe/AFP via Getty Images",
        "Jane Doe/AFP via Getty Images",
    ),
    (
        "Der Rhein bei Köln (Quelle: Stadt Köln)",
        "Der Rhein bei Köln",
        "Stadt Köln",
        "Quelle: Stadt Köln",
    ),
    (
        "Streeck lobt die Doku. © FUNKE Foto Services | Reto Klar",
        "Streeck lobt die Doku.",
        "FUNKE Foto Services | Reto Klar",
        "© FUNKE Foto Services | Reto Klar",
    ),
    (
        "Catherine Connolly will succeed Michael D. Higgins."
        " | Niall Carson/PA Images via Getty Images",
        "Catherine Connolly will succeed Michael D. Higgins.",
        "Niall Carson/PA Images via Getty Images",
        "Niall Carson/PA Images via Getty Images",
    ),
    (
        "Polizei-Razzia beim ersten Einsatz am Montag in La Soledat / Lorenzo Marina",
        "Polizei-Razzia beim ersten Einsatz am Montag in La Soledat",
        "Lorenzo Marina",
        "Lorenzo Marina",
    ),
    (
        "Les ventes ont connu une légère hausse au premier semestre. (Fred Scheiber/SIPA)",
        "Les ventes ont connu une légère hausse au premier semestre.",
        "Fred Scheiber/SIPA",
        "(Fred Scheiber/SIPA)",
    ),
    (
        "日本代表の（左から）西田、石川（Ｃ）共同通信社",
        "日本代表の（左から）西田、石川",
        "共同通信社",
        "（Ｃ）共同通信社",
    ),
    (
        "気象庁で開かれた評価検討会（代表撮影）",
        "気象庁で開かれた評価検討会",
        "代表",
        "（代表撮影）",
    ),
    ("당선인 모습. [사진 출처 = 캠프]", "당선인 모습.", "캠프", "[사진 출처 = 캠프]"),
    (
        "Rejoice Ndlovu. Isithombe: Sithunyelwe",
        "Rejoice Ndlovu.",
        "Sithunyelwe",
        "Isithombe: Sithunyelwe",
    ),
    (
        "Scholz speaks to the Bundestag (CDU/CSU)",
        "Scholz speaks to the Bundestag (CDU/CSU)",
        None,
        None,
    ),
    ("Trains from Berlin / Hamburg", "Trains from Berlin / Hamburg", None, None),
    ("Just a caption with no credit.", "Just a caption with no credit.", None, None),
    ("Source of the river Nile", "Source of the river Nile", None, None),
    ("A man (left) talks to reporters", "A man (left) talks to reporters", None, None),
    ("Shot by AP", "Shot by AP", None, None),
    ("(The Daily Example)", None, "The Daily Example", "(The Daily Example)"),
    ("(left)", "(left)", None, None),
    ("Tous droits réservés Euronews", None, "Euronews", "Tous droits réservés Euronews"),
    (
        "The harbour at dusk. © Jane Doe. All rights reserved.",
        "The harbour at dusk.",
        "Jane Doe",
        "© Jane Doe. All rights reserved.",
    ),
    (
        "Ein Meteorit im Garten © NDR Foto: Jane Doe",
        "Ein Meteorit im Garten",
        "NDR/Jane Doe",
        "© NDR Foto: Jane Doe",
    ),
    ("Demonstranten in Den Haag. Beeld: ANP", "Demonstranten in Den Haag.", "ANP", "Beeld: ANP"),
    ("Mielenosoitus. Kuva: Lehtikuva", "Mielenosoitus.", "Lehtikuva", "Kuva: Lehtikuva"),
    ("Путин в Кремле. Фото: ТАСС", "Путин в Кремле.", "ТАСС", "Фото: ТАСС"),
    ("Toplantı sonrası. Fotoğraf: AA", "Toplantı sonrası.", "AA", "Fotoğraf: AA"),
    (
        "Premier w Sejmie. Fot. Jan Kowalski",
        "Premier w Sejmie.",
        "Jan Kowalski",
        "Fot. Jan Kowalski",
    ),
    ("Le président. Crédit photo : AFP", "Le président.", "AFP", "Crédit photo : AFP"),
    ("記者会見する首相（写真：共同）", "記者会見する首相", "共同", "写真：共同"),
    ("会見【写真：ロイター】", "会見", "ロイター", "写真：ロイター"),
    # Labels of scripts the press writes in beyond Latin, Cyrillic, Greek and Japanese.
    ("ראש הממשלה בכנסת. צילום: רויטרס", "ראש הממשלה בכנסת.", "רויטרס", "צילום: רויטרס"),
    ("نشست خبری. عکس: ایرنا", "نشست خبری.", "ایرنا", "عکس: ایرنا"),
    ("المؤتمر الصحفي. تصوير: أحمد علي", "المؤتمر الصحفي.", "أحمد علي", "تصوير: أحمد علي"),
    ("संसद भवन। फोटो: पीटीआई", "संसद भवन।", "पीटीआई", "फोटो: पीटीआई"),
    ("संसद भवन। फ़ोटो: एएनआई", "संसद भवन।", "एएनआई", "फ़ोटो: एएनआई"),
    ("নির্বাচনী সমাবেশ। ছবি: সংগৃহীত", "নির্বাচনী সমাবেশ।", "সংগৃহীত", "ছবি: সংগৃহীত"),
    ("การประชุมสภา ภาพ: รอยเตอร์", "การประชุมสภา", "รอยเตอร์", "ภาพ: รอยเตอร์"),
    ("会议现场。摄影：新华社记者 王明", "会议现场。", "新华社记者 王明", "摄影：新华社记者 王明"),
    ("會議現場。攝影：中央社", "會議現場。", "中央社", "攝影：中央社"),
    ("기자회견 모습. 사진: 연합뉴스", "기자회견 모습.", "연합뉴스", "사진: 연합뉴스"),
    ("Suasana sidang. Sumber: Antara", "Suasana sidang.", "Antara", "Sumber: Antara"),
    ("Mkutano wa bunge. Picha: Reuters", "Mkutano wa bunge.", "Reuters", "Picha: Reuters"),
    (
        "Police at the scene. (Photo: Jane Doe (AP))",
        "Police at the scene.",
        "Jane Doe (AP)",
        "Photo: Jane Doe (AP)",
    ),
    ("Bron van de rivier", "Bron van de rivier", None, None),
    (
        "Bild: picture alliance/dpa | Foto: Jan Doe",
        None,
        "picture alliance/dpa | Jan Doe",
        "Bild: picture alliance/dpa | Foto: Jan Doe",
    ),
    ("", None, None, None),
]


@pytest.mark.parametrize(("text", "caption", "credit", "raw"), CASES)
def test_split_caption(text: str, caption: str | None, credit: str | None, raw: str | None) -> None:
    assert split_caption(text) == (caption, credit, raw)


def test_figcaption_with_separate_credit_element() -> None:
    html = (
        '<html><head><meta property="og:image" content="/i/a.jpg"></head><body><article>'
        '<figure><img src="/i/a.jpg"><figcaption><span>Lavrov in Moscow. (AAP)</span>'
        '<span class="caption__source">Source: AAP</span></figcaption></figure>'
        f"<p>{'Words. ' * 80}</p></article></body></html>"
    )
    image = extract_article(html, "https://n.example/story")["image"]
    assert image == {
        "url": "https://n.example/i/a.jpg",
        "caption": "Lavrov in Moscow.",
        "credit": "AAP",
        "credit_raw": "Source: AAP",
    }


def test_json_ld_credit_text_and_copyright_holder() -> None:
    ld = (
        '{"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "https://c.example/1.jpg",'
        ' "caption": "One", "creditText": "Jane Doe/Reuters"}, {"@type": "ImageObject",'
        ' "url": "https://c.example/2.jpg", "copyrightHolder": '
        '{"@type": "Organization", "name": "AFP"}}]}'
    )
    head = f'<script type="application/ld+json">{ld}</script>'
    html = f"<html><head>{head}</head><body><p>{'x ' * 200}</p></body></html>"
    item = extract_article(html, "https://n.example/story")
    assert item["image"]["credit"] == "Jane Doe/Reuters"
    assert [i["credit"] for i in item["images"]] == ["Jane Doe/Reuters", "AFP"]
    assert item["sources"]["image"] == "json-ld"


# Credit shapes and the places a credit sits, on sites of many languages: each a figure with
# inline HTML, read as the page's lead photo.
_TEXT = "<p>" + "Words of the story here. " * 60 + "</p>"
FIGURE_CREDITS = [
    # label in the caption's end, in several languages
    ("<figcaption>De haven. Foto: ANP</figcaption>", "ANP"),
    ("<figcaption>Le port. Photo : AFP</figcaption>", "AFP"),
    ("<figcaption>Le port. Crédit photo : AFP</figcaption>", "AFP"),
    ("<figcaption>Порт. Фото: ТАСС</figcaption>", "ТАСС"),
    ("<figcaption>Liman. Fotoğraf: AA</figcaption>", "AA"),
    ("<figcaption>港。写真：共同</figcaption>", "共同"),
    ("<figcaption>Port. Fot. Jan Kowalski</figcaption>", "Jan Kowalski"),
    ("<figcaption>The harbour. Image: Jane Doe</figcaption>", "Jane Doe"),
    ("<figcaption>The harbour. © Jane Doe</figcaption>", "Jane Doe"),
    ("<figcaption>The harbour. Jane Doe/Getty Images</figcaption>", "Jane Doe/Getty Images"),
    ("<figcaption>The harbour. Photo courtesy of Acme Corp</figcaption>", "Acme Corp"),
    ("<figcaption>The harbour. Courtesy of Jane Doe</figcaption>", "Jane Doe"),
    # a child element of the caption, marked or labelled
    ('<figcaption>The harbour. <span class="credit">Jane Doe</span></figcaption>', "Jane Doe"),
    ("<figcaption>The harbour. <cite>Jane Doe</cite></figcaption>", "Jane Doe"),
    ("<figcaption>The harbour. <small>Photo: Jane Doe</small></figcaption>", "Jane Doe"),
    ("<figcaption>The harbour.<span>Credit: Jane Doe</span></figcaption>", "Jane Doe"),
    # a sibling of the caption, an attribute of the image
    (
        '<figcaption>The harbour.</figcaption><span class="copyright">Jane Doe</span>',
        "Jane Doe",
    ),
    (
        '<div class="image-credit">© Jane Doe</div><figcaption>The harbour.</figcaption>',
        "Jane Doe",
    ),
]


@pytest.mark.parametrize(("inside", "credit"), FIGURE_CREDITS)
def test_credit_of_a_figure(inside: str, credit: str) -> None:
    page = (
        '<html><body><article><h1>Title</h1><figure><img src="/a.jpg">'
        f"{inside}</figure>{_TEXT}</article></body></html>"
    )
    assert extract_article(page, "https://n.example/a")["image"]["credit"] == credit


@pytest.mark.parametrize(
    "img", ['<img src="/a.jpg" data-credit="Jane Doe">', '<img src="/a.jpg" title="© Jane Doe">']
)
def test_credit_stored_on_the_image(img: str) -> None:
    page = (
        f"<html><body><article><h1>Title</h1><figure>{img}"
        f"<figcaption>The harbour.</figcaption></figure>{_TEXT}</article></body></html>"
    )
    assert extract_article(page, "https://n.example/a")["image"]["credit"] == "Jane Doe"


def test_a_courtesy_call_is_no_credit() -> None:
    assert split_caption("The minister paid a courtesy call on the king")[1] is None
