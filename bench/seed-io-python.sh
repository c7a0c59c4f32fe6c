#!/usr/bin/env bash
# Seed experiment 1 (docs: ../shared/docs/seed-experiments.md), the I/O-bound downloads, in Python as
# the articles wrote it AND in sluice (load-profiles/quickstart.yaml's stages and variants), side by
# side against the SAME test server on this machine: two URLs repeated 80 times, 160 downloads.
#
#   bench/seed-io-python.sh
#   REPEAT=20 bench/seed-io-python.sh                  # 40 downloads per variant: a quick check
#   PYTHON=python3 bench/seed-io-python.sh             # the python3 on PATH rather than /usr/bin/python3
#
# Settings (environment; whole numbers):
#   REPEAT=80             times the list of two URLs is repeated (the articles' 80: 160 downloads)
#   THREADS=5             ThreadPoolExecutor(max_workers=THREADS), set beside sluice's threads-5
#   POOL=0                multiprocessing.Pool(POOL); 0 = Pool() with its default size, one per core
#   ORDER                 sluice's download stage order for every variant: ordered or completion;
#                         default: the profile's own (ordered, sluice's default)
#   REQUEST_TIMEOUT=30    seconds one Python request may take before it fails
#   RUN_TIMEOUT=300       seconds any one Python or sluice run may take before it is killed
#   STARTUP_TIMEOUT=120   seconds `sluice serve` may take to print its address
#   BUILD_TIMEOUT=900     seconds the first ./sluice may take to build the jar (it waits for other builds)
#   PYTHON                the interpreter; default /usr/bin/python3, else python3 on PATH
#   SLUICE_JAVA_OPTS      passed on to ./sluice as it is (JVM options)
# Default runtime: ~60 s on 2 cores (Python ~17 s: sequential ~9 s, Pool ~4 s; sluice's quickstart
# variants ~25 s; the server's start ~3 s), plus the jar build when the sources changed, plus the
# apt-get install of python3-requests and python3-aiohttp when they are missing.
#
# What it runs, one after the other (so the runs never share the cores):
#   1. `sluice serve` on 127.0.0.1 (a free port), with quickstart's latency: routes.default.latency
#      lognormal, median 50 ms, p99 150 ms. /bytes/20KiB and /site/1 both take the default route.
#   2. Python, each variant in a fresh interpreter, timed inside with time.perf_counter() around
#      everything the articles time (creating the session(s), executor, event loop or Pool included;
#      imports not). Every response must be 200; the sizes are summed.
#        sequential   one requests.Session, one URL after the other
#        threads      ThreadPoolExecutor(max_workers=THREADS).map, one Session per thread (threading.local)
#        asyncio      aiohttp, one task per URL, one shared ClientSession (aiohttp's default connector:
#                     at most 100 connections)
#        processes    multiprocessing.Pool(), a Session per process made by initializer=, pool.map
#   3. sluice: quickstart.yaml with its server: and source: blocks replaced by a source list of the same
#      two URLs on the server above (repeat REPEAT), `./sluice run PROFILE --out DIR --quiet`, and
#      result.json's comparison.rows (label, wallSeconds).
#   4. The table: Python next to the sluice row of the same model and the articles' figure, then the
#      server's own request count (GET /stats) as a check that every download arrived.
#
# Why it is built this way:
# - One server for both: quickstart normally starts a fresh server per variant; here all ten runs
#   (4 Python, 6 sluice) hit one server, so they meet the same server code, latency and machine. The
#   server draws request n of a route's latency from its seed, and its counter is never reset: each
#   run gets a different stretch of the same lognormal distribution, not the same 160 draws.
# - The articles downloaded public sites over the internet (~90 ms a page there, judging by 14.3 s /
#   160); here it is loopback with a ~56 ms mean, so the absolute figures are lower than theirs. The
#   ratios between models are what compares.
# - Python's Pool() is one process per core; sluice's processes-2 row is always 2 workers (its JVM
#   workers, each with its own HTTP client). On a 2-core machine these are the same count.
# - Order: Python's executor.map and Pool.map return results in input order but keep every worker
#   busy. sluice's download stage is `order: ordered` by default, and an ordered stage holds a done
#   item until the ones before it are done, counted against its concurrency: with 5 threads and
#   lognormal latency, threads-5 measured ~2.8 s here against ~2.0 s with ORDER=completion (Python's
#   1.97 s). ORDER=completion runs every sluice variant unordered, to show the difference.
# - sluice's six variants run in one JVM with no warm-up run, as quickstart does: the fast rows
#   (virtual, event-loop) carry much of the JVM's cold start (event-loop: ~1.2 s as the first
#   variant of a JVM, ~0.33 s as the second, measured here).
# - This machine is shared: around each run the CPU time of processes that are not this script's is
#   measured and shown as "others", in % of one core (sluice's six variants are one run: one figure).
# - Everything is bounded in time: each run by `timeout` (RUN_TIMEOUT), in the background plus
#   `wait` so that Ctrl-C runs the cleanup at once. The EXIT trap stops the server and whatever run
#   is under way (sluice's process workers die with their JVM) and removes the temporary directory.
set -euo pipefail

cd "$(dirname "$0")/.." # the repo root: ./sluice and load-profiles/ are found from here

die() { echo "seed-io-python: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

REPEAT="${REPEAT:-80}"
THREADS="${THREADS:-5}"
POOL="${POOL:-0}"
REQUEST_TIMEOUT="${REQUEST_TIMEOUT:-30}"
RUN_TIMEOUT="${RUN_TIMEOUT:-300}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-900}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON="$(command -v python3 || true)"; fi
fi
PROFILE=load-profiles/quickstart.yaml

for v in REPEAT THREADS REQUEST_TIMEOUT RUN_TIMEOUT STARTUP_TIMEOUT BUILD_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a whole number of at least 1, but was '${!v}'"
done
[[ "$POOL" =~ ^[0-9]+$ ]] || die "POOL must be a whole number (0: one process per core), but was '$POOL'"
ORDER="${ORDER:-}"
[[ "$ORDER" =~ ^(|ordered|completion)$ ]] || die "ORDER must be ordered or completion, but was '$ORDER'"
SLUICE_SET=()
[ -z "$ORDER" ] || SLUICE_SET=(--set "stages.download.order=$ORDER")
[ -f "$PROFILE" ] || die "$PROFILE is missing"
[ -n "$PYTHON" ] || die "no python3: neither /usr/bin/python3 nor python3 on PATH (set PYTHON)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null ||
  die "PYTHON=$PYTHON does not run, or is older than 3.8"
command -v curl >/dev/null || die "curl is not installed (it reads the server's /stats)"
CPUS="$(grep -c '^processor' /proc/cpuinfo)"
HZ="$(getconf CLK_TCK)"
N=$((2 * REPEAT)) # downloads per run

# --- Python's libraries: Debian's packages when missing --------------------------------------------
if ! "$PYTHON" -c 'import requests, aiohttp' 2>/dev/null; then
  [ "$PYTHON" = /usr/bin/python3 ] ||
    die "PYTHON=$PYTHON cannot import requests and aiohttp (only /usr/bin/python3 gets them installed here)"
  command -v apt-get >/dev/null || die "requests or aiohttp is missing and there is no apt-get to install them"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "requests or aiohttp is missing: install python3-requests python3-aiohttp, or run as root"
    sudo=sudo
  fi
  say "installing python3-requests python3-aiohttp (apt-get)"
  timeout 600 $sudo apt-get update -qq >&2
  timeout 600 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-requests python3-aiohttp >&2
  "$PYTHON" -c 'import requests, aiohttp' || die "requests and aiohttp still do not import after the install"
fi

# --- the jar: built now, so that no build happens inside a measured run -----------------------------
say "checking target/sluice.jar (./sluice builds it on first use)"
timeout "$BUILD_TIMEOUT" ./sluice --version >/dev/null || die "./sluice could not build or run (see target/build.log)"
JAVA="$(./sluice --print-java)"
JAVA_VERSION="$("$JAVA" -version 2>&1 | head -n 1)"
JAR_STAMP="$(stat -c %Y target/sluice.jar 2>/dev/null || echo 0)"

# --- temporary directory and cleanup ----------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/seed-io-python.XXXXXX")"
SERVER_PID="" # `timeout`, which passes a TERM on to the server's JVM (the launcher execs java)
CHILD_PID=""  # the run under way: `timeout`, which passes a TERM on to its command

. bench/tools.sh # shared helpers (stop_pid, free_port, CPU ticks); the cwd is the repo root

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$CHILD_PID"
  stop_pid "$SERVER_PID"
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- measuring ----------------------------------------------------------------------------------

# CPU jiffies (user + system) of the server's JVM; 0 once it is gone.
SERVER_JVM=""
server_ticks() {
  local stat
  stat="$(cat "/proc/$SERVER_JVM/stat" 2>/dev/null)" || { echo 0; return; }
  stat="${stat##*) }"
  awk '{ print $12 + $13 }' <<<"$stat"
}

# measured NAME COMMAND...: runs COMMAND under `timeout` (stdout to NAME.out, stderr to NAME.err), in
# the background plus `wait`. Writes NAME.others: CPU used meanwhile by processes other than this
# script's and the server's, in % of one core. Returns the command's exit status.
measured() {
  local name="$1" rc=0 t0 t1 a0 a1 o0 o1
  shift
  t0="$(now)" a0="$(all_proc_ticks)" o0="$(($(our_ticks) + $(server_ticks)))"
  timeout --kill-after=5 "$RUN_TIMEOUT" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  t1="$(now)" a1="$(all_proc_ticks)" o1="$(($(our_ticks) + $(server_ticks)))"
  awk -v t0="$t0" -v t1="$t1" -v a="$((a1 - a0))" -v o="$((o1 - o0))" -v hz="$HZ" 'BEGIN {
    other = a - o; if (other < 0) other = 0
    printf "%.0f%%\n", (t1 > t0 ? 100 * other / hz / (t1 - t0) : 0) }' >"$WORK/$name.others"
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || echo "seed-io-python: $name: killed after ${RUN_TIMEOUT}s (RUN_TIMEOUT)" >>"$WORK/$name.err"
  return "$rc"
}

# The server's own count: "requests bytes-route site-route 200s" from GET /stats.
server_counts() {
  curl -fsS --max-time 5 "$URL/stats" | "$PYTHON" -c '
import json, sys
s = json.load(sys.stdin)
r = s.get("byRoute", {})
print(s.get("requests", 0), r.get("bytes", 0), r.get("site", 0), s.get("byStatus", {}).get("200", 0))'
}

# --- 1. the server ------------------------------------------------------------------------------
say "starting sluice serve on 127.0.0.1 (lognormal latency, median 50 ms, p99 150 ms)"
: >"$WORK/server.out" # before the server starts: the loop below reads it at once
timeout --kill-after=5 "$((STARTUP_TIMEOUT + 10 * RUN_TIMEOUT))" ./sluice serve --host 127.0.0.1 --port 0 \
  --set 'routes.default.latency={lognormal: {median: 50ms, p99: 150ms}}' \
  >"$WORK/server.out" 2>"$WORK/server.err" </dev/null &
SERVER_PID=$!
deadline=$((SECONDS + STARTUP_TIMEOUT))
URL=""
while [ -z "$URL" ]; do
  URL="$(head -n 1 "$WORK/server.out" | sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' || true)"
  [ -n "$URL" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/server.out" "$WORK/server.err" >&2
    die "sluice serve exited before it listened"
  fi
  [ "$SECONDS" -lt "$deadline" ] || die "sluice serve printed no address within ${STARTUP_TIMEOUT}s"
  sleep 0.1
done
# The server's JVM: below `timeout` (the launcher execs java), for its CPU time.
SERVER_JVM="$(pgrep -P "$SERVER_PID" | head -n 1 || true)"
[ "$(cat "/proc/$SERVER_JVM/comm" 2>/dev/null)" = java ] || SERVER_JVM=""
URL1="$URL/bytes/20KiB" URL2="$URL/site/1"
for u in "$URL1" "$URL2"; do
  curl -fsS --max-time 10 -o /dev/null "$u" || die "the server does not answer $u"
done
counts="$(server_counts)" || die "the server does not answer /stats"
read -r BASE_REQUESTS _ <<<"$counts"
say "server at $URL"

# --- 2. Python ------------------------------------------------------------------------------------
cat >"$WORK/seed_io.py" <<'EOF'
# Written by bench/seed-io-python.sh: seed experiment 1 as the articles wrote it.
# Usage: seed_io.py VARIANT REPEAT TIMEOUT THREADS POOL URL...   Prints one JSON line.
import asyncio
import concurrent.futures
import json
import multiprocessing
import os
import sys
import threading
import time

import aiohttp
import requests

variant, repeat, timeout, threads, pool_size = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
urls = sys.argv[6:] * repeat

# sequential: one requests.Session for every download.
def sequential():
    with requests.Session() as session:
        out = []
        for url in urls:
            with session.get(url, timeout=timeout) as r:
                out.append((r.status_code, len(r.content)))
        return out, 1

# threads: ThreadPoolExecutor, one Session per thread.
local = threading.local()

def thread_session():
    if not hasattr(local, "session"):
        local.session = requests.Session()
    return local.session

def thread_download(url):
    with thread_session().get(url, timeout=timeout) as r:
        return r.status_code, len(r.content)

def threads_variant():
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as executor:
        return list(executor.map(thread_download, urls)), threads

# asyncio: one task per URL, one shared ClientSession.
async def fetch(session, url):
    async with session.get(url) as r:
        body = await r.read()
        return r.status, len(body)

async def asyncio_main():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        tasks = [asyncio.ensure_future(fetch(session, url)) for url in urls]
        return await asyncio.gather(*tasks)

def asyncio_variant():
    return list(asyncio.run(asyncio_main())), 1

# processes: Pool() with a Session per process, made by initializer=.
session = None

def init_process():
    global session
    session = requests.Session()

def process_download(url):
    with session.get(url, timeout=timeout) as r:
        return r.status_code, len(r.content)

def processes_variant():
    size = pool_size or os.cpu_count()
    with multiprocessing.Pool(pool_size or None, initializer=init_process) as pool:
        return pool.map(process_download, urls), size

if __name__ == "__main__":
    run = {"sequential": sequential, "threads": threads_variant, "asyncio": asyncio_variant,
           "processes": processes_variant}[variant]
    start = time.perf_counter()
    results, workers = run()
    seconds = time.perf_counter() - start
    statuses = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    print(json.dumps({"variant": variant, "seconds": seconds, "downloads": len(results),
                      "ok": statuses.get("200", 0), "statuses": statuses,
                      "bytes": sum(size for _, size in results), "workers": workers,
                      "start_method": multiprocessing.get_start_method()}))
EOF

# py_field NAME KEY: a field of a Python run's JSON line.
py_field() { "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/py-$1.out" "$2"; }

PY_VARIANTS=(sequential threads asyncio processes)
for variant in "${PY_VARIANTS[@]}"; do
  say "python: $variant, $N downloads"
  rc=0
  measured "py-$variant" "$PYTHON" "$WORK/seed_io.py" "$variant" "$REPEAT" "$REQUEST_TIMEOUT" "$THREADS" "$POOL" \
    "$URL1" "$URL2" || rc=$?
  if [ "$rc" -ne 0 ]; then
    cat "$WORK/py-$variant.out" "$WORK/py-$variant.err" >&2
    die "python $variant failed (exit $rc)"
  fi
  { [ "$(py_field "$variant" downloads)" = "$N" ] && [ "$(py_field "$variant" ok)" = "$N" ]; } ||
    die "python $variant: $(py_field "$variant" ok) of $(py_field "$variant" downloads) downloads answered 200" \
      "(expected $N); statuses: $(py_field "$variant" statuses)"
done
counts="$(server_counts)" || die "the server does not answer /stats"
read -r PY_REQUESTS _ <<<"$counts"

# --- 3. sluice ------------------------------------------------------------------------------------
# quickstart.yaml without its server: and source: blocks (a top-level key and everything indented
# below it), then a source list of the same two URLs on the shared server.
awk '
  /^[A-Za-z_-]+:/ { skip = ($0 ~ /^(server|source):/) }
  !skip { print }
' "$PROFILE" >"$WORK/sluice.yaml"
printf '%s\n' "# Written by bench/seed-io-python.sh: $PROFILE's stages and variants against one shared server." \
  "source: {list: [\"$URL1\", \"$URL2\"], repeat: $REPEAT}" >>"$WORK/sluice.yaml"
! grep -v '^[[:space:]]*#' "$WORK/sluice.yaml" | grep -q '[$][{]server' ||
  die "$PROFILE still refers to its own server outside server: and source: (\${server...}); this script cannot reuse it"$'\n'"$(cat "$WORK/sluice.yaml")"
say "sluice: $PROFILE's variants, $N downloads each (one JVM, ~25 s)"
rc=0
measured sluice ./sluice run "$WORK/sluice.yaml" ${SLUICE_SET[@]+"${SLUICE_SET[@]}"} --out "$WORK/sluice" --quiet || rc=$?
RES="$WORK/sluice/result.json"
if [ "$rc" -ne 0 ] || [ ! -f "$RES" ]; then
  cat "$WORK/sluice.out" "$WORK/sluice.err" >&2
  die "sluice run failed (exit $rc): ./sluice run <profile below> ${SLUICE_SET[*]} --out DIR --quiet"$'\n'"$(cat "$WORK/sluice.yaml")"
fi
[ "$(stat -c %Y target/sluice.jar 2>/dev/null || echo 0)" = "$JAR_STAMP" ] ||
  say "note: target/sluice.jar was rebuilt during the benchmark (the sources changed): the sluice run includes the build"
# "label wallSeconds ok emitted" per comparison row, and the variants' items (all must be ok).
"$PYTHON" - "$RES" >"$WORK/sluice.rows" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
variants = {v.get("label"): v for v in r.get("variants", [])}
for row in r["comparison"]["rows"]:
    items = (variants.get(row["label"]) or {}).get("items") or {}
    print(row["label"], row["wallSeconds"], items.get("ok", "-"), items.get("emitted", "-"))
EOF
[ -s "$WORK/sluice.rows" ] || die "sluice's result.json has no comparison rows"
while read -r label _ ok emitted; do
  { [ "$ok" = "$N" ] && [ "$emitted" = "$N" ]; } || die "sluice $label: $ok of $emitted items ok (expected $N)"
done <"$WORK/sluice.rows"
SLUICE_ROWS="$(wc -l <"$WORK/sluice.rows")"

# --- 4. the table ---------------------------------------------------------------------------------
counts="$(server_counts)" || die "the server does not answer /stats"
read -r END_REQUESTS END_BYTES END_SITE END_200 <<<"$counts"
sl() { awk -v l="$1" '$1 == l { printf "%.2f", $2; found = 1 } END { if (!found) printf "-" }' "$WORK/sluice.rows"; }
pys() { awk -v s="$(py_field "$1" seconds)" 'BEGIN { printf "%.2f", s }'; }
PY_POOL="$(py_field processes workers)"
PY_VERSION="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
PY_LIBS="$("$PYTHON" -c 'import requests, aiohttp; print("requests", requests.__version__ + ", aiohttp", aiohttp.__version__)')"

echo
echo "seed experiment 1: $N downloads ($URL1 and $URL2, x$REPEAT), one shared"
echo "sluice serve on loopback, latency lognormal median 50 ms, p99 150 ms"
echo "machine: $CPUS CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "python:  $PY_VERSION ($PYTHON), $PY_LIBS; Pool start method $(py_field processes start_method)"
echo "java:    $JAVA_VERSION ($JAVA)"
if [ -n "$ORDER" ]; then ORDER_NOTE="$ORDER (ORDER=$ORDER, for every variant)"; else ORDER_NOTE="as $PROFILE has it (sluice's default: ordered)"; fi
echo "sluice:  $PROFILE's stages and variants; the download stage's order: $ORDER_NOTE"
echo
printf '%-34s %10s  %-12s %10s %10s  %s\n' model "python s" "sluice row" "sluice s" "article s" "others (python)"
row() { printf '%-34s %10s  %-12s %10s %10s  %s\n' "$@"; }
row "sequential (one Session)" "$(pys sequential)" sequential "$(sl sequential)" 14.3 "$(cat "$WORK/py-sequential.others")"
row "threads ThreadPoolExecutor($THREADS)" "$(pys threads)" threads-5 "$(sl threads-5)" 3.7 "$(cat "$WORK/py-threads.others")"
row "threads, 10" - threads-10 "$(sl threads-10)" - -
row "virtual threads" - virtual "$(sl virtual)" - -
row "asyncio+aiohttp / event loop" "$(pys asyncio)" event-loop "$(sl event-loop)" 2.6 "$(cat "$WORK/py-asyncio.others")"
row "processes Pool($PY_POOL) / 2 workers" "$(pys processes)" processes-2 "$(sl processes-2)" 5.7 "$(cat "$WORK/py-processes.others")"
echo "(sluice: wallSeconds of each variant's median run, from the comparison in result.json; CPU used by"
echo " other processes during the sluice run, in % of one core: $(cat "$WORK/sluice.others"))"
extra="$(awk '$1 !~ /^(sequential|threads-5|threads-10|virtual|event-loop|processes-2)$/ { printf " %s %.2f s;", $1, $2 }' "$WORK/sluice.rows")"
[ -z "$extra" ] || echo "other sluice rows:$extra"
printf 'python, answered 200:'
for variant in "${PY_VARIANTS[@]}"; do
  printf ' %s %s/%s (%s bytes);' "$variant" "$(py_field "$variant" ok)" "$N" "$(py_field "$variant" bytes)"
done
echo
echo "sluice, items ok:      $(awk '{ printf " %s %s/%s;", $1, $3, $4 }' "$WORK/sluice.rows")"
echo
PY_SEEN=$((PY_REQUESTS - BASE_REQUESTS)) SL_SEEN=$((END_REQUESTS - PY_REQUESTS))
PY_WANT=$((N * ${#PY_VARIANTS[@]}))
# sluice runs each variant repeat: R times after warmup: W runs of warmup-items: I items (0: all).
R="$(awk '/^repeat:/ { print $2 }' "$WORK/sluice.yaml")" W="$(awk '/^warmup:/ { print $2 }' "$WORK/sluice.yaml")"
I="$(awk '/^warmup-items:/ { print $2 }' "$WORK/sluice.yaml")"
R="${R:-1}" W="${W:-0}" I="${I:-0}"
{ [ "$I" -gt 0 ] && [ "$I" -lt "$N" ]; } || I="$N"
SL_WANT=$(((R * N + W * I) * SLUICE_ROWS))
echo "server's own count (GET /stats): $END_REQUESTS requests ($END_BYTES /bytes, $END_SITE /site; $END_200 answered 200)"
echo "  python: $PY_SEEN (expected $N x ${#PY_VARIANTS[@]} = $PY_WANT), sluice: $SL_SEEN (expected ($R x $N + $W x $I warm-up) x $SLUICE_ROWS = $SL_WANT)," \
  "$BASE_REQUESTS from this script's own check before"
if [ "$PY_SEEN" -ne "$PY_WANT" ] || [ "$SL_SEEN" -ne "$SL_WANT" ]; then
  echo "note: the server's count differs from the downloads the runs made: requests were lost or repeated"
fi
