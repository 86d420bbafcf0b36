#!/usr/bin/env bash
# Installs what the browser tests need and the machine lacks: Chromium,
# Node.js and npm from the distribution's packages (Debian/Ubuntu), then the
# pinned playwright-core in web/e2e. Does nothing it need not do.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
e2e="$root/web/e2e"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "The browser tests need ${missing[*]}; install them with your system's package manager." >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root (or sudo)." >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "Installing ${missing[*]} from the distribution's packages..."
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci installs exactly the lock file's version; skip it when that one is
# already there, since it deletes and rewrites node_modules.
want=$(node -p 'require(process.argv[1]).packages["node_modules/playwright-core"].version' "$e2e/package-lock.json")
have=$(node -p 'require(process.argv[1]).version' "$e2e/node_modules/playwright-core/package.json" 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "Installing playwright-core $want in web/e2e..."
  (cd "$e2e" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
echo "Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}') and playwright-core $(node -p 'require(process.argv[1]).version' "$e2e/node_modules/playwright-core/package.json") are ready."
