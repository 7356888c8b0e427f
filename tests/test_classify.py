"""The one article test (archiver.classify): article pages of odd shapes, and listing pages."""

from __future__ import annotations

import json
import re

import pytest
from parsel import Selector

from archiver.classify import classify, page_type, url_kind
from archiver.extract import is_article_page

SENTENCES = [
    "The council voted on Tuesday to close the old bridge to traffic from next spring.",
    "Engineers had warned for years that the steel beams under the deck were corroding.",
    "Residents of the east bank said the detour would add half an hour to their commute.",
    "The mayor promised a ferry service until a new crossing opens, perhaps in 2029.",
    "Opposition members called the decision rushed and asked for an independent review.",
]
NAV = "<nav>" + "".join(f"<a href='/s/{n}'>Section {n}</a> " for n in range(15)) + "</nav>"
SUMMARY = "A short summary of the story that says what happened and where it happened."


def paragraphs(n: int, tag: str = "p") -> str:
    return "".join(
        f"<{tag}>{' '.join(SENTENCES[(i + k) % 5] for k in range(2))}</{tag}>" for i in range(n)
    )


def page(body: str, head: str = "", title: str = "Bridge to close") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{NAV}{body}</body></html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def teasers(n: int) -> str:
    return "".join(
        f"<li><h3><a href='/story/{k}'>Headline {k} about the council vote</a></h3><p>{SUMMARY}</p>"
        "<span>2 hours ago</span></li>"
        for k in range(n)
    )


WEBSITE = '<meta property="og:type" content="website">'
BRIEF = f"<h1>Bridge to close</h1><p>{SENTENCES[0]} {SENTENCES[1]}</p>"
BR_PROSE = "<h1>Bridge to close</h1><div class='txt'>" + "<br><br>".join(SENTENCES * 2) + "</div>"
DEEP = (
    "<h1>Bridge to close</h1>"
    + "<div><div><section><div><div><span><div>" * 2
    + "".join(f"<div class='para'><div><span>{s} {s}</span></div></div>" for s in SENTENCES)
    + "</div></span></div></div></section></div></div>" * 2
)
CJK = (
    "<h1>市议会决定关闭旧桥</h1><div class='c'>"
    "<p>市议会周二投票决定，从明年春天起禁止车辆通过旧桥。工程师多年来一直警告，桥面下的钢梁正在腐蚀。</p>"
    "<p>东岸居民表示，绕行将使他们的通勤时间增加半小时。市长承诺在新桥开通之前提供渡轮服务。</p>"
    "<p>反对派议员称这一决定过于仓促，并要求进行独立审查。新桥预计最早将于二零二九年开通。</p>"
    "</div>"
)
KOREAN = (
    "<h1>시의회, 옛 다리 폐쇄 결정</h1><article>"
    "<p>시의회는 화요일 투표를 통해 내년 봄부터 옛 다리의 차량 통행을 금지하기로 결정했다. "
    "기술자들은 수년 동안 다리 아래 강철 빔이 부식되고 있다고 경고해 왔다.</p>"
    "<p>동쪽 주민들은 우회로 때문에 출퇴근 시간이 30분 늘어날 것이라고 말했다. "
    "시장은 새 다리가 개통될 때까지 여객선을 운항하겠다고 약속했다.</p></article>"
)
THAI = (
    "<h1>สภาเมืองลงมติปิดสะพานเก่า</h1><div>"
    + "<p>สภาเมืองลงมติเมื่อวันอังคารให้ปิดสะพานเก่าไม่ให้รถยนต์สัญจรตั้งแต่ฤดูใบไม้ผลิปีหน้า "
    "วิศวกรเตือนมาหลายปีแล้วว่าคานเหล็กใต้สะพานกำลังผุกร่อน ชาวบ้านฝั่งตะวันออกกล่าวว่าทางเลี่ยงจะทำให้เดินทางนานขึ้น</p>"
    * 5
    + "</div>"
)
PRESS_RELEASE = (
    "<div id='wrap'><div class='row'><div class='col'><h1>Example Corp opens plant in Ohio</h1>"
    "<p><strong>FOR IMMEDIATE RELEASE</strong></p><p>COLUMBUS, Ohio, May 2, 2024 — "
    "<a href='https://example.com'>Example Corp</a> today opened its new battery plant, "
    "creating 400 jobs. The plant will make cells for buses and trucks.</p>"
    "<p>“We chose Ohio for its workers,” said Jane Roe, chief executive. Production starts in "
    "June and will reach full capacity by the end of next year, the company said.</p>"
    "<p>About Example Corp: founded in 1990, the company makes batteries in six countries.</p>"
    "<p>Media contact: press@example.com</p></div></div></div>"
)
MAGAZINE = (
    "<table><tr><td class='nav'><a href='/'>Home</a></td><td><font size=5>The long winter</font>"
    "<br><font face='Georgia'>"
    + "".join(f"{s} {s}<br><br>\n" for s in SENTENCES * 6)
    + "</font></td></tr></table>"
)
SECTIONS = (
    "<h1>Settings explained</h1><div class='entry'>"
    + "".join(
        f"<div class='box'><h4>Part {k}</h4><p>{SENTENCES[k]}</p><p>{SENTENCES[k - 1]}</p></div>"
        for k in range(5)
    )
    + "</div>"
)
LIVE_BLOG = (
    "<h1>Election night, live</h1><div class='feed'>"
    + "".join(
        f"<div class='entry'><a href='#e{k}'>21:{k:02}</a><p>{SENTENCES[k]}</p></div>"
        for k in range(5)
    )
    + "</div>"
)
# A <nav> never closed: the parser puts the whole page inside it.
NAV_LEFT_OPEN = "<nav><a href='/'>Home</a><div><h1>Bridge to close</h1>" + paragraphs(4)
FRONT_SECTIONS = "<h1>Example News</h1>" + "".join(
    f"<section><h2>Section {k}</h2><ul>{teasers(4)}</ul></section>" for k in range(5)
)
FLAT_TEASERS = (
    "<h1>Politics</h1><div>"
    + "".join(
        f"<h3><a href='/story/{k}'>Headline number {k} about the vote</a></h3><p>{SUMMARY}</p>"
        for k in range(20)
    )
    + "</div>"
)
CARDS = "<h1>Home</h1>" + "".join(
    f"<a class='card' href='/story/{k}'><div><h3>Headline {k}</h3>"
    f"<p>{SUMMARY} {SUMMARY}</p></div></a>"
    for k in range(20)
)
LONG_FOOTER = (
    "<div id='page-footer'><p>"
    + " ".join(SENTENCES)
    + "</p><p>1 Main Street, Springfield</p><ul>"
    + "".join(f"<li><a href='/p/{k}'>Policy {k}</a></li>" for k in range(20))
    + "</ul><p>© 2024 Example Media. All rights reserved.</p></div>"
)
UNNAMED_FOOTER = (
    "<div class='bottom'><p>Example News has covered the city since 1901. It is published by "
    "Example Media. Our journalists follow the code of the press council.</p>"
    "<p>1 Main Street, Springfield</p><p>Phone 555 0100</p>"
    "<p>© 2024 Example Media. All rights reserved.</p></div>"
)
OG_ARTICLE = '<meta property="og:type" content="article">'
PUBLISHED = '<meta property="article:published_time" content="2024-05-02T10:00:00Z">'
# Cards of a headline link, a blurb and a byline under a picture, on a page site builders mark
# an article; a story with a box of related headlines; a photo story of captioned figures; a
# listicle whose items each link their subject and run a few paragraphs.
HEADLINE_CARDS = (
    "<h1>Science</h1><div class='grid'>"
    + "".join(
        f"<div class='card'><img src='/i/{k}.jpg'><h3><a href='/s/{k}'>Headline {k} about the vote"
        f"</a></h3><p>{SUMMARY}</p><span class='byline'>Jane Doe</span></div>"
        for k in range(12)
    )
    + "</div>"
)
RELATED_BOX = (
    "<h1>Bridge to close</h1><div class='story'>"
    + paragraphs(8)
    + "</div><div class='more'>"
    + "".join(
        f"<div class='rel'><h3><a href='/s/{k}'>Related story {k} about the vote</a></h3></div>"
        for k in range(12)
    )
    + "</div>"
)
PHOTO_STORY = (
    "<h1>The bridge, year by year</h1><p>"
    + SENTENCES[0]
    + "</p>"
    + "".join(
        f"<figure><img src='/p/{k}.jpg'><figcaption>{SENTENCES[k % 5]}</figcaption></figure>"
        for k in range(12)
    )
)
LISTICLE = (
    "<h1>Ten bridges to walk</h1><div class='entry'>"
    + "".join(
        f"<h2><a href='/bridges/{k}'>Bridge number {k} on the river</a></h2>" + paragraphs(3)
        for k in range(10)
    )
    + "</div>"
)
# A category's posts, each an <article> of its title; a story in its <article> above related
# stories in theirs; a comparison of apps, each an <article> of several paragraphs.
POST_ARTICLES = (
    "<h1>Air fryer recipes</h1><p>"
    + SENTENCES[0]
    + "</p>"
    + "".join(
        f"<article class='post'><a href='/r/{k}'>Crispy air fryer recipe number {k}</a></article>"
        for k in range(12)
    )
)
STORY_ARTICLES = f"<article><h1>Bridge to close</h1>{paragraphs(2)}</article>" + "".join(
    f"<article><a href='/s/{k}'>Related story {k} about the vote</a></article>" for k in range(12)
)
APP_ARTICLES = (
    "<h1>Alternatives to Notes</h1><p>"
    + SENTENCES[0]
    + "</p>"
    + "".join(
        f"<article><h2>Notes app {k}</h2>{paragraphs(3)}<a href='/app/{k}'>Notes app number {k}"
        "</a></article>"
        for k in range(12)
    )
)
TEASER_ARTICLES = ld(
    [{"@type": "NewsArticle", "headline": f"Story {k}", "url": f"/story/{k}"} for k in range(6)]
)


@pytest.mark.parametrize(
    ("url", "html", "expected"),
    [
        # Articles
        ("https://s.example/node/123", page(BR_PROSE), (True, "structure")),
        ("https://s.example/node/124", page(DEEP), (True, "structure")),
        ("https://s.example/x/1", page("<h1>T</h1>" + paragraphs(4), WEBSITE), (True, "structure")),
        ("https://s.example/news/1", page(CJK), (True, "structure")),
        ("https://s.example/news/2", page(KOREAN), (True, "structure")),
        ("https://s.example/news/3", page(THAI), (True, "structure")),
        ("https://corp.example/media/1", page(PRESS_RELEASE), (True, "structure")),
        ("https://mag.example/feature.php?id=9", page(MAGAZINE, WEBSITE), (True, "structure")),
        ("https://s.example/guide", page(SECTIONS), (True, "structure")),
        ("https://s.example/election-night", page(LIVE_BLOG), (True, "structure")),
        ("https://s.example/node/9", f"<html><body>{NAV_LEFT_OPEN}", (True, "structure")),
        ("https://s.example/p", page("", ld({"@type": "NewsArticle"})), (True, "metadata")),
        ("https://s.example/p", page("", ld({"@type": "PressRelease"})), (True, "metadata")),
        ("https://s.example/p", page("", ld({"@type": "LiveBlogPosting"})), (True, "metadata")),
        ("https://s.example/p", page("", ld({"@type": "http://schema.org/ScholarlyArticle"})),
         (True, "metadata")),
        ("https://s.example/p", page("", ld({"@graph": [
            {"@type": "WebPage", "mainEntity": {"@type": "ReportageNewsArticle"}},
            {"@type": "ItemList", "itemListElement": []}]})), (True, "metadata")),
        ("https://s.example/p", page("<div itemscope itemtype='https://schema.org/BlogPosting'>"
                                     "</div>"), (True, "metadata")),
        ("https://s.example/tag/x", page("", '<meta property="og:type" content="article">'),
         (True, "metadata")),  # article metadata wins over a listing-shaped URL
        ("https://s.example/politics/archive/2019/05/bridge/", page(BR_PROSE), (True, "structure")),
        ("https://s.example/video/bridge-closes", page(BR_PROSE), (True, "structure")),
        ("https://s.example/?p=2895", page(BR_PROSE), (True, "structure")),
        # A news brief of one paragraph, under a story's URL (dated path, story id).
        ("https://s.example/2021/03/04/bridge-closes", page(BRIEF), (True, "structure")),
        ("https://s.example/fr/le-pont-ferme/a-6533123", page(BRIEF), (True, "structure")),
        ("https://s.example/bridge", page(RELATED_BOX, OG_ARTICLE), (True, "metadata")),
        ("https://s.example/bridge", page(RELATED_BOX, OG_ARTICLE + PUBLISHED),
         (True, "metadata")),
        # A schema.org article naming its date, its teasers or slides whatever their shape.
        ("https://s.example/science", page(HEADLINE_CARDS, ld(
            {"@type": "Article", "datePublished": "2024-05-02"})), (True, "metadata")),
        ("https://s.example/photos", page(PHOTO_STORY, OG_ARTICLE), (True, "metadata")),
        ("https://s.example/walks", page(LISTICLE), (True, "structure")),
        ("https://s.example/bridge", page(STORY_ARTICLES), (True, "structure")),
        ("https://s.example/notes", page(APP_ARTICLES), (True, "structure")),
        # A brief under a story's URL, above many headlines of related stories.
        ("https://s.example/fr/le-pont-ferme/a-6533123",
         page(BRIEF + HEADLINE_CARDS.removeprefix("<h1>Science</h1>")), (True, "structure")),
        # Listings
        ("https://s.example/science", page(HEADLINE_CARDS, OG_ARTICLE), (False, "structure")),
        ("https://s.example/science", page(HEADLINE_CARDS), (False, "structure")),
        ("https://s.example/recipes", page(POST_ARTICLES, OG_ARTICLE), (False, "structure")),
        # A section's page dated by og:type=article and its last story's time.
        ("https://s.example/science", page(HEADLINE_CARDS, OG_ARTICLE + PUBLISHED),
         (False, "structure")),
        ("https://s.example/info", page(BRIEF), (False, "structure")),  # no story's URL
        ("https://s.example/world", page(f"<h1>World</h1><ul>{teasers(20)}</ul>", WEBSITE),
         (False, "structure")),
        ("https://s.example/tag/budget", page(f"<h1>Budget</h1><ul>{teasers(20)}</ul>"),
         (False, "url")),
        ("https://s.example/find?q=bridge", page(f"<h1>Results</h1><ul>{teasers(20)}</ul>"),
         (False, "url")),
        ("https://s.example/results",
         page("<h1>Results</h1>" + paragraphs(4), ld({"@type": "SearchResultsPage"})),
         (False, "metadata")),
        ("https://s.example/people/jane",
         page("<h1>Jane Doe</h1>" + paragraphs(3), ld({"@type": "ProfilePage"})),
         (False, "metadata")),
        ("https://s.example/author/jane", page("<h1>Jane Doe</h1>" + paragraphs(3)),
         (False, "url")),
        ("https://s.example/jane", page("<h1>Jane</h1>" + paragraphs(3),
                                        '<meta property="og:type" content="profile">'),
         (False, "metadata")),
        ("https://s.example/staff/jane", page(f"<h1>Jane Doe</h1><p>{SENTENCES[0]}</p><ul>"
                                              f"{teasers(10)}</ul>"), (False, "structure")),
        ("https://s.example/sport", page(f"<h1>Sport</h1><ul>{teasers(30)}</ul>{LONG_FOOTER}"),
         (False, "structure")),
        ("https://s.example/local", page(f"<h1>Local</h1><ul>{teasers(8)}</ul>{UNNAMED_FOOTER}"),
         (False, "structure")),
        ("https://s.example/politics", page(FLAT_TEASERS), (False, "structure")),
        ("https://s.example/index.php", page(FRONT_SECTIONS), (False, "structure")),
        ("https://s.example/home", page(CARDS, WEBSITE), (False, "structure")),
        ("https://s.example/latest", page(f"<h1>Latest</h1><ul>{teasers(20)}</ul>",
                                          TEASER_ARTICLES), (False, "structure")),
        ("https://s.example/business", page("<h1>Business</h1>", ld({
            "@type": "CollectionPage", "mainEntity": {"@type": "ItemList"}})), (False, "metadata")),
        ("https://s.example/", page("<h1>Example News</h1>" + paragraphs(4)), (False, "url")),
    ],
)  # fmt: skip
def test_classify(url: str, html: str, expected: tuple[bool, str]) -> None:
    assert classify(Selector(text=html).root, url) == expected


def test_is_article_page_is_the_same_test() -> None:
    html = page(BR_PROSE)
    assert is_article_page(html.encode(), "https://s.example/node/1")
    assert not is_article_page(page(FLAT_TEASERS), "https://s.example/politics")
    assert not is_article_page(b"\x89PNG\r\n\x1a\n\x00", "https://s.example/x.png")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/tag/budget/page/2", "listing"),
        ("/category/world/europe", "listing"),
        ("/?s=bridge", "listing"),
        ("/news?paged=3", "listing"),
        ("/politics/archive/2019/05/bridge-to-close/", "article"),
        ("/video/bridge-to-close-next-spring", "article"),
        ("/?p=2895", None),
        ("/video/", "listing"),
    ],
)
def test_url_kind(path: str, kind: str | None) -> None:
    assert url_kind(path) == kind


def test_feeds_and_sitemaps_are_not_articles() -> None:
    items = "".join(
        f"<item><title>Story {k}</title><description>{paragraphs(6)}</description></item>"
        for k in range(3)
    )
    rss = f"<?xml version='1.0'?><rss><channel><title>News</title>{items}</channel></rss>"
    tree = Selector(text=rss, type="xml").root
    assert classify(tree, "https://s.example/feeds/news") == (False, "structure")


@pytest.mark.parametrize(
    "html", ["", "<html></html>", "<html>" + " ".join(SENTENCES) * 5, "<p>" + SENTENCES[0]]
)
def test_bare_documents(html: str) -> None:
    assert classify(Selector(text=html).root, "https://s.example/x")[1] == "structure"


def test_unparsable_json_ld_is_ignored() -> None:
    html = page(BR_PROSE, '<script type="application/ld+json">{not json</script>')
    assert classify(Selector(text=html).root, "https://s.example/a") == (True, "structure")


ARABIC = (
    "<h1>مجلس المدينة يقرر إغلاق الجسر القديم</h1><div class='c'>"
    "<p>صوّت مجلس المدينة يوم الثلاثاء على إغلاق الجسر القديم أمام حركة السيارات اعتبارًا من الربيع "
    "المقبل. وحذّر المهندسون منذ سنوات من تآكل العوارض الفولاذية تحت سطح الجسر.</p>"
    "<p>وقال سكان الضفة الشرقية إن التحويلة ستضيف نصف ساعة إلى رحلتهم اليومية. ووعد رئيس البلدية "
    "بتشغيل عبّارة حتى افتتاح معبر جديد، ربما في عام 2029.</p></div>"
)
HEBREW = (
    "<h1>מועצת העיר החליטה לסגור את הגשר הישן</h1><div class='c'>"
    "<p>מועצת העיר הצביעה ביום שלישי על סגירת הגשר הישן לתנועת כלי רכב החל מהאביב הבא. "
    "מהנדסים הזהירו במשך שנים שקורות הפלדה מתחת לגשר מחלידות.</p>"
    "<p>תושבי הגדה המזרחית אמרו שהמעקף יוסיף חצי שעה לנסיעה היומית שלהם. ראש העיר הבטיח "
    "שירות מעבורת עד שייפתח מעבר חדש, אולי בשנת 2029.</p></div>"
)
# Thai puts no mark at a sentence's end, only a space: two short paragraphs.
THAI_SHORT = (
    "<h1>สภาเมืองลงมติปิดสะพานเก่า</h1><div>"
    "<p>สภาเมืองลงมติเมื่อวันอังคารให้ปิดสะพานเก่าไม่ให้รถยนต์สัญจรตั้งแต่ฤดูใบไม้ผลิปีหน้า "
    "วิศวกรเตือนมาหลายปีแล้วว่าคานเหล็กใต้สะพานกำลังผุกร่อน</p>"
    "<p>ชาวบ้านฝั่งตะวันออกกล่าวว่าทางเลี่ยงจะทำให้เดินทางนานขึ้นครึ่งชั่วโมง "
    "นายกเทศมนตรีสัญญาว่าจะมีเรือข้ามฟากจนกว่าสะพานใหม่จะเปิด</p></div>"
)
HINDI = (
    "<h1>नगर परिषद ने पुराना पुल बंद करने का फैसला किया</h1><div>"
    "<p>नगर परिषद ने मंगलवार को अगले वसंत से पुराने पुल को वाहनों के लिए बंद करने के पक्ष में मतदान किया। "
    "इंजीनियर वर्षों से चेतावनी दे रहे थे कि पुल के नीचे की स्टील की बीमें जंग खा रही हैं।</p>"
    "<p>पूर्वी किनारे के निवासियों ने कहा कि चक्कर लगाने से उनका सफर आधा घंटा बढ़ जाएगा।</p></div>"
)


def rtl_page(body: str, lang: str) -> str:
    head = "<head><title>t</title></head>"
    return f"<html lang='{lang}' dir='rtl'>{head}<body>{NAV}{body}</body></html>"


def thread(n: int) -> str:
    """A forum thread: n posts, each with its poster's profile link, a date and its text."""
    return (
        "<h1>Which bridge detour is quickest?</h1><div class='thread'>"
        + "".join(
            f"<article class='post' id='p{k}'><div class='who'><a href='/members/user{k}.{k}/'>"
            f"user{k}</a></div><time datetime='2025-12-0{k + 1}'>Dec {k + 1}, 2025</time>"
            f"<div class='text'><p>{SENTENCES[k]} {SENTENCES[k + 1]}</p></div></article>"
            for k in range(n)
        )
        + "</div>"
    )


def hover_dated(html: str) -> str:
    """Posts whose date shows only on hover: a relative time, the date in its title."""
    return re.sub(
        r"<time datetime='[^']*'>([^<]*)</time>",
        r"<span class='when' title='\1 17:07:45'>posted 6 years ago</span>",
        html,
    )


PRODUCT = (
    "<h1>Steel bridge model, 1:500</h1><div class='product'><img src='/m.jpg'>"
    f"<p>{SENTENCES[1]} {SENTENCES[2]} {SENTENCES[3]}</p>"
    "<form action='/cart' method='post'><span class='price'>€ 49,90</span>"
    "<input type='number' name='qty' value='1'><button type='submit'>Add to cart</button>"
    "</form></div>"
)
DOCS = (
    "<div class='sidebar'><ul>"
    + "".join(f"<li><a href='/docs/v2/page-{k}.html'>Chapter {k}</a></li>" for k in range(15))
    + "</ul><select><option>2.1</option><option>1.9</option></select></div>"
    "<div class='body'><h1>Configuring bridges</h1>"
    + paragraphs(3)
    + "<pre>bridge.close(spring=True)</pre><pre>bridge.open()</pre></div>"
)
SERVICE = (
    "<h1>Bridge inspection services</h1><div class='hero'><p>We inspect bridges.</p>"
    "<a href='/contact'>Get a quote</a></div>"
    + "".join(
        f"<div class='feature'><h3>Service {k}</h3><p>Inspection of steel decks.</p>"
        f"<a href='/services/{k}'>Learn more</a></div>"
        for k in range(4)
    )
)
GRID = (
    "<h1>Bridge models</h1><div class='grid'>"
    + "".join(
        f"<div class='card'><a href='/p/{k}'><img src='/i/{k}.jpg'>Model {k}</a>"
        f"<span>$ {10 + k}.99</span></div>"
        for k in range(12)
    )
    + "</div>"
)


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        ("https://s.example/news/4", rtl_page(ARABIC, "ar"), "article"),
        ("https://s.example/news/5", rtl_page(HEBREW, "he"), "article"),
        ("https://s.example/news/6", page(THAI_SHORT), "article"),
        ("https://s.example/news/7", page(HINDI), "article"),
        # A price without a buy control is no product page.
        ("https://s.example/news/8", page(PRODUCT.replace("Add to cart", "Share") + paragraphs(3)),
         "article"),
        # An article with three comments below its story stays an article.
        ("https://s.example/news/9", page("<h1>Bridge</h1><div class='story'>" + paragraphs(5)
                                          + "</div>" + thread(3).replace("<h1>", "<h2>")),
         "article"),
        ("https://forum.example/threads/detour.12/", page(thread(3)), "forum"),
        # Posters linked to their homes under a tilde, as link aggregators do.
        ("https://links.example/s/x2/detour", page(thread(3).replace("/members/user", "/~user")),
         "forum"),
        # Posters linked by a path relative to the page ("members/user1.1/"), as XenForo does.
        ("https://forum.example/threads/detour.13/",
         page(thread(3).replace("'/members/user", "'members/user")), "forum"),
        # ...and an article whose three comments link their posters so stays an article.
        ("https://s.example/news/10", page("<h1>Bridge</h1><div class='story'>" + paragraphs(5)
                                           + "</div>" + thread(3).replace("<h1>", "<h2>")
                                           .replace("'/members/user", "'members/user")),
         "article"),
        # Posts dated only on hover: "posted 6 years ago", the date in its title.
        ("https://forum.example/t/14/detour", page(hover_dated(thread(3))), "forum"),
        ("https://s.example/news/11", page("<h1>Bridge</h1><div class='story'>" + paragraphs(5)
                                           + "</div>"
                                           + hover_dated(thread(3).replace("<h1>", "<h2>"))),
         "article"),
        ("https://forum.example/q/12", page(BRIEF, ld({"@type": "QAPage"})), "forum"),
        # Posters linked by forum scripts' queries: FluxBB's, SMF's (a query parted by
        # semicolons), phpBB's and vBulletin's.
        *(
            (f"https://forum.example/viewtopic.php?id={n}",
             page(thread(3).replace("/members/user", profile).replace(".0/'", "'")
                  .replace(".1/'", "'").replace(".2/'", "'")), "forum")
            for n, profile in enumerate((
                "/profile.php?id=1", "/index.php?action=profile;u=1",
                "/memberlist.php?mode=viewprofile&u=1", "/member.php?s=ab12&u=1",
            ))
        ),
        # Two posts make a thread under a forum script's thread URL (a question and its
        # answer); elsewhere two posts may be a story's comments; a story with two comments
        # under such a URL is a story still.
        ("https://forum.example/viewtopic.php?t=5", page(thread(2)), "forum"),
        ("https://forum.example/showthread.php?t=5", page(thread(2)), "forum"),
        ("https://forum.example/threads/detour.5/", page(thread(2)), "article"),
        ("https://s.example/viewtopic.php?t=6", page("<h1>Bridge</h1><div class='story'>"
                                                     + paragraphs(5) + "</div>"
                                                     + thread(2).replace("<h1>", "<h2>")),
         "article"),
        # Posts shown to a guest without their posters' links, each linking to itself (its
        # permalink's fragment its id): a thread under a forum script's thread URL; elsewhere
        # (a story's comments link themselves so) no thread.
        *(
            (url, page(re.sub(r"<a href='/members/user(\d)\.\d/'>", r"<a href='?pid=\1#p\1'>",
                              thread(3))), kind)
            for url, kind in (
                ("https://forum.example/viewtopic.php?id=7", "forum"),
                ("https://forum.example/threads/detour.7/", "article"),
            )
        ),
        # ...and an article whose comments link their posters so stays an article.
        ("https://s.example/news/12", page("<h1>Bridge</h1><div class='story'>" + paragraphs(5)
                                           + "</div>" + thread(3).replace("<h1>", "<h2>")
                                           .replace("/members/user", "/profile.php?id=")),
         "article"),
        ("https://shop.example/bridge-model", page(PRODUCT), "product"),
        # A shop's own buy button whose price its script prints: a product's page, when the
        # page calls itself nothing and names no author nor date. A review's link to a shop,
        # or the same button on a dated or credited page, is a story's.
        *(
            (url, page(PRODUCT.replace("<span class='price'>€ 49,90</span>", "")
                       .replace("</h1>", "</h1>" + extra)
                       .replace("<button type='submit'>Add to cart</button>", control)
                       + paragraphs(3)), kind)
            for url, extra, control, kind in (
                ("https://shop.example/bridge-model", "",
                 "<button type='submit'>Add to cart</button>", "product"),
                ("https://shop.example/bridge-model", "",
                 "<input type='submit' value='In den Warenkorb'>", "product"),
                ("https://s.example/reviews/bridge-model", "",
                 "<a href='https://shop.example/p/1'>Buy now</a>", "article"),
                ("https://s.example/reviews/bridge-model", "<p>12.03.2025</p>",
                 "<button type='submit'>Add to cart</button>", "article"),
                ("https://s.example/reviews/bridge-model", "<a rel='author' href='/jane'>Jane</a>",
                 "<button type='submit'>Add to cart</button>", "article"),
            )
        ),
        ("https://shop.example/p/2", page(BRIEF, ld({"@type": "Product", "offers": {
            "@type": "Offer", "price": "49.90"}})), "product"),
        ("https://manual.example/docs/v2/configuring.html", page(DOCS), "documentation"),
        # A manual's page under a manual's URL, without a sidebar or code: its chrome is an
        # edit link to its source, or a pager of the previous and next pages. Dated by its
        # headline, or under no manual's URL (a blog's pager, a post's source), a story.
        *(
            (url, page(f"<h1>Configuring bridges</h1>{dateline}{paragraphs(4)}{chrome}"), kind)
            for chrome in (
                "<a href='https://github.com/acme/bridges/edit/main/docs/configuring.md'>"
                "Edit this page</a>",
                "<a rel='edit' href='/w/configuring?action=edit'>Edit</a>",
                "<nav class='pager'><a class='pager-link pager-link--prev' href='/docs/install'>"
                "Install</a><a class='pager-link pager-link--next' href='/docs/run'>Run</a></nav>",
                "<div><a rel='prev' href='/docs/install'>Install</a>"
                "<a rel='next' href='/docs/run'>Run</a></div>",
            )
            for url, dateline, kind in (
                ("https://manual.example/docs/configuring", "", "documentation"),
                ("https://docs.manual.example/configuring", "", "documentation"),
                ("https://manual.example/docs/configuring", "<p>12.03.2025</p>", "article"),
                ("https://jane.example/blog/configuring", "", "article"),
            )
        ),
        ("https://corp.example/inspection", page(SERVICE), "service"),
        ("https://shop.example/models", page(GRID), "listing"),
        ("https://corp.example/what-we-do", page(BRIEF, ld({"@type": "Service"})), "service"),
        ("https://shop.example/c/9", page(BRIEF, ld({"@type": "CollectionPage"})), "listing"),
    ],
)  # fmt: skip
def test_page_type(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind
    assert classify(Selector(text=html).root, url)[0] is (kind == "article")


FOOTER_LINKS = (
    "<footer>" + "".join(f"<a href='/p/{k}'>Company page {k}</a> " for k in range(30)) + "</footer>"
)


def landing(byline: str = "", blurb: str = "Steel decks, cables and bearings.") -> str:
    """A service's landing page: a pitch, sections of a heading, a blurb and a button each."""
    return (
        f"<h1>Bridge inspection for every city</h1>{byline}<div class='hero'>"
        f"<p>{SENTENCES[1]} {SENTENCES[2]}</p><p>{SENTENCES[3]} {SENTENCES[4]}</p>"
        "<a class='btn btn-primary' href='/quote'>Get a quote</a></div>"
        + "".join(
            f"<section><h2>Service {k}</h2><p>{blurb}</p>"
            f"<a class='button' href='/services/{k}'>Learn more</a></section>"
            for k in range(8)
        )
        + FOOTER_LINKS
    )


BYLINE = "<p class='meta'>By Jane Doe, <time datetime='2024-05-02'>May 2, 2024</time></p>"
SHARE = "".join(f"<a class='btn share' href='/share/{k}'>مشاركة</a>" for k in range(3))
ARABIC_BLURB = "وقال سكان الضفة الشرقية إن التحويلة ستضيف نصف ساعة إلى رحلتهم اليومية."
ARABIC_SECTIONS = (
    ARABIC.replace("</div>", "")
    + SHARE
    + "".join(f"<h2>القسم {k}</h2><p>{ARABIC_BLURB}</p>" for k in range(6))
    + "</div>"
)
THEME_ARTICLE = "<div itemscope itemtype='https://schema.org/Article'>{}</div>"
# A manual's page whose sidebar lists only its own sections: prose between many listings.
LISTINGS = "<h1>Quickstart</h1>" + "".join(
    f"<h2>Step {k}</h2>{paragraphs(1)}<pre>bridge.step({k})</pre>" for k in range(10)
)

DOC_SIDEBAR = (
    "<div class='sidebar'><ul>"
    + "".join(f"<li><a href='/docs/web/api-{k}'>Interface {k}</a></li>" for k in range(15))
    + "</ul></div>"
)
REFERENCE = (
    DOC_SIDEBAR
    + "<div class='body'><h1>Using fetch</h1>"
    + paragraphs(30)
    + "<p class='updated'>Last modified: <time datetime='2025-03-01'>Mar 1, 2025</time></p></div>"
)
BLOG_SIDEBAR = (
    "<div class='archive'><ul>"
    + "".join(f"<li><a href='/blog/post-{k}'>An older post {k}</a></li>" for k in range(15))
    + "</ul></div>"
)
DATELINE = "<p class='meta'>Jane Doe · 12.03.2025</p>"
BLOG_CODE = (
    "<h1>Building a pixel synth</h1>{}"
    + paragraphs(4)
    + "<pre>synth.play()</pre>"
    + paragraphs(2)
    + "<pre>synth.stop()</pre>"
    + BLOG_SIDEBAR
)

MENU = (
    "<header class='site'><nav class='menu'>"
    + "".join(f"<a href='/work/{k}'>Service {k}</a>" for k in ("inspection", "repair"))
    + "<a href='/news/'>News</a><a href='/about'>About</a><a href='/contact'>Contact</a>"
    "</nav></header>"
)


def bands(n: int, button: str = "<a class='btn' href='/services/{}'>Learn more</a>") -> str:
    """A company page's bands of cards: a heading, a blurb and a button each (``button``, its
    link given the card's number)."""
    return "".join(
        f"<section class='band-{g}'><h2>Band {g}</h2><div class='grid'>"
        + "".join(
            f"<div class='card'><h3>Feature {g}.{k}</h3>"
            "<p>Steel decks, cables and bearings checked by our team.</p>"
            + button.format(f"{g}-{k}")
            + "</div>"
            for k in range(3)
        )
        + "</div></section>"
        for g in range(n)
    )


# A service's page: a pitch of a few sentences over bands of cards, its text in many places.
MENU_PAGE = (
    MENU
    + "<h1>Bridge inspection</h1>{}<div class='hero'><p>"
    + " ".join(SENTENCES[:4])
    + "</p></div>"
    + bands(5)
)
# A guide in the same menu whose text runs in one place.
MENU_GUIDE = MENU + "<h1>How we inspect a bridge</h1><div class='body'>" + paragraphs(8) + "</div>"


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        # A landing page's layout with a story's evidence is an article: a time of publication
        # in its metadata, a byline with a date, a dated URL.
        ("https://corp.example/inspection", page(landing(), OG_ARTICLE + PUBLISHED), "article"),
        ("https://corp.example/inspection", page(landing(BYLINE)), "article"),
        ("https://corp.example/2024/05/02/inspection", page(landing()), "article"),
        # A story with sections and share buttons, its prose most of the page: kept.
        ("https://s.example/news/4", rtl_page(ARABIC_SECTIONS, "ar"), "article"),
        ("https://s.example/guide", page(SECTIONS), "article"),
        # A theme's Article on a manual's page, naming no author nor date, settles nothing;
        # with a date of publication in its metadata (a docs generator's build time) it does
        # not either, when no date is printed by its headline; with one, it is a story.
        ("https://manual.example/docs/v2/configuring.html", page(THEME_ARTICLE.format(DOCS)),
         "documentation"),
        ("https://manual.example/docs/v2/configuring.html",
         page(THEME_ARTICLE.format("<meta itemprop='datePublished' content='2024-05-02'>" + DOCS)),
         "documentation"),
        ("https://manual.example/docs/v2/configuring.html",
         page(THEME_ARTICLE.format("<meta itemprop='datePublished' content='2024-05-02'>"
                                   + DOCS.replace("</h1>", "</h1>" + DATELINE))),
         "article"),
        # Ten code listings and no author nor date: a manual's page; credited, a tutorial.
        ("https://bridges.example/quickstart", page(LISTINGS), "documentation"),
        ("https://bridges.example/quickstart", page(BYLINE + LISTINGS), "article"),
        # A shop's path of one product, the page undated: a product's page, whatever its prose
        # (a rental's terms, a description); dated by its headline, a story filed there.
        ("https://shop.example/product/steel-bridge-model/", page(BRIEF + paragraphs(4)),
         "product"),
        ("https://mag.example/produkte/neue-bruecken",
         page(BRIEF.replace("</h1>", "</h1><p>12.03.2025</p>") + paragraphs(4)), "article"),
        # A page the site's menu links to, undated, its text scattered in bands of cards: a
        # service's. Not in the menu, or dated by its headline, or its text in one place: kept.
        ("https://corp.example/work/inspection", page(MENU_PAGE.format("")), "service"),
        ("https://corp.example/work/other", page(MENU_PAGE.format("")), "article"),
        ("https://corp.example/work/inspection",
         page(MENU_PAGE.format("<p>12.03.2025</p>")), "article"),
        ("https://corp.example/work/inspection", page(MENU_GUIDE), "article"),
        # A page linked from its own header (inside its article: a permalink) is no menu's.
        ("https://corp.example/work/inspection",
         page("<article>" + MENU_PAGE.format("").replace("<nav class='menu'>", "")
              .replace("</nav>", "") + "</article>"), "article"),
        # A manual's page under a manual's URL with a sidebar of its siblings: its "last
        # modified" time in markup is no story's date.
        ("https://dev.example/docs/web/fetch", page(REFERENCE), "documentation"),
        # A blog's post walking through code beside its archive's links, dated by its
        # headline, is a story; undated, a manual's page.
        ("https://jane.example/blog/pixel-synth", page(BLOG_CODE.format(DATELINE)), "article"),
        ("https://jane.example/blog/pixel-synth", page(BLOG_CODE.format("")), "documentation"),
    ],
)  # fmt: skip
def test_landing_pages(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


CALL = "<p>Call our office: <a href='tel:+15550100'>555 0100</a></p>"
# A company's page not in any menu: a pitch, bands of cards, a number to call in its text.
CALL_PAGE = (
    "<h1>Bridge inspection</h1>{}<div class='hero'><p>"
    + " ".join(SENTENCES[:4])
    + "</p></div>"
    + bands(5)
    + "{}"
)
# A guide on the same site, its text in one place, the same number below it.
CALL_GUIDE = "<h1>How we inspect a bridge</h1><div class='body'>" + paragraphs(8) + "</div>" + CALL
FOOTER_CALL = "<footer><p>Example Bridges Ltd</p>" + CALL + "</footer>"


def sidebar(prefix: str) -> str:
    """A sidebar of 15 pages under prefix: a manual's chapters, a blog's archive, a wiki's."""
    return (
        "<div class='sidebar'><ul>"
        + "".join(f"<li><a href='{prefix}page-{k}'>Page {k} of it</a></li>" for k in range(15))
        + "</ul></div>"
    )


CODE = "<pre>bridge.close(spring=True)</pre><pre>bridge.open()</pre>"
ARTICLE_META = OG_ARTICLE + PUBLISHED
# A docs generator's TechArticle, its date the build's.
TECH_ARTICLE = ld({"@type": "TechArticle", "headline": "Configuring bridges",
                   "datePublished": "2025-11-19", "author": {"@type": "Organization",
                                                            "name": "Bridges Inc"}})  # fmt: skip
# A manual's credit to its makers, which a docs generator prints on every page.
TEAM = '<meta name="author" content="The Bridges team">'
MANUAL = "<h1>Configuring bridges</h1>" + paragraphs(4) + "{}" + paragraphs(2)
PAGER = (
    "<div class='navheader'><a accesskey='p' href='install.html'>Prev</a>"
    "<a accesskey='u' href='index.html'>Up</a><a accesskey='n' href='run.html'>Next</a></div>"
)
BUY = (
    "<form action='/cart/add' method='post'><span class='price'>€ 49,90</span>"
    "<input type='number' name='qty' value='1'>{}</form>"
)


def shop(byline: str, control: str) -> str:
    """A shop's page of one product: its name, a byline's line, a description, a buy form."""
    return (
        f"<h1>Steel bridge model, 1:500</h1><div class='product'>{byline}"
        + paragraphs(2)
        + BUY.format(control)
        + "</div>"
    )


PRODUCT_LD = ld({"@type": "Product", "name": "Steel bridge model"})
BYLINE_CLASS = "<p class='author'>Bridge Models Ltd</p>"
# A ProductGroup whose offers are its variants' (sizes, colours).
PRODUCT_GROUP = ld({"@type": "ProductGroup", "name": "Rain jacket", "hasVariant": [
    {"@type": "Product", "size": s, "offers": {"@type": "Offer", "price": "120.00"}}
    for s in ("S", "M", "L")]})  # fmt: skip
# A story reviewing a product: its date by the headline, an affiliate's buy button by a price.
REVIEW = (
    "<h1>Steel bridge model review: worth it</h1><p class='meta'>Jane Doe · 12.03.2025</p>"
    + paragraphs(8)
    + BUY.format("<button>Buy now</button>")
)


QUOTE = "<a class='btn' href='/quote?card={}'>Get a quote</a>"
# A company's page not in any menu, no number to call: a pitch, bands of cards, a button under
# each card calling its reader to act.
CALLS_PAGE = (
    "<h1>Bridge inspection</h1>{}<div class='hero'><p>" + " ".join(SENTENCES[:4]) + "</p></div>"
)
# An undated guide on a business's site, its text in one place, asking twice below it.
CALLS_GUIDE = (
    "<h1>How to choose a bridge inspector</h1><div class='body'>"
    + paragraphs(8)
    + "<p><a href='/contact'>Contact us</a> or <a href='/quote'>get a quote</a>.</p></div>"
)


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        # Undated, under no story's URL, its text in many places, its cards' buttons calling
        # the reader to act (a quote, a demo, signing up, applying): a business's page,
        # whatever the class of a line (themes name widgets of every page "byline").
        ("https://corp.example/work/other", page(CALLS_PAGE.format("") + bands(5, QUOTE)),
         "service"),
        ("https://corp.example/work/other",
         page(CALLS_PAGE.format("<p class='byline'>Example Bridges</p>") + bands(5, QUOTE)),
         "service"),
        ("https://corp.example/waf",
         page(CALLS_PAGE.format("") + bands(5, "<a href='https://dash.corp.example/sign-up'>"
                                               "Get started</a>")), "service"),
        ("https://corp.example/cover",
         page(CALLS_PAGE.format("") + bands(5, "<a href='https://quote.corp.example/{}'>"
                                               "Compare plans</a>")), "service"),
        # A story's evidence keeps it: a date by its headline, a story's URL.
        ("https://corp.example/work/other",
         page(CALLS_PAGE.format("<p>12.03.2025</p>") + bands(5, QUOTE)), "article"),
        ("https://corp.example/how-we-inspect-every-bridge",
         page(CALLS_PAGE.format("") + bands(5, QUOTE)), "article"),
        # One call among the cards is no page asking again and again; calls only in the
        # site's footer are every page's; a link around a whole card is no button.
        ("https://corp.example/work/other",
         page(CALLS_PAGE.format("") + bands(5) + "<p><a href='/contact'>Contact us</a></p>"),
         "article"),
        ("https://corp.example/work/other",
         page(CALLS_PAGE.format("") + bands(5)
              + "<footer><a href='/contact'>Contact</a><a href='/quote'>Quote</a></footer>"),
         "article"),
        ("https://corp.example/work/other",
         page(CALLS_PAGE.format("") + bands(5, "<a href='/apply/{}'>" + SENTENCES[0] + "</a>")),
         "article"),
        # An undated how-to on a business's site asking twice below its text: its text runs
        # in one place, kept.
        ("https://corp.example/guide", page(CALLS_GUIDE), "article"),
    ],
)  # fmt: skip
def test_pages_calling_to_act(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        # An undated, uncredited page under no story's URL, its text in many places, offering
        # a number to call in its own text: a business's page, in a menu or not.
        ("https://corp.example/work/other", page(CALL_PAGE.format("", CALL)), "service"),
        ("https://corp.example/about-us", page(CALL_PAGE.format(CALL, "")), "service"),
        # The number only in the site's footer (every page's): nothing said, kept.
        ("https://corp.example/work/other", page(CALL_PAGE.format("", FOOTER_CALL)),
         "article"),
        # A story's evidence keeps it: a date by its headline, a byline, a story's URL.
        ("https://corp.example/work/other",
         page(CALL_PAGE.format("<p>12.03.2025</p>", CALL)), "article"),
        ("https://corp.example/work/other",
         page(CALL_PAGE.format("<p class='byline'>By Jane Doe</p>", CALL)), "article"),
        ("https://corp.example/how-we-inspect-every-bridge",
         page(CALL_PAGE.format("", CALL)), "article"),
        # A guide on a business's site with its number: its text runs in one place, kept.
        ("https://corp.example/guide", page(CALL_GUIDE), "article"),
    ],
)  # fmt: skip
def test_pages_offering_a_call(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


# A business's page: a pitch and a few paragraphs, in no menu, calling nobody, its text in one
# place; only where the site files it says what it is.
SERVICE_PAGE = "<h1>Bridge inspection</h1>{}<div class='body'>" + paragraphs(4) + "</div>"


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        # Filed one or two levels under the site's services, undated, no story's markup: the
        # service's page, whatever the class of a line (themes name widgets "author").
        ("https://corp.example/services/bridge-inspection", page(SERVICE_PAGE.format("")),
         "service"),
        ("https://corp.example/en/services/audits/bridge-inspection/",
         page(SERVICE_PAGE.format("")), "service"),
        ("https://corp.example/services/inspection",
         page(SERVICE_PAGE.format("<p class='author-box'>Example Bridges</p>")), "service"),
        # A story's evidence keeps it: a date by its headline, a date of publication in its
        # metadata, an author in markup, a story's URL, a dated URL.
        ("https://corp.example/services/inspection",
         page(SERVICE_PAGE.format("<p>12.03.2025</p>")), "article"),
        ("https://corp.example/services/inspection",
         page(SERVICE_PAGE.format(""), '<meta property="article:published_time" content="2025">'),
         "article"),
        ("https://corp.example/services/inspection",
         page(SERVICE_PAGE.format("<a rel='author' href='/jane'>Jane Doe</a>")), "article"),
        ("https://corp.example/services/how-we-inspect-every-bridge",
         page(SERVICE_PAGE.format("")), "article"),
        ("https://corp.example/2025/03/services/inspection", page(SERVICE_PAGE.format("")),
         "article"),
        # A story filed deeper in a "services" section, or in a "service" section (news,
        # press releases), or the section's own page: not this rule's, kept.
        ("https://uni.example/umc/services/websites/seo/what-is/", page(SERVICE_PAGE.format("")),
         "article"),
        ("https://agency.example/service/news/bridge", page(SERVICE_PAGE.format("")),
         "article"),
        ("https://corp.example/services", page(SERVICE_PAGE.format("")), "article"),
        # An undated guide the site's menu links to, its text in one place, is kept; filed
        # under the services instead, it is that service's page.
        ("https://corp.example/work/inspection", page(MENU_GUIDE), "article"),
        ("https://corp.example/services/inspection", page(MENU_GUIDE), "service"),
    ],
)  # fmt: skip
def test_pages_filed_under_services(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        # A manual's page its generator marks an article (og:type with the build's time, a
        # TechArticle): its sidebar of siblings under a manual's URL, or beside code listings,
        # and no date by its headline make it a manual's.
        ("https://bridges.example/docs/configuring",
         page(sidebar("/docs/") + MANUAL.format(""), ARTICLE_META), "documentation"),
        ("https://docs.bridges.example/guide/configuring",
         page(sidebar("/guide/") + MANUAL.format(""), TECH_ARTICLE), "documentation"),
        ("https://bridges.example/start/configuring",
         page(sidebar("/start/") + MANUAL.format(CODE), OG_ARTICLE + TEAM), "documentation"),
        # A dated tech blog's post walking through code beside its archive: an article.
        ("https://jane.example/blog/pixel-synth",
         page(sidebar("/blog/") + MANUAL.format(CODE).replace("</h1>", "</h1>" + DATELINE),
              ARTICLE_META), "article"),
        # Under a manual's URL without a sidebar of siblings; a wiki's entry beside its sidebar.
        ("https://bridges.example/docs/configuring", page(MANUAL.format(CODE), ARTICLE_META),
         "article"),
        ("https://w.example/wiki/Bridge", page(sidebar("/wiki/") + MANUAL.format(""),
                                               ARTICLE_META), "article"),
        # Without a sidebar, a pager of its neighbours (DocBook's access keys) under a
        # manual's URL; under a blog's, or dated by its headline, a story; an edit link to its
        # source is no manual's chrome on a marked page (an encyclopedia's entry has one).
        ("https://bridges.example/docs/configuring", page(MANUAL.format(PAGER), ARTICLE_META),
         "documentation"),
        ("https://bridges.example/blog/configuring", page(MANUAL.format(PAGER), ARTICLE_META),
         "article"),
        ("https://bridges.example/docs/configuring",
         page(MANUAL.format(PAGER).replace("</h1>", "</h1>" + DATELINE), ARTICLE_META),
         "article"),
        ("https://bridges.example/docs/configuring",
         page(MANUAL.format("<a rel='edit' href='/docs/configuring?action=edit'>Edit</a>"),
              ARTICLE_META), "article"),
        # A product in schema.org, its buy control by a price, og:type=article and a byline's
        # class from the theme: a product; with a date by its headline, a story.
        ("https://shop.example/bridge-model",
         page(shop(BYLINE_CLASS, "<button>Add to cart</button>"),
              OG_ARTICLE + PRODUCT_LD), "product"),
        ("https://shop.example/bridge-model",
         page(shop(BYLINE_CLASS + DATELINE, "<button>Add to cart</button>"),
              OG_ARTICLE + PRODUCT_LD), "article"),
        # A ProductGroup's offers in its variants; a buy control drawn as an image.
        ("https://shop.example/rain-jacket", page(BRIEF, PRODUCT_GROUP), "product"),
        ("https://shop.example/bridge-model",
         page(shop("", "<input type='image' src='/cart.png' value='Add to cart'>")),
         "product"),
        # A news story reviewing a product, with its affiliate's buy button: an article.
        ("https://news.example/tech/bridge-model-review", page(REVIEW, ARTICLE_META), "article"),
        ("https://news.example/tech/bridge-model-review",
         page(REVIEW, OG_ARTICLE + BYLINE_CLASS + PRODUCT_LD), "article"),
    ],
)  # fmt: skip
def test_marked_articles(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


def tiles(n: int) -> str:
    """A grid of n cards, each a picture and a name linked to its page, without prices."""
    return (
        "<div class='tiles'>"
        + "".join(
            f"<div class='tile'><a href='/c/{k}'><img src='/i/{k}.jpg'>Category {k}</a></div>"
            for k in range(n)
        )
        + "</div>"
    )


BLURB = f"<div class='seo'>{paragraphs(2)}</div>"
STORY_LD = ld({"@type": "Article", "headline": "Bridge to close"})
CART_BUTTON = "<button type='submit'>\n" + " " * 40 + "Add to cart\n" + " " * 36 + "</button>"


@pytest.mark.parametrize(
    ("url", "html", "kind"),
    [
        # A grid of a dozen cards or more, priced or not, beside a blurb of less prose than
        # MAX_PROSE_PER_CARD per card, on a page crediting no one and dated nowhere: a shop's
        # category or a home page of tiles.
        ("https://shop.example/departments/tools", page("<h1>Tools</h1>" + tiles(14) + BLURB),
         "listing"),
        ("https://shop.example/departments/tools", page("<h1>Tools</h1>" + BLURB + tiles(30)),
         "listing"),
        # Fewer cards (an article's box of related stories), a story long enough for its
        # grid, a dated brief or a credited one beside the grid, a story's URL: articles.
        ("https://shop.example/departments/tools", page("<h1>Tools</h1>" + tiles(8) + BLURB),
         "article"),
        ("https://s.example/bridge", page(BRIEF + f"<div class='story'>{paragraphs(20)}</div>"
                                          + tiles(14)), "article"),
        ("https://s.example/bridge", page(BRIEF + "<time>12.03.2025</time>" + BLURB + tiles(14)),
         "article"),
        ("https://s.example/bridge", page(BRIEF + BLURB + "<a rel='author' href='/jane'>Jane</a>"
                                          + tiles(14)), "article"),
        ("https://s.example/news/bridge-to-close-next-spring",
         page(BRIEF + BLURB + tiles(14)), "article"),
        # A listicle's items, each a heading, a picture and paragraphs: no grid of cards.
        ("https://s.example/ten-bridges", page("<h1>Ten bridges</h1>" + "".join(
            f"<h2>Bridge {k}</h2><img src='/b/{k}.jpg'>{paragraphs(2)}" for k in range(10))),
         "article"),
        # Trackers in the query (a search engine's click id, campaign tags) do not change the
        # URL's shape: a home page is a listing, a dated story's path a story's.
        ("https://shop.example/?srsltid=AfmBOoq1x", page(BRIEF), "listing"),
        ("https://shop.example/?utm_source=news&utm_medium=email", page(BRIEF), "listing"),
        ("https://s.example/?p=2895&utm_source=news", page(BRIEF + BLURB), "article"),
        ("https://s.example/2024/05/12/bridge?utm_source=x&gclid=1", page(BRIEF), "article"),
        # A shop's buy button whose label its template indents over lines, its price printed
        # by a script: a product's page. A shop's blog post (an article's schema.org entity
        # under a story's URL) showing a product with its price and button stays a story.
        ("https://shop.example/p/bridge", page(PRODUCT.replace(
            "<span class='price'>€ 49,90</span>", "").replace(
            "<button type='submit'>Add to cart</button>", CART_BUTTON) + paragraphs(3)),
         "product"),
        ("https://shop.example/blogs/guides/how-to-light-a-bridge", page(
            BRIEF + paragraphs(4) + PRODUCT.replace("<h1>", "<h3>").replace("</h1>", "</h3>"),
            STORY_LD), "article"),
    ],
)  # fmt: skip
def test_grids_and_trackers(url: str, html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, url)[0] == kind


@pytest.mark.parametrize(
    ("n", "blurb", "kind"),
    [
        # A shop's blurb for search engines of more prose than a list's introduction.
        (14, f"<div class='seo'>{paragraphs(8)}</div>", "listing"),
        (8, f"<div class='seo'>{paragraphs(8)}</div>", "article"),
        (14, f"<div class='story'>{paragraphs(20)}</div>", "article"),
    ],
)
def test_grid_of_article_cards(n: int, blurb: str, kind: str) -> None:
    """Products or courses printed as short <article> cards with a headline's link each, a
    dozen or more outnumbering the page's prose, on an undated page crediting no one."""
    cards = "".join(
        f"<article class='card'><a href='/p/{k}'>Dash camera number {k} with night vision</a>"
        "</article>"
        for k in range(n)
    )
    html = page(f"<h1>Dash cameras</h1>{blurb}<div class='cards'>{cards}</div>")
    assert page_type(Selector(text=html).root, "https://shop.example/dash-cameras")[0] == kind


@pytest.mark.parametrize(
    ("url", "extra", "kind"),
    [
        ("https://docs.example.org/guide/intro.html", "", "documentation"),
        ("https://example.org/manual/v6/ch-15-sweep.htm", "", "documentation"),
        # Dated, credited, or under no manual's URL (a wiki's page, a site's guides): a story.
        ("https://docs.example.org/guide/intro.html", "<time>12.03.2025</time>", "article"),
        (
            "https://docs.example.org/guide/intro.html",
            "<a rel='author' href='/j'>Jane</a>",
            "article",
        ),
        ("https://wiki.example.org/Beginners/Download", "", "article"),
        ("https://example.org/guides/intro", "", "article"),
        # A help centre's pages, undated and uncredited, are the manual's too; not a story
        # about the help a council gives, nor one filed there under a date or a byline.
        ("https://example.org/support/searching", "", "documentation"),
        ("https://help.example.org/hc/en-us/sweeping", "", "documentation"),
        ("https://example.org/news/support-for-sweepers", "", "article"),
        ("https://example.org/support/searching", "<time>12.03.2025</time>", "article"),
        ("https://example.org/help/searching", "<a rel='author' href='/j'>Jane</a>", "article"),
    ],
)
def test_undated_pages_under_a_manual(url: str, extra: str, kind: str) -> None:
    """A page under a manual's URL that names no author, no date and no kind of its own is
    the manual's, sidebar or code or not."""
    html = page(f"<h1>Sweeping curves</h1>{extra}<div class='body'>{paragraphs(6)}</div>")
    assert page_type(Selector(text=html).root, url)[0] == kind


# An encyclopedia's mark on every page, its lists' too: an article entity with its date.
DATED_LD = ld({"@type": "Article", "name": "Bridges", "datePublished": "2024-05-12"})
INTRO = f"<p>{SENTENCES[0]} {SENTENCES[1]}</p>"


def linked_rows(n: int, tag: str = "tr") -> str:
    """n rows of a list page, each a bridge's name linked to its page and a year."""
    cell = "<td>{}</td>" if tag == "tr" else "{} "
    row = "".join(
        cell.format(c) for c in ("<a href='/wiki/b{k}'>Bridge over river {k}</a>", "1897")
    )
    rows = "".join(f"<{tag}>{row.format(k=k)}</{tag}>" for k in range(n))
    return f"<table>{rows}</table>" if tag == "tr" else f"<ul>{rows}</ul>"


DATA_TABLE = (
    "<table>"
    + "".join(
        f"<tr><td>Bridge {k}</td><td>{1890 + k}</td><td>{120 + k} m</td></tr>" for k in range(40)
    )
    + "</table>"
)
SOURCES = (
    "<h2>Sources</h2><ul>"
    + "".join(
        f"<li><a href='https://s{k}.example/report'>Report on the bridge, part {k}</a></li>"
        for k in range(35)
    )
    + "</ul>"
)
CODE = "".join(
    f"<pre><code>bridge --close --span {k}</code></pre>{paragraphs(2)}" for k in range(4)
)


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        # A "list of" page: an introduction over rows each mostly a link (a table's, a
        # list's), their links outweighing its prose, whatever its metadata says.
        (page(f"<h1>List of bridges</h1><div class='body'>{INTRO}{linked_rows(40)}</div>",
              DATED_LD), "listing"),
        (page(f"<h1>List of bridges</h1><div class='body'>{INTRO}{linked_rows(40, 'li')}</div>",
              DATED_LD), "listing"),
        # Fewer rows, or a story's prose outweighing them: articles. A long article with a
        # data table (rows of text, not links), one with its sources listed at its end, a
        # how-to with code blocks.
        (page(f"<h1>Bridges</h1><div class='body'>{INTRO}{linked_rows(20)}</div>", DATED_LD),
         "article"),
        (page(f"<h1>Bridges</h1><div class='body'>{paragraphs(12)}{linked_rows(40)}</div>",
              DATED_LD), "article"),
        (page(f"<h1>Bridges</h1><div class='body'>{paragraphs(8)}{DATA_TABLE}</div>", DATED_LD),
         "article"),
        (page(f"<h1>Bridges</h1><div class='body'>{paragraphs(6)}{SOURCES}</div>", DATED_LD),
         "article"),
        (page(f"<h1>Closing a bridge</h1><div class='body'>{CODE}</div>", DATED_LD), "article"),
    ],
)  # fmt: skip
def test_link_lists(html: str, kind: str) -> None:
    assert page_type(Selector(text=html).root, "https://wiki.example.org/Bridges")[0] == kind


PRODUCT_ID_LD = ld(
    {"@type": "Product", "name": "Bridge lamp", "sku": "BL-2291", "aggregateRating": {}}
)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        # A product named by its SKU (or part, trade item number), its offers printed by the
        # shop's script: a product's page, however long its description.
        (PRODUCT_ID_LD, "product"),
        (ld({"@type": "Product", "name": "Bridge lamp", "gtin13": "4006381333931"}), "product"),
        # A product without its identity (a brand's page of it), or a review's product
        # beside the review: what the page's text says decides, an article here.
        (ld({"@type": "Product", "name": "Bridge lamp", "brand": "Lumen"}), "article"),
        (PRODUCT_ID_LD + ld({"@type": "Review", "name": "Bridge lamp, tested",
                             "author": "Jane Doe"}), "article"),
    ],
)  # fmt: skip
def test_products_named_by_their_identity(head: str, kind: str) -> None:
    html = page(f"<h1>Bridge lamp</h1><div class='body'>{paragraphs(6)}</div>", head)
    assert page_type(Selector(text=html).root, "https://shop.example/bridge-lamp")[0] == kind


OG_ARTICLE = '<meta property="og:type" content="article">'


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        # An index of posts under a slug that reads as a story's, called an article by
        # og:type alone: many teasers' headlines beside a short introduction, undated.
        ("", "listing"),
        # A story dates itself (in markup, or by its headline), whatever teasers follow it.
        ("<time datetime='2024-05-12'>12 May 2024</time>", "article"),
        ("<p>12.05.2024</p>", "article"),
    ],
)
def test_undated_index_under_a_story_slug(extra: str, kind: str) -> None:
    html = page(f"<h1>Bridges for beginners</h1>{extra}{INTRO}<ul>{teasers(12)}</ul>", OG_ARTICLE)
    url = "https://blog.example/posts-about-bridges-for-beginners/"
    assert page_type(Selector(text=html).root, url)[0] == kind


OG_PRICE = '<meta property="product:price:amount" content="49.90">'


@pytest.mark.parametrize(
    ("head", "extra", "kind"),
    [
        # Open Graph's price of a product, whatever og:type the shop's theme gives the page.
        (OG_PRICE, "", "product"),
        (OG_ARTICLE + OG_PRICE, "", "product"),
        # A story's schema.org entity, or a date by its headline, outweighs a price in its
        # metadata (a magazine's theme may print one on every page).
        (OG_ARTICLE + OG_PRICE + STORY_LD, "", "article"),
        (OG_ARTICLE + OG_PRICE, "<p>12.05.2024</p>", "article"),
        # No price in the metadata: the page's prose decides.
        (OG_ARTICLE, "", "article"),
    ],
)
def test_products_priced_in_open_graph(head: str, extra: str, kind: str) -> None:
    html = page(f"<h1>Bridge lamp</h1>{extra}<div class='body'>{paragraphs(6)}</div>", head)
    assert page_type(Selector(text=html).root, "https://shop.example/bridge-lamp")[0] == kind
