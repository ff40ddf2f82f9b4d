#!/usr/bin/env bash
# Benchmark of the deterrence model, in one command:
#   bench/deter/run.sh
# 1. Speed: every state attacked by Russia under the scenario as it is and its seven
#    architectures (8 worlds), 10^4 Monte Carlo draws each, on 2 threads; the target is 2 s.
# 2. Same bytes on 1 and 2 threads.
# 3. A reference computed another way: EUGene's War Trap is Windows software and is not run
#    here; instead an independent Python recomputation (math.erf, no entente code) of the
#    egame12 agent-probit probabilities and Fearon's bargain from each answer's balance and the
#    estimate it reports, for every state of the point-estimate run.
# Environment: CARGO_TARGET_DIR (where cargo builds), THREADS (default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
threads=${THREADS:-2}
out=$here/out
mkdir -p "$out"

echo "== building entente (release)"
(cd "$root" && cargo build --release -q -p entente-cli)
bin=${CARGO_TARGET_DIR:-$root/target}/release/entente

echo
echo "== speed: every state x 8 worlds x 10^4 draws, attacker RUS, $threads threads"
RAYON_NUM_THREADS=$threads python3 - "$bin" "$out/deter-$threads.csv" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
with open(sys.argv[2], "w") as f:
    subprocess.run([sys.argv[1], "deter", "--attacker", "RUS", "--draws", "10000", "--format", "csv"],
                   stdout=f, check=True)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
rows = sum(1 for _ in open(sys.argv[2])) - 1
print(f"{rows} state-world cases: {wall:.3f} s wall, {r.ru_utime + r.ru_stime:.3f} s CPU (target 2 s)")
PY

echo
echo "== determinism: 1 thread against $threads"
RAYON_NUM_THREADS=1 "$bin" deter --attacker RUS --draws 10000 --format csv > "$out/deter-1.csv"
if cmp -s "$out/deter-1.csv" "$out/deter-$threads.csv"; then echo "identical bytes"; else echo "DIFFERENT"; exit 1; fi

echo
echo "== reference: egame12 agent probit and Fearon recomputed in Python"
"$bin" deter --attacker RUS --draws 0 --format json > "$out/point.json"
python3 "$here/reference.py" "$out/point.json"
