"""Download handlers (DOWNLOAD_HANDLERS), as scrapy.core.downloader.handlers."""
