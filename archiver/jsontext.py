"""JSON a page embeds (JSON-LD), read within bounds: None for what is broken, huge or too deep."""

from __future__ import annotations

import json
import re
from typing import Any

import jstyleson

# A block longer than this is no article's metadata (whole site feeds, serialised app state):
# skipped, not parsed. Characters of text.
MAX_JSON_CHARS = 5_000_000
# Nesting kept of a parsed block: schema.org metadata is a few levels deep; deeper values are
# cut off (replaced by None), so that no walk of the result can exhaust the stack.
MAX_JSON_DEPTH = 64

# Leading HTML or JavaScript comment lines some pages put in their JSON-LD (extruct's rule).
_COMMENT_LINE_RE = re.compile(r"^\s*(//.*|<!--.*-->)")


def load_json(text: str | None) -> Any:  # noqa: ANN401 - any JSON value
    """The value of a JSON text as extruct reads JSON-LD (control characters in strings allowed,
    leading comment lines dropped), its containers cut at `MAX_JSON_DEPTH`; None for a text
    that is empty, over `MAX_JSON_CHARS`, broken, or nested beyond what the parser can read."""
    if not text or len(text) > MAX_JSON_CHARS:
        return None
    try:
        try:
            value = json.loads(text, strict=False)
        except ValueError:
            value = jstyleson.loads(_COMMENT_LINE_RE.sub("", text), strict=False)
    except (ValueError, RecursionError, MemoryError):
        # RecursionError: thousands of nested brackets; the parser recurses per level.
        return None
    return _cut(value)


def _cut(value: Any) -> Any:  # noqa: ANN401
    """`value` with containers deeper than MAX_JSON_DEPTH replaced by None; iterative, so that
    a deep value cannot exhaust the stack here either."""
    if not isinstance(value, (dict, list)):
        return value
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        keys = node.keys() if isinstance(node, dict) else range(len(node))
        for key in keys:
            child = node[key]
            if isinstance(child, (dict, list)):
                if depth >= MAX_JSON_DEPTH:
                    node[key] = None
                else:
                    stack.append((child, depth + 1))
    return value
