"""Spiders the library runs itself (scrapy reparse); the crawl's own are in the spiders package."""
