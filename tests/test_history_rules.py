"""The pure parts of article history: the word diff and its moves, notices, the stealth rule."""

from __future__ import annotations

import time
from typing import Any

import pytest

from archiver.history.diff import Op, paragraphs, word_diff
from archiver.history.notices import CORRECTION, UPDATE, new_notices, notice_kind
from archiver.history.versions import STEALTH, Version, compare, distinct

S, D, N, A, H = Op.SAME, Op.DELETE, Op.INSERT, Op.MOVED_AWAY, Op.MOVED_HERE
LONG = "The minister met the council on Tuesday."
OTHER = "Then everyone went home rather quietly."


@pytest.mark.parametrize(
    "old, new, spans",
    [
        ("same text", "same text", [(S, "same text")]),
        (None, "new text", [(N, "new text")]),
        ("Old text.", None, [(D, "Old text.")]),
        (
            "Police arrested a man in the city centre.",
            "Police arrested two men near the city centre.",
            [
                (S, "Police arrested "),
                (D, "a man in"),
                (N, "two men near"),
                (S, " the city centre."),
            ],
        ),
        ("It was long.", "It was very long.", [(S, "It was "), (N, "very "), (S, "long.")]),
        # A sentence moved within a paragraph is a move, not a delete and an add.
        (
            f"A. {LONG} {OTHER}",
            f"A. {OTHER} {LONG}",
            [(S, "A. "), (H, f"{OTHER} "), (S, LONG), (A, f" {OTHER}")],
        ),
        # A paragraph moved whole, too.
        (
            f"{LONG}\n\nMiddle.\n\n{OTHER}",
            f"{OTHER}\n\n{LONG}\n\nMiddle.",
            [(H, f"{OTHER}\n\n"), (S, f"{LONG}\n\nMiddle."), (A, OTHER)],
        ),
        # A short sentence is no evidence of a move.
        ("Yes. No.", "No. Yes.", [(D, "Yes. No."), (N, "No. Yes.")]),
        # Paragraphs with little in common are one deleted, one added: no stray words paired.
        (
            "Keep.\n\nThe old paragraph about rain.",
            "Keep.\n\nA wholly different paragraph about the market.",
            [
                (S, "Keep.\n\n"),
                (D, "The old paragraph about rain."),
                (N, "A wholly different paragraph about the market."),
            ],
        ),
    ],
)
def test_word_diff(old: str | None, new: str | None, spans: list[tuple[Op, str]]) -> None:
    assert [(s.op, s.text) for s in word_diff(old, new).spans] == spans


def test_word_counts_and_paragraphs() -> None:
    d = word_diff(
        "One two.\n\nThree four five.\n\nKeep this one.",
        "One two three.\n\nThree five six.\n\nKeep this one.\n\nSix seven.",
    )
    # Semantic cleanup: "four five" -> "five six", not "four" out and "six" in.
    assert (d.added, d.removed) == (5, 2)
    assert [[s.op for s in p] for p in paragraphs(d)] == [[S, N, S], [S, D, N, S], [S], [N]]


def test_a_long_body_with_a_few_edits_diffs_well_under_a_second() -> None:
    words = [f"w{i}" for i in range(20_000)]
    paras = [" ".join(words[i : i + 100]) + "." for i in range(0, 20_000, 100)]
    edited = list(paras)
    edited[10] = edited[10].replace("w1005 ", "changed words ")
    edited.insert(50, "A paragraph added in the middle of the story.")
    edited[150] = edited[150].replace("w14950", "another")
    edited.insert(180, edited.pop(20))
    start = time.perf_counter()
    d = word_diff("\n\n".join(paras), "\n\n".join(edited))
    assert time.perf_counter() - start < 0.5
    assert (d.added, d.removed, d.moved) == (12, 2, 100)  # 2 + 9 + 1; the 100 of w2000...


@pytest.mark.parametrize(
    "paragraph, kind",
    [
        ("Correction: An earlier version misstated the minister's name.", CORRECTION),
        ("CORRECTION (June 3): The vote was 5-4, not 4-5.", CORRECTION),
        ("Clarification - the council, not the state, owns the land.", CORRECTION),
        ("An earlier version of this article gave the wrong date.", CORRECTION),
        ("This story has been amended to remove a quote.", CORRECTION),
        ("Update 2: Police have named the victim.", UPDATE),
        ("Updated 5 June 2024: new figures from the bureau.", UPDATE),
        ("Editor’s note: this story will be updated.", UPDATE),
        ("This article was updated with comment from the minister.", UPDATE),
        ("Berichtigung: In einer früheren Version dieses Artikels hieß es, ...", CORRECTION),
        ("Dieser Artikel wurde aktualisiert.", UPDATE),
        ("Rectificatif : une précédente version de cet article indiquait 12 morts.", CORRECTION),
        ("Cet article a été mis à jour le 3 juin.", UPDATE),
        ("Fe de errores: una versión anterior de este artículo decía lo contrario.", CORRECTION),
        ("Actualización: la policía confirmó dos detenidos.", UPDATE),
        ("Rettifica: il sindaco non era presente.", CORRECTION),
        ("Correctie: in een eerdere versie van dit artikel stond een fout.", CORRECTION),
        ("Errata: uma versão anterior desta reportagem errou o nome.", CORRECTION),
        # Story text that uses the words, not a notice:
        ("The minister said the correction in house prices would continue.", None),
        ("Correction-free quarters are rare, analysts said.", None),
        ("Updates to the software are expected next week, the company said.", None),
        ("Correction: " + "word " * 100, None),  # too long to be a notice
    ],
)
def test_notice_kind(paragraph: str, kind: str | None) -> None:
    assert notice_kind(paragraph) == kind


def test_only_new_notices_count() -> None:
    old = "Story.\n\nUpdate: first."
    assert new_notices(old, old) == []
    assert [n.text for n in new_notices(old, old + "\n\nUpdate 2: more.")] == ["Update 2: more."]


def item(**kw: Any) -> dict[str, Any]:
    base = {
        "url": "https://n.example/a",
        "headline": "Headline",
        "body": "Body text of the story.",
        "byline": "By Jane Doe",
        "authors": ["Jane Doe"],
        "updated": "2026-11-01T06:00:00+00:00",
        "image": {"url": "https://n.example/1.jpg", "credit": "AAP"},
        "fetched_at": "2026-11-01T07:00:00+00:00",
    }
    return base | kw


MOVED = "2026-11-02T06:00:00+00:00"


@pytest.mark.parametrize(
    "after, fields, flags",
    [
        ({"headline": "New headline", "updated": MOVED}, ["headline", "updated"], []),
        ({"body": "Body text of the story, edited."}, ["body"], [STEALTH]),
        ({"byline": "By John Roe", "authors": ["John Roe"]}, ["byline", "authors"], [STEALTH]),
        ({"image": {"url": "https://n.example/1.jpg", "credit": "Reuters"}}, ["credit"], [STEALTH]),
        # Metadata only: no reader sees it, no stealth edit.
        ({"tags": ["politics"]}, ["tags"], []),
        ({"updated": MOVED}, ["updated"], []),
        # A notice says so: not silent, even with updated unmoved.
        (
            {"body": "Body text of the story.\n\nCorrection: the date was wrong."},
            ["body"],
            ["correction"],
        ),
        (
            {"body": "Body text.\n\nUpdate: police named him.", "updated": MOVED},
            ["body", "updated"],
            ["update-notice"],
        ),
        # A page that gives no updated at all announced nothing either.
        ({"body": "Other text.", "updated": None}, ["body", "updated"], []),
    ],
)
def test_compare_fields_and_flags(after: dict, fields: list[str], flags: list[str]) -> None:
    change = compare(Version.from_item(item()), Version.from_item(item(**after)))
    assert change is not None
    assert (change.fields, change.flags) == (fields, flags)


def test_same_content_again_is_no_version() -> None:
    a = Version.from_item(item())
    again = Version.from_item(item(fetched_at="2026-11-05T00:00:00+00:00", warc={"filename": "x"}))
    assert compare(a, again) is None
    edited = Version.from_item(item(body="Edited."))
    # A capture of the same article again keeps the first one's place; back to an earlier
    # text is a version of its own.
    assert distinct([a, again, edited, again]) == [a, edited, again]
