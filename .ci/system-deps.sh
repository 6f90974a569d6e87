#!/usr/bin/env bash
# System packages the tests need beyond npm: Debian's Chromium (browser tests) and a CJK font
# (server-rendered charts). Installs what is missing; does nothing when both are there.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need: ${need[*]} (Debian packages). Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
