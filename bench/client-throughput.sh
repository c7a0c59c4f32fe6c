#!/usr/bin/env bash
# sluice as an HTTP load generator on ONE core, next to wrk on the same core, against the same nginx
# (one worker on the other core) serving the same small file, with the same keep-alive connections.
#
#   bench/client-throughput.sh
#   DURATION=30 CONNECTIONS=128 bench/client-throughput.sh
#   RATE=5000 bench/client-throughput.sh                      # the open model's rate, req/s
#   SLUICE_JAVA_OPTS="-XX:ActiveProcessorCount=1" bench/client-throughput.sh   # JVM options, replaced whole
#
# Settings (environment, integer seconds for times):
#   BODY_BYTES=100        size of the file nginx serves
#   CONNECTIONS=64        wrk -c; sluice's users (closed model) and its stage's concurrency (= pool size)
#   DURATION=20           the measured part of each run
#   WRK_WARMUP=5          a wrk run before wrk's measured one, not counted
#   WARMUP=20             sluice: the first seconds of the SAME run, not counted in its steady figure
#   RATE                  the open model's rate in req/s; default: half of the smaller of wrk's and
#                         sluice's (steady, closed-model) req/s, rounded down to 100
#   CLIENT_CPU=0          the core wrk and sluice (the whole JVM) are pinned to, one after the other
#   SERVER_CPU=1          the core nginx (master and its one worker) is pinned to
#   STARTUP_TIMEOUT=60    how long nginx or sluice may take to start answering or sending
#   SLUICE_JAVA_OPTS      default "-XX:ActiveProcessorCount=1 -Dreactor.netty.ioWorkerCount=1"
#   TARGET_RATIO=0.8      the issue's target: sluice's req/s at least 0.8 x wrk's
# Default runtime: WRK_WARMUP + DURATION + 2 x (WARMUP + DURATION) + ~10 s = ~2 min (plus the jar
# build on first use, and the apt-get install of wrk/nginx/python3 when they are missing).
#
# What it runs, one after the other, so that the clients never share the core:
#   1. wrk -t1 -cC: a warm-up run, then the measured one (req/s; latency percentiles with --latency).
#   2. sluice, closed model (load: concurrency, C users; the http stage on the event loop with
#      concurrency C, so C connections as wrk has), for WARMUP + DURATION seconds.
#   3. sluice, open model (load: arrival-rate) at RATE: WARMUP seconds at RATE/20, then DURATION
#      seconds at RATE. Its latency is measured from each request's intended start (no coordinated
#      omission). wrk has no fixed-rate mode (that is wrk2, which Debian does not package): wrk's
#      latency is always that of its own closed loop at full speed, subject to coordinated omission.
#
# Why it is built this way:
# - The client gets one core, as the server does in server-throughput.sh: `taskset` on the whole
#   JVM, so its event loop, GC and JIT compiler threads share that core, as wrk's one thread has it.
#   -XX:ActiveProcessorCount=1 sizes the JVM for one CPU (SerialGC, fewer compiler threads), and
#   reactor.netty.ioWorkerCount=1 gives one event loop (Reactor Netty would start max(CPUs, 4)).
# - The JIT is what a separate warm-up run cannot provide: each `sluice run` is a new JVM, and on one
#   core sluice needs ~20 s to reach its speed (measured: 5 s runs made ~3,000 req/s, the same JVM
#   ~40,000 req/s after 25 s). So sluice warms up inside the measured run, and its steady figure is
#   counted by nginx (stub_status) over the last DURATION seconds of the run. sluice's own result.json
#   covers the whole run, warm-up included (there is no way to leave the warm-up out of its
#   percentiles): the table shows both, labelled.
# - nginx runs from its own temporary config (never the system service): one worker, pinned, access log
#   off, keep-alive with no request cap, on a free port of 127.0.0.1, plus a stub_status location that
#   counts requests from the server's side (and checks wrk's and sluice's own counts).
# - Core busy time is read from /proc/stat around each measurement: if the server core is saturated,
#   the figure is nginx's limit rather than the client's, and the script says so. This machine is
#   shared: CPU used by other processes during a measurement is reported too.
# - Everything is bounded in time: wrk by -d and `timeout`, sluice by its profile's duration and
#   `timeout`, every wait by a deadline. The EXIT trap stops every process this script started and
#   removes the temporary directory.
set -euo pipefail

cd "$(dirname "$0")/.." # the repo root: ./sluice is run from here

BODY_BYTES="${BODY_BYTES:-100}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-20}"
WRK_WARMUP="${WRK_WARMUP:-5}"
WARMUP="${WARMUP:-20}"
RATE="${RATE:-}"
CLIENT_CPU="${CLIENT_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"
SLUICE_JAVA_OPTS="${SLUICE_JAVA_OPTS--XX:ActiveProcessorCount=1 -Dreactor.netty.ioWorkerCount=1}"
TARGET_RATIO="${TARGET_RATIO:-0.8}"

die() { echo "client-throughput: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

for v in BODY_BYTES CONNECTIONS DURATION WRK_WARMUP WARMUP CLIENT_CPU SERVER_CPU STARTUP_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, but was '${!v}'"
done
[ -z "$RATE" ] || [[ "$RATE" =~ ^[1-9][0-9]*$ ]] || die "RATE must be a whole number of requests per second, but was '$RATE'"
[[ "$TARGET_RATIO" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "TARGET_RATIO must be a number, but was '$TARGET_RATIO'"
[ "$BODY_BYTES" -ge 1 ] || die "BODY_BYTES must be at least 1"
[ "$DURATION" -ge 1 ] || die "DURATION must be at least 1"
[ "$CONNECTIONS" -ge 1 ] || die "CONNECTIONS must be at least 1"
[ "$CLIENT_CPU" != "$SERVER_CPU" ] || die "CLIENT_CPU and SERVER_CPU must be different cores"
for cpu in "$CLIENT_CPU" "$SERVER_CPU"; do
  grep -q "^cpu$cpu " /proc/stat || die "there is no CPU $cpu on this machine (it needs two cores)"
done

# --- tools: wrk, nginx, curl, python3 from Debian packages when missing ------------------------
. bench/tools.sh # shared helpers (stop_pid, free_port, CPU ticks); the cwd is the repo root
install_tools python3
command -v wrk >/dev/null || die "wrk is not installed"
command -v python3 >/dev/null || die "python3 is not installed (it reads result.json)"
[ -x "$NGINX" ] || die "nginx is not installed"
"$NGINX" -V 2>&1 | grep -q -- '--with-http_stub_status_module' ||
  die "this nginx has no stub_status module, which counts the requests (Debian's nginx and nginx-light have it)"

# --- the jar: built now, unpinned, so the build neither runs on one core nor eats the startup wait --
say "checking target/sluice.jar (./sluice builds it on first use)"
SLUICE_JAVA_OPTS="" ./sluice --version >/dev/null || die "./sluice could not build or run (see target/build.log)"
JAVA="$(./sluice --print-java)"
# What the JVM makes of its options: its GC.
# shellcheck disable=SC2086 # split on spaces on purpose, like the launcher does
JVM_GC="$(set -f; "$JAVA" $SLUICE_JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null |
  awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2 }')" || true
JVM_VERSION="$("$JAVA" -version 2>&1 | head -n 1)"

# --- temporary directory and cleanup ----------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/client-throughput.XXXXXX")"
# Both what `&` started and the JVM itself: there are wrappers in between (timeout, taskset, the
# launcher), and signalling only the outermost could leave the JVM running.
SLUICE_PID="" SLUICE_JVM=""
NGINX_PID="" NGINX_MASTER=""
WRK_PID=""
SLEEP_PID=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SLEEP_PID"
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

# The process named COMM at or below PID, following the first child down.
descend_to() {
  local pid="$1" want="$2" i
  for ((i = 0; i < 6; i++)); do
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

# Jiffies of one core: "busy total" (busy = user+nice+system+irq+softirq).
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

# Sleeps until the epoch time T (fractional), if it is still ahead. In the background plus `wait`,
# so that Ctrl-C or a TERM runs the cleanup at once rather than after the sleep.
sleep_until() {
  local left
  left="$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; printf "%.3f", (d > 0 ? d : 0) }')"
  sleep "$left" &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=""
}

# nginx's own count of requests (stub_status); the request that asks is counted too.
nginx_requests() {
  curl -fsS --max-time 5 "$NGINX_URL/nginx-status" | awk 'NR == 3 { print $3 }'
}

# A snapshot for a measured window: "time nginx_requests client_busy client_total server_busy
# server_total all_process_ticks our_process_ticks". PIDS: the client's and nginx's processes.
snapshot() {
  local t n
  t="$(now)" n="$(nginx_requests)" || die "nginx does not answer its status page"
  echo "$t $n $(core_ticks "$CLIENT_CPU") $(core_ticks "$SERVER_CPU") $(all_proc_ticks) $(proc_ticks "$@")"
}

# window NAME "SNAPSHOT0" "SNAPSHOT1": writes NAME.window: seconds, nginx-counted req/s, client core
# busy, server core busy, CPU of other processes (in % of one core), and the client process's CPU.
# CLIENT_PROC_TICKS0/1 are the client's own jiffies (set by the caller).
window() {
  local name="$1" a b
  read -r -a a <<<"$2"
  read -r -a b <<<"$3"
  # b[1] - a[1] - 1: the request that read the second count counted itself.
  awk -v t0="${a[0]}" -v t1="${b[0]}" -v n0="${a[1]}" -v n1="${b[1]}" \
    -v cb0="${a[2]}" -v ct0="${a[3]}" -v cb1="${b[2]}" -v ct1="${b[3]}" \
    -v sb0="${a[4]}" -v st0="${a[5]}" -v sb1="${b[4]}" -v st1="${b[5]}" \
    -v all0="${a[6]}" -v all1="${b[6]}" -v our0="${a[7]}" -v our1="${b[7]}" \
    -v cl0="$CLIENT_PROC_TICKS0" -v cl1="$CLIENT_PROC_TICKS1" 'BEGIN {
      secs = t1 - t0; ticks = ct1 - ct0
      other = (all1 - all0) - (our1 - our0); if (other < 0) other = 0
      printf "%.2f %.0f %.0f%% %.0f%% %.0f%% %.0f%%\n", secs, (n1 - n0 - 1) / secs,
        100 * (cb1 - cb0) / ticks, 100 * (sb1 - sb0) / (st1 - st0), 100 * other / ticks, 100 * (cl1 - cl0) / ticks
    }' >"$WORK/$name.window"
}

# A field of a `window` line: secs, rps, client_busy, server_busy, other, client_cpu.
window_field() {
  local w
  read -r -a w <"$WORK/$1.window"
  case "$2" in
    secs) echo "${w[0]}" ;; rps) echo "${w[1]}" ;; client_busy) echo "${w[2]}" ;;
    server_busy) echo "${w[3]}" ;; other) echo "${w[4]}" ;; client_cpu) echo "${w[5]}" ;;
  esac
}

# A value from a sluice result.json, by a dotted path into its first (only) variant: "latencyMs.p99".
# Prints "-" when the path is absent or null.
result() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))["variants"][0]
for key in sys.argv[2].split("."):
    v = v[int(key)] if isinstance(v, list) else (v or {}).get(key)
print("-" if v is None else v)
EOF
}

# Milliseconds as a table cell, 3 significant figures: "0.412", "12.4", "2380".
ms() { awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else if (v < 1) printf "%.3f\n", v;
  else if (v < 10) printf "%.2f\n", v; else if (v < 100) printf "%.1f\n", v; else printf "%.0f\n", v }'; }

# --- nginx: one worker on the server core, the small file, and its request counter ---------------
mkdir -p "$WORK/nginx/www" "$WORK/nginx/tmp"
head -c "$BODY_BYTES" /dev/zero | tr '\0' 'a' >"$WORK/nginx/www/small"
# Workers run as nobody/www-data when the master is root: they must be able to read the file.
chmod -R a+rX "$WORK"

# worker_cpu_affinity takes a bit mask, rightmost bit = CPU 0.
mask="1"
for ((i = 0; i < SERVER_CPU; i++)); do mask="${mask}0"; done

start_nginx() {
  NGINX_PORT="$(free_port)" NGINX_MASTER=""
  rm -f "$WORK/nginx/nginx.pid"
  cat >"$WORK/nginx/nginx.conf" <<EOF
# Written by bench/client-throughput.sh; lives in a temporary directory, removed on exit.
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
  # nginx 1.22 caps requests at 1000 per connection, which would make the clients reconnect.
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
    # The server's own count of requests, read before and after each measured window.
    location = /nginx-status { stub_status; }
  }
}
EOF
  : >"$WORK/nginx/error.log"
  taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx/" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" \
    >"$WORK/nginx/stdout.log" 2>&1 </dev/null &
  NGINX_PID=$!
  local deadline=$((SECONDS + STARTUP_TIMEOUT))
  while ! curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$NGINX_PORT/small" 2>/dev/null; do
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

NGINX_VERSION="$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
say "starting nginx on CPU $SERVER_CPU ($NGINX_VERSION, 1 worker)"
for attempt in 1 2 3; do
  if start_nginx; then break; fi
  if [ "$attempt" -eq 3 ] || ! grep -q 'Address already in use' "$WORK/nginx/error.log" "$WORK/nginx/stdout.log"; then
    cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" >&2
    die "nginx did not start"
  fi
done
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
URL="$NGINX_URL/small"
got="$(curl -fsS --max-time 5 -o /dev/null -w '%{http_code} %{size_download} %{size_header}' "$URL")" ||
  die "nginx does not answer $URL"
[ "${got% *}" = "200 $BODY_BYTES" ] || die "nginx answered $URL with '${got% *}' (status, bytes), expected '200 $BODY_BYTES'"
NGINX_HEADERS="${got##* }"
[ -n "$NGINX_MASTER" ] || NGINX_MASTER="$(cat "$WORK/nginx/nginx.pid")"
NGINX_PROCS="$NGINX_MASTER $(pgrep -P "$NGINX_MASTER" | tr '\n' ' ' || true)"
nginx_requests >/dev/null || die "nginx does not answer its status page"

# --- 1. wrk ---------------------------------------------------------------------------------------

# One wrk run, pinned to the client core, bounded by `timeout` on top of its own -d. In the
# background plus `wait`, so that Ctrl-C or a TERM runs the cleanup at once, not after wrk is done.
start_wrk() {
  local seconds="$1" out="$2"
  timeout --kill-after=5 "$((seconds + 30))" taskset -c "$CLIENT_CPU" \
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "$URL" >"$out" 2>&1 </dev/null &
  WRK_PID=$!
}
wait_wrk() {
  local out="$1" rc=0
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  [ "$rc" -eq 0 ] || { cat "$out" >&2; die "wrk failed against $URL (exit $rc)"; }
}

# Fields of a wrk --latency report: rps, requests, p50/p90/p99 in ms, errors (socket + non-2xx/3xx).
wrk_field() {
  local f="$WORK/wrk.out"
  case "$1" in
    rps) awk '/^Requests\/sec:/ { print $2 }' "$f" ;;
    requests) awk '/ requests in / { print $1 }' "$f" ;;
    p50 | p90 | p99)
      awk -v p="${1#p}%" '$1 == p {
        v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
        f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
        print (f < 0 ? "-" : v * f) }' "$f" ;;
    errors) awk '/Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
                 /Non-2xx or 3xx responses:/ { n += $5 } END { print n + 0 }' "$f" ;;
  esac
}

if [ "$WRK_WARMUP" -gt 0 ]; then
  say "wrk: warm-up, ${WRK_WARMUP}s"
  start_wrk "$WRK_WARMUP" "$WORK/wrk.warmup"
  wait_wrk "$WORK/wrk.warmup"
fi
say "wrk: measuring, ${DURATION}s, on CPU $CLIENT_CPU"
start_wrk "$DURATION" "$WORK/wrk.out"
# wrk's own process (below timeout and taskset, which exec), for its CPU time.
WRK_PROC=""
for ((i = 0; i < 20; i++)); do
  WRK_PROC="$(descend_to "$WRK_PID" wrk || true)"
  [ -z "$WRK_PROC" ] || break
  sleep 0.05
done
# shellcheck disable=SC2086
s0="$(snapshot "$WRK_PROC" $NGINX_PROCS)"
CLIENT_PROC_TICKS0="$(proc_ticks "$WRK_PROC")"
# The window ends a second before wrk does (its -d counts from its own start, a little earlier).
sleep_until "$(awk -v t="${s0%% *}" -v d="$DURATION" 'BEGIN { printf "%.3f", t + (d > 1.5 ? d - 1 : 0.5) }')"
# shellcheck disable=SC2086
s1="$(snapshot "$WRK_PROC" $NGINX_PROCS)"
CLIENT_PROC_TICKS1="$(proc_ticks "$WRK_PROC")"
wait_wrk "$WORK/wrk.out"
window wrk "$s0" "$s1"
cat "$WORK/wrk.out" >&2
W_RPS="$(wrk_field rps)"

# --- 2. and 3. sluice ------------------------------------------------------------------------------

# run_sluice NAME PROFILE_FILE RUN_SECONDS FROM TO: runs the profile pinned to the client core, and
# counts the requests nginx sees from FROM to TO seconds after the first one. Writes NAME.window and
# leaves the result in WORK/NAME/result.json.
run_sluice() {
  local name="$1" profile="$2" seconds="$3" from="$4" to="$5" base prev n deadline t0 s0 s1 rc=0
  base="$(nginx_requests)" || die "nginx does not answer its status page"
  say "sluice $name: ${seconds}s run, counted from ${from}s to ${to}s, on CPU $CLIENT_CPU"
  set -f # SLUICE_JAVA_OPTS is split on spaces on purpose, never glob-expanded
  # shellcheck disable=SC2086
  SLUICE_JAVA_OPTS="$SLUICE_JAVA_OPTS" timeout --kill-after=5 "$((seconds + STARTUP_TIMEOUT + 30))" \
    taskset -c "$CLIENT_CPU" ./sluice run "$profile" --out "$WORK/$name" --quiet \
    >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
  SLUICE_PID=$!
  set +f
  # The start: nginx sees the first request (the JVM takes a second or so to get there). Each read
  # of the status page counts itself: when nothing else comes, the count goes up by exactly 1.
  deadline=$((SECONDS + STARTUP_TIMEOUT))
  prev="$base"
  while n="$(nginx_requests || echo "$prev")" && [ "$n" -le "$((prev + 1))" ]; do
    prev="$n"
    if ! kill -0 "$SLUICE_PID" 2>/dev/null; then
      cat "$WORK/$name.out" "$WORK/$name.err" >&2
      die "sluice ($name) exited before it sent a request"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "sluice ($name) sent no request within ${STARTUP_TIMEOUT}s"
    sleep 0.05
  done
  t0="$(now)"
  SLUICE_JVM="$(descend_to "$SLUICE_PID" java)" || die "cannot find the JVM of sluice ($name), pid $SLUICE_PID"
  sleep_until "$(awk -v t="$t0" -v o="$from" 'BEGIN { printf "%.3f", t + o }')"
  # shellcheck disable=SC2086
  s0="$(snapshot "$SLUICE_JVM" $NGINX_PROCS)"
  CLIENT_PROC_TICKS0="$(proc_ticks "$SLUICE_JVM")"
  sleep_until "$(awk -v t="$t0" -v o="$to" 'BEGIN { printf "%.3f", t + o }')"
  # shellcheck disable=SC2086
  s1="$(snapshot "$SLUICE_JVM" $NGINX_PROCS)"
  CLIENT_PROC_TICKS1="$(proc_ticks "$SLUICE_JVM")"
  # Reactor Netty's event loops (threads reactor-http-epoll-N or -nio-N), while the JVM runs.
  cat /proc/"$SLUICE_JVM"/task/*/comm 2>/dev/null | grep -c '^reactor-http-' >"$WORK/$name.loops" || true
  wait "$SLUICE_PID" || rc=$?
  SLUICE_PID="" SLUICE_JVM=""
  if [ "$rc" -ne 0 ] || [ ! -f "$WORK/$name/result.json" ]; then
    cat "$WORK/$name.out" "$WORK/$name.err" >&2
    die "sluice run ($name) failed (exit $rc)"
  fi
  window "$name" "$s0" "$s1"
}

# The closed model: C users, each sending the next request when its last one is answered, as wrk's
# C connections do. The run lasts 2 s longer than the window, which starts at the first request.
CLOSED_SECONDS=$((WARMUP + DURATION + 2))
cat >"$WORK/closed.yaml" <<EOF
# Written by bench/client-throughput.sh.
name: client-bench
description: closed model, $CONNECTIONS users against nginx for ${CLOSED_SECONDS}s
source: {list: ["x"]}
stages:
  - {name: get, kind: http, url: "$URL", scheduler: event-loop, concurrency: $CONNECTIONS}
load: {model: concurrency, users: $CONNECTIONS, duration: ${CLOSED_SECONDS}s}
sink: discard
EOF
run_sluice closed "$WORK/closed.yaml" "$CLOSED_SECONDS" "$WARMUP" "$((WARMUP + DURATION))"
C_RESULT="$WORK/closed/result.json"
C_STEADY="$(window_field closed rps)"
C_WHOLE="$(awk -v n="$(result "$C_RESULT" items.ok)" -v s="$(result "$C_RESULT" wallSeconds)" 'BEGIN { printf "%.0f", n / s }')"

# The open model: WARMUP seconds at RATE/20 (JIT warm-up at a rate a cold JVM keeps up with), then
# DURATION seconds at RATE.
if [ -z "$RATE" ]; then
  RATE="$(awk -v a="$W_RPS" -v b="$C_STEADY" 'BEGIN { m = (a < b ? a : b) / 2; r = int(m / 100) * 100; print (r >= 100 ? r : 100) }')"
  RATE_FROM="half of the smaller of wrk's and sluice's steady req/s"
else
  RATE_FROM="RATE"
fi
WARM_RATE=$(((RATE + 19) / 20))
OPEN_ITEMS=$((WARM_RATE * WARMUP + RATE * DURATION))
cat >"$WORK/open.yaml" <<EOF
# Written by bench/client-throughput.sh.
name: client-bench-open
description: open model, ${RATE}/s against nginx after a warm-up at ${WARM_RATE}/s
source: {range: {count: $((OPEN_ITEMS + 1000))}}
stages:
  - {name: get, kind: http, url: "$URL", scheduler: event-loop, concurrency: $CONNECTIONS}
load:
  model: arrival-rate
  phases:
$([ "$WARMUP" -eq 0 ] || echo "    - {rate: ${WARM_RATE}/s, duration: ${WARMUP}s}")
    - {rate: ${RATE}/s, duration: ${DURATION}s}
sink: discard
EOF
# The window: the phase at RATE, less half a second at each end (the phases count from the
# generator's start, a little before the first request).
run_sluice open "$WORK/open.yaml" "$((WARMUP + DURATION))" "$(awk -v w="$WARMUP" -v d="$DURATION" \
  'BEGIN { print (d > 1.5 ? w + 0.5 : w) }')" "$(awk -v w="$WARMUP" -v d="$DURATION" 'BEGIN { print (d > 1.5 ? w + d - 0.5 : w + d * 0.9) }')"
O_RESULT="$WORK/open/result.json"

# --- 4. the table -----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
C_RATIO="$(ratio "$C_STEADY" "$W_RPS")"
C_WHOLE_RATIO="$(ratio "$C_WHOLE" "$W_RPS")"

echo
echo "client throughput: GET /small ($BODY_BYTES bytes + $NGINX_HEADERS of status line and headers), keep-alive," \
  "$CONNECTIONS connections, client on CPU $CLIENT_CPU, nginx on CPU $SERVER_CPU"
echo "$(grep -c '^processor' /proc/cpuinfo) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "nginx:  $NGINX_VERSION, master + 1 worker pinned to CPU $SERVER_CPU, access_log off, static file"
echo "wrk:    $(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }'), wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency ($([ "$WRK_WARMUP" -gt 0 ] && echo "after a ${WRK_WARMUP}s warm-up run" || echo "no warm-up run"))"
echo "sluice: the whole JVM pinned to CPU $CLIENT_CPU: event loop, GC and JIT threads share that one core"
echo "        $JVM_VERSION; options: $SLUICE_JAVA_OPTS; GC: ${JVM_GC:-?}; event loops: $(cat "$WORK/closed.loops")"
echo "        http stage on event-loop, concurrency $CONNECTIONS; closed model: $CONNECTIONS users for ${CLOSED_SECONDS}s;"
echo "        'steady' = the last ${DURATION}s of that run, after ${WARMUP}s of warm-up in the same JVM, counted by nginx"
echo
printf '%-30s %9s %9s %9s %9s %7s %10s %10s %7s\n' "closed loop, $CONNECTIONS connections" req/s "p50 ms" "p90 ms" "p99 ms" errors \
  "CPU$CLIENT_CPU busy" "CPU$SERVER_CPU busy" others
printf '%-30s %9.0f %9s %9s %9s %7s %10s %10s %7s\n' "wrk (${DURATION}s)" "$W_RPS" "$(ms "$(wrk_field p50)")" \
  "$(ms "$(wrk_field p90)")" "$(ms "$(wrk_field p99)")" "$(wrk_field errors)" \
  "$(window_field wrk client_busy)" "$(window_field wrk server_busy)" "$(window_field wrk other)"
printf '%-30s %9s %9s %9s %9s %7s %10s %10s %7s\n' "sluice steady (last ${DURATION}s)" "$C_STEADY" - - - - \
  "$(window_field closed client_busy)" "$(window_field closed server_busy)" "$(window_field closed other)"
printf '%-30s %9s %9s %9s %9s %7s\n' "sluice whole run (${CLOSED_SECONDS}s)" "$C_WHOLE" \
  "$(ms "$(result "$C_RESULT" latencyMs.p50)")" "$(ms "$(result "$C_RESULT" latencyMs.p90)")" \
  "$(ms "$(result "$C_RESULT" latencyMs.p99)")" "$(result "$C_RESULT" items.failed)"
echo
echo "ratio sluice/wrk, req/s: steady $C_RATIO (target >= $TARGET_RATIO: $(met "$C_RATIO" "$TARGET_RATIO"));" \
  "whole run incl. warm-up $C_WHOLE_RATIO"
echo "sluice steady mean latency by Little's law: $CONNECTIONS / $C_STEADY req/s =" \
  "$(awk -v c="$CONNECTIONS" -v r="$C_STEADY" 'BEGIN { printf "%.3f", (r > 0 ? 1000 * c / r : 0) }') ms" \
  "(sluice's percentiles cover its whole run, warm-up included)"
echo "sluice whole run: $(result "$C_RESULT" items.ok) ok in $(result "$C_RESULT" wallSeconds)s," \
  "CPU $(result "$C_RESULT" cpuSeconds)s, GC $(result "$C_RESULT" gcSeconds)s, peak threads $(result "$C_RESULT" peakThreads);" \
  "in the steady window the JVM used $(window_field closed client_cpu) of CPU $CLIENT_CPU"
echo "wrk: $(wrk_field requests) requests in its run; nginx counted $(window_field wrk rps) req/s over $(window_field wrk secs)s of it"
echo
echo "fixed rate: sluice open model at ${RATE}/s ($RATE_FROM), ${DURATION}s, after ${WARMUP}s at ${WARM_RATE}/s"
echo "            latency from each request's intended start; wrk has no fixed-rate mode (wrk2 has; Debian does"
echo "            not package it), so wrk's figures are its closed loop at full speed, subject to coordinated omission"
printf '%-30s %9s %9s %9s %9s %7s %10s %10s %7s\n' "" req/s "p50 ms" "p90 ms" "p99 ms" errors \
  "CPU$CLIENT_CPU busy" "CPU$SERVER_CPU busy" others
printf '%-30s %9s %9s %9s %9s %7s %10s %10s %7s\n' "sluice at ${RATE}/s (whole run)" "$(window_field open rps)" \
  "$(ms "$(result "$O_RESULT" latencyMs.p50)")" "$(ms "$(result "$O_RESULT" latencyMs.p90)")" \
  "$(ms "$(result "$O_RESULT" latencyMs.p99)")" "$(result "$O_RESULT" items.failed)" \
  "$(window_field open client_busy)" "$(window_field open server_busy)" "$(window_field open other)"
printf '%-30s %9.0f %9s %9s %9s %7s\n' "wrk, closed loop (as above)" "$W_RPS" "$(ms "$(wrk_field p50)")" \
  "$(ms "$(wrk_field p90)")" "$(ms "$(wrk_field p99)")" "$(wrk_field errors)"
echo "sluice open model: req/s counted by nginx during the phase at ${RATE}/s; the percentiles cover all" \
  "$(result "$O_RESULT" items.ok) requests, ${WARM_RATE}/s warm-up included"
echo "  queue wait (waiting to be sent) p99 $(ms "$(result "$O_RESULT" stages.0.queueMs.p99)") ms," \
  "service time p50/p99 $(ms "$(result "$O_RESULT" stages.0.serviceMs.p50)")/$(ms "$(result "$O_RESULT" stages.0.serviceMs.p99)") ms," \
  "generator late p99 $(ms "$(result "$O_RESULT" load.lateMs.p99)") ms, dropped over max-in-flight" \
  "$(result "$O_RESULT" load.droppedOverMaxInFlight)"

# Warnings that change how to read the figures.
notes() {
  local name busy other
  for name in wrk closed open; do
    busy="$(window_field "$name" server_busy)" other="$(window_field "$name" other)"
    if [ "${busy%\%}" -ge 95 ]; then
      echo "note: CPU $SERVER_CPU (nginx) was $busy busy during the $name run: the figure may be nginx's limit"
    fi
    if [ "${other%\%}" -ge 10 ]; then
      echo "note: other processes used $other of a core during the $name run (this machine is shared): its figure is low"
    fi
  done
  if [ "$(wrk_field errors)" != 0 ]; then
    echo "note: wrk saw errors (socket errors or non-2xx): see its report above"
  fi
  if [ "$(result "$O_RESULT" load.warning)" != "-" ]; then
    echo "note: sluice's generator: $(result "$O_RESULT" load.warning)"
  fi
  if [ "$(result "$O_RESULT" load.droppedOverMaxInFlight)" != 0 ]; then
    echo "note: the open model dropped $(result "$O_RESULT" load.droppedOverMaxInFlight) arrivals (max-in-flight reached):" \
      "they were never sent, and are not in its percentiles"
  fi
  if awk -v q="$(result "$O_RESULT" stages.0.queueMs.p99)" 'BEGIN { exit !(q + 0 > 10) }'; then
    echo "note: in the open model requests waited up to $(ms "$(result "$O_RESULT" stages.0.queueMs.p99)") ms (p99) to be sent:" \
      "the client fell behind its schedule at some point (on one core, most likely while the JIT was still compiling)"
  fi
  if [ "$WARMUP" -lt 20 ]; then
    echo "note: WARMUP=${WARMUP}s: on one core the JVM was still compiling until ~20-25 s into a run here"
  fi
}
notes
