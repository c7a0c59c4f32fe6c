#!/usr/bin/env bash
# Connections held at once on this machine, and memory per connection (issue 8), loopback only:
# runs load-profiles/soak-60k.yaml (CONNECTIONS keep-alive connections over shard processes, each shard
# with a test server process of its own) and, while it runs, samples the resident memory of every shard
# and server process. Prints the machine's limits, the connections held on both sides, and RSS per
# connection for the client (from result.json: the shards' RSS over their own before any connection) and
# for the server (the server processes' RSS at the end of the soak over an idle server's, per connection).
#
#   bench/soak-60k.sh
#   CONNECTIONS=30000 DURATION=1m bench/soak-60k.sh
#
# Settings (environment):
#   CONNECTIONS=60000   connections to hold
#   DURATION=4m         how long to hold them (the soak's duration)
#   OPEN_RATE=1000      connections opened per second, over all shards
#   QUIET_WAIT=120      seconds to wait for the shared machine to be quiet first (other processes under
#                       QUIET_MAX % of one core over 2 s); 0: do not wait
#   QUIET_MAX=25
#   OUT=                the run's folder (default: a new one under runs/)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/tools.sh

CONNECTIONS=${CONNECTIONS:-60000}
DURATION=${DURATION:-4m}
OPEN_RATE=${OPEN_RATE:-1000}
QUIET_WAIT=${QUIET_WAIT:-120}
QUIET_MAX=${QUIET_MAX:-25}
OUT=${OUT:-runs/bench-soak-60k-$(date +%Y%m%d-%H%M%S)}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "open files per process $(ulimit -Sn) (hard $(ulimit -Hn)), ephemeral ports $(cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' '-')," \
    "somaxconn $(cat /proc/sys/net/core/somaxconn)"

./sluice --version >/dev/null   # builds on first use, outside the figures
wait_quiet

# An idle server's RSS: the baseline the server side's per-connection figure is taken over.
idle_dir=$(mktemp -d)
trap 'rm -rf "$idle_dir"' EXIT
printf 'max-connections: 0\n' > "$idle_dir/server.yaml"
./sluice serve --config "$idle_dir/server.yaml" --port 0 > "$idle_dir/out" 2>&1 &
idle_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$idle_dir/out" && break; sleep 0.2; done
sleep 3
idle_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$idle_pid/status" 2>/dev/null || echo 0)   # the launcher execs java
kill "$idle_pid" 2>/dev/null; wait "$idle_pid" 2>/dev/null || true

# Samples every 5 s: the sum of the shard processes' and of the server processes' RSS (kB).
samples="$idle_dir/samples"
( while sleep 5; do
    shard=$(ps -eo rss,args | awk '/-Dsluice.shard=/ && !/awk/ {s+=$1} END {print s+0}')
    server=$(ps -eo rss,args | awk '/-Dsluice.server=true/ && !/awk/ {s+=$1} END {print s+0}')
    echo "$(date +%s) $shard $server"
  done ) > "$samples" &
sampler=$!

set +e
./sluice run load-profiles/soak-60k.yaml --out "$OUT" --set "soak.connections=$CONNECTIONS" \
    --set "soak.duration=$DURATION" --set "soak.open-rate=$OPEN_RATE"
code=$?
set -e
kill "$sampler" 2>/dev/null || true

python3 - "$OUT/result.json" "$samples" "$idle_rss_kb" "$code" <<'PY'
import json, sys
result, samples, idle_kb, code = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cols = result["timeseries"]["columns"]
rows = [dict(zip(cols, r)) for r in result["timeseries"]["rows"]]
steady = rows[:-1]
servers = result.get("servers") or ([result["server"]] if result.get("server") else [])
held = max((r["clientOpen"] or 0) for r in steady)
server_held = max((r["serverOpen"] or 0) for r in steady)
lines = [l.split() for l in open(samples) if l.strip()]
# The server side at its fullest: the sample with the most server RSS while the client held the most.
server_kb = max((int(l[2]) for l in lines), default=0)
n_servers = max(1, len(servers))
print()
print(f"shards (client processes): {result['shards']}, server processes: {len(servers)}")
print(f"connections held at once: client {held:,.0f}, server {server_held:,.0f} (target {result['soak']['connections']:,})")
print(f"connections failed to open: {sum(result['totals']['failed'].values()):,}; request errors: "
      f"{sum(result['totals']['errors'].values()):,} of {result['totals']['sent']:,}")
mem = result["clientMemory"]
print(f"client RSS per connection: {mem['rssPerConnectionBytes']:,.0f} bytes "
      f"(shards' RSS {steady[-1]['rssBytes']/2**20:,.0f} MiB, {mem['baselineRssBytes']/2**20:,.0f} MiB before any connection)")
if server_kb and held:
    per = (server_kb - n_servers * idle_kb) * 1024 / server_held
    print(f"server RSS per connection: {per:,.0f} bytes (servers' peak RSS {server_kb/1024:,.0f} MiB, "
          f"idle server {idle_kb/1024:,.0f} MiB x {n_servers})")
print(f"closed cleanly: {result['closedCleanly']} (client {result['clientOpenAfter']}, server {result['serverOpenAfter']} open after)")
for t in result.get("thresholds", []):
    print(f"threshold {t['expr']}: {'pass' if t['passed'] else 'FAIL'} (measured {t['actual']})")
print(f"sluice run exit code: {code}; result: {sys.argv[1]}")
PY
