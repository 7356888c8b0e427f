"""Pages rendered in headless Chromium (scrapy-playwright), with what the browser fetched."""
