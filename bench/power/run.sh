#!/usr/bin/env bash
# One command: bench/power/run.sh
# Builds entente (release), installs the peer `powerindex` from PyPI into bench/power/.venv,
# and runs the voting-power benchmark (bench.py). Output files go to bench/power/out.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"

(cd "$root" && cargo build --release -q -p entente-cli && cargo build --release -q -p entente-power --example plain_enumeration)

if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install -q --disable-pip-version-check powerindex

"$here/.venv/bin/python" "$here/bench.py" "$target/release/entente"
