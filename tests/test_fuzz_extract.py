"""extract_article on random and mutilated HTML: a dict, or ValueError for non-HTML."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.extract import extract_article

SEEDS = sorted((Path(__file__).parents[1] / "archiver/demo/site/news/article").glob("*.html"))
PAGES = [p.read_bytes() for p in SEEDS]
URL = "https://news.example/news/article/story"
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

TAGS = ["html", "head", "body", "article", "main", "div", "p", "h1", "span", "time", "figure",
        "figcaption", "script", "style", "meta", "a", "br", "table", "td", "noscript"]  # fmt: skip
ATTRS = ['class="byline"', 'itemprop="author"', 'property="og:title" content="x"',
         'type="application/ld+json"', 'datetime="2017-05-31T11:38:00+10:00"', 'lang="de-CH"',
         'rel="canonical" href="/x"', 'charset="koi8-r"', 'class="caption credit"']  # fmt: skip
texts = st.text(st.characters(codec="utf-8"), max_size=60)
fragment = st.one_of(
    texts,
    st.builds(lambda t, a: f"<{t} {a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "\x00",
                     '{"@type": "NewsArticle", "author": [null, 3, {"name": []}]}',
                     "By Jane Doe and AAP, Reuters", "Updated 31 May 2017 at 11:38am"]),
)  # fmt: skip


def check(html: bytes | str, **kw) -> None:
    try:
        result = extract_article(html, URL, **kw)
    except ValueError:
        return  # the documented answer for input that is not HTML
    assert isinstance(result, dict)


@FUZZ
@given(st.lists(fragment, max_size=80))
def test_random_markup(parts: list[str]) -> None:
    check("".join(parts))


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@FUZZ
@given(
    page=st.sampled_from(PAGES),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=6),
    insert=st.lists(fragment, max_size=5),
    encoding=st.sampled_from([None, "utf-8", "latin-1", "utf-16", "bogus-charset"]),
    tz=st.sampled_from([None, "Australia/Sydney", "Not/AZone"]),
)
def test_mutilated_real_pages(page, cuts, insert, encoding, tz) -> None:
    data = page
    for a, b in cuts:  # delete random spans: unclosed tags, half scripts, broken JSON-LD
        i, j = sorted((int(a * len(data)), int(b * len(data))))
        data = data[:i] + data[j:]
    mid = len(data) // 2
    data = data[:mid] + "".join(insert).encode("utf-8", "surrogatepass") + data[mid:]
    hints = {"timezone": tz} if tz else {}
    check(data, encoding=encoding, hints=hints, fetched_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_seed_pages_still_extract() -> None:
    assert PAGES, "demo article pages moved"
    for page in PAGES:
        assert extract_article(page, URL)["headline"]
