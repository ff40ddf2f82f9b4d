#!/usr/bin/env bash
# Builds the web page and runs its browser tests: `npm ci` when node_modules is missing or older
# than package-lock.json, `vite build` into dist/, then node's test runner over e2e/ (Debian's
# chromium driven by playwright-core). Against the mock server by default; set ENTENTE_URL to test
# a running `entente serve`. Without node (or chromium) the tests are skipped with a notice, except
# under CI=true, where that is a failure. Exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "web tests: node and npm are required under CI=true (apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "NOTICE: web tests skipped: node or npm not found"
  exit 0
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx tsc --noEmit
npx vite build --logLevel warn

# The committed dist/ is what `cargo build` embeds: say so when it no longer matches the sources.
if command -v git >/dev/null 2>&1 && git rev-parse --git-dir >/dev/null 2>&1; then
  if [ -n "$(git status --porcelain -- dist)" ]; then
    echo "NOTICE: web/dist differs from the committed build; commit the rebuilt web/dist" >&2
    git status --short -- dist >&2
  fi
fi

mkdir -p e2e/screenshots
node --test --test-concurrency=1 e2e/
