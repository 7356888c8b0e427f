"""WARC writing and reading: records, CDXJ index, warcinfo, ARC conversion, WACZ packages."""

from news_archiver_warcio_br import install_on_import

# Every reader of our WARC files (reparse, replay, warc-index, wacz) decodes br responses.
install_on_import()
