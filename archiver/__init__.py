"""News archiver: Scrapy crawls news sites into JSONL articles and WARC archives."""

from archiver.moved import install as _install_moved_paths

__version__ = "0.1.0"

_install_moved_paths()
