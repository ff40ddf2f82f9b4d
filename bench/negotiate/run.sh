#!/usr/bin/env bash
# Benchmark: `entente negotiate` against NegMAS on the same random linear-additive spaces
# (6 issues x 10 values = 10^6 packages, and 7 x 10 = 10^7, each with 5 parties): Pareto
# frontier plus Nash, Kalai-Smorodinsky and utilitarian points. Both run pinned to one core.
#
#   bench/negotiate/run.sh               # everything (NegMAS on 10^7 takes minutes)
#   bench/negotiate/run.sh --skip-peer-big   # skip NegMAS on the 10^7 case
#
# Installs NegMAS from PyPI into bench/negotiate/.venv (ignored by git) on first use; writes the
# generated spaces and outputs under bench/negotiate/out (ignored by git).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
skip_big=0
for a in "$@"; do
  case "$a" in
    --skip-peer-big) skip_big=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

if [ ! -x "$here/.venv/bin/python" ] || ! "$here/.venv/bin/python" -c "import negmas" 2>/dev/null; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q negmas
fi
py="$here/.venv/bin/python"
negmas_version=$("$py" -c "import negmas; print(negmas.__version__)" 2>/dev/null)

(cd "$root" && cargo build --release -q -p entente-cli)
bin="${CARGO_TARGET_DIR:-$root/target}/release/entente"
out="$here/out"
mkdir -p "$out"
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"

measure() { # measure LOGFILE CMD... -> prints "cpu_seconds wall_seconds peak_MiB"
  local log=$1; shift
  /usr/bin/time -f "%U %S %e %M" -o "$log.time" "$@" > "$log" 2> "$log.err" || { cat "$log.err" >&2; return 1; }
  awk '{ printf "%.2f %s %.1f\n", $1 + $2, $3, $4 / 1024 }' "$log.time"
}

printf "NegMAS %s; entente %s\n" "$negmas_version" "$("$bin" --version)"
# CPU seconds (user + system) are the measure on a shared machine; wall seconds are shown too.
printf "%-14s %-8s %8s %8s %9s %9s %s\n" case tool cpu_s wall_s peak_MiB frontier nash
for spec in "6 10 5" "7 10 5"; do
  set -- $spec
  name="${1}x${2}x${3}"
  dir="$out/$name"
  "$py" "$here/bench.py" gen "$1" "$2" "$3" 1 "$dir"
  read -r es ew em < <(measure "$out/$name.entente.json" $pin "$bin" negotiate --geniusweb "$dir"/p*.json --format json)
  read -r ef en < <("$py" -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(d['pareto_size'], ','.join('%.6f' % u for u in d['nash']['utilities']))" "$out/$name.entente.json")
  printf "%-14s %-8s %8s %8s %9s %9s %s\n" "$name" entente "$es" "$ew" "$em" "$ef" "$en"
  if [ "$1" = 7 ] && [ "$skip_big" = 1 ]; then
    printf "%-14s %-8s %10s\n" "$name" negmas skipped
    continue
  fi
  read -r ns nw nm < <(measure "$out/$name.negmas.json" $pin "$py" "$here/bench.py" negmas "$dir")
  read -r nf nn < <("$py" -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(d['pareto_size'], ','.join('%.6f' % u for u in d['nash']))" "$out/$name.negmas.json")
  printf "%-14s %-8s %8s %8s %9s %9s %s\n" "$name" negmas "$ns" "$nw" "$nm" "$nf" "$nn"
  awk -v a="$ns" -v b="$es" -v c="$nm" -v d="$em" -v n="$name" \
    'BEGIN { printf "%-14s ratio    cpu time x%.0f, memory x%.0f (NegMAS / entente)\n", n, a / (b > 0.01 ? b : 0.01), c / d }'
done
echo "NegMAS's Nash uses its own disagreement point, max(minimum utility, reserved value); entente"
echo "uses the reservation values (0 here), so the Nash columns may differ (see docs/settlements.md)."
