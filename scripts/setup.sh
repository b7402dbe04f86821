#!/usr/bin/env bash
# One command from a fresh clone to a built handbook (Debian/Ubuntu, Node.js 20.19+ present):
# installs Chromium and Poppler from apt when they are missing, the npm packages from the
# lock file, then builds the bundled handbook into dist/ (HTML edition and PDF).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} with apt-get…"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}"
fi

# Puppeteer must not try to download a browser: we print with the system's Chromium.
export PUPPETEER_SKIP_DOWNLOAD=1
npm ci --no-audit --no-fund

node scripts/handbook.mjs build . "$@"
