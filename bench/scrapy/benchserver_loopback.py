# Scrapy's own bench server (scrapy.utils.benchserver.Root, the pages `scrapy bench` crawls), bound to
# loopback only and stopping by itself, for bench/crawl-vs-scrapy.sh to point sluice at.
#
#   python3 bench/scrapy/benchserver_loopback.py [--host 127.0.0.1] [--port 8998] [--duration 120]
#
# `python3 -m scrapy.utils.benchserver` (what `scrapy bench` starts) listens on 0.0.0.0:8998, every
# interface, and runs until killed. This serves the very same Root resource (imported, not copied),
# on --host (a loopback address; anything else is refused) and --port (0: any free port), and stops
# after --duration seconds. Its first line is 'Bench server at http://HOST:PORT', as the original's.
#
# The pages (Scrapy 2.8): any path; the query's total (default 100) and show (default 10) are read,
# and the page links `show` times to '/follow?<the same query with n=K>', K drawn uniformly from
# 1..total (Python's random, unseeded: the same URL gives different links each time). No latency, no
# errors; about 1.4 KiB of HTML for show=20; chunked HTTP/1.1 with keep-alive. `scrapy bench` starts
# at http://localhost:8998?total=100000&show=20, so at most 100,000 distinct pages (n) plus the start.
#
# Two extra paths, answered here and never by Root (its links never use them):
#   /__bench/stats         JSON: requests (pages served), distinct (distinct URLs served),
#                          duplicates (requests - distinct), uptimeSeconds
#   /__bench/stats/reset   zeroes those counts
import argparse
import ipaddress
import json
import sys
import time

from scrapy.utils.benchserver import Root
from twisted.internet import reactor
from twisted.web.server import Site


class CountingRoot(Root):
    def __init__(self):
        super().__init__()
        self.reset()
        self.started = time.monotonic()

    def reset(self):
        self.requests = 0
        self.seen = set()

    def render(self, request):
        path = request.path
        if path == b"/__bench/stats":
            request.setHeader(b"content-type", b"application/json")
            return (json.dumps({
                "requests": self.requests,
                "distinct": len(self.seen),
                "duplicates": self.requests - len(self.seen),
                "uptimeSeconds": round(time.monotonic() - self.started, 3),
            }) + "\n").encode()
        if path == b"/__bench/stats/reset":
            self.reset()
            request.setHeader(b"content-type", b"application/json")
            return b'{"reset": true}\n'
        self.requests += 1
        # The page's identity: its path and its query's arguments, in a fixed order (the same
        # page whatever order a client writes them in).
        self.seen.add((path, tuple(sorted((k, tuple(v)) for k, v in request.args.items()))))
        return super().render(request)


def main():
    parser = argparse.ArgumentParser(description="Scrapy's bench server on loopback, for a bounded time")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8998)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds before it stops by itself")
    args = parser.parse_args()
    host = "127.0.0.1" if args.host == "localhost" else args.host
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        sys.exit(f"benchserver_loopback: --host must be a loopback address, not {args.host}")
    if args.duration <= 0:
        sys.exit("benchserver_loopback: --duration must be above 0")

    root = CountingRoot()
    port = reactor.listenTCP(args.port, Site(root), interface=host)

    def listening():
        h = port.getHost()
        print(f"Bench server at http://{h.host}:{h.port}", flush=True)

    def stop():
        print(f"stats: {json.dumps({'requests': root.requests, 'distinct': len(root.seen)})}", flush=True)
        reactor.stop()

    reactor.callWhenRunning(listening)
    reactor.callLater(args.duration, stop)
    reactor.run()


if __name__ == "__main__":
    main()
