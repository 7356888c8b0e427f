"""How versions and changes are shown: text for a terminal, JSON lines, one offline HTML page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from archiver.coverage import host_of
from archiver.history.diff import Op, Span, WordDiff, changed_paragraph, paragraphs
from archiver.history.versions import (
    FLAG_OF_NOTICE,
    PLAIN_FIELDS,
    STEALTH,
    Change,
    Version,
)
from archiver.utils.words import counted

#: Where the links of the HTML page replay an archived version: a pywb (or other wayback-style)
#: collection, PREFIX + 14-digit time + "/" + URL (README: the collection `ours`).
REPLAY_PREFIX = "http://localhost:8080/ours/"
#: Unchanged paragraphs kept around a changed one, in text and HTML.
CONTEXT_PARAGRAPHS = 1

TEXT_MARKS = {
    Op.DELETE: ("[-", "-]"),
    Op.INSERT: ("{+", "+}"),
    Op.MOVED_AWAY: ("[~", "~]"),
    Op.MOVED_HERE: ("{~", "~}"),
}
LEGEND = "[-removed-] {+added+} [~moved away~] {~moved here~}"
FLAG_LABELS = {
    STEALTH: "stealth edit",
    FLAG_OF_NOTICE["correction"]: "correction notice",
    FLAG_OF_NOTICE["update"]: "update notice",
}
EntryList = Iterable[tuple[list[Version], list[Change]]]


def minute(iso: str | None) -> str:
    """ "2026-11-25 08:12" of an ISO instant (UTC in our items)."""
    return (iso or "?")[:16].replace("T", " ")


def timestamp14(iso: str | None) -> str:
    """The 14-digit time of wayback-style replay URLs."""
    return re.sub(r"\D", "", iso or "")[:14]


def replay_url(prefix: str, version: Version) -> str:
    return f"{prefix}{timestamp14(version.fetched_at)}/{version.url}"


def plain(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value)) or "(none)"
    return str(value)


WORD_COUNTS = ("added", "removed", "moved")


def words(change: Change) -> str:
    out = f"+{change.added} -{change.removed}"
    return out + (f" ~{change.moved}" if change.moved else "")


# -- text ------------------------------------------------------------------------------------
def _text_spans(spans: Iterable[Span]) -> str:
    out = []
    for sp in spans:
        start, end = TEXT_MARKS.get(sp.op, ("", ""))
        out.append(f"{start}{sp.text}{end}" if start else sp.text)
    return "".join(out)


def _kept(paras: list[list[Span]]) -> list[int | None]:
    """Indices of the paragraphs to show (changed ones and their context); None: elided."""
    changed = [i for i, p in enumerate(paras) if changed_paragraph(p)]
    keep = {j for i in changed for j in range(i - CONTEXT_PARAGRAPHS, i + CONTEXT_PARAGRAPHS + 1)}
    out: list[int | None] = []
    for i in range(len(paras)):
        if i in keep:
            out.append(i)
        elif not out or out[-1] is not None:
            out.append(None)
    return out


def _elided(paras: list[list[Span]], shown: list[int | None], at: int) -> int:
    """How many paragraphs the None at position ``at`` of ``shown`` stands for."""
    before = next((i for i in reversed(shown[:at]) if i is not None), -1)
    after = next((i for i in shown[at + 1 :] if i is not None), len(paras))
    return after - before - 1


def text_diff(name: str, diff: WordDiff, indent: str = "    ") -> list[str]:
    if name != "body":
        return [f"{indent}{name}: {_text_spans(diff.spans)}"]
    paras = paragraphs(diff)
    lines = [f"{indent}{name}:"]
    shown = _kept(paras)
    for at, i in enumerate(shown):
        if i is None:
            n = _elided(paras, shown, at)
            lines.append(f"{indent}  … {n} unchanged paragraph{'s' if n != 1 else ''}")
        else:
            lines.append(f"{indent}  {_text_spans(paras[i])}")
    return lines


def text_history(versions: list[Version], found: list[Change]) -> str:
    """Every version, oldest first, and what changed at each."""
    first = versions[0]
    by_after = {id(c.after): c for c in found}
    lines = [first.key, f"{len(versions)} version{'s' if len(versions) != 1 else ''}  {LEGEND}"]
    for n, v in enumerate(versions, 1):
        record = f"{v.record_id or '?'} in {v.warc_file or '?'}"
        change = by_after.get(id(v))
        if change is None:
            lines.append(f"v{n}  {minute(v.fetched_at)} UTC  first archived  ({record})")
            lines.append(f"    headline: {v.headline or '(none)'}")
            continue
        flags = f"  [{', '.join(FLAG_LABELS[f] for f in change.flags)}]" if change.flags else ""
        lines.append(
            f"v{n}  {minute(v.fetched_at)} UTC  changed: {', '.join(change.fields)}; "
            f"words {words(change)}{flags}  ({record})"
        )
        for name in change.fields:
            if name in change.diffs:
                lines += text_diff(name, change.diffs[name])
            else:
                before, after = change.before.get(name), change.after.get(name)
                lines.append(f"    {name}: {plain(before)} -> {plain(after)}")
        lines += [f"    {n.kind} notice: {n.text}" for n in change.notices]
    return "\n".join(lines) + "\n"


CHANGE_COLUMNS = ("when (UTC)", "site", "changes", "fields", "words", "flags", "url")


def _union(lists: Iterable[list[str]]) -> str:
    return ",".join(dict.fromkeys(x for xs in lists for x in xs))


def text_changes(entries: EntryList) -> str:
    """One line per article that changed: when (its last change), site, how many changes,
    which fields, words added/removed(/moved) summed, flags of any of its changes."""
    rows = []
    for _, found in entries:
        last = found[-1].after
        added, removed, moved = (sum(getattr(c, k) for c in found) for k in WORD_COUNTS)
        rows.append(
            (
                minute(last.fetched_at),
                last.site or "",
                str(len(found)),
                _union(c.fields for c in found),
                f"+{added} -{removed}" + (f" ~{moved}" if moved else ""),
                _union(c.flags for c in found) or "-",
                last.url,
            )
        )
    rows.sort(key=lambda r: (r[0], r[-1]))
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(CHANGE_COLUMNS)]
    widths[-1] = 0  # the URL last, unpadded
    line = "  ".join("{:<%d}" % w for w in widths)  # noqa: UP031
    out = [line.format(*CHANGE_COLUMNS).rstrip()]
    out += [line.format(*r).rstrip() for r in rows]
    return "\n".join(out) + "\n"


# -- JSON lines ------------------------------------------------------------------------------
def version_json(v: Version) -> dict[str, Any]:
    return {"fetched_at": v.fetched_at, "warc": {"filename": v.warc_file, "record_id": v.record_id}}


def spans_json(diff: WordDiff) -> list[list[str]]:
    return [[s.op.value, s.text] for s in diff.spans]


def change_json(change: Change, with_diffs: bool = False) -> dict[str, Any]:
    """A change as scripts read it; ``with_diffs``: the word diffs and before/after values."""
    out: dict[str, Any] = {
        "when": change.after.fetched_at,
        "site": change.after.site,
        "url": change.after.url,
        "canonical_url": change.after.canonical_url,
        "headline": change.after.headline,
        "fields": change.fields,
        "words_added": change.added,
        "words_removed": change.removed,
        "words_moved": change.moved,
        "flags": change.flags,
        "notices": [{"kind": n.kind, "text": n.text} for n in change.notices],
        "updated": [change.before.get("updated"), change.after.get("updated")],
        "before": version_json(change.before),
        "after": version_json(change.after),
    }
    if with_diffs:
        out["diffs"] = {k: spans_json(d) for k, d in change.diffs.items()}
        out["values"] = {
            k: [change.before.get(k), change.after.get(k)]
            for k in change.fields
            if k in PLAIN_FIELDS
        }
    return out


# -- HTML ------------------------------------------------------------------------------------
#: Colours of the marks: the green and red of a reviewer's track changes, blue for moves.
INS_BG = "#acf2bd"
DEL_BG = "#fdb8c0"
MOVE_BG = "#c8dcff"

STYLE = f"""
body {{ font: 15px/1.5 Georgia, serif; margin: 1.5em auto; max-width: 60em; color: #222; }}
h1, h2, h3, h4, table, .note, .flags {{ font-family: system-ui, sans-serif; }}
h2 {{ margin-top: 2em; border-bottom: 2px solid #ccc; font-size: 1.3em; }}
h3 {{ font-size: 1em; margin: 1.2em 0 .3em; }} h4 {{ margin: .6em 0 .1em; color: #555; }}
table {{ border-collapse: collapse; margin: .5em 0 1em; font-size: 13px; }}
th, td {{ border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f4f4f4; }}
ins {{ background: {INS_BG}; color: #033a16; text-decoration: underline; }}
del {{ background: {DEL_BG}; color: #67060c; text-decoration: line-through; }}
ins.moved, del.moved {{ background: {MOVE_BG}; color: #0a3069; }}
del.moved {{ text-decoration: line-through dotted; }}
.elided {{ color: #888; font-style: italic; }}
.note {{ color: #666; }}
.flag {{ display: inline-block; padding: 0 .5em; border-radius: 3px; margin-right: .4em;
  font-size: 12px; font-weight: bold; color: #fff; background: #777; }}
.flag.stealth {{ background: #b35900; }} .flag.correction {{ background: #a00; }}
.flag.update-notice {{ background: #2a6f97; }}
"""

_TAGS = {
    Op.DELETE: ("<del>", "</del>"),
    Op.INSERT: ("<ins>", "</ins>"),
    Op.MOVED_AWAY: ('<del class="moved" title="moved away">', "</del>"),
    Op.MOVED_HERE: ('<ins class="moved" title="moved here">', "</ins>"),
}


def _html_spans(spans: Iterable[Span]) -> str:
    out = []
    for sp in spans:
        start, end = _TAGS.get(sp.op, ("", ""))
        out.append(f"{start}{html.escape(sp.text)}{end}")
    return "".join(out)


def _html_diff(name: str, diff: WordDiff) -> str:
    if name != "body":
        return f'<h4>{name}</h4><p class="diff {name}">{_html_spans(diff.spans)}</p>'
    paras = paragraphs(diff)
    shown = _kept(paras)
    parts = []
    for at, i in enumerate(shown):
        if i is None:
            n = _elided(paras, shown, at)
            parts.append(f'<p class="elided">… {n} unchanged paragraph{"s" if n != 1 else ""}</p>')
        else:
            parts.append(f"<p>{_html_spans(paras[i])}</p>")
    return f'<h4>body</h4><div class="diff body">{"".join(parts)}</div>'


def _flags(change: Change) -> str:
    return "".join(
        f'<span class="flag {f}">{html.escape(FLAG_LABELS[f])}</span>' for f in change.flags
    )


def _link(prefix: str, v: Version) -> str:
    return (
        f'<a href="{html.escape(replay_url(prefix, v))}" title="{html.escape(v.record_id or "")}'
        f' in {html.escape(v.warc_file or "")}">{html.escape(minute(v.fetched_at))}</a>'
    )


def _change_html(n: int, change: Change, prefix: str) -> str:
    parts = [
        f"<h3>Version {n} → {n + 1}: {html.escape(', '.join(change.fields))} "
        f"<small>({html.escape(words(change))} words)</small></h3>",
        f'<p class="flags">{_flags(change)}Archived versions: {_link(prefix, change.before)} → '
        f"{_link(prefix, change.after)}</p>",
    ]
    for name in change.fields:
        if name in change.diffs:
            parts.append(_html_diff(name, change.diffs[name]))
    rows = [
        f"<tr><th>{name}</th><td><del>{html.escape(plain(change.before.get(name)))}</del></td>"
        f"<td><ins>{html.escape(plain(change.after.get(name)))}</ins></td></tr>"
        for name in change.fields
        if name in PLAIN_FIELDS
    ]
    if rows:
        head = "<tr><th>field</th><th>before</th><th>after</th></tr>"
        parts.append(f'<table class="plain">{head}{"".join(rows)}</table>')
    return f'<div class="change">{"".join(parts)}</div>'


def html_page(
    entries: EntryList,
    *,
    title: str,
    note: str,
    prefix: str = REPLAY_PREFIX,
) -> str:
    """One self-contained page (no script, nothing fetched): a summary table, then a section
    per article with each change's diffs, the plain fields before and after, and links to
    replay both archived versions."""
    entries = list(entries)
    summary = []
    sections = []
    anchored: set[str] = set()
    for n, (versions, found) in enumerate(entries, 1):
        last = versions[-1]
        site = host_of(last.url)
        if site not in anchored:  # where the crawl report links a site's changes to
            anchored.add(site)
            sections.append(f'<a id="site-{html.escape(site)}"></a>')
        numbers = {id(v): i for i, v in enumerate(versions, 1)}
        for c in found:
            summary.append(
                "<tr>"
                f"<td>{html.escape(minute(c.after.fetched_at))}</td>"
                f"<td>{html.escape(c.after.site or '')}</td>"
                f'<td><a href="#article-{n}">{html.escape(c.after.headline or c.after.url)}</a>'
                f"</td><td>{html.escape(', '.join(c.fields))}</td>"
                f"<td>{html.escape(words(c))}</td><td>{_flags(c)}</td></tr>"
            )
        changes_html = "".join(_change_html(numbers[id(c.before)], c, prefix) for c in found)
        sections.append(
            f'<section class="article" id="article-{n}">'
            f"<h2>{html.escape(last.headline or last.url)}</h2>"
            f'<p class="note"><a href="{html.escape(last.url)}">{html.escape(last.url)}</a>'
            f" · {counted(len(versions), 'version')}, first archived "
            f"{html.escape(minute(versions[0].fetched_at))} UTC</p>{changes_html}</section>"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("when (UTC)", "site", "article", "fields", "words", "flags")
    )
    table = (
        f'<table class="summary"><tr>{head}</tr>{"".join(summary)}</table>'
        if summary
        else '<p class="note">No changes.</p>'
    )
    legend = (
        '<p class="note">Marks: <ins>added</ins> <del>removed</del> '
        '<del class="moved">moved away</del> <ins class="moved">moved here</ins>; words '
        "+added -removed ~moved. A stealth edit: what a reader sees changed, the page's "
        "updated date did not, and no notice says so.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<p class="note">{html.escape(note)}</p>
{legend}
{table}
{"".join(sections)}
</body></html>
"""
