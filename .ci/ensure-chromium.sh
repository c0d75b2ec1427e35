#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
# If it is missing: install it with apt when running as root, otherwise stop with the exact command.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ]; then
  echo "Chromium not found at $CHROMIUM: installing Debian's chromium with apt..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] || { echo "apt installed chromium but $CHROMIUM is still missing" >&2; exit 1; }
  exit 0
fi
echo "The browser tests need Debian's Chromium at $CHROMIUM. Install it with:" >&2
echo "    sudo apt-get update && sudo apt-get install -y chromium" >&2
exit 1
