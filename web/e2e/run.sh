#!/usr/bin/env bash
# Builds the web page and runs its browser tests: `npm ci` when node_modules is missing or older
# than package-lock.json, `vite build` into dist/, then node's test runner over e2e/ (Debian's
# chromium driven by playwright-core). The questions go to the real server: with ENTENTE_URL set,
# to that running `entente serve`; otherwise, when an entente binary is found ($ENTENTE_BIN, else
# ../target/debug/entente, else ../target/release/entente; nothing is built here), to an
# `entente serve` started on a free loopback port and stopped afterwards (also on failure). Only
# without a binary do they fall back to the mock (answers recorded from the server), with a notice.
# Without node (or chromium) the tests are skipped with a notice, except under CI=true, where that
# is a failure. Exits non-zero when a test fails.
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
if [ -z "${ENTENTE_URL:-}" ]; then
  bin="${ENTENTE_BIN:-}"
  if [ -z "$bin" ]; then
    for b in ../target/debug/entente ../target/release/entente; do
      if [ -x "$b" ]; then bin="$b"; break; fi
    done
  fi
  if [ -n "$bin" ]; then
    [ -x "$bin" ] || { echo "web tests: ENTENTE_BIN=$bin is not an executable" >&2; exit 1; }
    log="$(mktemp)"
    "$bin" serve --port 0 --bind 127.0.0.1 2>"$log" &
    serve_pid=$!
    trap 'kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; rm -f "$log"' EXIT
    for _ in $(seq 1 300); do
      ENTENTE_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -n 1 || true)"
      [ -n "$ENTENTE_URL" ] && break
      kill -0 "$serve_pid" 2>/dev/null || { echo "web tests: entente serve stopped:" >&2; cat "$log" >&2; exit 1; }
      sleep 0.1
    done
    [ -n "$ENTENTE_URL" ] || { echo "web tests: entente serve did not start:" >&2; cat "$log" >&2; exit 1; }
    export ENTENTE_URL
    echo "web tests: against $bin serve at $ENTENTE_URL"
  else
    echo "NOTICE: web tests run against the mock server: no entente binary (set ENTENTE_BIN or cargo build -p entente-cli)"
  fi
else
  echo "web tests: against $ENTENTE_URL"
fi
node --test --test-concurrency=1 e2e/
