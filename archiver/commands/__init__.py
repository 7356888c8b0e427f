"""Scrapy commands of the archiver (COMMANDS_MODULE): demo, extract, reparse, query..."""
