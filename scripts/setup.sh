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

# The sample shows its changes since edition 1.2 (the commit tagged v1.2, named by its hash
# so that a clone without tags finds it too). A copy without that history, a shallow clone
# say, is built without change marks.
previous=9ec87b44c9f711ade20b9dee72553f1f47ec84fe
changes=()
if git rev-parse -q --verify "${previous}^{commit}" >/dev/null 2>&1; then
  changes=(--changes-since "$previous")
else
  echo "Edition 1.2 ($previous) is not in this clone: the sample is built without change marks."
fi
node scripts/handbook.mjs build . "${changes[@]}" "$@"
