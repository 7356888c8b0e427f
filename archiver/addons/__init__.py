"""Add-ons (ADDONS): settings folded in before the crawl starts, as scrapy.addons."""
