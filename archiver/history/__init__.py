"""Article history: every version of an article, what changed and when, stealth edits flagged.

versions.py (a version, a change, the stealth rule), diff.py (word diff, moves), notices.py
(correction and update notices), sources.py (versions from JSONL or WARC files), render.py
(text, JSON lines, HTML).
"""
