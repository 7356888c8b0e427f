"""The Article item: stable field names, documented formats, JSON lines through Scrapy."""

from __future__ import annotations

import ast
import inspect
import io
import json
import re
from dataclasses import fields

from scrapy.exporters import JsonLinesItemExporter

from archiver.items import Article, Image, WarcRef
from tests.conftest import ROOT

# The JSONL contract archivists' scripts rely on: changing it is a breaking change.
STABLE_FIELDS = [
    "url", "canonical_url", "site", "headline", "description", "section", "tags", "language",
    "byline", "authors", "agencies", "organisations", "published", "published_raw", "updated",
    "updated_raw", "image", "images", "body", "fetched_at", "warc", "sources", "extractor",
    "page_type",
]  # fmt: skip


def _field_docstrings(cls: type) -> dict[str, str]:
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs = {}
    for node, nxt in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr):
            docs[node.target.id] = nxt.value.value  # type: ignore[union-attr]
    return docs


def test_field_names_are_stable() -> None:
    assert [f.name for f in fields(Article)] == STABLE_FIELDS


def test_every_field_has_a_docstring_and_a_readme_row() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, re.M))
    for cls in (Article, Image, WarcRef):
        docs = _field_docstrings(cls)
        for f in fields(cls):
            assert docs.get(f.name, "").strip(), f"{cls.__name__}.{f.name} has no docstring"
    assert set(STABLE_FIELDS) <= documented


def test_jsonl_export_nests_images_and_warc_ref() -> None:
    article = Article(
        url="https://news.example/a",
        headline="Ünïcode headline — “quoted”",
        authors=["Michaela Morgan"],
        agencies=["AAP"],
        published="2017-05-31T11:38:00+10:00",
        published_raw="31 May 2017 - 11:38 AM",
        image=Image(url="https://news.example/i.jpg", caption="A caption.", credit="AAP",
                    credit_raw="Source: AAP"),
        warc=WarcRef(filename="news-1.warc.gz", record_id="<urn:uuid:1>"),
    )  # fmt: skip
    article.images = [article.image]
    buf = io.BytesIO()
    exporter = JsonLinesItemExporter(buf, encoding="utf-8", ensure_ascii=False)
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    line = buf.getvalue().decode("utf-8")
    assert line.endswith("\n") and line.count("\n") == 1
    assert "Ünïcode headline — “quoted”" in line  # UTF-8, not \u escapes
    data = json.loads(line)
    assert list(data) == STABLE_FIELDS
    assert data["image"] == {
        "url": "https://news.example/i.jpg",
        "caption": "A caption.",
        "credit": "AAP",
        "credit_raw": "Source: AAP",
    }
    assert data["images"] == [data["image"]]
    assert data["warc"] == {"filename": "news-1.warc.gz", "record_id": "<urn:uuid:1>"}
    assert data["tags"] == [] and data["body"] is None
