# A minimal Scrapy spider for bench/crawl-vs-scrapy.sh: crawls `sluice serve --config
# bench/crawl-site.yaml` (the synthetic site under /site/ on loopback hosts) by following every link,
# and writes its figures as one JSON object when the crawl ends.
#
#   scrapy runspider bench/scrapy/site_spider.py \
#     -a start=http://127.0.0.1:PORT/site/0 -a allow=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 \
#     -a out=/tmp/scrapy-stats.json \
#     -s CONCURRENT_REQUESTS=16 -s CONCURRENT_REQUESTS_PER_DOMAIN=16 -s CLOSESPIDER_TIMEOUT=60
#
# Spider arguments (-a NAME=VALUE):
#   start   comma-separated start URLs (required); the script passes page 0 on its own host
#   allow   comma-separated host names or IPs the crawl may visit (required): the site's loopback hosts.
#           Every one must be a loopback address (127.0.0.0/8, ::1) or localhost: the spider refuses others.
#   out     where to write the JSON figures (default: stdout, after the crawl)
#   links   how links are found: css (default; response.follow_all(css="a"), the minimal spider) or
#           extractor (scrapy.linkextractors.LinkExtractor, as `scrapy bench`'s spider does)
# Settings are Scrapy's own, given with -s (the script sets the concurrency, CLOSESPIDER_TIMEOUT and
# ROBOTSTXT_OBEY); custom_settings below only holds what is the same for every run.
#
# What it counts: `pages` is the responses parse() saw (every 200 of the site; robots.txt fetches and
# errors are not pages), timed from spider_opened; Scrapy's own stats (response_received_count,
# elapsed_time_seconds, dupefilter/filtered, ...) are copied beside it, and the process's CPU time.
# Scrapy runs the crawl on one thread (Twisted's reactor), so cpu_seconds / elapsed near 1.0 means
# the spider is CPU-bound on one core.
import datetime
import ipaddress
import json
import resource
import sys
import time
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.linkextractors import LinkExtractor
from twisted.internet.task import LoopingCall


def _loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SiteSpider(scrapy.Spider):
    name = "sluice-bench-site"

    custom_settings = {
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,  # it would listen on a port of its own: not needed here
        "ITEM_PIPELINES": {},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",  # the current fingerprint; the default "2.6" only warns
        # The defaults, spelled out: in-memory dupefilter and scheduler queues (no JOBDIR).
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.LifoMemoryQueue",
    }

    def __init__(self, start=None, allow=None, out=None, links="css", **kwargs):
        super().__init__(**kwargs)
        if not start or not allow:
            raise ValueError("give -a start=URL[,URL...] and -a allow=HOST[,HOST...]")
        self.start_urls = [u for u in start.split(",") if u]
        self.allowed_domains = [h for h in allow.split(",") if h]
        bad = [h for h in self.allowed_domains if not _loopback(h)]
        if bad:
            raise ValueError(f"allow: only loopback hosts may be crawled, not {bad}")
        for url in self.start_urls:
            host = urlsplit(url).hostname
            if host not in self.allowed_domains:
                raise ValueError(f"start URL {url} is not on an allowed host {self.allowed_domains}")
        if links not in ("css", "extractor"):
            raise ValueError(f"links must be css or extractor, not {links!r}")
        self.links = links
        # No allow_domains here: LinkExtractor compares it with the URL's netloc, port included, so it
        # would drop every link; the offsite middleware (host name only) keeps the crawl on the hosts.
        self.extractor = LinkExtractor() if links == "extractor" else None
        self.out = out
        self.pages = 0
        self.non200 = 0
        self.t_open = None
        self.t_first = None
        self.t_last = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        # engine_stopped comes after spider_closed and after the stats collector has closed, so
        # elapsed_time_seconds and finish_reason are in the stats by then.
        crawler.signals.connect(spider._write_figures, signal=signals.engine_stopped)
        return spider

    def _opened(self, spider):
        self.t_open = time.monotonic()
        self.cpu_open = resource.getrusage(resource.RUSAGE_SELF)
        # Every 5 s: seconds since opened, pages, CPU seconds, pending requests. Tells a rate that
        # falls because the spider got less CPU (a shared machine) from one that falls because
        # each page costs more (its pending queue and memory grow).
        self.timeline = []
        self.ticker = LoopingCall(self._tick)
        self.ticker.start(5.0, now=False)

    def _cpu(self):
        u = resource.getrusage(resource.RUSAGE_SELF)
        return u.ru_utime + u.ru_stime - self.cpu_open.ru_utime - self.cpu_open.ru_stime

    def _tick(self):
        try:
            pending = len(self.crawler.engine.slot.scheduler)
        except Exception:
            pending = None
        self.timeline.append([round(time.monotonic() - self.t_open, 2), self.pages, round(self._cpu(), 2), pending])

    def parse(self, response):
        now = time.monotonic()
        if response.status != 200:
            self.non200 += 1
            return
        self.pages += 1
        if self.t_first is None:
            self.t_first = now
        self.t_last = now
        if self.extractor is None:
            # Relative links (same host) and absolute ones (other hosts); the offsite middleware
            # drops anything not on allowed_domains, the dupefilter what was seen before.
            yield from response.follow_all(css="a", callback=self.parse)
        else:
            for link in self.extractor.extract_links(response):
                yield scrapy.Request(link.url, callback=self.parse)

    def _write_figures(self):
        if self.t_open is not None and self.ticker.running:
            self.ticker.stop()
        stats = self.crawler.stats.get_stats()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        end = time.monotonic()
        crawl_seconds = (end - self.t_open) if self.t_open is not None else 0.0
        settings = self.crawler.settings

        def plain(value):
            if isinstance(value, (datetime.datetime, datetime.date)):
                return value.isoformat()
            return value

        cpu_user = usage.ru_utime - self.cpu_open.ru_utime if self.t_open else usage.ru_utime
        cpu_sys = usage.ru_stime - self.cpu_open.ru_stime if self.t_open else usage.ru_stime
        figures = {
            "tool": "scrapy",
            "scrapy_version": scrapy.__version__,
            "python": sys.version.split()[0],
            "start": self.start_urls,
            "allowed": self.allowed_domains,
            "links": self.links,
            "settings": {
                k: settings.get(k)
                for k in ("CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_REQUESTS_PER_IP",
                          "DOWNLOAD_DELAY", "ROBOTSTXT_OBEY", "CLOSESPIDER_TIMEOUT", "TWISTED_REACTOR",
                          "DUPEFILTER_CLASS", "SCHEDULER_MEMORY_QUEUE", "SCHEDULER_PRIORITY_QUEUE", "DEPTH_PRIORITY")
            },
            "pages": self.pages,
            "non200": self.non200,
            # From spider_opened to the end of the crawl (what CLOSESPIDER_TIMEOUT bounds, plus
            # finishing the requests in flight when it fired).
            "seconds": round(crawl_seconds, 3),
            "pages_per_min": round(60.0 * self.pages / crawl_seconds, 1) if crawl_seconds > 0 else 0,
            # First to last page: leaves out the start-up and the wind-down.
            "first_to_last_seconds": round(self.t_last - self.t_first, 3) if self.t_first is not None else 0,
            "cpu_user_seconds": round(cpu_user, 2),
            "cpu_system_seconds": round(cpu_sys, 2),
            "cpu_per_wall": round((cpu_user + cpu_sys) / crawl_seconds, 3) if crawl_seconds > 0 else 0,
            "max_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "timeline": {"columns": ["seconds", "pages", "cpu_seconds", "pending_requests"],
                         "rows": self.timeline if self.t_open is not None else []},
            "scrapy_stats": {k: plain(v) for k, v in sorted(stats.items())},
        }
        text = json.dumps(figures, indent=2, sort_keys=False)
        if self.out:
            with open(self.out, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            print(text, flush=True)
