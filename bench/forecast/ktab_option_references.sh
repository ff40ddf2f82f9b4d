#!/usr/bin/env bash
# Record KTAB reference runs with non-default model options (each option varied alone from
# KTAB's defaults) for entente's tests: crates/entente-forecast/tests/reference/options/.
# Usage: ktab_option_references.sh SCRATCH_DIR   (SCRATCH_DIR holds build/ktab_params from
# build-ktab.sh; FORECAST_DATA as in run.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${FORECAST_DATA:-$root/../shared/data/forecast-cases}
scratch=$(cd "${1:?usage: ktab_option_references.sh SCRATCH_DIR}" && pwd)
dest=$root/crates/entente-forecast/tests/reference/options
mkdir -p "$dest"
# VotingRule=ASymProsp (5) is left out: its votes are not antisymmetric, so coalition strengths
# depend on the order of each actor's bargains, which KTAB's threads make vary from run to run
# (six runs on SOE-Pol-Comp gave 9 to 17 turns).
# name, then the nine parameters: VPM PCEM STM VR BIGRADJ BIGRRANGE TPC IVB BARGN
variants="
VictoryProbModel=Square      1 0 0 2 1 1 1 1 0
VictoryProbModel=Binary      4 0 0 2 1 1 1 1 0
PCEModel=MarkovIncentive     0 1 0 2 1 1 1 1 0
PCEModel=MarkovUniform       0 2 0 2 1 1 1 1 0
VotingRule=Binary            0 0 0 0 1 1 1 1 0
VotingRule=Cubic             0 0 0 4 1 1 1 1 0
BigRAdjust=None              0 0 0 2 0 1 1 1 0
BigRAdjust=Full              0 0 0 2 4 1 1 1 0
BigRRange=Min                0 0 0 2 1 0 1 1 0
BigRRange=Max                0 0 0 2 1 2 1 1 0
ThirdPartyCommit=NoCommit    0 0 0 2 1 1 0 1 0
ThirdPartyCommit=FullCommit  0 0 0 2 1 1 2 1 0
InterVecBrgn=S1P1            0 0 0 2 1 1 1 0 0
InterVecBrgn=S2PMax          0 0 0 2 1 1 1 2 0
BargnModel=InitRcvrInterp    0 0 0 2 1 1 1 1 1
BargnModel=PWCompInterp      0 0 0 2 1 1 1 1 2
"
for input in dummyData_3Dim SOE-Pol-Comp; do
  echo "$variants" | while read -r name p1 p2 p3 p4 p5 p6 p7 p8 p9; do
    [ -n "$name" ] || continue
    run=$scratch/option-runs/$input-$name
    rm -rf "$run" && mkdir -p "$run"
    cp "$scratch/build/smpc-logger.conf" "$run/"
    if (cd "$run" && "$scratch/build/ktab_params" "$data/ktab/$input.csv" $p1 $p2 $p3 $p4 $p5 $p6 $p7 $p8 $p9 >/dev/null 2>&1); then
      python3 "$here/ktab_reference.py" "$run"/run.db* "$run"/smpc-*_log.txt "$dest/$input--$name.json"
    else
      echo "$input $name: KTAB failed ($(grep -h -m1 -i 'error\|exception' "$run"/*.txt 2>/dev/null || true))"
    fi
  done
done
