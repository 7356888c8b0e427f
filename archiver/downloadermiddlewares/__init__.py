"""Downloader middlewares (DOWNLOADER_MIDDLEWARES), one a module: scrapy.downloadermiddlewares."""
