"""Spider middlewares (SPIDER_MIDDLEWARES), one a module, as scrapy.spidermiddlewares."""
