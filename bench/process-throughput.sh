#!/usr/bin/env bash
# The `process` scheduler (docs/worker-protocol.md) against its two yardsticks, side by side in one
# run on this machine: Python's multiprocessing.Pool for small items, and sluice's own in-process
# `parallel` scheduler for CPU-bound items.
#
#   bench/process-throughput.sh
#   ITEMS=6000000 BATCH=1024 bench/process-throughput.sh
#   CPU_ITEMS=1200 ITEM_MS=20 bench/process-throughput.sh
#   PYTHON=python3 bench/process-throughput.sh        # the python3 on PATH rather than /usr/bin/python3
#
# Settings (environment; whole numbers unless said otherwise):
#   WORKERS=2             worker processes of the process stages, threads of the parallel stage, Pool size
#   ITEMS=3000000         small items (identity on the ints 0..ITEMS-1): sluice's JVM workers and the Pool
#   PY_ITEMS=ITEMS/3      small items through sluice with the Python worker (it is slower)
#   MAX_IN_FLIGHT=2048    the process scheduler's max-in-flight (items one worker holds) for small items
#   BATCH=512             its batch (items per frame at most) for small items; also the Pool's chunksize
#   ITEM_MS=10            the CPU item's target duration in ms (a decimal number), for the calibration
#   CAL_N=5000000         the calibration's first guess of n (cpu `count`: n steps of a loop)
#   CAL_ITEMS=20          items per calibration run (scheduler: single)
#   CPU_ITEMS=600         CPU items under parallel and under process (WORKERS each)
#   TARGET_RATE=500000    target: small items/s through sluice's JVM workers, at least
#   TARGET_OVERHEAD=5     target: process over parallel for CPU items, in % (a decimal number), at most
#   RUN_TIMEOUT=300       seconds any one sluice or Python run may take before it is killed
#   BUILD_TIMEOUT=900     seconds the first ./sluice may take to build the jar (it waits for other builds)
#   PYTHON                the interpreter for the Pool, the Python worker and reading result.json;
#                         default /usr/bin/python3, else python3 on PATH
#   SLUICE_JAVA_OPTS      passed on to ./sluice as it is (JVM options of the parent JVM)
# Default runtime: ~40 s (small items ~10-15 s, Python worker ~7 s, Pool ~1 s, calibration ~2 s,
# CPU items ~4 + ~5 s, plus a JVM start per run); plus the jar build when the sources changed.
#
# What it runs, one after the other (so the runs never share the cores):
#   1. Small items: `identity` on the process scheduler, WORKERS of sluice's JVM workers
#      (`sluice worker`), MAX_IN_FLIGHT and BATCH; then the same with the Python worker
#      (examples/workers/python/worker.py, run by PYTHON) over PY_ITEMS.
#   2. multiprocessing.Pool(WORKERS).map(identity, range(ITEMS)) with PYTHON, chunksize Python's default
#      (ceil(ITEMS / (4 x WORKERS))), then chunksize=BATCH.
#   3. CPU items: calibrates n for `cpu` `count` so that one item takes ITEM_MS (a single-threaded run
#      of CAL_ITEMS items at CAL_N, n scaled by ITEM_MS / p50 of its service time, once more, scaled
#      again), then CPU_ITEMS items of that n under {kind: parallel, threads: WORKERS} and under
#      {kind: process, workers: WORKERS} (JVM workers, the scheduler's default max-in-flight/batch).
#
# Why it is built this way:
# - Start-up is reported apart. sluice's wallSeconds starts before the workers are spawned (a
#   process stage's start-up is part of what a run costs, as a Pool's is) and ends when the last
#   item is done (before the workers' shutdown). Each JVM worker is a fresh JVM: ~0.5 s alone,
#   ~1 s when two start at once next to the parent JVM. So each sluice figure comes twice, labelled:
#   over the whole run, and with workers.startup.max.ms (spawn to "ready" of the slowest worker)
#   taken out of the wall time. The Pool likewise: timed inside Python with time.perf_counter()
#   around Pool creation + map, and with its start-up (creating the Pool and a map of 2 items)
#   left out. The CPU target is compared with the steady figure; the whole-run one is shown next to it.
# - The CPU items' n is calibrated on this machine, now, rather than fixed: the same n takes twice as
#   long on a slower CPU, and the overhead of a process stage is per item, so it only means something
#   at a known item size. The parallel run's own service time p50 shows what an item really took.
# - This machine is shared. Around each run the CPU time used by processes that are not this script's
#   (all processes' time from /proc/stat, less this shell's own and its reaped children's from
#   /proc/$$/stat) is measured and shown as "others", in % of one core: a high figure means the row
#   was slowed by someone else. ./sluice rebuilds its jar when the sources change (others edit them):
#   the script says so if the jar changed during the benchmark.
# - Everything is bounded in time: each run by `timeout` (RUN_TIMEOUT), in the background plus
#   `wait` so that Ctrl-C runs the cleanup at once. The EXIT trap stops what this script started
#   (sluice's workers die with their JVM: they run under setpriv --pdeathsig KILL) and removes the
#   temporary directory.
set -euo pipefail

cd "$(dirname "$0")/.." # the repo root: ./sluice and the Python worker are found from here

die() { echo "process-throughput: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

WORKERS="${WORKERS:-2}"
ITEMS="${ITEMS:-3000000}"
MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-2048}"
BATCH="${BATCH:-512}"
ITEM_MS="${ITEM_MS:-10}"
CAL_N="${CAL_N:-5000000}"
CAL_ITEMS="${CAL_ITEMS:-20}"
CPU_ITEMS="${CPU_ITEMS:-600}"
TARGET_RATE="${TARGET_RATE:-500000}"
TARGET_OVERHEAD="${TARGET_OVERHEAD:-5}"
RUN_TIMEOUT="${RUN_TIMEOUT:-300}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-900}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON="$(command -v python3 || true)"; fi
fi

for v in WORKERS ITEMS MAX_IN_FLIGHT BATCH CAL_N CAL_ITEMS CPU_ITEMS TARGET_RATE RUN_TIMEOUT BUILD_TIMEOUT; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a whole number of at least 1, but was '${!v}'"
done
[[ "${PY_ITEMS:-}" =~ ^$|^[1-9][0-9]*$ ]] || die "PY_ITEMS must be a whole number of at least 1, but was '$PY_ITEMS'"
PY_ITEMS="${PY_ITEMS:-$(((ITEMS + 2) / 3))}"
{ [[ "$ITEM_MS" =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v v="$ITEM_MS" 'BEGIN { exit !(v > 0) }'; } ||
  die "ITEM_MS must be a number of milliseconds above 0, but was '$ITEM_MS'"
[[ "$TARGET_OVERHEAD" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "TARGET_OVERHEAD must be a number (percent), but was '$TARGET_OVERHEAD'"
[ "$BATCH" -le "$MAX_IN_FLIGHT" ] ||
  die "BATCH ($BATCH) must not exceed MAX_IN_FLIGHT ($MAX_IN_FLIGHT): a worker never holds more than MAX_IN_FLIGHT items, so no frame could be full"
[ "$CAL_ITEMS" -ge 3 ] || die "CAL_ITEMS must be at least 3 (its p50 is the item's time)"
[ -n "$PYTHON" ] || die "no python3: neither /usr/bin/python3 nor python3 on PATH (set PYTHON)"
PY_VERSION="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null)" ||
  die "PYTHON=$PYTHON does not run"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 8))' || die "PYTHON=$PYTHON is Python $PY_VERSION; 3.8 or newer is needed"
PY_WORKER="$PWD/examples/workers/python/worker.py"
[ -f "$PY_WORKER" ] || die "the Python worker $PY_WORKER is missing"
CPUS="$(grep -c '^processor' /proc/cpuinfo)"
[ "$WORKERS" -le "$CPUS" ] || say "note: WORKERS=$WORKERS on $CPUS CPUs: the workers share cores"
HZ="$(getconf CLK_TCK)"

# --- temporary directory and cleanup ----------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/process-throughput.XXXXXX")"
CHILD_PID="" # what runs now: `timeout`, which passes a TERM on to its command

. bench/tools.sh # shared helpers (stop_pid, free_port, CPU ticks); the cwd is the repo root

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$CHILD_PID"
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- measuring ----------------------------------------------------------------------------------

# measured NAME SECONDS COMMAND...: runs COMMAND under `timeout` (stdout to NAME.out, stderr to
# NAME.err), in the background plus `wait`. Writes NAME.others: CPU used by other processes
# meanwhile, in % of one core. Returns the command's exit status.
measured() {
  local name="$1" seconds="$2" rc=0 t0 t1 a0 a1 o0 o1
  shift 2
  t0="$(now)" a0="$(all_proc_ticks)" o0="$(our_ticks)"
  timeout --kill-after=5 "$seconds" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  t1="$(now)" a1="$(all_proc_ticks)" o1="$(our_ticks)"
  awk -v t0="$t0" -v t1="$t1" -v a="$((a1 - a0))" -v o="$((o1 - o0))" -v hz="$HZ" 'BEGIN {
    other = a - o; if (other < 0) other = 0
    printf "%.0f%%\n", (t1 > t0 ? 100 * other / hz / (t1 - t0) : 0) }' >"$WORK/$name.others"
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || echo "process-throughput: $name: killed after ${seconds}s (RUN_TIMEOUT)" >>"$WORK/$name.err"
  return "$rc"
}

# A value from a sluice result.json, by a dotted path into its first (only) variant:
# "stages.0.serviceMs.p50". Keys may hold dots of their own when quoted with [..]:
# "stages.0.tallies.[workers.startup.max.ms]". Prints "-" when the path is absent or null.
result() {
  "$PYTHON" - "$1" "$2" <<'EOF'
import json, re, sys
v = json.load(open(sys.argv[1]))["variants"][0]
for key in re.findall(r"\[([^\]]*)\]|([^.\[\]]+)", sys.argv[2]):
    key = key[0] or key[1]
    v = v[int(key)] if isinstance(v, list) else (v or {}).get(key)
print("-" if v is None else v)
EOF
}
tally() { result "$1" "stages.0.tallies.[$2]"; }

# run_sluice NAME: runs WORK/NAME.yaml; the result is WORK/NAME/result.json. Fails the script, with
# sluice's own output, when the run fails or any item does.
run_sluice() {
  local name="$1" rc=0 res="$WORK/$1/result.json"
  measured "$name" "$RUN_TIMEOUT" ./sluice run "$WORK/$name.yaml" --out "$WORK/$name" --quiet || rc=$?
  if [ "$rc" -ne 0 ] || [ ! -f "$res" ]; then
    cat "$WORK/$name.out" "$WORK/$name.err" >&2
    die "sluice run ($name) failed (exit $rc): ./sluice run <profile below> --out DIR --quiet"$'\n'"$(cat "$WORK/$name.yaml")"
  fi
  if [ "$(result "$res" status)" != ok ] || [ "$(result "$res" items.failed)" != 0 ] ||
    [ "$(result "$res" items.ok)" != "$(result "$res" items.emitted)" ]; then
    cat "$WORK/$name.err" >&2
    die "sluice run ($name): status $(result "$res" status), $(result "$res" items.ok) ok of $(result "$res" items.emitted)," \
      "$(result "$res" items.failed) failed; error: $(result "$res" error)"
  fi
}

# Arithmetic and formatting (awk: bash has no decimals).
calc() { awk "BEGIN { $1 }"; }
ratio() { calc "printf \"%.2f\", ($2 > 0 ? $1 / $2 : 0)"; }
met_min() { calc "print ($1 + 0 >= $2 + 0 ? \"met\" : \"NOT met\")"; }
met_max() { calc "print ($1 + 0 <= $2 + 0 ? \"met\" : \"NOT met\")"; }
per_s() { calc "printf \"%.0f\", ($2 > 0 ? $1 / $2 : 0)"; }
# A number with thousands separators: 1234567 -> 1,234,567 (no locale needed).
commas() { awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); n = ""; while (length(s) > 3) { n = "," substr(s, length(s) - 2) n; s = substr(s, 1, length(s) - 3) } print s n }'; }

# --- the jar: built now if the sources changed, so that no measured run waits for a build -------
say "checking target/sluice.jar (./sluice builds it when the sources changed; it waits for another build)"
timeout --kill-after=5 "$BUILD_TIMEOUT" ./sluice --version >/dev/null </dev/null ||
  die "./sluice could not build or run (see target/build.log)"
JAVA="$(./sluice --print-java)"
JVM_VERSION="$("$JAVA" -version 2>&1 | head -n 1)"
jar_stamp() { stat -c '%Y %s' target/sluice.jar 2>/dev/null || echo none; }
JAR_STAMP="$(jar_stamp)"

# --- 1. small items through sluice's process scheduler ---------------------------------------------
small_profile() { # NAME COUNT [COMMAND]
  cat >"$WORK/$1.yaml" <<EOF
# Written by bench/process-throughput.sh.
name: $1
source: {range: {count: $2}}
stages:
  - name: pass
    kind: identity
    scheduler: {kind: process, workers: $WORKERS, max-in-flight: $MAX_IN_FLIGHT, batch: $BATCH${3:+, command: [$3]}}
    order: completion
sink: count
EOF
}
say "sluice: $ITEMS small items, identity, process scheduler, $WORKERS JVM workers, max-in-flight $MAX_IN_FLIGHT, batch $BATCH"
small_profile small-jvm "$ITEMS"
run_sluice small-jvm
say "sluice: $PY_ITEMS small items, the same with the Python worker ($PYTHON)"
small_profile small-py "$PY_ITEMS" "\"$PYTHON\", \"$PY_WORKER\""
run_sluice small-py

# --- 2. multiprocessing.Pool(WORKERS).map on the same work ----------------------------------------
# In a file, not on stdin: with the spawn or forkserver start method, the pool's processes import
# the main module to find ident().
cat >"$WORK/pool.py" <<'EOF'
# Written by bench/process-throughput.sh: Pool(workers).map(ident, range(n)), timed with perf_counter.
import multiprocessing, resource, sys, time

def ident(x):
    return x

def main():
    n, workers, chunk = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    chunk = None if chunk == "default" else int(chunk)
    t0 = time.perf_counter()
    pool = multiprocessing.Pool(workers)
    pool.map(ident, range(2))  # start-up: the pool's processes are up and answer
    t1 = time.perf_counter()
    out = pool.map(ident, range(n), chunk)
    t2 = time.perf_counter()
    pool.close()
    pool.join()
    if len(out) != n or out[-1] != n - 1:
        sys.exit(f"pool.map returned {len(out)} items, expected {n}")
    if chunk is None:  # what map() computes when chunksize is not given
        chunk, extra = divmod(n, workers * 4)
        chunk += 1 if extra else 0
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    # total seconds (start-up + map), start-up seconds, map seconds, chunksize, CPU seconds, start method
    print(f"{t2 - t0:.6f} {t1 - t0:.6f} {t2 - t1:.6f} {chunk} {cpu:.2f} {multiprocessing.get_start_method()}")

if __name__ == "__main__":
    main()
EOF
run_pool() { # NAME CHUNK
  local rc=0
  measured "$1" "$RUN_TIMEOUT" "$PYTHON" "$WORK/pool.py" "$ITEMS" "$WORKERS" "$2" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$WORK/$1.out" "$WORK/$1.err" >&2; die "the Pool run ($1) failed (exit $rc)"; }
  [ "$(wc -w <"$WORK/$1.out")" -eq 6 ] || { cat "$WORK/$1.out" >&2; die "the Pool run ($1) printed no result line"; }
}
say "Python: Pool($WORKERS).map over $ITEMS ints, chunksize default, then $BATCH"
run_pool pool-default default
run_pool pool-batch "$BATCH"

# --- 3. CPU items: calibration, then parallel against process ---------------------------------------
cpu_profile() { # NAME N COUNT SCHEDULER
  cat >"$WORK/$1.yaml" <<EOF
# Written by bench/process-throughput.sh.
name: $1
source: {range: {from: $2, count: $3}}
stages:
  - {name: burn, kind: cpu, function: count, scheduler: $4}
sink: count
EOF
}
# One calibration run NAME at n; sets CAL_P50, the service time p50 in ms. Not in $(...): a run in a
# subshell would escape the cleanup and the "others" accounting.
calibrate() {
  cpu_profile "$1" "$2" "$CAL_ITEMS" single
  run_sluice "$1"
  CAL_P50="$(result "$WORK/$1/result.json" stages.0.serviceMs.p50)"
}
# n scaled so that an item takes ITEM_MS, by at most 100x per step (a tiny p50 is noise, not speed).
scale_n() {
  calc "f = $ITEM_MS / ($2 > 0 ? $2 : 0.001); if (f > 100) f = 100; if (f < 0.01) f = 0.01;
    n = int($1 * f + 0.5); print (n >= 1 ? n : 1)"
}
say "calibrating n for ${ITEM_MS} ms CPU items: $CAL_ITEMS items at n = $CAL_N, single thread"
calibrate cal-0 "$CAL_N"
CAL_P50_0="$CAL_P50"
CAL_N1="$(scale_n "$CAL_N" "$CAL_P50_0")"
say "  p50 $CAL_P50_0 ms; again at n = $CAL_N1"
calibrate cal-1 "$CAL_N1"
CAL_P50_1="$CAL_P50"
CPU_N="$(scale_n "$CAL_N1" "$CAL_P50_1")"
say "  p50 $CAL_P50_1 ms: n = $CPU_N"

say "sluice: $CPU_ITEMS CPU items of n = $CPU_N under parallel, $WORKERS threads"
cpu_profile cpu-parallel "$CPU_N" "$CPU_ITEMS" "{kind: parallel, threads: $WORKERS}"
run_sluice cpu-parallel
say "sluice: the same under process, $WORKERS JVM workers"
cpu_profile cpu-process "$CPU_N" "$CPU_ITEMS" "{kind: process, workers: $WORKERS}"
run_sluice cpu-process

# --- 4. the tables ----------------------------------------------------------------------------------
SJ="$WORK/small-jvm/result.json" SP="$WORK/small-py/result.json"
CP="$WORK/cpu-parallel/result.json" CX="$WORK/cpu-process/result.json"

# Small-item figures of a sluice run: ok, wall, startup ms, rate whole, rate excl. start-up.
small_row() { # LABEL RESULT NAME
  local ok wall up cpu
  ok="$(result "$2" items.ok)" wall="$(result "$2" wallSeconds)" up="$(tally "$2" workers.startup.max.ms)"
  cpu="$(result "$2" cpuSeconds)"
  printf '%-40s %9s %8.3f %11s %11s %9s %7.2f %8s %7s\n' "$1" "$ok" "$wall" "$(commas "$(per_s "$ok" "$wall")")" \
    "$(commas "$(per_s "$ok" "$(calc "print $wall - $up / 1000")")")" "$up" "$cpu" \
    "$(calc "s = $(tally "$2" items.sent); f = $(tally "$2" frames.sent); printf \"%.1f\", (f > 0 ? s / f : 0)")" \
    "$(cat "$WORK/$3.others")"
}
pool_row() { # LABEL NAME (fields: total, startup, map, chunk, cpu, method)
  local p
  read -r -a p <"$WORK/$2.out"
  printf '%-40s %9s %8.3f %11s %11s %9.0f %7.2f %8s %7s\n' "$1 (chunksize ${p[3]})" "$ITEMS" "${p[0]}" \
    "$(commas "$(per_s "$ITEMS" "${p[0]}")")" "$(commas "$(per_s "$ITEMS" "${p[2]}")")" \
    "$(calc "print ${p[1]} * 1000")" "${p[4]}" "${p[3]}" "$(cat "$WORK/$2.others")"
}

SJ_OK="$(result "$SJ" items.ok)" SJ_WALL="$(result "$SJ" wallSeconds)" SJ_UP="$(tally "$SJ" workers.startup.max.ms)"
SJ_RATE="$(per_s "$SJ_OK" "$SJ_WALL")"
SJ_RATE_STEADY="$(per_s "$SJ_OK" "$(calc "print $SJ_WALL - $SJ_UP / 1000")")"
read -r -a PB <"$WORK/pool-batch.out"
read -r -a PD <"$WORK/pool-default.out"

echo
echo "process-throughput: the process scheduler against multiprocessing.Pool and against in-process parallel"
echo "machine: $CPUS CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "java:    $JVM_VERSION ($JAVA)${SLUICE_JAVA_OPTS:+; SLUICE_JAVA_OPTS: $SLUICE_JAVA_OPTS}"
echo "python:  $PY_VERSION ($PYTHON); Pool start method: ${PD[5]}"
echo
echo "1-2. small items: identity on ints, $WORKERS workers (sluice: max-in-flight $MAX_IN_FLIGHT, batch $BATCH, order completion)"
printf '%-40s %9s %8s %11s %11s %9s %7s %8s %7s\n' "" items "wall s" "items/s" "items/s" "start-up" "CPU" "items/" others
printf '%-40s %9s %8s %11s %11s %9s %7s %8s %7s\n' "" "" "" "whole run" "excl. start" "ms" "s" "frame" ""
small_row "sluice process, $WORKERS JVM workers" "$SJ" small-jvm
small_row "sluice process, $WORKERS Python workers" "$SP" small-py
pool_row "Pool($WORKERS).map" pool-default
pool_row "Pool($WORKERS).map" pool-batch
echo "  whole run: sluice's wallSeconds (from before the workers' spawn to the last item); the Pool: creation + map."
echo "  excl. start: sluice less workers.startup.max.ms (spawn to 'ready', slowest worker); the Pool less its"
echo "  creation and a first map of 2 items. CPU: sluice's cpuSeconds (the JVM and its workers); the Pool's"
echo "  process and its children (getrusage). items/frame: items.sent / frames.sent (sluice to the workers;"
echo "  for the Pool, its chunksize). others: CPU of other processes meanwhile, in % of one core."
echo
echo "target: >= $(commas "$TARGET_RATE") small items/s through sluice's $WORKERS JVM workers:" \
  "whole run $(commas "$SJ_RATE")/s = $(ratio "$SJ_RATE" "$TARGET_RATE") x target, $(met_min "$SJ_RATE" "$TARGET_RATE");" \
  "excl. start-up $(commas "$SJ_RATE_STEADY")/s = $(ratio "$SJ_RATE_STEADY" "$TARGET_RATE") x target, $(met_min "$SJ_RATE_STEADY" "$TARGET_RATE")"
echo "sluice JVM workers / Pool chunksize=$BATCH: whole run $(ratio "$SJ_RATE" "$(per_s "$ITEMS" "${PB[0]}")")," \
  "excl. start-up $(ratio "$SJ_RATE_STEADY" "$(per_s "$ITEMS" "${PB[2]}")");" \
  "/ Pool chunksize default: whole run $(ratio "$SJ_RATE" "$(per_s "$ITEMS" "${PD[0]}")")," \
  "excl. start-up $(ratio "$SJ_RATE_STEADY" "$(per_s "$ITEMS" "${PD[2]}")")"

CP_WALL="$(result "$CP" wallSeconds)" CX_WALL="$(result "$CX" wallSeconds)" CX_UP="$(tally "$CX" workers.startup.max.ms)"
CX_STEADY="$(calc "printf \"%.4f\", $CX_WALL - $CX_UP / 1000")"
OVER_WHOLE="$(calc "printf \"%.1f\", 100 * ($CX_WALL / $CP_WALL - 1)")"
OVER_STEADY="$(calc "printf \"%.1f\", 100 * ($CX_STEADY / $CP_WALL - 1)")"
echo
echo "3. CPU items: cpu count, n = $(commas "$CPU_N") (calibrated, single thread: p50 $CAL_P50_0 ms at n = $(commas "$CAL_N")," \
  "$CAL_P50_1 ms at n = $(commas "$CAL_N1"), target $ITEM_MS ms), $CPU_ITEMS items, $WORKERS threads / workers"
echo "   process: JVM workers, the scheduler's default max-in-flight and batch; ideal wall: $CPU_ITEMS x $ITEM_MS ms / $WORKERS = $(calc "printf \"%.2f\", $CPU_ITEMS * $ITEM_MS / $WORKERS / 1000") s"
printf '%-40s %8s %11s %9s %7s %10s %7s\n' "" "wall s" "wall s" "start-up" "CPU" "item p50" others
printf '%-40s %8s %11s %9s %7s %10s %7s\n' "" "" "excl. start" "ms" "s" "ms" ""
printf '%-40s %8.3f %11s %9s %7.2f %10s %7s\n' "parallel, $WORKERS threads" "$CP_WALL" - - "$(result "$CP" cpuSeconds)" \
  "$(result "$CP" stages.0.serviceMs.p50)" "$(cat "$WORK/cpu-parallel.others")"
printf '%-40s %8.3f %11.3f %9s %7.2f %10s %7s\n' "process, $WORKERS JVM workers" "$CX_WALL" "$CX_STEADY" "$CX_UP" \
  "$(result "$CX" cpuSeconds)" - "$(cat "$WORK/cpu-process.others")"
echo "  item p50: the parallel run's service time, what one item took there (the process stage's service time"
echo "  includes the wait inside a worker for the items it holds, so it is not an item's time)."
echo "  process CPU: the parent JVM plus its workers' $(tally "$CX" workers.cpu.ms) ms (their JVM start-up and JIT included)."
echo
echo "overhead process / parallel - 1: whole run ${OVER_WHOLE}%; steady (the workers' start-up of ${CX_UP} ms" \
  "taken out of the process wall) ${OVER_STEADY}%"
echo "target: overhead <= ${TARGET_OVERHEAD}%, compared with the steady figure: $(met_max "$OVER_STEADY" "$TARGET_OVERHEAD")" \
  "(whole run, start-up included: $(met_max "$OVER_WHOLE" "$TARGET_OVERHEAD"))"

# Warnings that change how to read the figures.
for name in small-jvm small-py pool-default pool-batch cal-0 cal-1 cpu-parallel cpu-process; do
  o="$(cat "$WORK/$name.others")"
  if [ "${o%\%}" -ge 20 ]; then
    echo "note: other processes used $o of a core during the $name run (this machine is shared): its figure is low"
  fi
done
if calc "exit !($CAL_P50_1 > 1.5 * $ITEM_MS || $CAL_P50_1 < $ITEM_MS / 1.5)"; then
  echo "note: the second calibration run was ${CAL_P50_1} ms per item, far from ${ITEM_MS} ms: n may be off (see item p50)"
fi
if [ "$(jar_stamp)" != "$JAR_STAMP" ]; then
  echo "note: target/sluice.jar was rebuilt during the benchmark (the sources changed): the rows may come from different builds"
fi
