"""Item pipelines (ITEM_PIPELINES), one a module: article, dedupe, unchanged."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:  # noqa: ANN401
    # ITEM_PIPELINES of settings written before the pipelines had a room of their own name
    # archiver.pipelines.ArticlePipeline; imported when asked, so that importing one pipeline
    # module never imports the extraction.
    if name == "ArticlePipeline":
        from archiver.pipelines.article import ArticlePipeline

        return ArticlePipeline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
