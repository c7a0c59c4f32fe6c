#!/usr/bin/env python3
"""A sluice worker in Python, standard library only.

sluice's process scheduler starts one of these per worker slot when a stage says

    scheduler: {kind: process, command: [python3, examples/workers/python/worker.py]}

and speaks the worker protocol, version 1 (docs/worker-protocol.md), with it: one JSON frame a line,
sluice's frames on stdin, ours on stdout, free text for people on stderr.

It does the work kinds of sluice's own stages: cpu (sum-of-squares, count), sleep, blocking-io,
identity and http. The stage's `init` mapping is kept as per-worker state (STATE["init"]), like what
a Pool(initializer=...) sets up; two of its keys mean something here:

    delay: 2s          sleep this long before answering ready (a costly start-up, e.g. a model)
    fail: "message"    answer fatal with this message and exit 2 (an initializer that fails)

Test hooks, read from the environment (an item matches when its value, as text, equals v):

    SLUICE_WORKER_TEST_HANG_ON=v   send what is done, then hang forever on that item
    SLUICE_WORKER_TEST_EXIT_ON=v   exit at once with status 3 on that item (a crash)

POSIX only: it waits on stdin with select().
"""

import collections
import http.client
import json
import os
import re
import select
import signal
import sys
import time
import urllib.error
import urllib.request

PROTOCOL = 1
MAX_RESULTS = 256  # results per frame at most
FLUSH_AFTER = 0.01  # seconds: while working through a backlog, answer at least this often
STATE = {}  # per-worker state, set up once by init


def log(message):
    print(f"python worker: {message}", file=sys.stderr, flush=True)


def send(frame):
    try:
        sys.stdout.write(json.dumps(frame, separators=(",", ":")) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # sluice is gone: there is nobody left to answer
        os._exit(0)


def fatal(message):
    log(message)
    send({"op": "fatal", "error": message})
    sys.exit(2)


class Frames:
    """Frames read from a file descriptor with os.read into a buffer of our own.

    Python's buffered sys.stdin may hold whole lines that select() cannot see, so it is not used at
    all: a frame is ready when a whole line is in our buffer, or select() says the pipe has bytes.
    """

    def __init__(self, fd):
        self.fd = fd
        self.buf = bytearray()
        self.start = 0  # where the next line begins in buf
        self.scanned = 0  # buf[start:scanned] holds no newline
        self.eof = False

    def next(self, wait):
        """The next frame, or None: at end of input, or (wait False) when no whole frame is here."""
        while True:
            end = self.buf.find(b"\n", self.scanned)
            if end >= 0:
                line = self.buf[self.start:end]
                self.start = self.scanned = end + 1
                if line.strip():
                    return parse(line)
                continue
            self.scanned = len(self.buf)
            if self.eof or (not wait and not select.select([self.fd], [], [], 0)[0]):
                return None  # a partial last line at end of input is dropped
            chunk = os.read(self.fd, 1 << 20)
            del self.buf[:self.start]
            self.scanned -= self.start
            self.start = 0
            self.buf += chunk
            self.eof = not chunk


def parse(line):
    try:
        frame = json.loads(line)
    except ValueError as e:
        fatal(f"a frame that is not JSON ({e}): {bytes(line[:200])!r}")
    if not isinstance(frame, dict):
        fatal(f"a frame must be a JSON object, not {bytes(line[:200])!r}")
    return frame


def text(value):
    """An item as text, for ${item} and the test hooks: a string as it is, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(duration):
    """A duration as sluice writes it ("10ms", "1.5s", "1m30s", "0"), in seconds."""
    s = str(duration).strip()
    if s == "0":
        return 0.0
    parts = _DURATION.findall(s)
    if not s or "".join(n + unit for n, unit in parts) != s:
        raise ValueError(f"expected a duration such as 250ms, 2s or 1m, but was {duration!r}")
    return sum(float(n) * _UNITS[unit] for n, unit in parts)


class ItemFailure(Exception):
    """A failure whose message is the whole answer, with no exception type in front."""


def whole_number(value):
    """n for a cpu stage: an int, or a string of digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    elif isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        n = int(value)
    else:
        raise ItemFailure(f"a cpu stage needs a whole number, but the item was '{text(value)}'")
    if n < 0:
        raise ItemFailure(f"a cpu stage needs n >= 0, but the item was {n}")
    return n


def sum_of_squares(value):
    return sum(i * i for i in range(whole_number(value)))


def count(value):
    n = whole_number(value)
    for _ in range(n):
        pass
    return n


class _ConnectTimeout:
    """Connects within connect-timeout, then waits up to the request's timeout on each read."""

    def __init__(self, *args, connect_timeout, **kwargs):
        super().__init__(*args, **kwargs)
        self.connect_timeout = connect_timeout

    def connect(self):
        read_timeout, self.timeout = self.timeout, self.connect_timeout
        try:
            super().connect()
        finally:
            self.timeout = read_timeout
        self.sock.settimeout(read_timeout)


class _HTTPConnection(_ConnectTimeout, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_ConnectTimeout, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connect_timeout):
        super().__init__()
        self.connect_timeout = connect_timeout

    def http_open(self, req):
        return self.do_open(_HTTPConnection, req, connect_timeout=self.connect_timeout)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connect_timeout):
        super().__init__()
        self.connect_timeout = connect_timeout

    def https_open(self, req):
        return self.do_open(_HTTPSConnection, req, context=self._context, connect_timeout=self.connect_timeout)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is the answer, as with sluice's own client


def http_work(work):
    method = str(work.get("method", "GET")).upper()
    url = work.get("url")
    if not url:
        raise ValueError("an http stage needs a url")
    headers = dict(work.get("headers") or {})
    body = work.get("body") or ""
    timeout = seconds(work.get("timeout", "30s"))
    connect_timeout = seconds(work.get("connect-timeout", "10s"))
    # One opener per process, built once; no proxies from the environment, no redirects followed.
    opener = STATE["opener"] = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _NoRedirects(),
        _HTTPHandler(connect_timeout), _HTTPSHandler(connect_timeout))

    def fetch(value):
        item = text(value)
        target = url.replace("${item}", item)
        data = body.replace("${item}", item).encode() if body else None
        request = urllib.request.Request(target, data=data, headers=headers, method=method)
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as e:  # a 3xx, 4xx or 5xx is an answer, not a failure
            response = e
        except urllib.error.URLError as e:  # no answer: say why (refused, timed out, no such host)
            raise (e.reason if isinstance(e.reason, OSError) else e) from None
        size = 0
        if getattr(response, "fp", True) is not None:  # an HTTPError may come without a body
            with response:
                while chunk := response.read(65536):
                    size += len(chunk)
        return {"url": target, "status": response.code, "bytes": size}

    return fetch


def make_work(work):
    """The function that does one item, for the stage's `work` settings."""
    kind = work.get("kind")
    if kind == "identity":
        return lambda value: value
    if kind in ("sleep", "blocking-io"):
        pause = seconds(work.get("duration", "0"))

        def sleep(value):
            time.sleep(pause)
            return value

        return sleep
    if kind == "cpu":
        functions = {"sum-of-squares": sum_of_squares, "count": count}
        if work.get("function") not in functions:
            raise ValueError(f"a cpu stage's function is sum-of-squares or count, not {work.get('function')!r}")
        return functions[work["function"]]
    if kind == "http":
        return http_work(work)
    raise ValueError(f"this worker cannot do work of kind {kind!r} (it does cpu, sleep, blocking-io, identity, http)")


def start(frame):
    """Answers the init frame: sets up the per-worker state and says ready, or fatal."""
    if frame.get("op") != "init":
        fatal(f"the first frame must be init, not {frame.get('op')!r}")
    if frame.get("protocol") != PROTOCOL:
        fatal(f"this worker speaks protocol {PROTOCOL}, but sluice asked for {frame.get('protocol')!r}")
    settings = frame.get("init") or {}
    if not isinstance(settings, dict) or not isinstance(frame.get("work"), dict):
        fatal("init's `work` and `init` must be mappings")
    STATE.update(init=settings, worker=frame.get("worker"), stage=frame.get("stage"))
    try:
        do = make_work(frame["work"])
        delay = seconds(settings.get("delay", "0"))
    except ValueError as e:
        fatal(f"stage {frame.get('stage')!r}: {e}")
    time.sleep(delay)
    if "fail" in settings:
        fatal(str(settings["fail"]))
    send({"op": "ready", "pid": os.getpid()})
    return do


def run(do, item_id, value):
    try:
        return [item_id, True, do(value)]
    except ItemFailure as e:
        return [item_id, False, str(e)]
    except Exception as e:
        return [item_id, False, f"{type(e).__name__}: {e}"]


class Answers:
    """Results not sent yet: sent when idle, every MAX_RESULTS, or FLUSH_AFTER into a backlog."""

    def __init__(self):
        self.results = []
        self.since = None  # when the first item of the unsent results began

    def add(self, result, began):
        self.results.append(result)
        self.since = self.since or began
        if len(self.results) >= MAX_RESULTS or time.monotonic() - self.since >= FLUSH_AFTER:
            self.flush()

    def flush(self):
        if self.results:
            send({"op": "results", "results": self.results})
            self.results = []
        self.since = None


def items_of(frame):
    batch = frame.get("items")
    if not isinstance(batch, list) or not all(
            isinstance(it, list) and len(it) == 2 and isinstance(it[0], int) for it in batch):
        fatal(f"an items frame needs `items`: a list of [id, value], not {json.dumps(batch)[:200]}")
    return batch


def main():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is sluice's to handle; it stops its workers
    frames = Frames(sys.stdin.fileno())
    first = frames.next(wait=True)
    if first is None:
        return 0
    do = start(first)
    hang_on = os.environ.get("SLUICE_WORKER_TEST_HANG_ON")
    exit_on = os.environ.get("SLUICE_WORKER_TEST_EXIT_ON")
    pending = collections.deque()  # [id, value] received, not started
    cancelled = set()
    answers = Answers()
    stopping = False
    while True:
        # Take in every frame already here (so a cancel is seen before the next item); wait for one
        # only when there is nothing else to do, and answer everything done before waiting.
        while not stopping:
            frame = frames.next(wait=False)
            if frame is None and not pending and not frames.eof:
                answers.flush()
                frame = frames.next(wait=True)
            if frame is None:
                if frames.eof:  # sluice closed our stdin: like shutdown, without bye; drop the rest
                    answers.flush()
                    return 0
                break
            op = frame.get("op")
            if op == "items":
                pending.extend(items_of(frame))
            elif op == "cancel":
                cancelled.update(i for i in frame.get("ids") or [] if isinstance(i, int))
            elif op == "shutdown":
                stopping = True
            else:
                log(f"ignoring a frame with op {op!r}")
        if not pending:  # shutting down, and all in hand is done
            answers.flush()
            send({"op": "bye", "cpu_seconds": time.process_time()})
            return 0
        item_id, value = pending.popleft()
        if item_id in cancelled:
            cancelled.discard(item_id)
            continue
        if hang_on is not None or exit_on is not None:
            if text(value) == exit_on:
                os._exit(3)
            if text(value) == hang_on:
                answers.flush()
                log(f"test hook: hanging on item {item_id}")
                while True:
                    time.sleep(3600)
        began = time.monotonic()
        answers.add(run(do, item_id, value), began)


if __name__ == "__main__":
    sys.exit(main())
