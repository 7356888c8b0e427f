"""Small helpers with no Scrapy state, as scrapy.utils: URLs, counted words, usage errors."""
