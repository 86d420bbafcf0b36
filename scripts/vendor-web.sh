#!/bin/sh
# Copies the pinned browser libraries of web/vendor/package.json into
# web/static/vendor, where the binary embeds them. Run it after changing a
# version there and commit the result: building Loket needs no npm.
set -eu
cd "$(dirname "$0")/../web/vendor"
npm ci --no-audit --no-fund --loglevel=error
out=../static/vendor/maplibre-gl
rm -rf "$out" && mkdir -p "$out"
# The CSP build loads its worker from a file, so the pages need no blob: workers.
for f in maplibre-gl-csp.js maplibre-gl-csp-worker.js maplibre-gl.css LICENSE.txt; do
	cp node_modules/maplibre-gl/dist/$f "$out/"
done
node -e 'console.log(require("maplibre-gl/package.json").version)' > "$out/VERSION"
rm -rf node_modules
echo "vendored maplibre-gl $(cat "$out/VERSION") into web/static/vendor"
