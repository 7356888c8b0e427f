"""News archiver: Scrapy crawls news sites into JSONL articles and WARC archives."""

__version__ = "0.1.0"
