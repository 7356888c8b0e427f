"""Project defaults: politeness, WARC archiving, the article pipeline and the JSONL feed."""

import os

# Scrapy's cookie middleware asks tldextract for the public suffix list, which it fetches from
# the web at every start unless told otherwise. Use the snapshot tldextract ships: crawls start
# the same way offline, and cookie scoping does not change from one run to the next.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

BOT_NAME = "news-archiver"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "archiver.commands"

# Politeness by default: archivists crawl other people's sites for years.
ROBOTSTXT_OBEY = True
# No project URL to point to: ARCHIVER_CONTACT adds the operator's address (addons/contact.py).
USER_AGENT = "news-archiver/0.1 (archiving for research)"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# News pages are small; a 50 MB page is an error, not an article.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
# A body cut short of its Content-Length (the server closed early) reaches the WARC writer,
# marked WARC-Truncated: disconnect, instead of being thrown away; RetryAfterMiddleware asks
# for it again, and no item is made of a short copy (ArticlePipeline).
DOWNLOAD_FAIL_ON_DATALOSS = False
# Seconds a whole download may take (Scrapy's default, 180, holds a page a server trickles for
# three minutes, then again for each retry). A news page comes in seconds; this leaves room for
# a slow server and for a large page at a few Mbit/s. A download over it is logged at WARNING,
# retried ARCHIVER_TIMEOUT_RETRIES times, then counted lost (archiver/failed/timeout).
DOWNLOAD_TIMEOUT = 30.0
ARCHIVER_TIMEOUT_RETRIES = 1
# Pages given up on are said once, by the spider's WARNING naming why and counted in
# archiver/failed/<kind>; the exit status counts them (one rule: archiver.extensions.runsummary),
# not Scrapy's log level.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"

# Scrapy's Downloader with the per-site concurrency cap kept at a DOWNLOAD_DELAY of 0 (Scrapy
# 2.19 starts a slot's whole queue at once), and one budget per site for the whole cluster
# when ARCHIVER_REDIS_URL is set (archiver/core/downloader/).
DOWNLOADER = "archiver.core.downloader.Downloader"

DOWNLOAD_HANDLERS = {
    # Keeps the reason phrase and connection headers that Twisted hides, for the WARC records.
    "http": "archiver.core.downloader.handlers.http.ArchivingHTTPDownloadHandler",
    "https": "archiver.core.downloader.handlers.http.ArchivingHTTPDownloadHandler",
}

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's, fetching each host's robots.txt once for obeying it and for the spider's
    # reading of its Sitemap lines, and saying a failed fetch in one line.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "archiver.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
    # Retries 429/503 after the server's Retry-After, in place of Scrapy's RetryMiddleware.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.downloadermiddlewares.retry.RetryAfterMiddleware": 550,
    # Before RedirectMiddleware (600) sees a redirect: one back into its own chain is a failure
    # said out loud, where the duplicate filter would drop it without a word.
    "archiver.downloadermiddlewares.redirect.RedirectLoopMiddleware": 610,
    # Below HttpCompressionMiddleware (590): the decoded HTML body, its pathological tags
    # bounded before Scrapy's selector parses it in the crawl's own thread.
    "archiver.downloadermiddlewares.bounded.BoundedMarkupMiddleware": 580,
    # Below WarcMiddleware: its process_response sees the response once archived (or revisited).
    "archiver.downloadermiddlewares.incremental.IncrementalMiddleware": 940,
    # Above HttpCompressionMiddleware (590), like HttpCacheMiddleware (900): it sees the bytes
    # as the server sent them, before decompression.
    "archiver.downloadermiddlewares.warc.WarcMiddleware": 950,
}

# A page yields one item (an article) or requests, never many items: Scrapy's default of 100
# starts 100 tasks per response for nothing (7.5% of a crawl's time). Pages are extracted
# in parallel all the same: every response in the scraper is processed at once.
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {
    "archiver.pipelines.article.ArticlePipeline": 300,
    # One item per article: an article reached by several URLs is written once.
    "archiver.pipelines.dedupe.DuplicatesPipeline": 400,
    # After extraction and deduplication: a recheck whose article did not change exports nothing.
    "archiver.pipelines.unchanged.UnchangedArticlePipeline": 450,
}

ADDONS = {
    # FEEDS from ARCHIVER_DEFAULT_FEED when the command line names no feed.
    "archiver.addons.feed.DefaultFeed": 0,
    # ARCHIVER_CONTACT folded into USER_AGENT.
    "archiver.addons.contact.ContactUserAgent": 0,
    # ARCHIVER_REDIS_URL set: a crawl shared by several processes (before DefaultFeed: it names
    # a default feed per worker).
    "archiver.addons.distributed.Distributed": -10,
}

EXTENSIONS = {
    "archiver.extensions.runlock.RunLock": 10,
    # Before RunSummary: its drift alarms are on the runs.log line and in the exit status.
    "archiver.extensions.coverage.FieldCoverage": 850,
    "archiver.extensions.runsummary.RunSummary": 900,
    "archiver.extensions.progress.Progress": 950,
    # The crawl state's one owner (SQLite, or Redis with ARCHIVER_REDIS_URL). Last: it closes
    # the state once the others recorded the run.
    "archiver.state.owner.StateOwner": 990,
}

# -- WARC ------------------------------------------------------------------------------------
ARCHIVER_WARC_ENABLED = True
ARCHIVER_WARC_DIR = "output/warc"
ARCHIVER_WARC_PREFIX = ""  # empty: the spider's name
ARCHIVER_WARC_MAX_SIZE = 1024 * 1024 * 1024  # rotate past 1 GiB, as Heritrix does by default
ARCHIVER_WARC_OPERATOR = ""
ARCHIVER_WARC_DESCRIPTION = ""

# -- Articles --------------------------------------------------------------------------------
# Timezone for dates printed without one, when the site profile does not say.
ARCHIVER_DEFAULT_TIMEZONE = ""
# Extraction runs in this many worker processes (None: one per core; 0: in the crawl's own
# process, with no time limit), so that downloads and archiving go on meanwhile.
ARCHIVER_EXTRACT_WORKERS = None
# A page whose extraction takes longer, in seconds, is dropped (it stays in the WARC) and its
# worker replaced: one pathological page must not hold a worker for minutes.
ARCHIVER_EXTRACT_TIMEOUT = 30.0

# -- Rendering (archiver/render/; site profile key `render`, or -a render=true) ----------------
# Pages rendered in headless Chromium through scrapy-playwright, only when the profile or this
# setting asks: every other crawl stays on the plain HTTP client and starts no browser.
ARCHIVER_RENDER = False
# Chromium executable; empty: chromium (Debian's package), chromium-browser or google-chrome
# on PATH. `playwright install` is not needed.
ARCHIVER_RENDER_BROWSER = ""
# Seconds a page may take to load (its load event); past it the page fails (failed/timeout).
ARCHIVER_RENDER_TIMEOUT = 30.0
# After the load event, a page has settled once no request was in flight for QUIET seconds,
# or SETTLE_MAX seconds passed (live blogs poll forever).
ARCHIVER_RENDER_QUIET = 0.5
ARCHIVER_RENDER_SETTLE_MAX = 5.0
# Requests a page may make besides its document; more are refused (and counted).
ARCHIVER_RENDER_MAX_RESOURCES = 200
# Host names (subdomains too) the browser never fetches: ads, trackers. The profile's
# render_block list adds to it.
ARCHIVER_RENDER_BLOCK: list[str] = []
# Fetch and archive images too (fonts and media are never fetched when rendering).
ARCHIVER_RENDER_IMAGES = False
# Pages open in the browser at once.
ARCHIVER_RENDER_PAGES = 4
# The browser is closed and started again after this many pages: its memory only grows.
ARCHIVER_RENDER_RESTART_AFTER = 200

# -- Feeds -----------------------------------------------------------------------------------
# Used only when FEEDS is empty, so -o/-O on the command line replace it, as Scrapy users
# expect; appended to across runs, one article per line. One per crawl (spider and site, the
# name of its state and lock files): two sites never share it, nor its crash catch-up.
ARCHIVER_DEFAULT_FEED = "output/%(crawl)s.jsonl"
# Feed URIs may say %(crawl)s (news-sbs) beside Scrapy's %(name)s, %(time)s...
FEED_URI_PARAMS = "archiver.extensions.feeds.uri_params"
FEED_EXPORT_ENCODING = "utf-8"

# Unbuffered local feed files: a line exported is on disk before the crawl state counts it.
FEED_STORAGES = {
    "": "archiver.extensions.feedstorage.LineFileFeedStorage",
    "file": "archiver.extensions.feedstorage.LineFileFeedStorage",
}

# -- Scheduled and incremental runs ----------------------------------------------------------
ARCHIVER_STATE_ENABLED = True
# State, locks and the runs log sit beside ARCHIVER_WARC_DIR unless set: the state points into
# those WARC files, so another WARC directory means another crawl (output/state by default).
ARCHIVER_STATE_DIR = None
ARCHIVER_STATE_FILE = ""  # empty: ARCHIVER_STATE_DIR/<spider>-<site>.sqlite
# A known article found without a date saying it changed is fetched again (and stored as a
# revisit when unchanged) at most this often, in seconds; 0 rechecks it on every run.
ARCHIVER_STATE_RECHECK_AFTER = 6 * 3600.0
ARCHIVER_LOCK_ENABLED = True
ARCHIVER_LOCK_DIR = None  # output/locks
ARCHIVER_LOCK_SHARED = False  # set by the distributed add-on: one machine's workers share it
ARCHIVER_RUN_SUMMARY_ENABLED = True
ARCHIVER_RUN_LOG = None  # output/runs.log; "" for none
ARCHIVER_RUN_FAIL_ON_ERRORS = True
# A status line rewritten on stderr every few seconds: True, False or "auto" (when stderr is a
# terminal, so cron and pipes get none); scrapy reparse sets "auto".
ARCHIVER_PROGRESS = False
ARCHIVER_PROGRESS_INTERVAL = 2.0
# A run whose field drift alarm fired exits 3 (cron mail, systemd OnFailure=); off: only logged.
ARCHIVER_RUN_FAIL_ON_DRIFT = False

# -- Field coverage and the drift alarm (archiver/extensions/coverage.py) ----------------------
# Per site and run: articles exported and how many have each field, kept in the crawl state.
ARCHIVER_COVERAGE_ENABLED = True
# A field alarms when the site filled it on at least NORMAL of its articles over its last
# HISTORY runs (at least MIN_RUNS runs and MIN_ARTICLES articles), and this run, of at least
# MIN_ARTICLES articles of the site, fills it DROP (absolute) less: 95% -> 55% or less alarms.
ARCHIVER_COVERAGE_DRIFT_MIN_ARTICLES = 20
ARCHIVER_COVERAGE_DRIFT_HISTORY = 10
ARCHIVER_COVERAGE_DRIFT_MIN_RUNS = 3
ARCHIVER_COVERAGE_DRIFT_NORMAL = 0.8
ARCHIVER_COVERAGE_DRIFT_DROP = 0.4

# -- Discovery and politeness (site profiles, spiders/news.py) -----------------------------------
# Folded into USER_AGENT ("...; contact: jane@example.org)") so that a site's admins can reach
# whoever runs the crawl rather than block it.
ARCHIVER_CONTACT = ""
# 429/503 are retried after the server's Retry-After (or an exponential backoff from
# ARCHIVER_RETRY_BACKOFF_BASE seconds), the whole site paused meanwhile; a Retry-After longer
# than ARCHIVER_RETRY_AFTER_MAX seconds is given up on rather than hammered.
ARCHIVER_RETRY_AFTER_ENABLED = True
ARCHIVER_RETRY_AFTER_MAX = 300.0
ARCHIVER_RETRY_BACKOFF_BASE = 5.0
ARCHIVER_DEDUPE_ENABLED = True

# -- Distributed crawling (archiver/addons/distributed.py, archiver/core/scheduler.py) -------
# A Redis URL (redis://host:6379/0): every process crawling the same site with it shares one
# request queue and duplicate filter (scrapy-redis). Empty: an ordinary, single-process crawl.
ARCHIVER_REDIS_URL = ""
# This worker's name in its WARC and default feed file names; empty: the process id.
ARCHIVER_REDIS_WORKER = ""
# A worker stops once the shared queue has been empty this many seconds (others may still be
# parsing pages that add requests to it).
ARCHIVER_REDIS_IDLE_TIMEOUT = 30.0
# Redis key prefix of the crawl; empty: archiver:<spider>-<site>.
ARCHIVER_REDIS_KEY = ""
# A worker whose heartbeat (every third of this, at most 5 s) stopped this many seconds ago is
# dead: the requests it had taken go back to the queue, its politeness tokens
# (archiver/core/downloader/budget.py) to the other workers.
ARCHIVER_REDIS_LEASE_TTL = 30

LOG_LEVEL = "INFO"
