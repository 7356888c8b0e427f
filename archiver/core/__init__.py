"""Replacements of Scrapy's core parts, as scrapy.core: the Downloader and its handlers, and
the Scheduler of a distributed crawl."""
