# shellcheck shell=bash
# Shared by the bench scripts (sourced, not run): finds nginx and installs what a benchmark needs
# from Debian's packages, without leaving the system nginx service running; and the small helpers
# every script uses (stopping what it started, free ports, CPU ticks). Expects say() and die().

NGINX="$(command -v nginx || true)"
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } || true

# Whether the system nginx service is up (its pid file is /run/nginx.pid).
system_nginx_running() {
  local pid
  pid="$(cat /run/nginx.pid 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# install_tools [COMMAND...]: wrk, curl and nginx, plus the named commands (same-named packages).
install_tools() {
  local pkgs=() nginx_pkg sudo="" extra
  command -v wrk >/dev/null || pkgs+=(wrk)
  command -v curl >/dev/null || pkgs+=(curl)
  for extra in "$@"; do
    command -v "$extra" >/dev/null || pkgs+=("$extra")
  done
  if [ -z "$NGINX" ]; then
    # nginx-light is the smallest build where the release still has it; otherwise plain nginx.
    nginx_pkg=nginx
    if apt-cache policy nginx-light 2>/dev/null | grep -q 'Candidate: [0-9]'; then nginx_pkg=nginx-light; fi
    pkgs+=("$nginx_pkg")
  fi
  [ "${#pkgs[@]}" -gt 0 ] || return 0
  command -v apt-get >/dev/null || die "missing ${pkgs[*]} and no apt-get to install them"
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing ${pkgs[*]}: install them, or run as root"
    sudo=sudo
  fi
  local was_running=no
  if system_nginx_running; then was_running=yes; fi
  say "installing ${pkgs[*]} (apt-get)"
  $sudo apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >&2
  # Debian's postinst starts the nginx service where it can (not in containers with policy-rc.d).
  # This script never uses that service: stop it again if the install just started it.
  if [ "$was_running" = no ] && system_nginx_running; then
    say "stopping the system nginx service the package install started"
    if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
      $sudo systemctl stop nginx || true
    else
      $sudo service nginx stop >/dev/null 2>&1 || $sudo /usr/sbin/nginx -s quit || true
    fi
  fi
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
}

# --- shared helpers of the bench scripts ---------------------------------------------------------

# stop_pid PID [SIGNAL]: SIGNAL (default TERM), up to 10 s to exit, then KILL. Only ever pass pids the
# calling script started (nginx's master takes QUIT, its graceful stop).
stop_pid() {
  local pid="$1" sig="${2:-TERM}" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A free port on 127.0.0.1: a random one that nothing listens on (callers retry a lost race).
free_port() {
  local port i
  for ((i = 0; i < 50; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  die "found no free port"
}

now() { date +%s.%N; }

# Process time (user+nice+system) of all cores, in jiffies: what processes used, not interrupts.
all_proc_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 }' /proc/stat; }

# This shell's own CPU plus that of its reaped children (and theirs, transitively), in jiffies.
our_ticks() {
  local stat
  stat="$(cat "/proc/$$/stat")"
  stat="${stat##*) }" # after the command name; utime, stime, cutime, cstime are then fields 12-15
  awk '{ print $12 + $13 + $14 + $15 }' <<<"$stat"
}

# wait_quiet: waits, up to QUIET_WAIT seconds, until the processes of the machine took less than
# QUIET_MAX % of one core over 2 s (a script's own servers are idle between runs). Says so when it gave up.
wait_quiet() {
  [ "$QUIET_WAIT" -gt 0 ] || return 0
  local deadline=$((SECONDS + QUIET_WAIT)) a0 a1 busy
  while :; do
    a0="$(all_proc_ticks)"
    sleep 2
    a1="$(all_proc_ticks)"
    busy=$((100 * (a1 - a0) / $(getconf CLK_TCK) / 2))
    if [ "$busy" -lt "$QUIET_MAX" ]; then return 0; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "== the machine is still busy (${busy}% of a core over 2 s) after ${QUIET_WAIT}s of waiting: measuring anyway" >&2
      return 0
    fi
  done
}

# pct PART WHOLE: "42%".  met VALUE TARGET: "met" when VALUE >= TARGET, else "NOT met".
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }'; }
met() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0 ? "met" : "NOT met") }'; }
