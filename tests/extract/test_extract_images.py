"""The lead photo's caption and credit printed outside <figure>/<figcaption> markup, or in
blocks the figure scan skips: one inline page per form."""

from __future__ import annotations

import pytest

from archiver.extract import extract_article

TEXT = f"<p>{'Words of the article body. ' * 40}</p>"


def page(
    block: str,
    head: str = '<meta property="og:image" content="https://c.example/PHOTO">',
) -> str:
    html = f"<html><head>{head}</head><body><article><h1>Headline</h1>{block}{TEXT}</article>"
    return (html + "</body></html>").replace("PHOTO", "photos/2024/harbour-1234.jpg")


CASES = [
    (
        "div.image-caption after a <picture>",
        '<div class="lead"><picture><source srcset="/PHOTO?w=8"><img src="/PHOTO?w=4"></picture>'
        '<div class="image-caption">Fans at the stadium. Photo: Jane Doe/Reuters</div></div>',
        "Fans at the stadium.",
        "Jane Doe/Reuters",
    ),
    (
        "caption and credit elements side by side",
        '<div class="media"><img src="/PHOTO"><span class="article_image-caption">The harbour.'
        '</span><span class="article_image-source">Friso Gentsch/dpa</span></div>',
        "The harbour.",
        "Friso Gentsch/dpa",
    ),
    (
        "data-caption and data-source attributes on the <img>",
        '<div><img src="/PHOTO" data-caption="An imam at prayer" data-source="Rolf Zoellner/imago">'
        "</div>",
        "An imam at prayer",
        "Rolf Zoellner/imago",
    ),
    (
        "figure inside a wrapper whose class reads like a teaser",
        '<header class="sidebar-grid__header"><figure><img src="/PHOTO">'
        "<figcaption><div>Should she win, Connolly will succeed another Galway socialist. | "
        "Niall Carson/PA Images via Getty Images</div></figcaption></figure></header>",
        "Should she win, Connolly will succeed another Galway socialist.",
        "Niall Carson/PA Images via Getty Images",
    ),
    (
        "credit line above the image by its label, unmarked caption below",
        '<div><span class="block text-sm">Foto: Deja Gaston</span><img src="/img/1100/PHOTO">'
        '<div class="text-base">Protesters march together in Nairobi</div></div>',
        "Protesters march together in Nairobi",
        "Deja Gaston",
    ),
    (
        "unmarked caption line and a bare credit line",
        '<div><div class="sc-a"><picture><img src="/PHOTO?width=1024"></picture>'
        '<div class="sc-b">Chelsea beat Tottenham on Thursday night</div>'
        '<div class="sc-c">Getty Images</div></div></div>',
        "Chelsea beat Tottenham on Thursday night",
        "Getty Images",
    ),
    (
        "© credit in the figure, outside the figcaption",
        '<figure><div><img src="/PHOTO"><small>&#169; André Schmidt</small></div>'
        "<figcaption>Only a few children came on Monday</figcaption></figure>",
        "Only a few children came on Monday",
        "André Schmidt",
    ),
    (
        "figcaption beside the <picture> directly in the article",
        '<picture><img src="/images/960/540/PHOTO"></picture>'
        "<figcaption><span>Kawasaki as in 2024 will be gone, Foto: LAT Images</span></figcaption>",
        "Kawasaki as in 2024 will be gone",
        "LAT Images",
    ),
    (
        "image proxy carrying the photo's address in its query",
        '<div><div class="photo"><img src="https://proxy.example/?url=https://c.example/PHOTO&w=1000">'
        '</div><div class="image-caption">Fahmi speaks. — Picture by Yusof Mat Isa</div></div>',
        "Fahmi speaks.",
        "Yusof Mat Isa",
    ),
    (
        "AMP <amp-img>",
        '<div class="hero"><amp-img src="/PHOTO" layout="responsive"></amp-img>'
        '<p class="caption">A quiet street <span class="credit">AFP</span></p></div>',
        "A quiet street",
        "AFP",
    ),
    (
        "p.image--author credit with a label",
        '<div class="blog--image"><picture><img src="/PHOTO"></picture>'
        '<p class="article--media--lead">Friedrich Merz</p>'
        '<p class="image--author">Foto: REUTERS/Nadja Wohlleben</p></div>',
        "Friedrich Merz",
        "REUTERS/Nadja Wohlleben",
    ),
    (
        "credit block beside the figure, in a block of this one photo",
        '<section class="hero"><figure><x-image src="/PHOTO"></x-image><figcaption>'
        '<span class="caption">Traders at the stock exchange.</span></figcaption></figure>'
        '<section class="image-meta"><div class="image-description">Traders at the stock '
        'exchange.</div><div class="image-copyright">picture alliance / dpa | Jane Doe</div>'
        "</section></section>",
        "Traders at the stock exchange.",
        "picture alliance / dpa | Jane Doe",
    ),
    (
        "a thumbnail of the same photo in a list before the article's copy",
        '<div class="latest"><a href="/other"><img src="/PHOTO?w=120"></a></div>'
        '<div class="lead"><img src="/PHOTO?w=1200"><div class="image-caption">Hats on '
        "parade in the square. Photo: Jane Doe</div></div>",
        "Hats on parade in the square.",
        "Jane Doe",
    ),
    (
        "an agency's name alone over the photo",
        '<div class="relative"><picture><img src="/PHOTO?width=375"></picture>'
        '<div class="absolute bottom-2">Anadolu Agency</div></div>',
        None,
        "Anadolu Agency",
    ),
    (
        "credit written into the alt text after the description",
        '<div class="hero"><picture><img src="/PHOTO" alt="A meteorite in the garden &#169; '
        'NDR Foto: Jane Doe" title="A meteorite in the garden"></picture></div>',
        None,
        "NDR/Jane Doe",
    ),
    (
        "a figcaption that is only a bracketed name",
        '<figure><img src="/PHOTO"><figcaption><span>(<!-- -->The Daily Example<!-- -->)'
        "</span></figcaption></figure>",
        None,
        "The Daily Example",
    ),
    (
        "'all rights reserved' and the credit in two pieces inside the caption",
        '<div class="hero"><img src="/PHOTO"><div class="article-caption"><span '
        'class="article-caption__text">The harbour at dusk <span class="article-caption__copy'
        'right">All rights reserved&#160;</span><span class="article-caption__credit">Example '
        "News</span></span></div></div>",
        "The harbour at dusk",
        "Example News",
    ),
    (
        "small print after the caption's words",
        '<figure><img src="/PHOTO"><figcaption>The harbour at dusk. <small>Jane Doe/AFP</small>'
        "</figcaption></figure>",
        "The harbour at dusk.",
        "Jane Doe/AFP",
    ),
    (
        "<cite> in the figcaption",
        '<figure><img src="/PHOTO"><figcaption>The harbour at dusk <cite>Jane Doe</cite>'
        "</figcaption></figure>",
        "The harbour at dusk",
        "Jane Doe",
    ),
    (
        "schema.org microdata in the figure",
        '<figure itemscope itemtype="https://schema.org/ImageObject"><img src="/PHOTO">'
        '<meta itemprop="copyrightHolder" content="Example Agency">'
        '<figcaption itemprop="caption">The harbour at dusk.</figcaption></figure>',
        "The harbour at dusk.",
        "Example Agency",
    ),
    (
        "a 'show more' button in the figcaption",
        '<figure><img src="/PHOTO"><figcaption>The knife used. Foto: Example Police '
        '<span class="toggle" role="button">Show more</span></figcaption></figure>',
        "The knife used.",
        "Example Police",
    ),
    (
        "the image's title is its credit",
        '<figure><img src="/PHOTO" title="Foto: Jane Doe" alt="Photo: a harbour">'
        "<figcaption>The harbour at dusk.</figcaption></figure>",
        "The harbour at dusk.",
        "Jane Doe",
    ),
]


@pytest.mark.parametrize(("name", "block", "caption", "credit"), CASES, ids=[c[0] for c in CASES])
def test_lead_photo_block(name: str, block: str, caption: str, credit: str) -> None:
    image = extract_article(page(block), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == (caption, credit)


def test_same_path_under_a_resizing_query() -> None:
    head = '<meta property="og:image" content="https://c.example/d_39/img/02.jpeg?fl=res,1200">'
    block = (
        '<figure><img src="https://c.example/d_39/img/02.jpeg?fl=res,800">'
        "<span>Foto: Seznam Zprávy</span><figcaption>The accused in court.</figcaption></figure>"
    )
    image = extract_article(page(block, head), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == ("The accused in court.", "Seznam Zprávy")


def test_headline_beside_the_lead_photo_is_no_caption() -> None:
    block = '<div class="hero"><h2>A headline next to the photo</h2><img src="/PHOTO"></div>'
    image = extract_article(page(block), "https://c.example/story")["image"]
    assert image["caption"] is None and image["credit"] is None


@pytest.mark.parametrize(
    "block",
    [
        # The article's source under the photo's block is not the photo's.
        '<header class="hero"><figure><img src="/PHOTO"><figcaption>The harbour at dusk.'
        '</figcaption></figure><div class="article-source">Quelle: dpa</div></header>',
        # A credit in a block of two photos may be the other one's.
        '<div class="hero"><figure><img src="/PHOTO"><figcaption>The harbour at dusk.'
        '</figcaption></figure><figure><img src="/other-5678.jpg"></figure>'
        '<div class="image-credit">Jane Doe</div></div>',
    ],
)
def test_credit_past_the_caption_only_for_this_photo(block: str) -> None:
    image = extract_article(page(block), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == ("The harbour at dusk.", None)


def test_byline_beside_the_lead_photo_is_no_credit() -> None:
    block = (
        '<div class="hero"><img src="/PHOTO"><div class="author">By Jane Doe</div>'
        '<div class="image-caption">The harbour at dusk.</div></div>'
    )
    image = extract_article(page(block), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == ("The harbour at dusk.", None)


def test_json_ld_caption_with_printed_credit() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "image": {"@type": '
        '"ImageObject", "url": "https://c.example/x.jpg", "caption": '
        '"Kim Jong-un. Foto: KCNA/Reuters"}}'
        "</script>"
    )
    image = extract_article(page("", ld), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"], image["credit_raw"]) == (
        "Kim Jong-un.",
        "KCNA/Reuters",
        "Foto: KCNA/Reuters",
    )


def test_one_photo_id_under_two_size_specs() -> None:
    head = '<meta property="og:image" content="https://c.example/DYN/13862217_W2040C2040x1360.jpg">'
    block = (
        '<ul class="gallery"><li><img src="https://pics.c.example/DYN/a1/13862217_M400x267.jpg">'
        '<span class="img-info">Hats on parade in the square. Bild: Jane Doe/Archiv</span>'
        "</li></ul>"
    )
    image = extract_article(page(block, head), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == (
        "Hats on parade in the square.",
        "Jane Doe/Archiv",
    )


def test_printed_credit_names_more_than_the_metadata() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "image": {"@type": '
        '"ImageObject", "url": "https://c.example/PHOTO", "caption": "Damaged houses.", '
        '"creditText": "JANE DOE"}}</script>'
    )
    block = (
        '<figure><img src="/PHOTO"><figcaption class="image-caption"><span class="caption">'
        'Damaged houses.</span> <span class="credit">Photo by JANE DOE</span> /<span '
        'class="distributor">AFP via Getty Images</span></figcaption></figure>'
    )
    image = extract_article(page(block, ld), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == (
        "Damaged houses.",
        "JANE DOE / AFP via Getty Images",
    )


def test_image_object_of_the_graph_by_id() -> None:
    ld = (
        '<meta property="og:image" content="https://c.example/PHOTO?fit=1280">'
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "image": '
        '{"@id": "https://c.example/story#primaryimage"}}, {"@type": "ImageObject", "@id": '
        '"https://c.example/story#primaryimage", "url": "https://c.example/PHOTO?fit=2560", '
        '"caption": "Hearings began on Monday. (Photo: UN Photo / Jane Doe)"}]}</script>'
    )
    image = extract_article(page("", ld), "https://c.example/story")["image"]
    assert (image["caption"], image["credit"]) == (
        "Hearings began on Monday.",
        "UN Photo / Jane Doe",
    )


def test_credit_in_the_figure_outside_its_figcaption() -> None:
    block = (
        '<figure><img src="/PHOTO"><figcaption>The harbour at dusk.</figcaption></figure>'
        '<figure><img src="/second-9876.jpg"><span class="photo-credit">Jane Doe</span>'
        "<figcaption>The quay in the morning.</figcaption></figure>"
    )
    images = extract_article(page(block), "https://c.example/story")["images"]
    assert [(i["caption"], i["credit"]) for i in images] == [
        ("The harbour at dusk.", None),
        ("The quay in the morning.", "Jane Doe"),
    ]


def test_first_printed_photo_leads_when_the_share_picture_comes_later() -> None:
    block = (
        '<figure><img src="/top-1111.jpg"><figcaption>The team on the court. Foto: Jane Doe'
        "</figcaption></figure><p>Words.</p>"
        '<figure><img src="/PHOTO"><figcaption>The coach speaks. Foto: John Roe</figcaption>'
        "</figure>"
    )
    item = extract_article(page(block), "https://c.example/story")
    assert (item["image"]["url"], item["image"]["credit"]) == (
        "https://c.example/top-1111.jpg",
        "Jane Doe",
    )
    assert [i["credit"] for i in item["images"]] == ["Jane Doe", "John Roe"]
