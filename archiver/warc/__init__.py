"""WARC writing (writer, downloader middleware, download handler) and reading."""
