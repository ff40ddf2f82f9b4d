#!/usr/bin/env bash
# Benchmark of the Python package: the cost of asking the engines from Python against the same
# question answered in-process in Rust, and a 10^5-run forecast Monte Carlo in 8 shards on a local
# Ray against one process. Builds the release wheel into a virtual environment under
# bench/python/.venv (pip: maturin, ray) and the in-process timer; prints one line per measure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q maturin ray
(cd "$root" && "$venv/bin/maturin" build -q --release -m crates/entente-py/Cargo.toml -o "$here/out" -i "$venv/bin/python")
"$venv/bin/pip" install -q --force-reinstall "$here"/out/entente-*.whl
(cd "$root" && cargo build -q --release -p entente-py --example inprocess)
"$venv/bin/python" "$here/bench.py" "${CARGO_TARGET_DIR:-$root/target}/release/examples/inprocess"
