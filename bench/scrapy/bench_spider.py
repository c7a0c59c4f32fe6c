# `scrapy bench`'s own spider (scrapy.commands.bench._BenchSpider, imported, not copied), to run with
# `scrapy runspider` against bench/scrapy/benchserver_loopback.py when `scrapy bench` itself cannot
# be isolated in a network namespace (bench/crawl-vs-scrapy.sh, SCRAPY_BENCH_NETNS=no):
#
#   scrapy runspider bench/scrapy/bench_spider.py -a baseurl=http://127.0.0.1:8998 -a total=100000 \
#     -s LOG_LEVEL=INFO -s LOGSTATS_INTERVAL=1 -s CLOSESPIDER_TIMEOUT=30
#
# Those -s settings are `scrapy bench`'s default_settings (its CLOSESPIDER_TIMEOUT default is 10);
# total=100000 is what the bench command passes; show stays the spider's 20. The spider starts at
# BASEURL?total=100000&show=20 and follows every link (LinkExtractor). Everything else is Scrapy's
# defaults, as under `scrapy bench`: CONCURRENT_REQUESTS 16, CONCURRENT_REQUESTS_PER_DOMAIN 8, so 8
# requests in flight to the one host.
from scrapy.commands.bench import _BenchSpider


class BenchSpider(_BenchSpider):
    # Defined here so that runspider finds it (it takes only classes defined in the file it runs).
    name = "follow"
