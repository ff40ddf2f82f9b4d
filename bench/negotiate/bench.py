"""Benchmark spaces for `entente negotiate` and the NegMAS side of the comparison.

  python bench.py gen ISSUES VALUES PARTIES SEED OUTDIR
      writes OUTDIR/p0.json ... as GeniusWeb linear additive profiles: random weights
      (normalised to sum 1) and random value utilities in [0, 1], from a seeded generator.
  python bench.py negmas OUTDIR
      reads the same profiles, builds NegMAS LinearAdditiveUtilityFunctions and times
      pareto_frontier + nash_points + kalai_points + ks_points + max_welfare_points;
      prints a JSON summary (frontier size, Nash utilities, seconds).
"""

import json
import os
import random
import sys
import time


def gen(n_issues, n_values, n_parties, seed, out):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    issues = {f"i{i}": {"values": [f"v{v}" for v in range(n_values)]} for i in range(n_issues)}
    for p in range(n_parties):
        w = [rng.random() for _ in range(n_issues)]
        s = sum(w)
        w = [x / s for x in w]
        prof = {
            "LinearAdditiveUtilitySpace": {
                "name": f"p{p}",
                "domain": {"name": f"random{n_issues}x{n_values}", "issuesValues": issues},
                "issueWeights": {f"i{i}": w[i] for i in range(n_issues)},
                "issueUtilities": {
                    f"i{i}": {
                        "DiscreteValueSetUtilities": {
                            "valueUtilities": {f"v{v}": rng.random() for v in range(n_values)}
                        }
                    }
                    for i in range(n_issues)
                },
            }
        }
        with open(os.path.join(out, f"p{p}.json"), "w") as f:
            json.dump(prof, f)


def run_negmas(out):
    from negmas.outcomes import make_issue
    from negmas.preferences import (
        LinearAdditiveUtilityFunction,
        kalai_points,
        ks_points,
        max_welfare_points,
        nash_points,
        pareto_frontier,
    )
    from negmas.preferences.value_fun import TableFun

    files = sorted(f for f in os.listdir(out) if f.startswith("p") and f.endswith(".json"))
    profs = [json.load(open(os.path.join(out, f)))["LinearAdditiveUtilitySpace"] for f in files]
    dom = profs[0]["domain"]["issuesValues"]
    names = sorted(dom)  # entente takes GeniusWeb issues in alphabetical order too
    issues = [make_issue(values=dom[n]["values"], name=n) for n in names]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[TableFun(p["issueUtilities"][n]["DiscreteValueSetUtilities"]["valueUtilities"]) for n in names],
            weights=[p["issueWeights"][n] for n in names],
            issues=issues,
            reserved_value=0.0,
        )
        for p in profs
    ]
    t0 = time.perf_counter()
    front, idx = pareto_frontier(ufuns, issues=issues)
    t1 = time.perf_counter()
    nash = nash_points(ufuns, front, issues=issues)
    kalai = kalai_points(ufuns, front, issues=issues)
    ks = ks_points(ufuns, front, issues=issues)
    welfare = max_welfare_points(ufuns, front, issues=issues)
    t2 = time.perf_counter()
    print(json.dumps({
        "pareto_size": len(front),
        "nash": list(nash[0][0]) if nash else None,
        "kalai": list(kalai[0][0]) if kalai else None,
        "ks": list(ks[0][0]) if ks else None,
        "utilitarian": list(welfare[0][0]) if welfare else None,
        "frontier_seconds": t1 - t0,
        "solutions_seconds": t2 - t1,
    }))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif sys.argv[1] == "negmas":
        run_negmas(sys.argv[2])
    else:
        sys.exit(__doc__)
