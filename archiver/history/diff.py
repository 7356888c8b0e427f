"""Word-level diff of two texts (diff-match-patch), sentences moved told from deleted and added."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from diff_match_patch import diff_match_patch

#: Seconds diff-match-patch may spend on one text before it settles for a coarser diff: a body
#: rewritten from top to bottom is then shown as larger replaced blocks. A 20,000-word body with
#: a few edits takes about 0.2 s (benchmark in the commit that chose the library).
DIFF_TIMEOUT = 1.0
#: A sentence moved is a move only when it is this long (in words): "Yes." deleted in one place
#: and added in another is no evidence of a move.
MOVE_MIN_WORDS = 4

#: Paragraphs replaced by others are shown as a word diff when at least this share of their
#: words stayed; below it, as the old paragraphs deleted and the new ones added.
REWRITE_SHARE = 0.4

# Words, runs of whitespace and single punctuation marks: a diff at word level, where the
# spaces and the full stops between words are tokens of their own (so "fact" -> "facts." is
# one word replaced, not a sentence).
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# A sentence: up to its final punctuation (and closing quotes or brackets), or the end.
_SENTENCE = re.compile(r"[^.!?…\n]*(?:[.!?…]+[\"'”’»)\]]*|\n+|$)\s*", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
# A paragraph and the blank line after it.
_PARA = re.compile(r"[\s\S]*?(?:\n[ \t]*\n\s*|\Z)")
# Each distinct token becomes one character for diff-match-patch (its own linesToChars idea,
# for words): first the private-use planes, which are neither letters nor spaces to its
# semantic cleanup, then (past 131,072 distinct tokens) the rest of Unicode.
_PRIVATE = 0xF0000
_PRIVATE_SIZE = 0x110000 - _PRIVATE


class Op(StrEnum):
    """What a span of text is in the diff."""

    SAME = "same"
    DELETE = "delete"
    INSERT = "insert"
    MOVED_AWAY = "moved_away"  # deleted here, the same sentence added elsewhere
    MOVED_HERE = "moved_here"  # added here, the same sentence deleted elsewhere


@dataclass(frozen=True)
class Span:
    op: Op
    text: str


@dataclass(frozen=True)
class WordDiff:
    """The spans of a diff in order: the old text is SAME+DELETE+MOVED_AWAY, the new one
    SAME+INSERT+MOVED_HERE."""

    spans: tuple[Span, ...]

    @property
    def changed(self) -> bool:
        return any(s.op is not Op.SAME for s in self.spans)

    def words(self, op: Op) -> int:
        """Words in the spans of ``op``."""
        return sum(len(_WORD.findall(s.text)) for s in self.spans if s.op is op)

    @property
    def added(self) -> int:
        return self.words(Op.INSERT)

    @property
    def removed(self) -> int:
        return self.words(Op.DELETE)

    @property
    def moved(self) -> int:
        return self.words(Op.MOVED_HERE)

    def old(self) -> str:
        return "".join(s.text for s in self.spans if s.op in _OLD)

    def new(self) -> str:
        return "".join(s.text for s in self.spans if s.op in _NEW)


_OLD = (Op.SAME, Op.DELETE, Op.MOVED_AWAY)
_NEW = (Op.SAME, Op.INSERT, Op.MOVED_HERE)
_DMP_OPS = {0: Op.SAME, -1: Op.DELETE, 1: Op.INSERT}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _codes(*texts: list[str]) -> dict[str, str]:
    """One character per distinct token (or paragraph) of the texts, in order of appearance."""
    distinct = dict.fromkeys(t for text in texts for t in text)
    if len(distinct) <= _PRIVATE_SIZE:
        chars = map(chr, range(_PRIVATE, _PRIVATE + len(distinct)))
        return dict(zip(distinct, chars, strict=True))
    return {
        t: chr(_PRIVATE + n if n < _PRIVATE_SIZE else 0x100 + n) for n, t in enumerate(distinct)
    }


def _encode(toks: list[str], table: dict[str, str]) -> str:
    return "".join(map(table.__getitem__, toks))


def _dmp(timeout: float) -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    return dmp


def _token_diff(old: str, new: str, timeout: float) -> list[Span]:
    ta, tb = tokens(old), tokens(new)
    table = _codes(ta, tb)
    a, b = _encode(ta, table), _encode(tb, table)
    back = {c: t for t, c in table.items()}
    dmp = _dmp(timeout)
    diffs = dmp.diff_main(a, b, False)
    # Edits aligned on the words a reader sees as changed: semantic cleanup merges a "the"
    # kept between two replaced phrases into the replacement ("a man in" -> "two men near").
    dmp.diff_cleanupSemantic(diffs)
    return [Span(_DMP_OPS[op], "".join(back[c] for c in chars)) for op, chars in diffs if chars]


def _rewritten(old: str, new: str, timeout: float) -> list[Span]:
    """The word diff of paragraphs that replaced others; whole paragraphs deleted and added
    when they have too little in common to be one text edited (a word diff would pair stray
    words of two unrelated paragraphs)."""
    spans = _token_diff(old, new, timeout)
    kept = sum(len(_WORD.findall(s.text)) for s in spans if s.op is Op.SAME)
    longest = max(len(_WORD.findall(old)), len(_WORD.findall(new)))
    if not old or not new or kept >= REWRITE_SHARE * longest:
        return spans
    return [Span(Op.DELETE, old), Span(Op.INSERT, new)]


def _paragraphs_of(text: str) -> list[str]:
    """``text`` cut after each blank line: "".join() gives it back."""
    return [p for p in _PARA.findall(text) if p]


def word_diff(old: str | None, new: str | None, timeout: float = DIFF_TIMEOUT) -> WordDiff:
    """The word-level diff of ``old`` and ``new`` (None is the empty text), moves marked.

    Paragraphs are matched first (a paragraph added, removed or moved whole is one span, and
    the word diff never pairs words of unrelated paragraphs); the paragraphs between two
    matched ones are then diffed word by word. A paragraph, or a sentence, removed in one
    place and added in another is a move.
    """
    old, new = old or "", new or ""
    if old == new:
        return WordDiff((Span(Op.SAME, old),) if old else ())
    pa, pb = _paragraphs_of(old), _paragraphs_of(new)
    na, nb = [" ".join(p.split()) for p in pa], [" ".join(p.split()) for p in pb]
    table = _codes(na, nb)
    a, b = _encode(na, table), _encode(nb, table)
    back_a = dict(zip(a, pa, strict=True))
    back_b = dict(zip(b, pb, strict=True))
    diffs = _dmp(timeout).diff_main(a, b, False)
    gone = Counter(c for op, chars in diffs if op == -1 for c in chars)
    came = Counter(c for op, chars in diffs if op == 1 for c in chars)
    moved = {c for c in gone.keys() & came.keys() if _key(back_a[c]) is not None}
    spans: list[Span] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels or ins:
            spans.extend(_rewritten("".join(dels), "".join(ins), timeout))
        dels.clear()
        ins.clear()

    for op, chars in diffs:
        for c in chars:
            if op == 0:
                flush()
                spans.append(Span(Op.SAME, back_b[c]))
            elif c in moved:
                flush()
                spans.append(
                    Span(Op.MOVED_AWAY, back_a[c]) if op == -1 else Span(Op.MOVED_HERE, back_b[c])
                )
            else:
                (dels if op == -1 else ins).append(back_a[c] if op == -1 else back_b[c])
    flush()
    return WordDiff(tuple(_merge(_mark_moves(spans))))


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for sp in spans:
        if out and out[-1].op is sp.op:
            out[-1] = Span(sp.op, out[-1].text + sp.text)
        elif sp.text:
            out.append(sp)
    return out


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences, whitespace kept: "".join(sentences(t)) == t."""
    return [s for s in _SENTENCE.findall(text) if s]


def _key(sentence: str) -> str | None:
    words = _WORD.findall(sentence.casefold())
    return " ".join(words) if len(words) >= MOVE_MIN_WORDS else None


def _mark_moves(spans: list[Span]) -> list[Span]:
    """Whole sentences deleted in one place and added in another become a move."""
    gone = {_key(s) for sp in spans if sp.op is Op.DELETE for s in sentences(sp.text)}
    came = {_key(s) for sp in spans if sp.op is Op.INSERT for s in sentences(sp.text)}
    moved = (gone & came) - {None}
    if not moved:
        return spans
    out: list[Span] = []
    for sp in spans:
        if sp.op not in (Op.DELETE, Op.INSERT):
            out.append(sp)
            continue
        as_move = Op.MOVED_AWAY if sp.op is Op.DELETE else Op.MOVED_HERE
        for s in sentences(sp.text):
            op = as_move if _key(s) in moved else sp.op
            if out and out[-1].op is op:
                out[-1] = Span(op, out[-1].text + s)
            else:
                out.append(Span(op, s))
    return out


def paragraphs(diff: WordDiff) -> list[list[Span]]:
    """The diff cut at paragraph breaks (a blank line), each paragraph its spans."""
    paras: list[list[Span]] = [[]]
    for sp in diff.spans:
        parts = re.split(r"(\n\s*\n)", sp.text)
        for i, part in enumerate(parts):
            if i % 2 == 1:
                # A paragraph break: a new paragraph, unless the break itself is what changed
                # inside a paragraph already ended.
                paras.append([])
                continue
            if part:
                paras[-1].append(Span(sp.op, part))
    return [p for p in paras if p]


def changed_paragraph(para: list[Span]) -> bool:
    return any(s.op is not Op.SAME for s in para)
