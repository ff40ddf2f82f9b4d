#!/usr/bin/env bash
# Benchmark of the egame12 estimator against R's games::egame12 on the same data and machine,
# in one command:
#   bench/estimate/run.sh
# For agent probit, agent logit and private probit on war1800 it prints the seconds per fit of
# games (inside R, on a data frame already read, after a warm-up), of entente in process (the
# example bench_egame12, release: formula, matrices and fit on a table already read; reading the
# CSV is timed apart) and of the whole `entente estimate --format json` process (release:
# start, read, fit, print), the ratios, and both log-likelihoods.
# R with games installed is needed for the R column: games is looked for in GAMES_LIB (an R
# library folder outside the repository) and then in R's own libraries; docs/estimate.md says
# how to install it. Without it only entente is timed.
# Environment: ESTIMATE_DATA (the CSV, default ../shared/data/deterrence/war1800.csv beside the
# repository), GAMES_LIB, N (fits per timing, default 50).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${ESTIMATE_DATA:-$root/../shared/data/deterrence/war1800.csv}
n=${N:-50}
formula='esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2'
[ -f "$data" ] || { echo "no data file: $data" >&2; exit 2; }

echo "== building entente (release)"
(cd "$root" && cargo build --release -q -p entente-cli && cargo build --release -q -p entente-games --example bench_egame12)
target=${CARGO_TARGET_DIR:-$root/target}/release
bin=$target/entente
ex=$target/examples/bench_egame12

inproc=$("$ex" "$data" "$formula" "$((n * 10))")

process_time() { # link type: seconds per whole process, mean of n runs
  python3 - "$bin" "$data" "$formula" "$1" "$2" "$n" <<'PY'
import subprocess, sys, time
bin, data, formula, link, typ, n = sys.argv[1:]
args = [bin, "estimate", "--data", data, "--formula", formula, "--link", link, "--type", typ,
        "--format", "json"]
subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
t = time.perf_counter()
for _ in range(int(n)):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
print((time.perf_counter() - t) / int(n))
PY
}

r_times=""
if command -v Rscript >/dev/null; then
  r_times=$(GAMES_LIB=${GAMES_LIB:-} Rscript - "$data" "$formula" "$n" <<'R' 2>/dev/null || true
args <- commandArgs(trailingOnly = TRUE)
lib <- Sys.getenv("GAMES_LIB")
ok <- suppressMessages(suppressWarnings(
  if (nzchar(lib)) require(games, lib.loc = lib, quietly = TRUE) else require(games, quietly = TRUE)))
if (!ok) quit(status = 0)
d <- read.csv(args[1])
f <- as.formula(args[2])
n <- as.integer(args[3])
for (s in list(c("probit", "agent"), c("logit", "agent"), c("probit", "private"))) {
  fit <- egame12(f, data = d, link = s[1], type = s[2])
  t <- system.time(for (i in seq_len(n)) egame12(f, data = d, link = s[1], type = s[2]))
  cat(s[2], s[1], t[["elapsed"]] / n, sprintf("%.10f", sum(fit$log.likelihood)), "\n")
}
R
)
fi
if [ -z "$r_times" ]; then
  echo "note: R with games is not available (see docs/estimate.md): timing entente only"
fi

echo
echo "== egame12 on $(basename "$data"), $n fits per timing (entente in process: $((n * 10)))"
echo "entente reads the CSV in $(echo "$inproc" | awk '$1 == "csv" {print $2}') s (not in entente_s)"
printf "%-15s %10s %12s %12s %9s %9s  %s\n" model games_s entente_s process_s ratio ratio_proc "log-likelihood games / entente"
for spec in "agent probit" "agent logit" "private probit"; do
  set -- $spec
  ours=$(echo "$inproc" | awk -v f="$1" -v l="$2" '$1 == f && $2 == l {print $3, $4}')
  proc=$(process_time "$2" "$1")
  theirs=$(echo "$r_times" | awk -v f="$1" -v l="$2" '$1 == f && $2 == l {print $3, $4}')
  python3 - "$spec" "$ours" "$proc" "$theirs" <<'PY'
import sys
spec, ours, proc, theirs = sys.argv[1:]
t_ours, ll_ours = map(float, ours.split())
t_proc = float(proc)
if theirs.strip():
    t_r, ll_r = map(float, theirs.split())
    print(f"{spec:<15} {t_r:>10.5f} {t_ours:>12.6f} {t_proc:>12.5f} {t_r / t_ours:>8.0f}x {t_r / t_proc:>8.1f}x  {ll_r:.10f} / {ll_ours:.10f}")
else:
    print(f"{spec:<15} {'-':>10} {t_ours:>12.6f} {t_proc:>12.5f} {'-':>9} {'-':>9}  - / {ll_ours:.10f}")
PY
done
