#!/usr/bin/env bash
# Crawl throughput of sluice next to Scrapy (issue 7), in the same run, on this machine, loopback only:
#   part "site":  the same synthetic site (`sluice serve --config bench/crawl-site.yaml`: 200,000 pages,
#                 40 links each, 4 loopback hosts) crawled by a minimal Scrapy spider and by sluice,
#                 with the same concurrency, each for DURATION seconds; pages/min side by side, with
#                 the server's own count of pages served and duplicates (GET /stats).
#   part "bench": `scrapy bench` (Scrapy's own benchmark: its bench server and spider) for
#                 BENCH_DURATION seconds, beside sluice crawling the same bench server for as long.
#
#   bench/crawl-vs-scrapy.sh
#   CONCURRENCY="16 64" bench/crawl-vs-scrapy.sh          # one pair of runs per level
#   PARTS=site DURATION=30 bench/crawl-vs-scrapy.sh        # only the synthetic site, 30 s per run
#   PARTS=bench bench/crawl-vs-scrapy.sh                   # only `scrapy bench` and sluice on its server
#   ROBOTS=1 LINKS=extractor SCRAPY_ORDER=bfs bench/crawl-vs-scrapy.sh
#
# Settings (environment; whole numbers unless said):
#   CONCURRENCY="16"        requests in flight, one or more levels (space-separated). Scrapy gets
#                           CONCURRENT_REQUESTS=N and CONCURRENT_REQUESTS_PER_DOMAIN=N (a "domain"
#                           is a host name without the port: each of the 4 loopback hosts).
#   DURATION=60             seconds per crawl of the synthetic site (Scrapy: CLOSESPIDER_TIMEOUT)
#   BENCH_DURATION=30       seconds of `scrapy bench` (-s CLOSESPIDER_TIMEOUT=...) and of sluice on its server
#   BENCH_CONCURRENCY=8     sluice's concurrency on the bench server: what `scrapy bench` gets from
#                           Scrapy's defaults (16 in all, 8 per domain, and its server is one host)
#   PARTS="site bench"      which parts to run
#   ROBOTS=0                1: Scrapy obeys robots.txt (ROBOTSTXT_OBEY=True; the site's robots.txt
#                           disallows nothing, so it costs one fetch per host); match sluice's setting
#   LINKS=css               the spider's link finding: css (response.follow_all(css="a")) or extractor
#                           (LinkExtractor, as scrapy bench's spider)
#   SCRAPY_ORDER=default    default: Scrapy's LIFO scheduler (depth-first); bfs: DEPTH_PRIORITY=1 and
#                           FIFO queues, breadth-first like sluice's frontier design (docs/crawl-frontier.md)
#   SCRAPY_BENCH_NETNS=auto `scrapy bench` starts its own server on 0.0.0.0:8998 (every interface), so
#                           it runs inside a new network namespace that has only loopback
#                           (`unshare --net`). auto: so when unshare works here, else no; no: Scrapy's
#                           bench spider (bench/scrapy/bench_spider.py) crawls the same loopback-only
#                           bench server that sluice crawls (bench/scrapy/benchserver_loopback.py).
#   BENCH_PORT=8998         port of that loopback-only bench server (127.0.0.1); a free one if taken
#   QUIET_WAIT=0            seconds to wait before each crawl for the shared machine to be quiet (the
#                           other processes under QUIET_MAX % of one core over 2 s); 0: do not wait
#   QUIET_MAX=25            that threshold
#   KEEP=0                  1: keep the work directory (logs, Scrapy's JSON figures, /stats answers)
#   RUN_SLACK=60            seconds a crawl may run past its duration before it is killed
#   STARTUP_TIMEOUT=120     seconds a server may take to start
#   BUILD_TIMEOUT=900       seconds the first ./sluice may take to build the jar
#   PYTHON                  the interpreter that has Scrapy; default /usr/bin/python3 (Debian's python3-scrapy)
#   SLUICE_CRAWL_PROFILE    the sluice crawl profile; default bench/crawl-sluice.yaml (no server of its own)
#   SLUICE_JAVA_OPTS        passed on to ./sluice as it is
# Default runtime: part site ~2 x (DURATION + ~10 s) per concurrency level (~2.5 min for one level;
# sluice stops early when it has crawled the whole site), part bench ~2 x (BENCH_DURATION + ~5 s), plus the
# jar build on first use and the apt-get install of python3-scrapy when it is missing.
#
# How it is built:
# - All traffic stays on this machine: the servers listen on 127.0.0.1..127.0.0.4 only, the spider
#   refuses non-loopback hosts, and `scrapy bench`'s own server (which binds 0.0.0.0) runs in a
#   network namespace of its own with only a loopback interface. Every crawl stops by itself
#   (CLOSESPIDER_TIMEOUT, sluice's duration) and is killed by `timeout` RUN_SLACK seconds later; each
#   server stops by itself too (--duration). The EXIT trap stops whatever is still running.
# - One after the other, never at once: on 2 cores the client and the server already share them.
#   The sluice test server's JVM stays up for all runs of part site (the first run meets a colder JIT).
# - CPU: the client's CPU (this script's reaped children: the whole Scrapy or sluice process) and the
#   server's are measured around each run, in % of one core. Scrapy runs a crawl on one thread (the
#   Twisted reactor): near 100% means the spider is CPU-bound on one core.
# - Scrapy counts pages as responses its callback parsed; its own stats (response_received_count,
#   elapsed_time_seconds, dupefilter/filtered) are kept in WORK/scrapy-site-N.json (KEEP=1 keeps WORK).
# - For `scrapy bench` the pages/min is its responses over its elapsed time (from its stats dump); the
#   last "Crawled N pages (at M pages/min)" log line is shown too, but with LOGSTATS_INTERVAL=1 that M
#   is the last second's rate x 60, which jumps around.
# - What it showed here (2 cores, quiet machine, Scrapy 2.8.0 / Python 3.11): Scrapy is CPU-bound on
#   its one thread (99-100% of a core) at ~5,500 pages/min on the site at concurrency 16, ~5,100 at 64:
#   it never has more than ~3 requests in flight per host, because the loopback server answers in well
#   under a millisecond and the spider spends ~10 ms of CPU per page (40 Request objects, fingerprints,
#   scheduler). Its rate falls during a crawl (~110 pages per CPU-second in the first 10 s, ~85 at
#   60 s) as its pending queue grows (~2,000 requests/s, ~125,000 by 60 s): that is Python's cyclic
#   GC; with gc.disable() the same spider held ~160 pages per CPU-second. `scrapy bench`: ~4,300
#   pages/min over 30 s (~7,000 in its first seconds, ~3,000 by the end). The table is stock Scrapy.
set -euo pipefail

cd "$(dirname "$0")/.." # the repo root: ./sluice, bench/ and load-profiles/ are found from here

die() { echo "crawl-vs-scrapy: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

CONCURRENCY="${CONCURRENCY:-16}"
DURATION="${DURATION:-60}"
BENCH_DURATION="${BENCH_DURATION:-30}"
BENCH_CONCURRENCY="${BENCH_CONCURRENCY:-8}"
PARTS="${PARTS:-site bench}"
ROBOTS="${ROBOTS:-0}"
LINKS="${LINKS:-css}"
SCRAPY_ORDER="${SCRAPY_ORDER:-default}"
SCRAPY_BENCH_NETNS="${SCRAPY_BENCH_NETNS:-auto}"
BENCH_PORT="${BENCH_PORT:-8998}"
RUN_SLACK="${RUN_SLACK:-60}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-900}"
SLUICE_CRAWL_PROFILE="${SLUICE_CRAWL_PROFILE:-bench/crawl-sluice.yaml}"
KEEP="${KEEP:-0}"
QUIET_WAIT="${QUIET_WAIT:-0}"
QUIET_MAX="${QUIET_MAX:-25}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON="$(command -v python3 || true)"; fi
fi
SITE_CONFIG=bench/crawl-site.yaml

{ [[ "$QUIET_WAIT" =~ ^[0-9]+$ ]] && [[ "$QUIET_MAX" =~ ^[1-9][0-9]*$ ]]; } || die "QUIET_WAIT and QUIET_MAX must be whole numbers"
[[ "$KEEP" =~ ^[01]$ ]] || die "KEEP must be 0 or 1"
for v in DURATION BENCH_DURATION BENCH_CONCURRENCY RUN_SLACK STARTUP_TIMEOUT BUILD_TIMEOUT BENCH_PORT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a whole number of at least 1, but was '${!v}'"
done
if [ "$DURATION" -gt 3600 ] || [ "$BENCH_DURATION" -gt 3600 ]; then die "DURATION and BENCH_DURATION are at most 3600 s"; fi
read -r -a LEVELS <<<"$CONCURRENCY"
{ [ "${#LEVELS[@]}" -ge 1 ] && [ "${#LEVELS[@]}" -le 8 ]; } || die "CONCURRENCY must list 1 to 8 levels, but was '$CONCURRENCY'"
for c in "${LEVELS[@]}"; do
  { [[ "$c" =~ ^[1-9][0-9]*$ ]] && [ "$c" -le 1024 ]; } || die "each CONCURRENCY level must be 1..1024, but got '$c'"
done
read -r -a PART_LIST <<<"$PARTS"
DO_SITE=no DO_BENCH=no
for p in "${PART_LIST[@]}"; do
  case "$p" in site) DO_SITE=yes ;; bench) DO_BENCH=yes ;; *) die "PARTS may list site and bench, not '$p'" ;; esac
done
[ "$DO_SITE" = yes ] || [ "$DO_BENCH" = yes ] || die "PARTS names no part"
[[ "$ROBOTS" =~ ^[01]$ ]] || die "ROBOTS must be 0 or 1, but was '$ROBOTS'"
[[ "$LINKS" =~ ^(css|extractor)$ ]] || die "LINKS must be css or extractor, but was '$LINKS'"
[[ "$SCRAPY_ORDER" =~ ^(default|bfs)$ ]] || die "SCRAPY_ORDER must be default or bfs, but was '$SCRAPY_ORDER'"
[[ "$SCRAPY_BENCH_NETNS" =~ ^(auto|yes|no)$ ]] || die "SCRAPY_BENCH_NETNS must be auto, yes or no"
[ -f "$SITE_CONFIG" ] || die "$SITE_CONFIG is missing"
[ -n "$PYTHON" ] || die "no python3: neither /usr/bin/python3 nor python3 on PATH (set PYTHON)"
command -v curl >/dev/null || die "curl is not installed (it reads the servers' stats)"
HZ="$(getconf CLK_TCK)"
CPUS="$(grep -c '^processor' /proc/cpuinfo)"

# --- Scrapy: Debian's python3-scrapy when missing --------------------------------------------------
if ! "$PYTHON" -c 'import scrapy' 2>/dev/null; then
  [ "$PYTHON" = /usr/bin/python3 ] || die "PYTHON=$PYTHON cannot import scrapy (only /usr/bin/python3 gets python3-scrapy installed here)"
  command -v apt-get >/dev/null || die "scrapy is missing and there is no apt-get to install python3-scrapy"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "scrapy is missing: install python3-scrapy, or run as root"
    sudo=sudo
  fi
  say "installing python3-scrapy (apt-get)"
  timeout 600 $sudo apt-get update -qq >&2
  timeout 900 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-scrapy >&2
  "$PYTHON" -c 'import scrapy' || die "scrapy still does not import after the install"
fi
SCRAPY_VERSION="$("$PYTHON" -c 'import scrapy; print(scrapy.__version__)')"
PY_VERSION="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"

# --- the jar: built now, so that no build happens inside a measured run -----------------------------
say "checking target/sluice.jar (./sluice builds it on first use)"
timeout "$BUILD_TIMEOUT" ./sluice --version >/dev/null || die "./sluice could not build or run (see target/build.log)"
JAVA_VERSION="$("$(./sluice --print-java)" -version 2>&1 | head -n 1)"

# --- temporary directory and cleanup ----------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/crawl-vs-scrapy.XXXXXX")"
SERVER_PID="" SERVER_JVM="" # `timeout` running ./sluice serve (which execs java), and the JVM
BENCH_SERVER_PID=""         # `timeout` running bench/scrapy/benchserver_loopback.py
SERVER_CPU_PID=""           # the server process whose CPU `measured` reports (the JVM, or the bench server)
CHILD_PID=""                # the crawl under way: `timeout`, which passes a TERM on to its command
SAMPLER_PID=""              # the CPU sampler of `scrapy bench`'s processes

. bench/tools.sh # shared helpers (stop_pid, free_port, now, our_ticks); the cwd is the repo root

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SAMPLER_PID"
  stop_pid "$CHILD_PID"
  stop_pid "$BENCH_SERVER_PID"
  stop_pid "$SERVER_JVM"
  stop_pid "$SERVER_PID"
  if [ "$KEEP" = 1 ]; then echo "crawl-vs-scrapy: kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- measuring ----------------------------------------------------------------------------------

# CPU jiffies (user + system) of one process; 0 once it is gone.
pid_ticks() {
  local stat
  [ -n "$1" ] || { echo 0; return; }
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  stat="${stat##*) }"
  awk '{ print $12 + $13 }' <<<"$stat"
}

# measured NAME SECONDS COMMAND...: runs COMMAND under `timeout` (SECONDS + RUN_SLACK), stdout to
# NAME.out, stderr to NAME.err, in the background plus `wait` (Ctrl-C runs the cleanup at once).
# COMMAND may be a shell function that was exported (export -f): it then runs in `bash -c`.
# Writes NAME.cpu: "wall client-% server-%": the command's CPU (with its children) and that of the
# server process SERVER_CPU_PID, in % of one core over the wall time. Returns the command's exit status.
# ON_START, when set, is called with the pid of `timeout` once the command started.
measured() {
  local name="$1" seconds="$2" rc=0 t0 t1 c0 c1 s0 s1 a0 a1
  shift 2
  if declare -F "$1" >/dev/null; then set -- bash -c '"$@"' bash "$@"; fi
  wait_quiet
  t0="$(now)" c0="$(our_ticks)" s0="$(pid_ticks "$SERVER_CPU_PID")" a0="$(all_proc_ticks)"
  # timeout signals its whole process group: the command and everything it started.
  timeout --kill-after=5 "$((seconds + RUN_SLACK))" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
  CHILD_PID=$!
  [ -z "${ON_START-}" ] || "$ON_START" "$CHILD_PID"
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  t1="$(now)" c1="$(our_ticks)" s1="$(pid_ticks "$SERVER_CPU_PID")" a1="$(all_proc_ticks)"
  # others: every process's CPU (/proc/stat) less the command's and the server's: what the rest
  # of this shared machine took from the 2 cores meanwhile.
  awk -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v s="$((s1 - s0))" -v a="$((a1 - a0))" -v hz="$HZ" 'BEGIN {
    w = t1 - t0; if (w <= 0) w = 1e-9
    o = a - c - s; if (o < 0) o = 0
    printf "%.1f %.0f%% %.0f%% %.0f%%\n", w, 100 * c / hz / w, 100 * s / hz / w, 100 * o / hz / w }' >"$WORK/$name.cpu"
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || echo "crawl-vs-scrapy: $name: killed after $((seconds + RUN_SLACK))s" >>"$WORK/$name.err"
  return "$rc"
}

# json FILE EXPR: a value from a JSON file (EXPR is Python over `d`); "-" when it is not there.
json() {
  "$PYTHON" -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    v = eval(sys.argv[2], {}, {"d": d})
    print("-" if v is None else v)
except Exception:
    print("-")' "$1" "$2"
}

# --- the results, one row each: tool, part, concurrency, pages, seconds, client CPU, server CPU,
# server served, server duplicates, note. Written by the parts, printed as a table at the end.
# Fields are separated by the unit separator (0x1f): a note may hold spaces, tabs or '|'.
ROWS="$WORK/rows"
: >"$ROWS"
row() { local IFS=$'\x1f'; echo "$*" >>"$ROWS"; }

# ==================================================================================================
# Part site: the synthetic site
# ==================================================================================================

# The sluice test server with bench/crawl-site.yaml. Its lifetime is bounded by --duration too.
start_site_server() {
  local lifetime=$((STARTUP_TIMEOUT + ${#LEVELS[@]} * 2 * (DURATION + RUN_SLACK + 30) + 120))
  say "starting sluice serve --config $SITE_CONFIG (4 loopback hosts; stops by itself after ${lifetime}s)"
  : >"$WORK/server.out"
  timeout --kill-after=5 "$((lifetime + 10))" ./sluice serve --config "$SITE_CONFIG" --duration "${lifetime}s" \
    >"$WORK/server.out" 2>"$WORK/server.err" </dev/null &
  SERVER_PID=$!
  local deadline=$((SECONDS + STARTUP_TIMEOUT))
  # One 'listening on http://127.0.0.N:PORT' line per host; each host has its own port.
  while [ "$(grep -c '^listening on http://' "$WORK/server.out" || true)" -lt 4 ]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$WORK/server.out" "$WORK/server.err" >&2
      die "sluice serve exited before it listened"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "sluice serve did not print its 4 addresses within ${STARTUP_TIMEOUT}s"
    sleep 0.1
  done
  mapfile -t SITE_URLS < <(sed -n 's|^listening on \(http://127\.[0-9.]*:[0-9][0-9]*\)$|\1|p' "$WORK/server.out")
  [ "${#SITE_URLS[@]}" -eq 4 ] || die "expected 4 loopback addresses from sluice serve, got: $(cat "$WORK/server.out")"
  SITE_HOSTS="$(for u in "${SITE_URLS[@]}"; do u="${u#http://}"; echo "${u%:*}"; done | paste -sd, -)"
  SITE_URL="$(printf '%s\n' "${SITE_URLS[@]}" | grep -m 1 '^http://127\.0\.0\.1:')" ||
    die "sluice serve does not listen on 127.0.0.1 (host 0, where page 0 lives): ${SITE_URLS[*]}"
  START_URL="$SITE_URL/site/0" # page 0 lives on host 0 (page p on host p % 4)
  local got
  got="$(curl -fsS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}' "$START_URL")" ||
    die "the server does not answer $START_URL"
  [ "$got" = "200 8192" ] || die "$START_URL answered '$got' (status, bytes), expected '200 8192'"
  SERVER_JVM="$(pgrep -P "$SERVER_PID" | head -n 1 || true)"
  [ "$(cat "/proc/$SERVER_JVM/comm" 2>/dev/null)" = java ] || SERVER_JVM=""
  SERVER_CPU_PID="$SERVER_JVM"
  say "site at ${SITE_URLS[*]}"
}

reset_site_stats() { curl -fsS --max-time 5 -o /dev/null "$SITE_URL/stats/reset" || die "GET /stats/reset failed"; }
# "served duplicates distinct" from the server's /stats, saved as NAME.stats.json ("- - -" if it fails).
site_stats() {
  curl -fsS --max-time 5 "$SITE_URL/stats" >"$WORK/$1.stats.json" || echo '{}' >"$WORK/$1.stats.json"
  echo "$(json "$WORK/$1.stats.json" 'd["site"]["served"]') $(json "$WORK/$1.stats.json" 'd["duplicates"]')" \
    "$(json "$WORK/$1.stats.json" 'd["site"]["distinct"]')"
}
# Largest concurrency any host saw in the run: "max over hosts of maxConcurrent".
site_max_concurrent() { json "$WORK/$1.stats.json" 'max(h["maxConcurrent"] for h in d["hosts"].values())'; }

# "A in the first 10 s, B in the last 10 s, Q requests pending": pages per CPU-second from the
# spider's timeline (a sample every 5 s).
per_cpu_trend() {
  "$PYTHON" - "$1" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))["timeline"]["rows"]
def rate(a, b):
    cpu = b[2] - a[2]
    return f"{(b[1] - a[1]) / cpu:.0f}" if cpu > 0 else "?"
if len(rows) >= 4:
    first, last = [[0, 0, 0, 0]] + rows[:2], rows[-3:]
    print(f"{rate(first[0], first[2])} in the first 10 s, {rate(last[0], last[2])} in the last 10 s, "
          f"{rows[-1][3]} requests pending")
else:
    print("no timeline")
EOF
}

run_scrapy_site() {
  local c="$1"
  local name="scrapy-site-$c" rc=0 order=()
  if [ "$SCRAPY_ORDER" = bfs ]; then
    order=(-s DEPTH_PRIORITY=1 -s SCHEDULER_DISK_QUEUE=scrapy.squeues.PickleFifoDiskQueue
      -s SCHEDULER_MEMORY_QUEUE=scrapy.squeues.FifoMemoryQueue)
  fi
  local robots=False
  [ "$ROBOTS" = 0 ] || robots=True
  say "scrapy: crawling the site at concurrency $c for ${DURATION}s"
  reset_site_stats
  # From the work directory: runspider must find no scrapy.cfg (this repo has none, but be sure).
  measured "$name" "$DURATION" env -C "$WORK" "$PYTHON" -m scrapy runspider "$PWD/bench/scrapy/site_spider.py" \
    -a "start=$START_URL" -a "allow=$SITE_HOSTS" -a "out=$WORK/$name.json" -a "links=$LINKS" \
    -s "CONCURRENT_REQUESTS=$c" -s "CONCURRENT_REQUESTS_PER_DOMAIN=$c" -s DOWNLOAD_DELAY=0 \
    -s "ROBOTSTXT_OBEY=$robots" -s LOG_LEVEL=INFO -s LOGSTATS_INTERVAL=10 \
    -s "CLOSESPIDER_TIMEOUT=$DURATION" ${order[@]+"${order[@]}"} || rc=$?
  if [ "$rc" -ne 0 ] || [ ! -s "$WORK/$name.json" ]; then
    tail -n 30 "$WORK/$name.err" >&2
    die "scrapy runspider failed (exit $rc)"
  fi
  local served dups wall ccpu scpu ocpu
  read -r served dups _ <<<"$(site_stats "$name")"
  read -r wall ccpu scpu ocpu <"$WORK/$name.cpu"
  row scrapy site "$c" "$(json "$WORK/$name.json" 'd["pages"]')" "$(json "$WORK/$name.json" 'd["seconds"]')" \
    "$ccpu" "$scpu" "$ocpu" "$served" "$dups" \
    "crawl-time CPU $(json "$WORK/$name.json" 'round(100 * d["cpu_per_wall"])')% of a core, $(json "$WORK/$name.json" 'round(d["pages"] / max(0.01, d["cpu_user_seconds"] + d["cpu_system_seconds"]))') pages per CPU-second ($(per_cpu_trend "$WORK/$name.json")); max per host in flight $(site_max_concurrent "$name"); $(json "$WORK/$name.json" 'd["scrapy_stats"].get("dupefilter/filtered", 0)') links dropped as seen; $(json "$WORK/$name.json" 'd["max_rss_mib"]') MiB RSS"
}

# >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>
# SLUICE SIDE: bench/crawl-sluice.yaml, a crawl of a server started elsewhere.
#
# Contract: run_sluice CONCURRENCY SECONDS START_URL ALLOWED_HOSTS OUTDIR
#   crawls from START_URL (page 0, http://127.0.0.1:PORT/site/0), following every link on the hosts
#   ALLOWED_HOSTS (comma-separated: 127.0.0.1,...,127.0.0.4; each host has its own port, which the
#   links carry), CONCURRENCY requests in flight in all and at most CONCURRENCY per host (as Scrapy's
#   settings), no delay, robots.txt obeyed iff ROBOTS=1, and stops by itself after SECONDS. It is run
#   under `measured` (timeout SECONDS + RUN_SLACK, CPU measured), stdout/stderr captured. It must
#   write OUTDIR/figures.json: {"pages": <pages fetched with 200 and parsed>, "seconds": <crawl time>}
#   and return 0; otherwise return non-zero with a one-line reason on stdout. The server's /stats is
#   reset before and read after by the caller.
# The same for run_sluice_on_scrapy_bench, with START_URL http://127.0.0.1:PORT?total=100000&show=20
#   (Scrapy's bench server, one host; links '/follow?total=100000&show=20&n=K') and no robots.txt.
# >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>
sluice_crawl() {
  local c="$1" secs="$2" start="$3" out="$5" rc=0
  # bench/crawl-sluice.yaml has no server: of its own and follows links to any loopback host
  # (same-host: false), which covers ALLOWED_HOSTS ($4).
  ./sluice run "$SLUICE_CRAWL_PROFILE" --out "$out/run" --quiet \
    --set "vars.start=$start" --set "vars.concurrency=$c" --set "vars.seconds=${secs}s" \
    --set "crawl.robots=$([ "$ROBOTS" = 1 ] && echo obey || echo ignore)" \
    >"$out/sluice.out" 2>"$out/sluice.err" || rc=$?
  if [ ! -f "$out/run/result.json" ]; then
    echo "sluice crawl failed (./sluice run exited $rc: $(grep -m 1 . "$out/sluice.err" || true))"
    return 1
  fi
  "$PYTHON" - "$out/run/result.json" "$out/figures.json" <<'EOF' || { echo "sluice crawl: no crawl figures in result.json"; return 1; }
import json, sys
v = json.load(open(sys.argv[1]))["variants"][0]
c = v["crawl"]
json.dump({"pages": c["statuses"].get("200", 0), "seconds": v["wallSeconds"],
           "stoppedByTime": c["stoppedByTime"], "unfetched": c["unfetched"]}, open(sys.argv[2], "w"))
EOF
}
run_sluice() { sluice_crawl "$@"; }
run_sluice_on_scrapy_bench() { sluice_crawl "$@"; }
# `measured` runs them under `timeout`, in `bash -c`: they and what they read must be exported.
export -f sluice_crawl run_sluice run_sluice_on_scrapy_bench
export SLUICE_CRAWL_PROFILE ROBOTS PYTHON
# <<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<

run_sluice_site() {
  local c="$1"
  local name="sluice-site-$c" rc=0
  say "sluice: crawling the site at concurrency $c for ${DURATION}s"
  mkdir -p "$WORK/$name"
  reset_site_stats
  measured "$name" "$DURATION" run_sluice "$c" "$DURATION" "$START_URL" "$SITE_HOSTS" "$WORK/$name" || rc=$?
  local served dups wall ccpu scpu ocpu
  read -r served dups _ <<<"$(site_stats "$name")"
  read -r wall ccpu scpu ocpu <"$WORK/$name.cpu"
  if [ "$rc" -ne 0 ] || [ ! -s "$WORK/$name/figures.json" ]; then
    say "sluice: $(head -n 1 "$WORK/$name.out")"
    row sluice site "$c" n/a n/a - - "$ocpu" "$served" "$dups" "$(head -n 1 "$WORK/$name.out")"
    return 0
  fi
  row sluice site "$c" "$(json "$WORK/$name/figures.json" 'd["pages"]')" "$(json "$WORK/$name/figures.json" 'd["seconds"]')" \
    "$ccpu" "$scpu" "$ocpu" "$served" "$dups" "max per host in flight $(site_max_concurrent "$name")"
}

if [ "$DO_SITE" = yes ]; then
  start_site_server
  for c in "${LEVELS[@]}"; do
    run_scrapy_site "$c"
    run_sluice_site "$c"
  done
  stop_pid "$SERVER_JVM"
  stop_pid "$SERVER_PID"
  SERVER_JVM="" SERVER_PID="" SERVER_CPU_PID=""
fi

# ==================================================================================================
# Part bench: `scrapy bench`, and sluice on the same bench server
# ==================================================================================================

# The loopback-only bench server (Scrapy's Root resource), stopping by itself.
start_bench_server() {
  local port="$BENCH_PORT" lifetime=$((2 * (BENCH_DURATION + RUN_SLACK) + 60)) deadline
  if ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then port="$(free_port)"; fi
  say "starting Scrapy's bench server on 127.0.0.1:$port (bench/scrapy/benchserver_loopback.py; stops after ${lifetime}s)"
  : >"$WORK/benchserver.out"
  timeout --kill-after=5 "$((lifetime + 10))" "$PYTHON" -u bench/scrapy/benchserver_loopback.py \
    --host 127.0.0.1 --port "$port" --duration "$lifetime" >"$WORK/benchserver.out" 2>"$WORK/benchserver.err" </dev/null &
  BENCH_SERVER_PID=$!
  deadline=$((SECONDS + STARTUP_TIMEOUT))
  BENCH_URL=""
  while [ -z "$BENCH_URL" ]; do
    BENCH_URL="$(sed -n 's|^Bench server at \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$WORK/benchserver.out")"
    [ -n "$BENCH_URL" ] && break
    if ! kill -0 "$BENCH_SERVER_PID" 2>/dev/null; then
      cat "$WORK/benchserver.out" "$WORK/benchserver.err" >&2
      die "the bench server exited before it listened"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "the bench server printed no address within ${STARTUP_TIMEOUT}s"
    sleep 0.1
  done
  BENCH_START="$BENCH_URL/?total=100000&show=20" # what `scrapy bench` starts from (on localhost:8998)
  SERVER_CPU_PID="$(pgrep -P "$BENCH_SERVER_PID" | head -n 1 || true)" # below `timeout`
  curl -fsS --max-time 10 -o /dev/null "$BENCH_START" || die "the bench server does not answer $BENCH_START"
}
reset_bench_stats() { curl -fsS --max-time 5 -o /dev/null "$BENCH_URL/__bench/stats/reset" || die "bench server: stats reset failed"; }
bench_stats() {
  curl -fsS --max-time 5 "$BENCH_URL/__bench/stats" >"$WORK/$1.stats.json" || echo '{}' >"$WORK/$1.stats.json"
  echo "$(json "$WORK/$1.stats.json" 'd["requests"]') $(json "$WORK/$1.stats.json" 'd["duplicates"]')"
}

# Samples the CPU ticks of the processes below PID every 0.5 s; the last sample of each stays in
# WORK/bench.samples as "pid ticks kind" (kind: server for Scrapy's bench server, else crawler).
sample_bench_cpu() {
  local root="$1"
  (
    end=$((SECONDS + BENCH_DURATION + RUN_SLACK + 10))
    while [ "$SECONDS" -lt "$end" ] && kill -0 "$root" 2>/dev/null; do
      pids="$root $(pgrep -P "$root" | tr '\n' ' ')"
      for p in $(pgrep -P "$root"); do pids="$pids $(pgrep -P "$p" | tr '\n' ' ')"; done
      for p in $pids; do
        t="$(pid_ticks "$p")"
        [ "$t" != 0 ] || continue
        kind=crawler
        tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'scrapy.utils.benchserver' && kind=server
        echo "$p $t $kind"
      done >>"$WORK/bench.samples"
      sleep 0.5
    done
  ) &
  SAMPLER_PID=$!
}

# "pages seconds last_logged_pages last_logged_rate" from a `scrapy bench`-style log (on stderr).
parse_bench_log() {
  "$PYTHON" - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], errors="replace").read()
rates = re.findall(r"Crawled (\d+) pages \(at (\d+) pages/min\)", text)
resp = re.search(r"'response_received_count': (\d+)", text)
elapsed = re.search(r"'elapsed_time_seconds': ([0-9.]+)", text)
last = rates[-1] if rates else ("-", "-")
print(resp.group(1) if resp else "-", elapsed.group(1) if elapsed else "-", last[0], last[1])
EOF
}

if [ "$DO_BENCH" = yes ]; then
  NETNS="$SCRAPY_BENCH_NETNS"
  if [ "$NETNS" = auto ]; then
    if command -v unshare >/dev/null && command -v ip >/dev/null &&
      timeout 10 unshare --net sh -c 'ip link set lo up' 2>/dev/null; then NETNS=yes; else NETNS=no; fi
  fi
  if [ "$NETNS" = yes ]; then
    # `scrapy bench` itself: it starts `python3 -m scrapy.utils.benchserver` (0.0.0.0:8998) and its
    # spider; inside a new network namespace, 0.0.0.0 is that namespace's loopback and nothing else.
    say "scrapy bench -s CLOSESPIDER_TIMEOUT=$BENCH_DURATION (in a network namespace with only loopback)"
    : >"$WORK/bench.samples"
    rc=0
    # shellcheck disable=SC2016 # $0 and $1 are sh's, given after the script
    ON_START=sample_bench_cpu measured scrapy-bench "$BENCH_DURATION" env -C "$WORK" unshare --net \
      sh -c 'ip link set lo up && exec "$0" -m scrapy bench -s CLOSESPIDER_TIMEOUT="$1"' "$PYTHON" "$BENCH_DURATION" || rc=$?
    stop_pid "$SAMPLER_PID"
    SAMPLER_PID=""
    [ "$rc" -eq 0 ] || { tail -n 30 "$WORK/scrapy-bench.err" >&2; die "scrapy bench failed (exit $rc)"; }
    BENCH_HOW="scrapy bench (its own server, in a network namespace)"
  fi
  start_bench_server
  if [ "$NETNS" = no ]; then
    # `scrapy bench`'s spider with its settings, against the loopback-only server sluice crawls.
    say "scrapy bench's spider on $BENCH_URL, CLOSESPIDER_TIMEOUT=$BENCH_DURATION (no network namespace here)"
    : >"$WORK/bench.samples"
    reset_bench_stats
    rc=0
    measured scrapy-bench "$BENCH_DURATION" env -C "$WORK" "$PYTHON" -m scrapy runspider "$PWD/bench/scrapy/bench_spider.py" \
      -a "baseurl=$BENCH_URL" -a total=100000 -s LOG_LEVEL=INFO -s LOGSTATS_INTERVAL=1 \
      -s "CLOSESPIDER_TIMEOUT=$BENCH_DURATION" || rc=$?
    [ "$rc" -eq 0 ] || { tail -n 30 "$WORK/scrapy-bench.err" >&2; die "scrapy's bench spider failed (exit $rc)"; }
    BENCH_HOW="scrapy bench's spider on bench/scrapy/benchserver_loopback.py"
  fi
  read -r BP BS BLP BLR <<<"$(parse_bench_log "$WORK/scrapy-bench.err")"
  read -r wall ccpu scpu ocpu <"$WORK/scrapy-bench.cpu"
  if [ "$NETNS" = yes ]; then
    # Split the run's CPU between Scrapy's bench server and the crawler, from the last samples.
    read -r srv_ticks <<<"$(awk '$3 == "server" { t[$1] = $2 } END { s = 0; for (p in t) s += t[p]; print s }' "$WORK/bench.samples")"
    read -r ccpu scpu <<<"$(awk -v total="${ccpu%\%}" -v st="$srv_ticks" -v hz="$HZ" -v w="$wall" 'BEGIN {
      s = 100 * st / hz / w; c = total - s; if (c < 0) c = 0; printf "%.0f%% %.0f%%\n", c, s }')"
    per_cpu="$(awk -v p="$BP" -v c="${ccpu%\%}" -v w="$wall" 'BEGIN { if (p ~ /^[0-9]+$/ && c > 0) printf "%.0f", p / (c * w / 100); else print "?" }')"
    row scrapy bench 8 "$BP" "$BS" "$ccpu" "$scpu" "$ocpu" - - "scrapy bench, ~$per_cpu pages per CPU-second; its last log line: Crawled $BLP pages (at $BLR pages/min)"
  else
    read -r served dups <<<"$(bench_stats scrapy-bench)"
    row scrapy bench 8 "$BP" "$BS" "$ccpu" "$scpu" "$ocpu" "$served" "$dups" "bench spider; its last log line: Crawled $BLP pages (at $BLR pages/min)"
  fi

  name=sluice-bench
  say "sluice: crawling Scrapy's bench server at concurrency $BENCH_CONCURRENCY for ${BENCH_DURATION}s"
  mkdir -p "$WORK/$name"
  reset_bench_stats
  rc=0
  measured "$name" "$BENCH_DURATION" run_sluice_on_scrapy_bench "$BENCH_CONCURRENCY" "$BENCH_DURATION" "$BENCH_START" 127.0.0.1 "$WORK/$name" || rc=$?
  read -r served dups <<<"$(bench_stats "$name")"
  read -r wall ccpu scpu ocpu <"$WORK/$name.cpu"
  if [ "$rc" -ne 0 ] || [ ! -s "$WORK/$name/figures.json" ]; then
    say "sluice: $(head -n 1 "$WORK/$name.out")"
    row sluice bench "$BENCH_CONCURRENCY" n/a n/a - "$scpu" "$ocpu" "$served" "$dups" "$(head -n 1 "$WORK/$name.out")"
  else
    row sluice bench "$BENCH_CONCURRENCY" "$(json "$WORK/$name/figures.json" 'd["pages"]')" \
      "$(json "$WORK/$name/figures.json" 'd["seconds"]')" "$ccpu" "$scpu" "$ocpu" "$served" "$dups" "on $BENCH_URL"
  fi
  stop_pid "$BENCH_SERVER_PID"
  BENCH_SERVER_PID=""
fi

# ==================================================================================================
# The table
# ==================================================================================================
echo
echo "crawl throughput, sluice vs Scrapy, loopback only; $CPUS CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "scrapy: Scrapy $SCRAPY_VERSION, Python $PY_VERSION ($PYTHON); links: $LINKS; order: $SCRAPY_ORDER; ROBOTSTXT_OBEY: $([ "$ROBOTS" = 1 ] && echo True || echo False)"
echo "sluice: $(./sluice --version 2>/dev/null | head -n 1); $JAVA_VERSION"
if [ "$DO_SITE" = yes ]; then
  echo "site:   $SITE_CONFIG (200,000 pages, 40 links, 8 KiB, 4 hosts), ${DURATION}s per crawl from $START_URL"
fi
if [ "$DO_BENCH" = yes ]; then
  echo "bench:  ${BENCH_HOW:-} for ${BENCH_DURATION}s; sluice on $BENCH_URL (concurrency $BENCH_CONCURRENCY)"
fi
echo
fmt='%-7s %-6s %5s %8s %8s %10s %8s %8s %7s %9s %9s  %s\n'
# shellcheck disable=SC2059
printf "$fmt" tool part conc pages seconds pages/min "cli CPU" "srv CPU" others "srv pages" "srv dups" note
while IFS=$'\x1f' read -r tool part c pages secs ccpu scpu ocpu served dups note; do
  ppm="$(awk -v p="$pages" -v s="$secs" 'BEGIN { if (p ~ /^[0-9]+$/ && s + 0 > 0) printf "%.0f", 60 * p / s; else print "n/a" }')"
  echo "$tool $part $c $ppm" >>"$WORK/ppm"
  # shellcheck disable=SC2059
  printf "$fmt" "$tool" "$part" "$c" "$pages" "$secs" "$ppm" "$ccpu" "$scpu" "$ocpu" "$served" "$dups" "$note"
done <"$ROWS"
echo
echo "(cli CPU: the crawler process with its children; srv CPU: the server's process; others: every other"
echo " process of this shared machine; all in % of one core over the run's wall time, start-up included"
echo " (2 cores: 200% in all). srv pages / srv dups: the server's own count of pages it served and of"
echo " those it had served before in the same run.)"
while read -r tool part c ppm; do
  [ "$tool" = scrapy ] || continue
  if [ "$part" = bench ]; then c="$BENCH_CONCURRENCY"; fi
  s="$(awk -v part="$part" -v c="$c" '$1 == "sluice" && $2 == part && $3 == c { print $4 }' "$WORK/ppm")"
  ratio="$(awk -v a="$s" -v b="$ppm" 'BEGIN { if (a ~ /^[0-9]+$/ && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')"
  echo "ratio sluice/scrapy, $part at concurrency $c: $ratio"
done <"$WORK/ppm"
