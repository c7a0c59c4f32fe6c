#!/usr/bin/env bash
# Small-response throughput of the test server (`sluice serve`, GET /bytes/N) on ONE core, next to
# nginx serving a static file of the same N bytes on the same core, in the same run.
#
#   bench/server-throughput.sh
#   DURATION=30 CONNECTIONS=128 BODY_BYTES=512 bench/server-throughput.sh
#   SLUICE_JAVA_OPTS="-XX:ActiveProcessorCount=1" bench/server-throughput.sh   # JVM options, replaced whole
#
# Settings (environment, integer seconds for times):
#   BODY_BYTES=100        response body size, for both servers
#   WARMUP=10             wrk run before each measurement, not counted (JIT, connection setup, caches)
#   DURATION=20           the measured wrk run, per server
#   CONNECTIONS=64        wrk connections (keep-alive), one wrk thread
#   SERVER_CPU=0          the core both servers are pinned to, one after the other
#   CLIENT_CPU=1          the core wrk is pinned to
#   STARTUP_TIMEOUT=60    how long a server may take to answer after it is started
#   SLUICE_JAVA_OPTS      default "-XX:ActiveProcessorCount=1 -Dreactor.netty.ioWorkerCount=1"
#   SLUICE_SERVE_ARGS     extra arguments for `sluice serve`, split on spaces (e.g. "--set seed=7")
# Default runtime: about 2 x (WARMUP + DURATION) + a few seconds = ~65 s (plus the jar build on
# first use, and the apt-get install of wrk/nginx when they are missing).
#
# Why it is built this way:
# - One core for the server, another for the client. `taskset` on the whole JVM means its event loop,
#   GC and JIT compiler threads all share that one core, as nginx's single worker does: the figure is
#   "what one core buys", not "what one event-loop thread does while other cores do the GC".
# - -XX:ActiveProcessorCount=1 makes the JVM size itself for one CPU (SerialGC, fewer compiler
#   threads). It is NOT enough for one event loop: Reactor Netty uses max(CPUs, 4) I/O threads, so
#   reactor.netty.ioWorkerCount=1 is set too; the script counts the event-loop threads and prints it.
# - nginx runs from its own temporary config (never the system service), one worker, pinned to the
#   same core, access log off, keep-alive without a request cap (like the test server), on a free
#   port of 127.0.0.1, serving the same path /bytes/N so both wrk command lines differ only in port.
# - The two servers are measured one after the other, never at once, so they never share the core.
# - The cores' busy time is read from /proc/stat around each measurement: if the client core is
#   saturated, the figure is wrk's limit rather than the server's, and the script says so; if the
#   server core was busy with something other than the server, it says that too (this machine is
#   shared).
# - Everything is bounded in time: wrk by -d and `timeout`, the test server by its own --duration,
#   every wait by a deadline. The EXIT trap stops both servers and removes the temporary directory.
set -euo pipefail

cd "$(dirname "$0")/.." # the repo root: ./sluice is run from here

BODY_BYTES="${BODY_BYTES:-100}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"
SLUICE_JAVA_OPTS="${SLUICE_JAVA_OPTS--XX:ActiveProcessorCount=1 -Dreactor.netty.ioWorkerCount=1}"
SLUICE_SERVE_ARGS="${SLUICE_SERVE_ARGS:-}"
TARGET_RPS=50000      # the issue's targets: at least 50,000 req/s on one core ...
TARGET_RATIO=0.5      # ... and at least half of nginx's figure on the same core

die() { echo "server-throughput: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

for v in BODY_BYTES WARMUP DURATION CONNECTIONS SERVER_CPU CLIENT_CPU STARTUP_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, but was '${!v}'"
done
[ "$BODY_BYTES" -ge 1 ] || die "BODY_BYTES must be at least 1"
[ "$DURATION" -ge 1 ] || die "DURATION must be at least 1"
[ "$CONNECTIONS" -ge 1 ] || die "CONNECTIONS must be at least 1"
[ "$SERVER_CPU" != "$CLIENT_CPU" ] || die "SERVER_CPU and CLIENT_CPU must be different cores"
for cpu in "$SERVER_CPU" "$CLIENT_CPU"; do
  grep -q "^cpu$cpu " /proc/stat || die "there is no CPU $cpu on this machine (it needs two cores)"
done

# --- tools: wrk, nginx, curl from Debian packages when missing ---------------------------------
. bench/tools.sh # shared helpers (stop_pid, free_port, CPU ticks); the cwd is the repo root
install_tools
command -v wrk >/dev/null || die "wrk is not installed"
[ -x "$NGINX" ] || die "nginx is not installed"

# --- the jar: built now, unpinned, so the build neither runs on one core nor eats the startup wait --
say "checking target/sluice.jar (./sluice builds it on first use)"
SLUICE_JAVA_OPTS="" ./sluice --version >/dev/null || die "./sluice could not build or run (see target/build.log)"
JAVA="$(./sluice --print-java)"

# --- temporary directory and cleanup ----------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/server-throughput.XXXXXX")"
# Both what `&` started and the server process itself: bash does not always exec a background
# command in place, so there may be a shell in between, and signalling only that shell would leave
# the server running.
SLUICE_PID="" SLUICE_JVM=""
NGINX_PID="" NGINX_MASTER=""
WRK_PID=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$WRK_PID" # timeout: it passes the TERM on to wrk
  stop_pid "$SLUICE_JVM"
  stop_pid "$SLUICE_PID"
  stop_pid "$NGINX_MASTER" QUIT # nginx: QUIT is a graceful stop of the master and its worker
  stop_pid "$NGINX_PID"
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The process named COMM at or below PID, following the first child down (see SLUICE_PID above).
descend_to() {
  local pid="$1" want="$2" i
  for ((i = 0; i < 5; i++)); do
    [ -n "$pid" ] || return 1
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$want" ]; then
      echo "$pid"
      return 0
    fi
    pid="$(pgrep -P "$pid" | head -n 1 || true)"
  done
  return 1
}

# --- measuring ----------------------------------------------------------------------------------

# Busy and total jiffies of one core: "busy total" (busy = user+nice+system+irq+softirq).
core_ticks() {
  awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8; print busy, busy + $5 + $6 + $9 }' /proc/stat
}

# CPU jiffies (user + system) of the given processes, summed; processes that are gone count 0.
proc_ticks() {
  local pid total=0 stat
  for pid in "$@"; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    stat="${stat##*) }" # after the command name, which may hold spaces; utime/stime are then fields 12/13
    total=$((total + $(awk '{ print $12 + $13 }' <<<"$stat")))
  done
  echo "$total"
}

# One wrk run, pinned to the client core, bounded by `timeout` on top of its own -d. In the
# background plus `wait`, so that Ctrl-C or a TERM runs the cleanup at once, not after wrk is done.
run_wrk() {
  local seconds="$1" url="$2" out="$3" rc=0
  timeout --kill-after=5 "$((seconds + 30))" taskset -c "$CLIENT_CPU" \
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "$url" >"$out" 2>&1 </dev/null &
  WRK_PID=$!
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  [ "$rc" -eq 0 ] || { cat "$out" >&2; die "wrk failed against $url (exit $rc)"; }
}

# measure NAME URL PID...: a warm-up run, then the measured run; writes NAME.* result files.
# PIDs are the server's processes, for its own CPU time.
measure() {
  local name="$1" url="$2"
  shift 2
  if [ "$WARMUP" -gt 0 ]; then
    say "$name: warm-up, ${WARMUP}s"
    run_wrk "$WARMUP" "$url" "$WORK/$name.warmup"
  fi
  [ -z "${BEFORE_MEASURE-}" ] || "$BEFORE_MEASURE"
  say "$name: measuring, ${DURATION}s"
  local s0 c0 p0 s1 c1 p1
  s0="$(core_ticks "$SERVER_CPU")" c0="$(core_ticks "$CLIENT_CPU")" p0="$(proc_ticks "$@")"
  run_wrk "$DURATION" "$url" "$WORK/$name.wrk"
  s1="$(core_ticks "$SERVER_CPU")" c1="$(core_ticks "$CLIENT_CPU")" p1="$(proc_ticks "$@")"
  read -r sb0 st0 <<<"$s0"; read -r sb1 st1 <<<"$s1"
  read -r cb0 ct0 <<<"$c0"; read -r cb1 ct1 <<<"$c1"
  # The server process's share is of the server core's total ticks over the same interval.
  echo "$(pct $((p1 - p0)) $((st1 - st0))) $(pct $((sb1 - sb0)) $((st1 - st0))) $(pct $((cb1 - cb0)) $((ct1 - ct0)))" \
    >"$WORK/$name.cpu"
  cat "$WORK/$name.wrk" >&2
}

# Fields of a wrk --latency report: rps, requests, p50, p99, errors (socket errors + non-2xx/3xx).
wrk_field() {
  local f="$WORK/$1.wrk"
  case "$2" in
    rps) awk '/^Requests\/sec:/ { print $2 }' "$f" ;;
    requests) awk '/ requests in / { print $1 }' "$f" ;;
    p50) awk '$1 == "50%" { print $2 }' "$f" ;;
    p99) awk '$1 == "99%" { print $2 }' "$f" ;;
    errors) awk '/Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
                 /Non-2xx or 3xx responses:/ { n += $5 } END { print n + 0 }' "$f" ;;
  esac
}

# Checks a server's answer: status 200 and exactly BODY_BYTES bytes of body. Prints the size of its
# status line and headers, which differ between the servers (nginx adds Server, Date, ETag...).
check_body() {
  local name="$1" url="$2" got
  got="$(curl -fsS --max-time 5 -o /dev/null -w '%{http_code} %{size_download} %{size_header}' "$url")" ||
    die "$name does not answer $url"
  [ "${got% *}" = "200 $BODY_BYTES" ] || die "$name answered $url with '${got% *}' (status, bytes), expected '200 $BODY_BYTES'"
  echo "${got##* }"
}

# --- 1. the test server ------------------------------------------------------------------------
# What the JVM makes of one CPU: its GC (asked before the server starts, so that a probe run with
# the same options cannot overwrite a log file the server writes, e.g. -Xlog:gc:file=...).
# shellcheck disable=SC2086 # split on spaces on purpose, like the launcher does
JVM_GC="$(set -f; "$JAVA" $SLUICE_JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null |
  awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2 }')" || true
JVM_VERSION="$("$JAVA" -version 2>&1 | head -n 1)"

# Its lifetime is bounded by its own --duration, should this script be killed before its trap runs.
say "starting sluice serve on CPU $SERVER_CPU (JVM options: $SLUICE_JAVA_OPTS)"
set -f # SLUICE_SERVE_ARGS is split on spaces on purpose, never glob-expanded
# shellcheck disable=SC2086
SLUICE_JAVA_OPTS="$SLUICE_JAVA_OPTS" taskset -c "$SERVER_CPU" ./sluice serve \
  --duration "$((WARMUP + DURATION + STARTUP_TIMEOUT + 60))s" $SLUICE_SERVE_ARGS \
  >"$WORK/sluice.out" 2>"$WORK/sluice.err" </dev/null &
SLUICE_PID=$!
set +f

SLUICE_URL=""
deadline=$((SECONDS + STARTUP_TIMEOUT))
while [ -z "$SLUICE_URL" ]; do
  # It is the first line, unless JVM options make the JVM print first (-Xlog, JFR): look for it.
  line="$(grep -m 1 '^listening on http://' "$WORK/sluice.out" 2>/dev/null || true)"
  SLUICE_URL="${line#listening on }"
  [ -n "$SLUICE_URL" ] && break
  if ! kill -0 "$SLUICE_PID" 2>/dev/null; then
    cat "$WORK/sluice.out" "$WORK/sluice.err" >&2
    die "sluice serve exited before it was listening"
  fi
  [ "$SECONDS" -lt "$deadline" ] || { cat "$WORK/sluice.err" >&2; die "sluice serve did not print 'listening on' within ${STARTUP_TIMEOUT}s"; }
  sleep 0.1
done
SLUICE_HEADERS="$(check_body "sluice serve" "$SLUICE_URL/bytes/$BODY_BYTES")"
# Once it listens, the launcher has exec'd the JVM (taskset and ./sluice both exec).
SLUICE_JVM="$(descend_to "$SLUICE_PID" java)" || die "cannot find the JVM process of sluice serve (pid $SLUICE_PID)"

# How many Reactor Netty event loops (threads reactor-http-epoll-N, or -nio-N) the JVM runs.
event_loops() { cat /proc/"$SLUICE_JVM"/task/*/comm 2>/dev/null | grep -c '^reactor-http-' || true; }

# The server's own count, zeroed after the warm-up, lets the client's figure be checked.
reset_sluice_stats() { curl -fsS --max-time 5 -o /dev/null "$SLUICE_URL/stats/reset" || die "GET /stats/reset failed"; }
BEFORE_MEASURE=reset_sluice_stats
measure sluice "$SLUICE_URL/bytes/$BODY_BYTES" "$SLUICE_JVM"
BEFORE_MEASURE=
SLUICE_LOOPS="$(event_loops)"
SLUICE_COUNTED="$(curl -fsS --max-time 5 "$SLUICE_URL/stats" |
  awk -F' : ' '/^  "requests" : / { sub(",", "", $2); print $2; exit }')" || SLUICE_COUNTED="?"
# Stopped before nginx starts: an idle JVM still compiles and collects on the server core.
stop_pid "$SLUICE_JVM"
stop_pid "$SLUICE_PID"
SLUICE_JVM="" SLUICE_PID=""

# --- 2. nginx, same core, same bytes -----------------------------------------------------------
mkdir -p "$WORK/nginx/www/bytes" "$WORK/nginx/tmp"
head -c "$BODY_BYTES" /dev/zero | tr '\0' 'a' >"$WORK/nginx/www/bytes/$BODY_BYTES"
# Workers run as nobody/www-data when the master is root: they must be able to read the file.
chmod -R a+rX "$WORK"

# worker_cpu_affinity takes a bit mask, rightmost bit = CPU 0.
mask="1"
for ((i = 0; i < SERVER_CPU; i++)); do mask="${mask}0"; done

start_nginx() {
  NGINX_PORT="$(free_port)" NGINX_MASTER=""
  rm -f "$WORK/nginx/nginx.pid"
  cat >"$WORK/nginx/nginx.conf" <<EOF
# Written by bench/server-throughput.sh; lives in a temporary directory, removed on exit.
daemon off;
master_process on;
worker_processes 1;
worker_cpu_affinity $mask;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  # Reactor Netty caps neither requests per connection nor idle time here; nginx 1.22 caps
  # requests at 1000 per connection, which would make wrk reconnect: lift it.
  keepalive_requests 1000000000;
  keepalive_timeout 300s;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/www;
  }
}
EOF
  : >"$WORK/nginx/error.log"
  taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx/" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" \
    >"$WORK/nginx/stdout.log" 2>&1 </dev/null &
  NGINX_PID=$!
  local deadline=$((SECONDS + STARTUP_TIMEOUT))
  while ! curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$NGINX_PORT/bytes/$BODY_BYTES" 2>/dev/null; do
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then
      wait "$NGINX_PID" 2>/dev/null || true
      NGINX_PID=""
      return 1
    fi
    # The master, from its pid file: what QUIT must reach.
    [ -n "$NGINX_MASTER" ] || NGINX_MASTER="$(cat "$WORK/nginx/nginx.pid" 2>/dev/null || true)"
    [ "$SECONDS" -lt "$deadline" ] || { cat "$WORK/nginx/error.log" >&2; die "nginx did not answer within ${STARTUP_TIMEOUT}s"; }
    sleep 0.1
  done
}

say "starting nginx on CPU $SERVER_CPU ($("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), 1 worker)"
for attempt in 1 2 3; do
  if start_nginx; then break; fi
  if [ "$attempt" -eq 3 ] || ! grep -q 'Address already in use' "$WORK/nginx/error.log" "$WORK/nginx/stdout.log"; then
    cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2
    die "nginx did not start"
  fi
done
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
NGINX_HEADERS="$(check_body nginx "$NGINX_URL/bytes/$BODY_BYTES")"
[ -n "$NGINX_MASTER" ] || NGINX_MASTER="$(cat "$WORK/nginx/nginx.pid")"
NGINX_WORKERS="$(pgrep -P "$NGINX_MASTER" || true)" # its worker: the CPU time is theirs
# shellcheck disable=SC2086
measure nginx "$NGINX_URL/bytes/$BODY_BYTES" "$NGINX_MASTER" $NGINX_WORKERS
stop_pid "$NGINX_MASTER" QUIT
stop_pid "$NGINX_PID"
NGINX_MASTER="" NGINX_PID=""

# --- 3. the table -------------------------------------------------------------------------------
row() {
  local name="$1" label="$2" cpu
  read -r -a cpu <"$WORK/$name.cpu"
  printf '%-14s %12s %10s %10s %7s %11s %10s %10s\n' "$label" "$(wrk_field "$name" rps)" \
    "$(wrk_field "$name" p50)" "$(wrk_field "$name" p99)" "$(wrk_field "$name" errors)" \
    "${cpu[0]}" "${cpu[1]}" "${cpu[2]}"
}
S_RPS="$(wrk_field sluice rps)"
N_RPS="$(wrk_field nginx rps)"
RATIO="$(awk -v s="$S_RPS" -v n="$N_RPS" 'BEGIN { printf "%.2f", (n > 0 ? s / n : 0) }')"

echo
echo "server throughput: GET /bytes/$BODY_BYTES, keep-alive, wrk -t1 -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up)"
echo "server on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU; measured one after the other;" \
  "$(grep -c '^processor' /proc/cpuinfo) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "sluice: the whole JVM pinned to CPU $SERVER_CPU: event loop, GC and JIT threads share that one core"
echo "        $JVM_VERSION; options: $SLUICE_JAVA_OPTS; GC: ${JVM_GC:-?}; Reactor Netty event loops: $SLUICE_LOOPS"
echo "        response: $SLUICE_HEADERS bytes of status line and headers + $BODY_BYTES of body"
echo "nginx:  $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), master + 1 worker pinned to CPU $SERVER_CPU, access_log off, static file"
echo "        response: $NGINX_HEADERS bytes of status line and headers + $BODY_BYTES of body"
echo
printf '%-14s %12s %10s %10s %7s %11s %10s %10s\n' server req/s p50 p99 errors "server CPU" "CPU$SERVER_CPU busy" "CPU$CLIENT_CPU busy"
row sluice "sluice serve"
row nginx nginx
echo
echo "ratio sluice/nginx: $RATIO   (target >= $TARGET_RATIO: $(met "$RATIO" "$TARGET_RATIO"))"
echo "sluice req/s: $S_RPS   (target >= $TARGET_RPS: $(met "$S_RPS" "$TARGET_RPS"))"
echo "sluice /stats counted $SLUICE_COUNTED requests in the measured run; wrk completed $(wrk_field sluice requests)"

# Warnings that change how to read the figures.
if [ "$WARMUP" -lt 10 ]; then
  echo "note: WARMUP=${WARMUP}s: the JVM may still be compiling (the default 10 s is what it took here to level off)"
fi
for name in sluice nginx; do
  read -r -a cpu <"$WORK/$name.cpu"
  if [ "${cpu[2]%\%}" -ge 95 ]; then
    echo "note: CPU $CLIENT_CPU (wrk) was ${cpu[2]} busy during the $name run: its figure may be the client's limit"
  fi
  if [ $((${cpu[1]%\%} - ${cpu[0]%\%})) -ge 15 ]; then
    echo "note: during the $name run CPU $SERVER_CPU was ${cpu[1]} busy but the server process used ${cpu[0]}:" \
      "the rest is kernel networking (softirq) or other processes on that core"
  fi
  if [ "$(wrk_field "$name" errors)" != 0 ]; then
    echo "note: wrk saw errors against $name (socket errors or non-2xx): see its report above"
  fi
done
