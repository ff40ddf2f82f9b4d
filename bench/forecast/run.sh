#!/usr/bin/env bash
# Benchmark of the forecast engine against its peers, on the same inputs, in one command:
#   bench/forecast/run.sh
# 1. KTAB's spatial model of politics (smpc, built with -O2 outside the repository by
#    build-ktab.sh) against entente's, on KTAB's shipped inputs: times, ratio, and whether the
#    trajectories (positions per turn, win probabilities) are identical.
# 2. The open Python replication of the expected-utility model against entente's, on the
#    replication's 10-actor example: time per 10-round run, ratio, identical trajectories.
# 3. 10^4 Monte Carlo runs of the expected-utility model on all cores.
# Environment: BENCH_SCRATCH (scratch folder outside the repository, default
# ~/.cache/entente-bench-forecast),
# KTAB_SRC (an existing KTAB source tree), EUM_SRC (an existing checkout of
# dmasad/bdm-scholz-expected-utility-model), FORECAST_DATA (the forecast-cases folder, default
# ../shared/data/forecast-cases beside the repository).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${FORECAST_DATA:-$root/../shared/data/forecast-cases}
scratch=${BENCH_SCRATCH:-${XDG_CACHE_HOME:-$HOME/.cache}/entente-bench-forecast}
out=$here/out
mkdir -p "$scratch" "$out"

smpc=$scratch/build/smpc
if [ ! -x "$smpc" ]; then
  echo "== building KTAB smpc (-O2) in $scratch"
  "$here/build-ktab.sh" "$scratch" >/dev/null
fi
eum=${EUM_SRC:-$scratch/bdm-scholz}
if [ ! -f "$eum/bdm_scholz_model.py" ]; then
  git clone --depth 1 https://github.com/dmasad/bdm-scholz-expected-utility-model "$eum"
fi

echo "== building entente (release)"
(cd "$root" && cargo build --release -q -p entente-forecast --example bench_forecast)
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_forecast

now() { python3 -c 'import time; print(time.perf_counter())'; }

echo
echo "== spatial model of politics: KTAB smpc vs entente"
printf "%-16s %8s %6s %10s %10s %8s  %s\n" input actors×d turns ktab_s entente_s ratio trajectories
for name in dummyData_3Dim SOE-Pol-Comp dummyData_6Dim dummyData-a040 dummyData-a080; do
  csv=$data/ktab/$name.csv
  run=$out/ktab-$name
  rm -rf "$run" && mkdir -p "$run"
  cp "$scratch/build/smpc-logger.conf" "$run/"
  t0=$(now)
  (cd "$run" && "$smpc" --logmin --csv "$csv" --connstr "Driver=QSQLITE;Database=run.db" >/dev/null 2>&1)
  t1=$(now)
  python3 "$here/ktab_reference.py" "$run"/run.db* "$run"/smpc-*_log.txt "$run/ktab.json" >/dev/null
  "$bin" smp "$csv" 5 >"$run/entente.json" 2>"$run/entente.time"
  ours=$(sed -n 's/seconds_per_run //p' "$run/entente.time")
  cmp=$(python3 "$here/compare.py" "$run/ktab.json" "$run/entente.json")
  shape=$(python3 -c "import json; d=json.load(open('$run/ktab.json')); p=d['positions']; print(f'{len(p[0])}x{len(p[0][0])}', len(p)-1)")
  python3 - "$name" "$shape" "$t0" "$t1" "$ours" "$cmp" <<'PY'
import sys
name, shape, t0, t1, ours, cmp = sys.argv[1:]
dims, turns = shape.split()
ktab = float(t1) - float(t0)
print(f"{name:<16} {dims:>8} {turns:>6} {ktab:>10.3f} {float(ours):>10.4f} {ktab / float(ours):>7.0f}x  {cmp}")
PY
done

echo
echo "== expected-utility model: Python replication vs entente (ExampleActors.csv, 10 rounds)"
ex=$data/eum/ExampleActors.csv
python3 "$here/eum_driver.py" "$eum" "$ex" 10 >"$out/eum-python.json"
"$bin" eum "$ex" 10 1000 >"$out/eum-entente.json" 2>"$out/eum-entente.time"
py=$(python3 -c "import json; print(json.load(open('$out/eum-python.json'))['seconds'])")
ours=$(sed -n 's/seconds_per_run //p' "$out/eum-entente.time")
cmp=$(python3 "$here/compare.py" "$out/eum-python.json" "$out/eum-entente.json")
python3 -c "print(f'python {float($py):.3f} s/run   entente {float($ours)*1e3:.3f} ms/run   ratio {float($py)/float($ours):.0f}x   {\"$cmp\"}')"
su=$data/eum/Sultan.csv
python3 "$here/eum_driver.py" "$eum" "$su" 10 >"$out/eum-sultan-python.json"
"$bin" eum "$su" 10 1000 >"$out/eum-sultan-entente.json" 2>"$out/eum-sultan-entente.time"
py=$(python3 -c "import json; print(json.load(open('$out/eum-sultan-python.json'))['seconds'])")
ours=$(sed -n 's/seconds_per_run //p' "$out/eum-sultan-entente.time")
cmp=$(python3 "$here/compare.py" "$out/eum-sultan-python.json" "$out/eum-sultan-entente.json")
python3 -c "print(f'Sultan.csv (17 actors): python {float($py):.3f} s/run   entente {float($ours)*1e3:.3f} ms/run   ratio {float($py)/float($ours):.0f}x   {\"$cmp\"}')"

echo
echo "== Monte Carlo: 10^4 runs of the expected-utility model (10 rounds each)"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "cpu_user_s %U cpu_sys_s %S wall_s %e" "$bin" mc "$ex" 10 10000 >"$out/mc.json" 2>"$out/mc.time"
else
  "$bin" mc "$ex" 10 10000 >"$out/mc.json" 2>"$out/mc.time"
fi
cat "$out/mc.time"
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); timings are wall-clock and grow with other load)"
