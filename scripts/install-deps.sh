#!/usr/bin/env bash
# Installs what Loket needs and the machine lacks: PostgreSQL with PostGIS,
# from the distribution's packages (Debian/Ubuntu). Does nothing when they
# are already there.
set -euo pipefail

have_postgis() {
  local bin v
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] || continue
    v=$(basename "$(dirname "$bin")")
    [ -f "/usr/share/postgresql/$v/extension/postgis.control" ] && return 0
  done
  return 1
}

if have_postgis; then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "Loket needs PostgreSQL with PostGIS; install them with your system's package manager." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Installing PostgreSQL and PostGIS needs root (or sudo)." >&2; exit 1; }
  SUDO="sudo"
fi

echo "Installing PostgreSQL and PostGIS from the distribution's packages..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq postgresql postgresql-contrib >/dev/null
v=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
$SUDO apt-get install -y -qq "postgresql-$v-postgis-3" >/dev/null
have_postgis || { echo "PostGIS did not install for PostgreSQL $v." >&2; exit 1; }
echo "PostgreSQL $v with PostGIS is installed."
