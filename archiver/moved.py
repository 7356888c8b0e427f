"""Component modules moved to their rooms, still importable by their old paths, with a warning."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

#: Old module path -> its room: settings written before the rooms (DOWNLOADER_MIDDLEWARES,
#: ITEM_PIPELINES, ADDONS, DOWNLOADER...) name the old paths.
MOVED = {
    "archiver.addon": "archiver.addons.feed",
    "archiver.bounded": "archiver.downloadermiddlewares.bounded",
    "archiver.dedupe": "archiver.pipelines.dedupe",
    "archiver.downloader": "archiver.core.downloader",
    "archiver.feeds": "archiver.extensions.feeds",
    "archiver.feedstorage": "archiver.extensions.feedstorage",
    "archiver.politeness": "archiver.addons.contact",
    "archiver.redirects": "archiver.downloadermiddlewares.redirect",
    "archiver.retry": "archiver.downloadermiddlewares.retry",
    "archiver.robots": "archiver.downloadermiddlewares.robotstxt",
    "archiver.unchanged": "archiver.pipelines.unchanged",
    "archiver.warc.handler": "archiver.core.downloader.handlers.http",
    "archiver.warc.middleware": "archiver.downloadermiddlewares.warc",
}


class MovedPathWarning(FutureWarning):
    """A setting names a component by the path it had before it moved to its room."""


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports an old path as a module holding the new module's names (the same objects)."""

    def find_spec(self, fullname: str, path: object = None, target: object = None):  # noqa: ANN201
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # a module of its own: the real one keeps its name and spec

    def exec_module(self, module: ModuleType) -> None:
        new = MOVED[module.__name__]
        warnings.warn(
            f"{module.__name__} moved to {new}: name the new path in your settings",
            MovedPathWarning,
            stacklevel=2,
        )
        real = importlib.import_module(new)
        module.__dict__.update({k: v for k, v in vars(real).items() if not k.startswith("__")})


def install() -> None:
    """Lets the old paths import (once per process)."""
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.append(_Alias())
