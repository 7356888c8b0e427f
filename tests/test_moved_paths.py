"""Settings written before the rooms name components by their old paths: they still load, the
same classes, with one warning naming the new path."""

from __future__ import annotations

import importlib
import sys

import pytest
from scrapy.utils.misc import load_object

from archiver.moved import MOVED, MovedPathWarning


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_old_path_loads_the_same_objects(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(MovedPathWarning, match=f"{old} moved to {new}"):
        module = importlib.import_module(old)
    real = importlib.import_module(new)
    public = [k for k in vars(real) if not k.startswith("_")]
    assert public and all(getattr(module, k) is getattr(real, k) for k in public)


def test_a_setting_naming_an_old_path_loads() -> None:
    # What Scrapy does with each path of ITEM_PIPELINES, DOWNLOADER_MIDDLEWARES, ADDONS...
    cls = load_object("archiver.unchanged.UnchangedArticlePipeline")
    assert cls.__module__ == "archiver.pipelines.unchanged"
