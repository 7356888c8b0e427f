"""htmldate's page-wide search on the page with long non-digit runs cut: the same matches."""

from __future__ import annotations

import pytest
from htmldate import core as htmldate_core
from htmldate import extractors as htmldate_extractors

from archiver.extract import dates
from archiver.extract.dates import (
    HTMLDATE_DIGIT_CONTEXT_KEPT,
    HTMLDATE_TEXT_CONTEXT_KEPT,
    _cut_nondigits,
)

LONG = "x" * (3 * HTMLDATE_TEXT_CONTEXT_KEPT)
WORDS = "lorem ipsum dolor sit amet " * 10
EDGE = "y" * (2 * HTMLDATE_TEXT_CONTEXT_KEPT)  # the longest run left whole
# Texts where a cut could go wrong: dates beside long runs, runs of exactly the kept length,
# a date split by a run, glued month names, w3.org years, separators of one and two chars.
TEXTS = [
    f"<p>{WORDS}2021-03-04{WORDS}</p>",
    f"<p>{LONG}04.03.2021 {LONG}05.03.2021 06.03.2021</p>",
    f"<p>{LONG}SmithMarch 4, 2021{LONG}</p>",
    f"<p>{WORDS}4th of {WORDS}March 2021</p>",
    f"<p>4 March 2021 and {LONG}{LONG}2019/11</p>",
    f'<a href="https://www.w3.org/2000/svg">{LONG}</a> 11/2018 {WORDS}',
    f"{LONG}w3.org 2017 w3.org{LONG}2016.{LONG}w3.or 2015 ",
    f"<p>{EDGE}20210304 {EDGE}y1999</p>",
    f"<p>{WORDS}</p>",
]
DIGIT_PATTERNS = sorted(dates._DIGIT_PATTERNS, key=lambda p: p.pattern)


@pytest.mark.parametrize("keep", [HTMLDATE_DIGIT_CONTEXT_KEPT, HTMLDATE_TEXT_CONTEXT_KEPT])
def test_cut_keeps_short_runs_and_both_ends_of_long_ones(keep: int) -> None:
    kept = "a" * (2 * keep)
    assert _cut_nondigits(f"1{kept}2", keep) == f"1{kept}2"
    cut = _cut_nondigits(f"1{'b' * keep}{LONG}{'c' * keep}2", keep)
    assert cut == f"1{'b' * keep}{'c' * keep}2"


@pytest.mark.parametrize("text", TEXTS)
def test_digit_patterns_match_alike(text: str) -> None:
    assert dates._CUT_SAFE  # the htmldate this was checked with
    cut = _cut_nondigits(text, HTMLDATE_DIGIT_CONTEXT_KEPT)
    for pattern in DIGIT_PATTERNS:
        assert pattern.findall(cut) == pattern.findall(text), pattern.pattern
    cut = _cut_nondigits(text, HTMLDATE_TEXT_CONTEXT_KEPT)
    assert htmldate_extractors.regex_parse(cut) == htmldate_extractors.regex_parse(text)


@pytest.mark.parametrize("text", TEXTS)
def test_search_page_answers_alike(text: str) -> None:
    options = htmldate_core.Extractor(
        True, htmldate_core.get_max_date(None), htmldate_core.get_min_date(None), True, "%Y-%m-%d"
    )
    plain = dates._htmldate_search_page(text, options)
    token = dates._HTMLDATE_SCOPE.set((None, [0]))
    try:
        assert htmldate_core.search_page(text, options) == plain
    finally:
        dates._HTMLDATE_SCOPE.reset(token)


# Text dates and what lies before the first " <year>": day digits glued to other digits, month
# names glued to digits or letters, dates whose year has no space before it, a date before a
# later footer year, a non-ASCII digit before the month name, no year at all.
TEXT_DATES = [
    f"<p>{WORDS}March 4, 2021{WORDS}</p>",
    f"<p>{WORDS}12345 March 2021{WORDS}</p>",
    f"<p>{WORDS}7Smith99March 4, 2021 © 2024</p>",
    f"<p>{WORDS}4th of March 2021</p>",
    f"<p>4 March 2021{LONG}© 2024</p>",
    f"<p>March 4,2021 {WORDS}Hello 5, 1998 and 2019</p>",
    f"<p>{WORDS}Foo 3, 2020 {WORDS}March 4, 2021</p>",
    f"<p>{WORDS}٣ March 2021 {WORDS}</p>",
    f"<p>{WORDS}31. März 2020 and 2 {LONG} 2022</p>",
    "March 4, 2021",
    " 2021",
    f"<p>{WORDS}</p>",
    f"<p>{WORDS}11 32 May 2020</p>",
    f"<p>{WORDS}abcdefghijkSeptember 14th, 2021</p>",
]


@pytest.mark.parametrize("text", TEXT_DATES + TEXTS)
def test_text_dates_read_from_first_year_alike(text: str) -> None:
    assert dates._TEXT_DATE_SAFE  # the htmldate this was checked with
    plain = htmldate_extractors.regex_parse(text)
    rest = dates._from_first_year(text)
    assert (None if rest is None else htmldate_extractors.regex_parse(rest)) == plain
    token = dates._HTMLDATE_SCOPE.set((None, [0]))
    try:
        assert htmldate_core.regex_parse(text) == plain
    finally:
        dates._HTMLDATE_SCOPE.reset(token)


def test_text_dates_skip_the_page_before_the_first_year() -> None:
    assert dates._from_first_year(f"{LONG}1{LONG}2 x March 4, 2021") == " x March 4, 2021"
    assert dates._from_first_year(f"{LONG}12{LONG}") is None
