"""Our settings for commands run outside the project folder (installed as entry points)."""

from __future__ import annotations

import os

from scrapy.settings import BaseSettings

#: The settings module scrapy.cfg names; loaded by the commands wherever they run.
SETTINGS_MODULE = "archiver.settings"


def use_project_settings(settings: BaseSettings) -> None:
    """Load ``archiver.settings`` under the command's own settings, unless a project did.

    Inside the project folder scrapy.cfg names them; anywhere else Scrapy would run our
    commands with its defaults: no news spider, no pipelines, no WARC archiving. Paths in them
    (``output/...``) are relative to the folder the command runs in. A Scrapy project of the
    user's own (``SCRAPY_SETTINGS_MODULE``) keeps its settings.
    """
    if os.environ.get("SCRAPY_SETTINGS_MODULE"):
        return
    settings.setmodule(SETTINGS_MODULE, priority="project")
