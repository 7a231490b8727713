#!/usr/bin/env bash
# Installs Debian's chromium for the console's browser test (playwright-core drives it; no
# browser download works on these machines). Idempotent; says what to do where it cannot.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${ARIADNE_CHROMIUM:-}" ]; then
  echo "chromium ready: ${ARIADNE_CHROMIUM:-$(command -v chromium)}"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: chromium is missing. Install it (Debian: sudo apt-get install chromium)" >&2
  echo "  or point ARIADNE_CHROMIUM at a Chromium/Chrome binary." >&2
  exit 1
fi
echo "installing Debian's chromium (first run only) ..."
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "chromium ready: $(command -v chromium)"
