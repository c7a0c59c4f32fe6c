# Shared by the bench scripts (sourced, not run): finds nginx and installs what a benchmark needs
# from Debian's packages, without leaving the system nginx service running. Expects say() and die().

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
